use crate::text;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="page narrow">
            <h1>{text::NOT_FOUND_TITLE}</h1>
            <p>{text::NOT_FOUND_BODY}</p>
            <p><a href="/clients">{text::BACK_TO_LIST}</a></p>
        </main>
    }
}
