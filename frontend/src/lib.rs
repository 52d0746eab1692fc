//! The browser entry point: hydrates the server-rendered page into the live app.

#![recursion_limit = "256"]

#[cfg(not(feature = "islands"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        // Pages are lazy routes: hydration waits for the current page's piece of WebAssembly. They
        // need `cargo leptos build --split`; without it the script imports a module that is not there.
        let app = leptos::mount::hydrate_from_async(body, app::App).await;
        app.forget();
        // Only now is the page's own part live, its forms among it; an effect of the app runs
        // as soon as the shell is, while the page's piece may still be on its way.
        app::mark_hydrated().await;
    });
}

/// The islands build (see app's `islands` feature): leptos's island script calls this, then
/// takes over each live part of the page.
#[cfg(feature = "islands")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::app::hydrate_live_parts();
}
