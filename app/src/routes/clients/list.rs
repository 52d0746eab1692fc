//! Find a client by typing part of a name, or, when asked, browse: the dossiers this staff
//! member opened last, or all clients page by page. Nothing is listed before that (REQ-5: names
//! are not on show at reception by default), and every list shown is logged.

use crate::api::clients::{list_clients, recent_clients, search_clients};
use crate::api::types::{ClientPage, ClientSummary};
use crate::components::answer_prop::AnswerProp;
use crate::components::field::typed_before_live;
use crate::components::layout::SearchText;
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::client_list::{Browse, ClientOrder};
use crate::error::AppError;
use crate::text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

const TYPING_PAUSE: Duration = Duration::from_millis(200);
const SEARCH_BOX: &str = "client-search";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Listing {
    Recent(Vec<ClientSummary>),
    All(ClientPage),
}

async fn load_listing(browse: Option<Browse>) -> Result<Option<Listing>, AppError> {
    match browse {
        None => Ok(None),
        Some(Browse::Recent) => recent_clients().await.map(|clients| Some(Listing::Recent(clients))),
        Some(Browse::All { page, order }) => {
            list_clients(page, order.code().to_owned()).await.map(|page| Some(Listing::All(page)))
        }
    }
}

#[component]
pub fn ClientListPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let browse =
        query.with_untracked(|q| Browse::from_query(q.get_str("lijst"), q.get_str("pagina"), q.get_str("volgorde")));
    // Read while the server writes the page: the live part starts from it, and the browser
    // needs no code to wait for it.
    let listing = Resource::new(move || browse, load_listing);
    view! {
        <div class="list-head">
            <h1>{text::tr!(clients_title)}</h1>
            <a href="/clients/new" class="button-primary">{text::tr!(nav_new_client)}</a>
        </div>
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                let listing = AnswerProp(listing.await);
                view! { <FindClient browse listing/> }
            })}
        </Suspense>
    }
}

/// Which of the answers asked for is the one to show: an answer that comes back after a later
/// question was asked is dropped, so a slow search never replaces a newer one.
#[derive(Clone, Copy)]
struct LatestQuestion(StoredValue<u64>);

impl LatestQuestion {
    fn new() -> Self {
        Self(StoredValue::new(0))
    }

    fn ask(self) -> u64 {
        self.0.update_value(|number| *number += 1);
        self.0.get_value()
    }

    fn is_latest(self, asked: u64) -> bool {
        self.0.get_value() == asked
    }
}

/// The search box and, with it empty, the lists to browse. It asks the server itself as the
/// staff member types or chooses, and shows the latest answer.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn FindClient(browse: Option<Browse>, listing: AnswerProp<Result<Option<Listing>, AppError>>) -> impl IntoView {
    crate::live_part_started!();
    let SearchText(typed) = expect_context::<SearchText>();
    let browse = RwSignal::new(browse);
    let listing = RwSignal::new(listing.0);
    // Replaced, not pushed: the back button leaves the list, as it did before it was kept here.
    Effect::new(move |_| {
        let query = Browse::query(browse.get());
        if let Ok(path) = window().location().pathname() {
            let _ = window().history().and_then(|history| {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{query}")))
            });
        }
    });
    let listing_asked = LatestQuestion::new();
    let choose = move |choice: Option<Browse>| {
        browse.set(choice);
        let asked = listing_asked.ask();
        leptos::task::spawn_local(async move {
            let answer = load_listing(choice).await;
            if listing_asked.is_latest(asked) {
                listing.set(answer);
            }
        });
    };

    // The query searched for lags the input by a short pause, so a search is not sent (and
    // logged) for every key. Its hits are `None` until the first answer comes.
    let searched = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Result<Vec<ClientSummary>, AppError>>);
    let search_asked = LatestQuestion::new();
    let search = move |query: String| {
        let asked = search_asked.ask();
        if query.trim().is_empty() {
            hits.set(None);
        } else {
            leptos::task::spawn_local({
                let query = query.clone();
                async move {
                    let answer = search_clients(query).await;
                    if search_asked.is_latest(asked) {
                        hits.set(Some(answer));
                    }
                }
            });
        }
        searched.set(query);
    };
    // Kept from the page before, in the whole-page build.
    search(typed.get_untracked());
    let pending_timer = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        typed.set(event_target_value(&ev));
        if let Some(handle) = pending_timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || search(typed.get_untracked()), TYPING_PAUSE).ok();
        pending_timer.set_value(handle);
    };
    let searching = move || !searched.with(|query| query.trim().is_empty());
    // A name typed into the box before the app took the page over: hydrating the box's value
    // empties it, so it is put back, and searched, once the page is live.
    let typed_early = typed_before_live(SEARCH_BOX);
    Effect::new(move |_| {
        if let Some(name) = typed_early.clone() {
            typed.set(name.clone());
            search(name);
        }
    });

    live_view(view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for=SEARCH_BOX>{text::tr!(search_label)}</label>
            <input
                id=SEARCH_BOX
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder=text::tr!(search_placeholder)
                prop:value=move || typed.get()
                on:input=on_input
            />
        </form>
        <Show when=searching fallback=move || view! { <BrowseClients browse listing choose/> }>
            {move || match hits.get() {
                None => view! { <p>{text::tr!(loading)}</p> }.into_any(),
                Some(Ok(hits)) if hits.is_empty() => view! { <p class="muted">{text::tr!(search_no_results)}</p> }.into_any(),
                Some(Ok(hits)) => view! { <ClientRows clients=hits label=text::tr!(search_results)/> }.into_any(),
                Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
            }}
        </Show>
    })
}

/// With an empty search box: the choice to browse, and the list chosen.
#[component]
fn BrowseClients(
    browse: RwSignal<Option<Browse>>,
    listing: RwSignal<Result<Option<Listing>, AppError>>,
    choose: impl Fn(Option<Browse>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let showing_recent = move || browse.get() == Some(Browse::Recent);
    let showing_all = move || matches!(browse.get(), Some(Browse::All { .. }));
    view! {
        <div class="browse" role="group" aria-label=text::tr!(browse_label)>
            <button type="button" class="button-quiet" aria-pressed=move || showing_recent().to_string()
                on:click=move |_| choose(Some(Browse::Recent))>
                {text::tr!(browse_recent)}
            </button>
            <button type="button" class="button-quiet" aria-pressed=move || showing_all().to_string()
                on:click=move |_| choose(Some(Browse::All { page: 1, order: ClientOrder::Surname }))>
                {text::tr!(browse_all)}
            </button>
            <Show when=move || browse.get().is_some()>
                <button type="button" class="button-quiet" on:click=move |_| choose(None)>{text::tr!(browse_hide)}</button>
            </Show>
        </div>
        {move || match listing.get() {
            Ok(None) => view! { <p class="muted">{text::tr!(search_empty_hint)}</p> }.into_any(),
            Ok(Some(Listing::Recent(clients))) if clients.is_empty() => {
                view! { <p class="muted">{text::tr!(browse_recent_empty)}</p> }.into_any()
            }
            Ok(Some(Listing::Recent(clients))) => view! {
                <ClientRows clients label=text::tr!(browse_recent)/>
            }.into_any(),
            Ok(Some(Listing::All(page))) => {
                let order = match browse.get_untracked() {
                    Some(Browse::All { order, .. }) => order,
                    _ => ClientOrder::Surname,
                };
                view! { <AllClients page order choose/> }.into_any()
            }
            Err(error) => view! { <ErrorMessage error/> }.into_any(),
        }}
    }
}

#[component]
fn AllClients(
    page: ClientPage,
    order: ClientOrder,
    choose: impl Fn(Option<Browse>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let go = move |page: u32, order: ClientOrder| choose(Some(Browse::All { page, order }));
    let ClientPage { clients, page: current, pages, total } = page;
    view! {
        <div class="list-tools">
            <p class="muted">{text::client_count(total)}</p>
            <div class="order" role="group" aria-label=text::tr!(order_label)>
                <button type="button" class="button-quiet" aria-pressed=(order == ClientOrder::Surname).to_string()
                    on:click=move |_| go(1, ClientOrder::Surname)>{text::tr!(order_surname)}</button>
                <button type="button" class="button-quiet" aria-pressed=(order == ClientOrder::Newest).to_string()
                    on:click=move |_| go(1, ClientOrder::Newest)>{text::tr!(order_newest)}</button>
            </div>
        </div>
        {(!clients.is_empty()).then(|| view! { <ClientRows clients label=text::tr!(browse_all)/> })}
        <nav class="pager" aria-label=text::tr!(pager_label)>
            <button type="button" class="button-quiet" disabled={current <= 1} on:click=move |_| go(current - 1, order)>
                {text::tr!(page_previous)}
            </button>
            <span>{text::page_of(current, pages)}</span>
            <button type="button" class="button-quiet" disabled={current >= pages} on:click=move |_| go(current + 1, order)>
                {text::tr!(page_next)}
            </button>
        </nav>
    }
}

#[component]
fn ClientRows(clients: Vec<ClientSummary>, label: &'static str) -> impl IntoView {
    view! {
        <ul class="client-list" aria-label=label>
            {clients.into_iter().map(|client| view! {
                <li>
                    <a href=format!("/clients/{}", client.id)>
                        <span class="name">{format!("{} {}", client.first_name, client.surname)}</span>
                        <span class="muted">{format!("{} {}", text::tr!(born), text::date(client.date_of_birth))}</span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}
