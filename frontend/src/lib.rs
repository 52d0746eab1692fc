//! The browser entry point: hydrates the server-rendered page into the live app.

#![recursion_limit = "256"]

use leptos::wasm_bindgen::{closure::Closure, JsCast};

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The server streams a page's data after its first screen, each piece in a script of its own.
    // Hydration that starts before the last of them has run (a cached module, a slow query) finds
    // no data, fetches it again and renders that part once more: a second "ingezien" in the log,
    // and whatever was typed meanwhile is lost. So it waits for the whole document.
    let Some(document) = leptos::prelude::window().document() else { return };
    if document.ready_state() == "loading" {
        let start = Closure::once_into_js(hydrate_page);
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", start.unchecked_ref());
    } else {
        hydrate_page();
    }
}

fn hydrate_page() {
    // Pages are lazy routes: hydration waits for the current page's piece of WebAssembly. They
    // need `cargo leptos build --split`; without it the script imports a module that is not there.
    leptos::mount::hydrate_lazy(app::App);
}
