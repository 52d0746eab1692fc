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

// The live parts of a page are what must run in the browser (a form, a signature pad, a search
// box), marked `#[cfg_attr(feature = "islands", leptos::island(lazy))]` beside
// `#[cfg_attr(not(feature = "islands"), component)]`. In the build users get (the `islands`
// feature, on by default in the server and browser crates) a live part is an island: only live
// parts ship WebAssembly, in their group's module, which the browser loads when a page shows one
// (the one `leptos::island` without `lazy`, the loading line, is on every page: in the main
// module), and the rest is the server's HTML. So a live part takes its data as
// serializable props, not from the router, starts with `live_part_started!()`, renders its view
// through `components::live_view::live_view`, and holds no other live part in its own view.
// What a page's live parts take from context (the screen lock, the role, the search text)
// comes from the signed-in frame (`components::layout`), a live part that holds the page as its
// children: Leptos hands its context to the live parts among them. In the whole-page build,
// kept to compare, every page is hydrated whole and a live part is an ordinary component.

#[cfg(feature = "hydrate")]
pub use app::{mark_hydrated, page_is_live};
pub use app::{shell, App};
