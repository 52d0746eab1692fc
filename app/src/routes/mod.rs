//! One page per file.

pub mod clients;
pub mod kiosk;
pub mod login;
pub mod not_found;
pub mod retention;
pub mod second_step;
pub mod security;
pub mod settings;
pub mod setup;
pub mod team;
pub mod templates;
pub mod treatment_types;
pub mod welcome;

/// A route whose page the browser fetches as its own piece of WebAssembly when the page is
/// first shown (`cargo leptos build --split`), so no page pays for the others.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(SetupRoute, setup::SetupPage);
lazy_page!(LoginRoute, login::LoginPage);
lazy_page!(SecondStepRoute, second_step::SecondStepPage);
lazy_page!(SecurityRoute, security::SecurityPage);
lazy_page!(KioskRoute, kiosk::KioskPage);
lazy_page!(ClientListRoute, clients::list::ClientListPage);
lazy_page!(NewClientRoute, clients::new::NewClientPage);
lazy_page!(DossierRoute, clients::detail::DossierPage);
lazy_page!(CorrectClientRoute, clients::edit::CorrectClientPage);
lazy_page!(AuditRoute, clients::audit::AuditPage);
lazy_page!(NewTreatmentRoute, clients::treatment_new::NewTreatmentPage);
lazy_page!(CorrectTreatmentRoute, clients::treatment_edit::CorrectTreatmentPage);
lazy_page!(TemplatesRoute, templates::TemplatesPage);
lazy_page!(TreatmentTypesRoute, treatment_types::TreatmentTypesPage);
lazy_page!(SettingsRoute, settings::SettingsPage);
lazy_page!(TeamRoute, team::TeamPage);
lazy_page!(RetentionRoute, retention::RetentionPage);
lazy_page!(WelcomeRoute, welcome::WelcomePage);
