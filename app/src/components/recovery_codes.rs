//! Ten recovery codes, shown once: when the second step is set up, and when they are renewed.

use crate::text;
use leptos::prelude::*;

#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <section class="recovery-codes notice notice-success" aria-labelledby="recovery-codes-title">
            <h2 id="recovery-codes-title">{text::tr!(recovery_codes_title)}</h2>
            <p>{text::tr!(recovery_codes_keep)}</p>
            <ol class="code-list" data-testid="recovery-codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <p class="muted">{text::tr!(recovery_codes_once)}</p>
        </section>
    }
}
