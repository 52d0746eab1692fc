//! The client dossier pages.

pub mod audit;
pub mod consents;
pub mod detail;
pub mod edit;
pub mod form;
pub mod list;
pub mod new;
