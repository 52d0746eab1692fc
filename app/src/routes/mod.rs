//! One page per file.

pub mod clients;
pub mod kiosk;
pub mod login;
pub mod not_found;
pub mod settings;
pub mod setup;
pub mod templates;
pub mod treatment_types;
