//! How a failed request is shown: one sentence in the reader's language, and a way back in when signed out.

use crate::error::AppError;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    crate::components::screen_lock::ScreenLock::notice(&error);
    let signed_out = matches!(error, AppError::Unauthorized | AppError::SignInExpired);
    view! {
        <div class="notice notice-error" role="alert">
            <p>{text::app_error(&error)}</p>
            <Show when=move || signed_out>
                <p><a href="/login" rel="external">{text::tr!(login_title)}</a></p>
            </Show>
        </div>
    }
}

/// A refusal that stays on screen only until the person tries again: typing a new answer or
/// sending it clears the old message, so it never seems to answer the newer attempt.
#[derive(Clone, Copy)]
pub struct LatestError(RwSignal<Option<AppError>>);

impl LatestError {
    pub fn following<T: Send + Sync + 'static>(answer: impl Into<Signal<Option<Result<T, AppError>>>>) -> Self {
        let answer = answer.into();
        let shown = RwSignal::new(None);
        Effect::new(move |_| {
            shown.set(answer.with(|a| a.as_ref().and_then(|r| r.as_ref().err()).cloned()));
        });
        Self(shown)
    }

    pub fn dismiss(self) {
        if self.0.with_untracked(Option::is_some) {
            self.0.set(None);
        }
    }

    pub fn get(self) -> Option<AppError> {
        self.0.get()
    }
}

/// Navigates with a full page load: used after signing in or out so that nothing of the
/// previous session stays in the page's memory.
pub fn hard_navigate(path: &str) {
    let _ = window().location().set_href(path);
}
