//! The Zorgvuldig server: one binary, one SQLite file, no outside services.

pub mod config;
pub mod security;
pub mod startup;
pub mod telemetry;
