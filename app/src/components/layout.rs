//! The frame around every signed-in page: practice, user, navigation, sign-out.

use crate::api::auth::{current_session, Logout};
use crate::components::live_view::{live_view, server_only};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::components::screen_lock::{ScreenLock, UnlockForm};
use crate::domain::user::Permission;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Outlet;

/// The search text survives moving between the list and a dossier, in memory only: in the
/// whole-page build, where the router keeps the frame while the page changes. (In the islands
/// build every page change is a page load, and the box starts empty.)
#[derive(Clone, Copy)]
pub struct SearchText(pub RwSignal<String>);

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
    view! { <SignedInFrame><Outlet/></SignedInFrame> }
}

/// The frame is a live part (see the crate's root) that holds the page as its children: the
/// page's own live parts find the lock and the session in its context.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SignedInFrame(children: Children) -> impl IntoView {
    crate::live_part_started!();
    let session = Resource::new(|| (), |_| current_session());
    provide_context(SearchText(RwSignal::new(String::new())));
    provide_context(SessionResource(session));
    let lock = ScreenLock::new();
    provide_context(lock);
    lock.watch_idle();
    Effect::new(move |_| {
        if let Some(Ok(Some(session))) = session.get() {
            lock.set_minutes(session.lock_minutes);
            // A session the server holds locked opens locked. Its pages hold no personal data
            // meanwhile: every server function answers "locked". An effect, so that the page
            // first hydrates as the server rendered it.
            if session.screen_locked {
                lock.locked.set(true);
            }
        }
    });

    // Shown once: a lock takes the page, with its personal data, out of the document, and
    // unlocking loads it again from the server.
    let page = OncePage(std::sync::Mutex::new(Some(children)));

    let logout = ServerAction::<Logout>::new();
    let lock_server = ServerAction::<crate::api::settings::LockScreen>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            hard_navigate("/login");
        }
    });

    live_view(view! {
        <header class="topbar">
            <a href="/clients" class="brand">{text::tr!(app_name)}</a>
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
            <TabLink href="/clients" exact=true>{text::tr!(nav_clients)}</TabLink>
            <TabLink href="/clients/new">{text::tr!(nav_new_client)}</TabLink>
            <TabLink href="/settings">{text::tr!(nav_settings)}</TabLink>
            <TabLink href="/security">{text::tr!(nav_security)}</TabLink>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let session = SessionResource(session);
                    let practice = session.may(Permission::ManagePractice).await.then(|| view! {
                        <TabLink href="/treatment-types">{text::tr!(nav_types)}</TabLink>
                        <TabLink href="/templates">{text::tr!(nav_templates)}</TabLink>
                    });
                    let team = session.may(Permission::ManageTeam).await.then(|| view! {
                        <TabLink href="/team">{text::tr!(nav_team)}</TabLink>
                    });
                    let retention = session.may(Permission::DecideRetention).await.then(|| view! {
                        <TabLink href="/retention">{text::tr!(nav_retention)}</TabLink>
                    });
                    view! { {practice} {team} {retention} }
                })}
            </Suspense>
        </nav>
        <main class="page">
            // The page is built once, outside the session's Suspense: rebuilt inside it, the
            // server rendered it once per resolved resource, and each build read the dossier
            // again (and logged another "ingezien").
            // Before the page: in the islands build the page's live parts are taken over after
            // the frame, and the server numbers the data it sends along in the order it renders,
            // so nothing of the frame that is numbered may come after the page.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(_)) => ().into_any(),
                        Ok(None) => view! { <ErrorMessage error=crate::error::AppError::Unauthorized/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
            {move || {
                if lock.locked.get() {
                    view! { <UnlockForm/> }.into_any()
                } else {
                    // In an element of its own: in the islands build the browser does not take
                    // the page over, and only an element it holds can be taken out again.
                    page.take().map(|page| view! { <div class="page-body">{server_only(page())}</div> }).into_any()
                }
            }}
        </main>
    })
}

struct OncePage(std::sync::Mutex<Option<Children>>);

impl OncePage {
    fn take(&self) -> Option<Children> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }
}

/// A tab of the main menu, marked as the page shown. A plain link: in the islands build every
/// page change is a page load (there is no router in the browser), and in the whole-page build
/// the router takes plain links over all the same.
#[component]
fn TabLink(href: &'static str, #[prop(optional)] exact: bool, children: Children) -> impl IntoView {
    let path = current_path();
    let current = move || {
        path.with(|path| {
            let here = path.trim_end_matches('/');
            here == href || (!exact && here.starts_with(href) && here[href.len()..].starts_with('/'))
        })
        .then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// The address's path: followed as the router moves, or, in the browser of the islands build
/// (no router there), the path the page was loaded at.
fn current_path() -> Signal<String> {
    #[cfg(any(not(feature = "islands"), feature = "ssr"))]
    {
        let location = leptos_router::hooks::use_location();
        Signal::derive(move || location.pathname.get())
    }
    #[cfg(all(feature = "islands", not(feature = "ssr")))]
    Signal::stored(window().location().pathname().unwrap_or_default())
}
