//! The Zorgvuldig server: one binary, one SQLite file, no outside services.

#![recursion_limit = "256"]

pub mod api_edge;
pub mod commands;
pub mod config;
pub mod consent_copy;
pub mod in_flight;
pub mod pdf;
pub mod photos;
pub mod security;
pub mod startup;
pub mod telemetry;
