//! The browser entry point: hydrates the server-rendered page into the live app.

#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes: hydration waits for the current page's piece of WebAssembly. They
    // need `cargo leptos build --split`; without it the script imports a module that is not there.
    leptos::mount::hydrate_lazy(app::App);
}
