//! Asking once before what cannot be taken back: the first press says what will happen, only
//! the second, explicit one acts.

use crate::text;
use leptos::prelude::*;

/// The question and its two answers, shown in place of the button that asked for it.
#[component]
pub fn ConfirmStep(
    /// What will happen, in a sentence or two.
    #[prop(into)]
    consequence: String,
    /// The button that does it ("Ja, verwijderen").
    confirm_label: &'static str,
    #[prop(optional)] cancel_label: Option<&'static str>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="confirm" role="group" aria-label=confirm_label>
            <p>{consequence}</p>
            <div class="actions">
                <button type="button" class="button-primary" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                <button type="button" class="button-quiet" on:click=move |_| on_cancel.run(())>
                    {cancel_label.unwrap_or(text::tr!(cancel))}
                </button>
            </div>
        </div>
    }
}
