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
            <h1>{text::tr!(not_found_title)}</h1>
            <p>{text::tr!(not_found_body)}</p>
            <p><a href="/clients">{text::tr!(back_to_list)}</a></p>
        </main>
    }
}
