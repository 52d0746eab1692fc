//! Pure domain types: parsed once at the edge, shared by the browser (inline form errors) and the
//! server (the check that counts). No Leptos, no SQL.

pub mod audit;
pub mod bsn;
pub mod client;
pub mod client_list;
pub mod consent;
pub mod field;
pub mod integrity;
pub mod language;
pub mod practice;
pub mod retention;
pub mod screen_lock;
pub mod search;
pub mod second_step;
pub mod signature;
pub mod team;
pub mod treatment;
pub mod user;

pub use field::{FieldError, ValidationErrors};
