//! The client dossier pages.

pub mod audit;
pub mod consents;
pub mod detail;
pub mod edit;
pub mod form;
pub mod health;
pub mod list;
pub mod new;
pub mod retention;
pub mod treatment_edit;
pub mod treatment_form;
pub mod treatment_new;
pub mod treatments;
