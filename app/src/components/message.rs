//! How a failed request is shown: one Dutch sentence, and a way back in when signed out.

use crate::error::AppError;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    crate::components::screen_lock::ScreenLock::notice(&error);
    let signed_out = error == AppError::Unauthorized;
    view! {
        <div class="notice notice-error" role="alert">
            <p>{text::app_error(&error)}</p>
            <Show when=move || signed_out>
                <p><a href="/login" rel="external">{text::LOGIN_TITLE}</a></p>
            </Show>
        </div>
    }
}

/// Navigates with a full page load: used after signing in or out so that nothing of the
/// previous session stays in the page's memory.
pub fn hard_navigate(path: &str) {
    let _ = window().location().set_href(path);
}
