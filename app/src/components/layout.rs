//! The frame around every signed-in page: practice, user, navigation, sign-out.

use crate::api::auth::{current_session, Logout};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::components::screen_lock::{ScreenLock, UnlockForm};
use crate::domain::user::Permission;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{Outlet, A};

/// The search text survives moving between the list and a dossier, in memory only.
#[derive(Clone, Copy)]
pub struct SearchText(pub RwSignal<String>);

/// What the client list shows with an empty search box; kept while moving to a dossier and
/// back, in memory only.
#[derive(Clone, Copy)]
pub struct ClientBrowse(pub RwSignal<Option<Browse>>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Browse {
    Recent,
    All { page: u32, order: crate::domain::client_list::ClientOrder },
}

/// The signed-in session, for pages that show owner-only parts. Pages await it inside their
/// own Suspense, so the server and the browser render the same thing.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<Option<crate::api::types::Session>, crate::error::AppError>>);

impl SessionResource {
    /// Whether the signed-in staff member's role may do `permission`: what a page shows a
    /// button for. The server checks again.
    pub async fn may(self, permission: Permission) -> bool {
        matches!(self.0.await, Ok(Some(session)) if session.user.may(permission))
    }
}

#[component]
pub fn SignedInLayout() -> impl IntoView {
    let session = Resource::new(|| (), |_| current_session());
    provide_context(SearchText(RwSignal::new(String::new())));
    provide_context(ClientBrowse(RwSignal::new(None)));
    provide_context(SessionResource(session));
    let lock = ScreenLock::new();
    provide_context(lock);
    lock.watch_idle();
    Effect::new(move |_| {
        if let Some(Ok(Some(session))) = session.get() {
            lock.set_minutes(session.lock_minutes);
        }
    });

    let logout = ServerAction::<Logout>::new();
    let lock_server = ServerAction::<crate::api::settings::LockScreen>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            hard_navigate("/login");
        }
    });

    view! {
        <header class="topbar">
            <A href="/clients" attr:class="brand">{text::tr!(app_name)}</A>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(session)) => view! {
                            <span class="who">
                                <span class="practice">{session.practice_name}</span>
                                <span class="user">{session.user.name}</span>
                            </span>
                        }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <button type="button" class="button-quiet lock-now" title=text::tr!(lock_now) on:click=move |_| lock.lock_now(lock_server)>
                // A padlock on a phone, where the words do not fit beside the name and "Afmelden".
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                    <rect x="5" y="11" width="14" height="10" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
                    <path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="2"/>
                </svg>
                <span class="lock-now-label">{text::tr!(lock_now)}</span>
            </button>
            <form
                method="post"
                action=Logout::url()
                class="signout"
                on:submit=move |ev| {
                    ev.prevent_default();
                    logout.dispatch(Logout {});
                }
            >
                <button type="submit" class="button-quiet">{text::tr!(sign_out)}</button>
            </form>
        </header>
        <nav class="tabs" aria-label="Hoofdmenu">
            <A href="/clients" exact=true>{text::tr!(nav_clients)}</A>
            <A href="/clients/new">{text::tr!(nav_new_client)}</A>
            <A href="/settings">{text::tr!(nav_settings)}</A>
            <A href="/security">{text::tr!(nav_security)}</A>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let session = SessionResource(session);
                    let practice = session.may(Permission::ManagePractice).await.then(|| view! {
                        <A href="/treatment-types">{text::tr!(nav_types)}</A>
                        <A href="/templates">{text::tr!(nav_templates)}</A>
                    });
                    let team = session.may(Permission::ManageTeam).await.then(|| view! {
                        <A href="/team">{text::tr!(nav_team)}</A>
                    });
                    let retention = session.may(Permission::DecideRetention).await.then(|| view! {
                        <A href="/retention">{text::tr!(nav_retention)}</A>
                    });
                    view! { {practice} {team} {retention} }
                })}
            </Suspense>
        </nav>
        <main class="page">
            // The page is built once, outside the session's Suspense: rebuilt inside it, the
            // server rendered it once per resolved resource, and each build read the dossier
            // again (and logged another "ingezien").
            <Show when=move || !lock.locked.get() fallback=|| view! { <UnlockForm/> }>
                <Outlet/>
            </Show>
            // After the page in the document, so the page hydrates as the server rendered it
            // before a lock held by the server takes its place.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(current)) => {
                            // A session the server holds locked opens locked. Its pages hold no
                            // personal data meanwhile: every server function answers "locked".
                            if current.screen_locked {
                                lock.locked.set(true);
                            }
                            ().into_any()
                        }
                        Ok(None) => view! { <ErrorMessage error=crate::error::AppError::Unauthorized/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
