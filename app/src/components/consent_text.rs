//! A consent text as the client reads it, the same at the tablet and in the owner's preview:
//! the title once, as the heading, then the rest of the text.

use crate::domain::consent::text_after_title;
use leptos::html::{Div, H2};
use leptos::prelude::*;

#[component]
pub fn ConsentText(
    title: String,
    /// The whole rendered text, which starts with the title.
    text: String,
    #[prop(optional)] heading_id: Option<&'static str>,
    /// The two parts read back for the hash of what the screen shows.
    #[prop(optional)]
    heading: NodeRef<H2>,
    #[prop(optional)] body: NodeRef<Div>,
    #[prop(optional)] body_class: &'static str,
) -> impl IntoView {
    let rest = text_after_title(&text, &title).to_owned();
    view! {
        <h2 id=heading_id node_ref=heading>{title}</h2>
        <div class=format!("consent-text {body_class}") node_ref=body>{rest}</div>
    }
}
