//! One page per file.

pub mod clients;
pub mod login;
pub mod not_found;
pub mod setup;
