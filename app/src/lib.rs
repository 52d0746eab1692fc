//! Zorgvuldig: the client dossier for small Dutch skin-care and therapy practices.
//!
//! `domain` is plain Rust shared by browser and server; `api` holds the server functions;
//! Server only: `db` is the storage layer (SQL), `service` the use cases, `server_ctx` the
//! request context and guards, `media` photos and sealed files; `routes` has one page per file.
#![recursion_limit = "256"]

// `i18n`: the `Locale` type and the translation macros, generated from `locales/*.json` by build.rs.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod routes;
pub mod text;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod server_ctx;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "hydrate")]
pub use app::{mark_hydrated, page_is_live};
pub use app::{shell, App};
