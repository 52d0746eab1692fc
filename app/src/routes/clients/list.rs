//! Find a client by typing part of a name; nothing is listed before that (REQ-5: names are
//! not on show at reception by default).

use crate::api::clients::search_clients;
use crate::components::layout::SearchText;
use crate::components::message::ErrorMessage;
use crate::text;
use leptos::prelude::*;
use leptos_router::components::A;
use std::time::Duration;

const TYPING_PAUSE: Duration = Duration::from_millis(200);

#[component]
pub fn ClientListPage() -> impl IntoView {
    let SearchText(typed) = expect_context::<SearchText>();
    // The query the server sees lags the input by a short pause, so a search is not sent
    // (and logged) for every key.
    let query = RwSignal::new(typed.get_untracked());
    let pending_timer = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        typed.set(event_target_value(&ev));
        if let Some(handle) = pending_timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || query.set(typed.get_untracked()), TYPING_PAUSE).ok();
        pending_timer.set_value(handle);
    };
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_clients(q).await
            }
        },
    );

    view! {
        <div class="list-head">
            <h1>{text::CLIENTS_TITLE}</h1>
            <A href="/clients/new" attr:class="button-primary">{text::NAV_NEW_CLIENT}</A>
        </div>
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="client-search">{text::SEARCH_LABEL}</label>
            <input
                id="client-search"
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder=text::SEARCH_PLACEHOLDER
                prop:value=move || typed.get()
                on:input=on_input
            />
        </form>
        <Transition fallback=|| view! { <p>{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                let empty_query = query.with_untracked(|q| q.trim().is_empty());
                match results.await {
                    Ok(hits) if hits.is_empty() => view! {
                        <p class="muted">{if empty_query { text::SEARCH_EMPTY_HINT } else { text::SEARCH_NO_RESULTS }}</p>
                    }.into_any(),
                    Ok(hits) => view! {
                        <ul class="client-list" aria-label="Zoekresultaten">
                            {hits.into_iter().map(|hit| view! {
                                <li>
                                    <A href=format!("/clients/{}", hit.id)>
                                        <span class="name">{format!("{} {}", hit.first_name, hit.surname)}</span>
                                        <span class="muted">{format!("{} {}", text::BORN, hit.date_of_birth.format("%d-%m-%Y"))}</span>
                                    </A>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
