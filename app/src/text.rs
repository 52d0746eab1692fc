//! Every sentence the interface shows, in Dutch. Kept in one place so that an English locale can
//! follow by adding a second module with the same names.

use crate::domain::FieldError;
use crate::error::AppError;

pub const APP_NAME: &str = "Zorgvuldig";
pub const TAGLINE: &str = "Het cliëntdossier dat uw privacybelofte waarmaakt.";

// Navigation and shared
pub const NAV_CLIENTS: &str = "Cliënten";
pub const NAV_NEW_CLIENT: &str = "Nieuwe cliënt";
pub const SIGN_OUT: &str = "Afmelden";
pub const LOCK_NOW: &str = "Vergrendel nu";
/// The reason code in `/login?reden=…` after too many wrong unlock tries.
pub const SIGNED_OUT_WRONG_UNLOCKS: &str = "ontgrendelen";

/// Why the previous session ended, for the sign-in page.
pub fn signed_out_reason(code: &str) -> Option<&'static str> {
    match code {
        SIGNED_OUT_WRONG_UNLOCKS => Some(
            "U bent afgemeld: er is vijf keer een verkeerde pincode of een verkeerd wachtwoord ingevuld op het \
             vergrendelde scherm. Log opnieuw in met uw e-mailadres en wachtwoord.",
        ),
        _ => None,
    }
}
pub const SAVE: &str = "Opslaan";
pub const SAVING: &str = "Bezig met opslaan…";
pub const CANCEL: &str = "Annuleren";
pub const BACK_TO_LIST: &str = "Terug naar cliënten";
pub const LOADING: &str = "Laden…";
pub const OPTIONAL: &str = "(optioneel)";
pub const NOT_FOUND_TITLE: &str = "Pagina niet gevonden";
pub const NOT_FOUND_BODY: &str = "Deze pagina bestaat niet (meer).";
pub const FORM_HAS_ERRORS: &str = "Niet opgeslagen: controleer de gemarkeerde velden.";

// Setup
pub const SETUP_TITLE: &str = "Praktijk instellen";
pub const SETUP_INTRO: &str =
    "Welkom. Stel eenmalig uw praktijk en uw eigen account als eigenaar in. Daarna verdwijnt dit scherm.";
pub const SETUP_PRACTICE: &str = "De praktijk";
pub const SETUP_OWNER: &str = "Uw account (eigenaar)";
pub const PRACTICE_NAME: &str = "Naam van de praktijk";
pub const PRACTICE_ADDRESS: &str = "Adres van de praktijk";
pub const PRACTICE_KVK: &str = "KvK-nummer";
pub const PRACTICE_PROFILE: &str = "Soort praktijk";
pub const PROFILE_WARNING: &str = "Deze indeling is uw eigen juridische afweging. Zij bepaalt straks de standaard \
     voor bewaartermijnen, toestemming van minderjarigen en de grondslag voor gezondheidsgegevens.";
pub const OWNER_NAME: &str = "Uw naam";
pub const OWNER_EMAIL: &str = "Uw e-mailadres (om mee in te loggen)";
pub const PASSWORD: &str = "Wachtwoord";
pub const PASSWORD_HINT: &str = "Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.";
pub const PASSWORD_REPEAT: &str = "Herhaal het wachtwoord";
pub const SETUP_SUBMIT: &str = "Praktijk aanmaken";
pub const SETUP_CODE: &str = "Installatiecode";
pub const SETUP_CODE_HINT: &str = "De code van acht cijfers die de server bij het starten toonde, in het venster \
     waarin hij draait. Zo kan alleen wie bij deze computer kan de praktijk aanmaken.";

pub fn profile_label(code: &str) -> &'static str {
    match code {
        "care_provider" => "Therapie- of huidtherapiepraktijk (zorgverlener onder de WGBO/Wkkgz)",
        "beauty_wkkgz" => "Schoonheidspraktijk met behandelingen onder de Wkkgz",
        _ => "Andere schoonheidspraktijk (buiten de Wkkgz)",
    }
}

// Sign in
pub const LOGIN_TITLE: &str = "Inloggen";
pub const LOGIN_EMAIL: &str = "E-mailadres";
pub const LOGIN_SUBMIT: &str = "Inloggen";
pub const SIGNED_OUT: &str = "U bent afgemeld.";

// Client list
pub const CLIENTS_TITLE: &str = "Cliënten";
pub const SEARCH_LABEL: &str = "Zoek op naam";
pub const SEARCH_PLACEHOLDER: &str = "Bijvoorbeeld: zoe de vries";
pub const SEARCH_NO_RESULTS: &str = "Geen cliënten gevonden.";
pub const SEARCH_EMPTY_HINT: &str = "Typ een deel van een naam om een cliënt te vinden.";
pub const BORN: &str = "geboren";
pub const SEARCH_RESULTS: &str = "Zoekresultaten";
pub const BROWSE_LABEL: &str = "Cliënten tonen";
pub const BROWSE_RECENT: &str = "Recent geopend";
pub const BROWSE_RECENT_EMPTY: &str = "U heeft nog geen dossiers geopend.";
pub const BROWSE_ALL: &str = "Alle cliënten";
pub const BROWSE_HIDE: &str = "Verbergen";
pub const ORDER_LABEL: &str = "Volgorde";
pub const ORDER_SURNAME: &str = "Op achternaam";
pub const ORDER_NEWEST: &str = "Nieuwste eerst";
pub const PAGER_LABEL: &str = "Pagina's";
pub const PAGE_PREVIOUS: &str = "Vorige";
pub const PAGE_NEXT: &str = "Volgende";

pub fn page_of(page: u32, pages: u32) -> String {
    format!("Pagina {page} van {pages}")
}

pub fn client_count(total: u32) -> String {
    match total {
        0 => "Nog geen cliënten.".into(),
        1 => "1 cliënt".into(),
        n => format!("{n} cliënten"),
    }
}

// Intake and correction
pub const NEW_CLIENT_TITLE: &str = "Nieuwe cliënt";
pub const NEW_CLIENT_INTRO: &str =
    "Vraag alleen wat u voor de behandeling nodig heeft. Een BSN of kopie van een identiteitsbewijs legt u nooit vast.";
pub const SECTION_NAME: &str = "Naam";
pub const SECTION_CONTACT: &str = "Contact";
pub const SECTION_ADDRESS: &str = "Adres";
pub const SECTION_REFERRER: &str = "Verwijzer";
pub const FIRST_NAME: &str = "Voornaam";
pub const INITIALS: &str = "Voorletters";
pub const SURNAME: &str = "Achternaam (met tussenvoegsel)";
pub const DATE_OF_BIRTH: &str = "Geboortedatum";
pub const EMAIL: &str = "E-mailadres";
pub const MOBILE: &str = "Mobiel nummer";
pub const CONTACT_HINT: &str = "Vul minstens een e-mailadres of een mobiel nummer in.";
pub const STREET: &str = "Straat";
pub const HOUSE_NUMBER: &str = "Huisnummer";
pub const POSTCODE: &str = "Postcode";
pub const CITY: &str = "Woonplaats";
pub const REFERRER: &str = "Huisarts of verwijzer";
pub const REFERRER_HINT: &str = "Bijvoorbeeld: huisarts Jansen, Almkerk";
pub const CREATE_CLIENT: &str = "Dossier aanmaken";
pub const EDIT_TITLE: &str = "Gegevens corrigeren";
pub const EDIT_INTRO: &str = "De oude gegevens blijven bewaard in de geschiedenis van het dossier.";
pub const EDIT_REASON: &str = "Reden van de correctie";
pub const EDIT_REASON_HINT: &str = "Bijvoorbeeld: verhuisd, typefout, op verzoek van de cliënt";
pub const EDIT_NOTHING_CHANGED: &str = "Er is niets gewijzigd.";

pub fn field_label(field: &str) -> &'static str {
    match field {
        "first_name" => FIRST_NAME,
        "initials" => INITIALS,
        "surname" => SURNAME,
        "date_of_birth" => DATE_OF_BIRTH,
        "email" => EMAIL,
        "mobile" => MOBILE,
        "street" => STREET,
        "house_number" => HOUSE_NUMBER,
        "postcode" => POSTCODE,
        "city" => CITY,
        "referrer" => REFERRER,
        "performed_on" => TREATMENT_DATE,
        "type_id" => TREATMENT_TYPE,
        "products" => TREATMENT_PRODUCTS,
        "skin_analysis" => TREATMENT_SKIN_ANALYSIS,
        "notes" => TREATMENT_NOTES,
        _ => "Veld",
    }
}

// Dossier
pub const DOSSIER: &str = "Dossier";
pub const DETAILS: &str = "Gegevens";
pub const CORRECT: &str = "Gegevens corrigeren";
pub const AGE: &str = "Leeftijd";
pub const YEARS: &str = "jaar";
pub const HISTORY_TITLE: &str = "Geschiedenis van correcties";
pub const HISTORY_EMPTY: &str = "Nog geen correcties.";
pub const HISTORY_BY: &str = "door";
pub const HISTORY_REASON: &str = "Reden";
pub const CREATED_ON: &str = "Dossier aangemaakt op";
pub const NOT_RECORDED: &str = "niet vastgelegd";
pub const AUDIT_LINK: &str = "Wie heeft dit dossier ingezien?";

// Audit
pub const AUDIT_TITLE: &str = "Inzage- en wijzigingslog";
pub const AUDIT_INTRO: &str =
    "Elke inzage, zoekopdracht en wijziging van dit dossier, met wie, wanneer en vanaf welk apparaat. \
     Dit log kan niet worden gewijzigd of verwijderd.";
pub const AUDIT_WHEN: &str = "Wanneer";
pub const AUDIT_WHO: &str = "Wie";
pub const AUDIT_WHAT: &str = "Wat";
pub const AUDIT_FROM: &str = "Vanaf";
pub const AUDIT_CHAIN_OK: &str = "De keten van het log is intact: er is niets gewijzigd of verwijderd. Ook de \
     toestemmingen, versies en gezondheidsgegevens zijn nog precies zoals ze zijn vastgelegd.";
pub const AUDIT_CHAIN_BROKEN: &str = "Let op: er is buiten de app om iets veranderd. Neem contact op met uw \
     leverancier en bewaar een kopie van de database zoals hij nu is.";

/// What the integrity check found, for the owner.
pub fn integrity_finding(finding: &crate::domain::integrity::Finding) -> String {
    use crate::domain::integrity::{Finding, SealedRecords};
    let records = |records: &SealedRecords, count: u32| {
        let (one, many) = match records {
            SealedRecords::ConsentEvent => ("toestemmingsgebeurtenis", "toestemmingsgebeurtenissen"),
            SealedRecords::ConsentSignature => ("ondertekende toestemming", "ondertekende toestemmingen"),
            SealedRecords::ClientRevision => ("versie van een dossier", "versies van dossiers"),
            SealedRecords::TreatmentRevision => ("versie van een behandeling", "versies van behandelingen"),
            SealedRecords::HealthAnswers => ("set gezondheidsantwoorden", "sets gezondheidsantwoorden"),
        };
        format!("{count} {}", if count == 1 { one } else { many })
    };
    match finding {
        Finding::AuditChainBroken => "Regels in het log zijn gewijzigd, verwijderd of tussengevoegd.".into(),
        Finding::AuditTailMissing => "Het log is korter dan het was: de laatste regels ontbreken.".into(),
        Finding::RecordChainBroken => "De keten van zegels is gewijzigd of ingekort.".into(),
        Finding::RecordsMissing { records: kind, count } => format!("{} verwijderd.", records(kind, *count)),
        Finding::RecordsAltered { records: kind, count } => format!("{} gewijzigd.", records(kind, *count)),
        Finding::RecordsUnsealed { records: kind, count } => {
            format!("{} buiten de app om toegevoegd.", records(kind, *count))
        }
    }
}

/// What an entry's action is called. Every action has its label: the compiler checks.
pub fn audit_action_label(action: crate::domain::audit::AuditAction) -> &'static str {
    use crate::domain::audit::AuditAction;
    match action {
        AuditAction::ClientCreated => "Dossier aangemaakt",
        AuditAction::ClientViewed => "Dossier ingezien",
        AuditAction::ClientUpdated => "Gegevens gecorrigeerd",
        AuditAction::ClientSearched => "Gezocht in cliënten",
        AuditAction::RecentClientsShown => "Recent geopende dossiers getoond",
        AuditAction::ClientListShown => "Lijst van alle cliënten getoond",
        AuditAction::NameListed => "Naam getoond in een lijst",
        AuditAction::ClientEditOpened => "Correctiescherm geopend",
        AuditAction::AuditViewed => "Log ingezien",
        AuditAction::Login => "Ingelogd",
        AuditAction::LoginFailed => "Mislukte inlogpoging",
        AuditAction::Logout => "Afgemeld",
        AuditAction::PracticeSetUp => "Praktijk ingesteld",
        AuditAction::HandoverStarted => "Tablet aan cliënt gegeven",
        AuditAction::KioskViewed => "Toestemmingen getoond op de tablet",
        AuditAction::ConsentSigned => "Toestemming getekend",
        AuditAction::ConsentDeclined => "Toestemming geweigerd",
        AuditAction::HandoverFinished => "Cliënt klaar op tablet",
        AuditAction::HandoverEnded => "Tablet teruggenomen",
        AuditAction::ConsentWithdrawn => "Toestemming ingetrokken",
        AuditAction::ConsentVerified => "Bewijs gecontroleerd",
        AuditAction::ConsentCopied => "Kopie (pdf) gemaakt",
        AuditAction::TemplateChanged => "Toestemmingstekst gewijzigd",
        AuditAction::TreatmentTypeAdded => "Behandeltype toegevoegd",
        AuditAction::TreatmentTypeChanged => "Behandeltype gewijzigd",
        AuditAction::AvgCheckDone => "AVG-check afgehandeld",
        AuditAction::TreatmentAdded => "Behandeling toegevoegd",
        AuditAction::TreatmentEditOpened => "Behandeling geopend om te corrigeren",
        AuditAction::TreatmentUpdated => "Behandeling gecorrigeerd",
        AuditAction::HealthRecorded => "Gezondheidsvragen ingevuld",
        AuditAction::HealthRefused => "Gezondheidsvragen geweigerd: geen toestemming",
        AuditAction::PhotoAdded => "Foto toegevoegd",
        AuditAction::PhotoRefused => "Foto geweigerd: geen toestemming",
        AuditAction::PhotoViewed => "Foto bekeken",
        AuditAction::PhotosFlagged => "Foto's gemarkeerd voor verwijdering",
        AuditAction::PhotoDeleted => "Foto verwijderd",
        AuditAction::ScreenLocked => "Scherm vergrendeld",
        AuditAction::ScreenUnlocked => "Scherm ontgrendeld",
        AuditAction::UnlockFailed => "Mislukte ontgrendelpoging",
        AuditAction::SettingsChanged => "Instellingen gewijzigd",
        AuditAction::PinSet => "Pincode ingesteld",
    }
}

/// A stored action code in words; a code this version does not know (written by a newer one)
/// still reads as something.
pub fn audit_action(code: &str) -> &'static str {
    crate::domain::audit::AuditAction::from_code(code).map_or("Andere handeling", audit_action_label)
}

/// A stored audit detail as the owner reads it: field codes become their labels, counts get
/// their plural, purpose codes their titles. Details hold codes and counts, never personal data.
pub fn audit_detail(action: &str, detail: &str) -> String {
    if let Some(fields) = detail.strip_prefix("velden: ") {
        return dutch_list(fields.split(", ").map(|field| field_label(field).to_lowercase()).collect());
    }
    let values: std::collections::BTreeMap<&str, &str> =
        detail.split(';').filter_map(|pair| pair.split_once('=')).collect();
    let count = |key: &str| values.get(key).and_then(|n| n.parse::<u64>().ok());
    match action {
        "photo.add" => match detail {
            "before" => "vóór de behandeling".into(),
            "after" => "na de behandeling".into(),
            other => other.into(),
        },
        "photo.view" => detail.into(),
        "client.listed" => match detail {
            "recent" => BROWSE_RECENT.to_lowercase(),
            _ => BROWSE_ALL.to_lowercase(),
        },
        "photo.flag" => leading_count(detail).map_or_else(|| detail.into(), |n| counted(n, "foto", "foto's")),
        "client.search" => {
            leading_count(detail).map_or_else(|| detail.into(), |n| counted(n, "resultaat", "resultaten"))
        }
        "client.recent" => count("shown").map_or_else(|| detail.into(), |n| counted(n, "naam", "namen")),
        "client.list" => {
            let order = match values.get("order").copied().and_then(crate::domain::client_list::ClientOrder::from_code)
            {
                Some(crate::domain::client_list::ClientOrder::Newest) => ORDER_NEWEST.to_lowercase(),
                _ => ORDER_SURNAME.to_lowercase(),
            };
            let page = page_of(count("page").unwrap_or(1) as u32, count("pages").unwrap_or(1) as u32).to_lowercase();
            let shown = counted(count("shown").unwrap_or(0), "naam", "namen");
            format!("{order}, {page}, {shown}")
        }
        consent if consent.starts_with("consent.") => dutch_list(
            detail
                .split(", ")
                .map(|code| {
                    crate::domain::consent::ConsentPurpose::from_code(code)
                        .map_or(code, |purpose| consent_purpose(purpose.code()))
                        .to_owned()
                })
                .collect(),
        ),
        _ => detail.into(),
    }
}

/// Who acted, as the log names them: a staff member by name, anyone else by what they are.
pub fn audit_actor(actor: &crate::domain::audit::Actor, staff_name: Option<&str>) -> String {
    use crate::domain::audit::{Actor, SystemJob};
    match actor {
        Actor::Staff(_) => staff_name.unwrap_or("onbekende medewerker").to_owned(),
        Actor::GuardianLink(_) => "Ouder of voogd, via een link".into(),
        Actor::ClientLink(_) => "Cliënt, via een eigen link".into(),
        Actor::System(SystemJob::Retention) => "Systeem (bewaartermijnen)".into(),
        Actor::System(SystemJob::Backup) => "Systeem (back-up)".into(),
        Actor::Anonymous => "onbekend".into(),
    }
}

/// An entry's detail as the owner reads it, whether it was stored as codes or, before those, as
/// short text.
#[cfg(feature = "ssr")]
pub fn stored_audit_detail(action: &str, detail: &crate::db::audit::StoredDetail) -> Option<String> {
    use crate::db::audit::StoredDetail;
    match detail {
        StoredDetail::None => None,
        StoredDetail::Typed(typed) => Some(typed_audit_detail(typed)),
        StoredDetail::Text(text) => Some(audit_detail(action, text)),
    }
}

/// A typed detail in words.
pub fn typed_audit_detail(detail: &crate::domain::audit::AuditDetail) -> String {
    use crate::domain::audit::{AuditDetail, NameList, PhotoSize, TypeChange};
    use crate::domain::client_list::ClientOrder;
    use crate::domain::treatment::PhotoMoment;
    match detail {
        AuditDetail::Fields { fields } => {
            dutch_list(fields.iter().map(|field| field_label(field).to_lowercase()).collect())
        }
        AuditDetail::Results { count } => counted((*count).into(), "resultaat", "resultaten"),
        AuditDetail::NamesShown { count } => counted((*count).into(), "naam", "namen"),
        AuditDetail::ClientListPage { order, page, pages, shown } => {
            let order = match order {
                ClientOrder::Newest => ORDER_NEWEST.to_lowercase(),
                ClientOrder::Surname => ORDER_SURNAME.to_lowercase(),
            };
            format!("{order}, {}, {}", page_of(*page, *pages).to_lowercase(), counted((*shown).into(), "naam", "namen"))
        }
        AuditDetail::Listed { list: NameList::Recent } => BROWSE_RECENT.to_lowercase(),
        AuditDetail::Listed { list: NameList::All } => BROWSE_ALL.to_lowercase(),
        AuditDetail::Listed { list: NameList::Search } => "zoekresultaten".into(),
        AuditDetail::Purposes { purposes } => {
            dutch_list(purposes.iter().map(|purpose| consent_purpose(purpose.code()).to_owned()).collect())
        }
        AuditDetail::PhotoMoment { moment: PhotoMoment::Before } => "vóór de behandeling".into(),
        AuditDetail::PhotoMoment { moment: PhotoMoment::After } => "na de behandeling".into(),
        AuditDetail::PhotoSize { size: PhotoSize::Full } => "foto".into(),
        AuditDetail::PhotoSize { size: PhotoSize::Thumbnail } => "miniatuur".into(),
        AuditDetail::Photos { count } => counted((*count).into(), "foto", "foto's"),
        AuditDetail::HealthDataShown => "met gezondheidsgegevens".into(),
        AuditDetail::Evidence { intact: true } => "intact".into(),
        AuditDetail::Evidence { intact: false } => "gewijzigd".into(),
        AuditDetail::TypeAdded { records_health_data: true } => "met gezondheidsgegevens".into(),
        AuditDetail::TypeAdded { records_health_data: false } => "zonder gezondheidsgegevens".into(),
        AuditDetail::TypeChanged { change } => match change {
            TypeChange::Renamed => "naam gewijzigd",
            TypeChange::NowRecordsHealth => "legt nu gezondheidsgegevens vast",
            TypeChange::NoLongerRecordsHealth => "legt geen gezondheidsgegevens meer vast",
            TypeChange::RenamedNowRecordsHealth => "naam gewijzigd, legt nu gezondheidsgegevens vast",
            TypeChange::RenamedNoLongerRecordsHealth => "naam gewijzigd, legt geen gezondheidsgegevens meer vast",
            TypeChange::Retired => "uit gebruik",
            TypeChange::InUseAgain => "weer in gebruik",
        }
        .into(),
        AuditDetail::LockMinutes { minutes } => format!("schermvergrendeling na {minutes} min"),
    }
}

fn leading_count(detail: &str) -> Option<u64> {
    detail.split_whitespace().next()?.parse().ok()
}

/// "1 foto", "3 foto's".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a en b", "a, b en c".
fn dutch_list(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} en {last}", items.join(", "))
        }
    }
}

// Treatments
pub const NAV_TYPES: &str = "Behandelingen";
pub const NAV_SETTINGS: &str = "Instellingen";
pub const SAVED: &str = "Opgeslagen.";
pub const TREATMENTS_TITLE: &str = "Behandelingen";
pub const TREATMENTS_EMPTY: &str = "Nog geen behandelingen vastgelegd.";
pub const TREATMENT_ADD: &str = "Behandeling toevoegen";
pub const TREATMENT_LAST: &str = "Laatste behandeling";
pub const TREATMENT_NEVER: &str = "nog geen";
pub const TREATMENT_NEW_TITLE: &str = "Behandeling toevoegen";
pub const TREATMENT_EDIT_TITLE: &str = "Behandeling corrigeren";
pub const TREATMENT_EDIT_INTRO: &str =
    "Wat eerder is geschreven blijft bewaard in de geschiedenis van deze behandeling.";
pub const TREATMENT_DATE: &str = "Datum";
pub const TREATMENT_TYPE: &str = "Soort behandeling";
pub const TREATMENT_TYPES_NONE: &str =
    "Er zijn geen soorten behandeling in gebruik. De eigenaar voegt ze toe onder Behandelingen.";
pub const TREATMENT_PRODUCTS: &str = "Gebruikte producten";
pub const TREATMENT_SKIN_ANALYSIS: &str = "Huidanalyse";
pub const TREATMENT_NOTES: &str = "Notities";
pub const TREATMENT_NOTES_HINT: &str = "Alleen wat voor de behandeling nodig is. Nooit een BSN.";
pub const TREATMENT_SAVE: &str = "Behandeling opslaan";
pub const TREATMENT_CORRECTIONS: &str = "Correcties";
pub const TREATMENT_CORRECT: &str = "Corrigeren";
pub const PHOTO_BEFORE: &str = "Foto vóór";
pub const PHOTO_AFTER: &str = "Foto na";
pub const PHOTO_TAKE_BEFORE: &str = "Foto vóór maken";
pub const PHOTO_TAKE_AFTER: &str = "Foto na maken";
pub const PHOTO_UPLOADING: &str = "Foto wordt veilig opgeslagen…";
pub const PHOTO_FLAGGED: &str = "Toestemming ingetrokken: wordt verwijderd";
pub const PHOTO_DELETE: &str = "Nu verwijderen";
pub const PHOTO_CLOSE: &str = "Sluiten";
pub const PHOTO_ONLY_IN_APP: &str = "Deze foto is alleen te zien in het dossier in Zorgvuldig, door een ingelogde \
     behandelaar op een ontgrendeld scherm.";
pub const PHOTO_DELETE_CONSEQUENCE: &str =
    "Deze foto wordt definitief verwijderd, ook het versleutelde bestand. Dit kan niet ongedaan worden gemaakt.";
pub const PHOTO_DELETE_CONFIRM: &str = "Ja, foto verwijderen";
pub const PHOTO_NO_CONSENT: &str =
    "Geen foto's: de cliënt heeft (nu) geen toestemming gegeven voor foto's in het dossier.";
pub const TYPES_TITLE: &str = "Soorten behandeling";
pub const TYPES_INTRO: &str = "Geef per behandeling aan of u daarbij gezondheidsgegevens vastlegt. Wordt zo'n \
     behandeling voor het eerst gebruikt, dan vragen wij u om een AVG-check.";
pub const TYPE_HEALTH: &str = "gezondheidsgegevens";
pub const TYPE_RETIRED: &str = "uit gebruik";
pub const TYPE_EDIT: &str = "Wijzigen";
pub const TYPE_NEW_NAME: &str = "Nieuwe naam";
pub const TYPE_RETIRE: &str = "Uit gebruik nemen";
pub const TYPE_REVIVE: &str = "Weer gebruiken";
pub const TYPE_NEW: &str = "Nieuwe soort behandeling";
pub const TYPE_NAME: &str = "Naam";
pub const TYPE_HEALTH_QUESTION: &str = "Bij deze behandeling leg ik gezondheidsgegevens vast (bijvoorbeeld \
     contra-indicaties, huidaandoeningen of huidtype)";
pub const TYPE_ADD: &str = "Toevoegen";
pub const AVG_CHECK_TITLE: &str = "AVG-check nodig";
pub const AVG_CHECK_BODY: &str = "deze behandeling met gezondheidsgegevens is voor het eerst gebruikt. Controleer \
     of zij in uw verwerkingsregister staat, met grondslag en bewaartermijn, en of cliënten om toestemming \
     voor gezondheidsgegevens wordt gevraagd.";
pub const AVG_CHECK_DONE: &str = "AVG-check gedaan";

// Health questionnaire
pub const HEALTH_TITLE: &str = "Gezondheid";
pub const HEALTH_INTRO: &str = "Bijzondere persoonsgegevens: vul alleen in wat voor de behandeling nodig is.";
pub const HEALTH_ALLERGIES: &str = "Allergieën";
pub const HEALTH_MEDICATION: &str = "Medicijnen";
pub const HEALTH_PREGNANCY: &str = "Zwanger";
pub const HEALTH_SKIN_CONDITIONS: &str = "Huidaandoeningen";
pub const HEALTH_SAVE: &str = "Gezondheidsvragen opslaan";
pub const HEALTH_UPDATE: &str = "Bijwerken";

pub fn pregnancy(answer: crate::domain::treatment::Pregnancy) -> &'static str {
    use crate::domain::treatment::Pregnancy;
    match answer {
        Pregnancy::No => "Nee",
        Pregnancy::Yes => "Ja",
        Pregnancy::Unknown => "Weet niet",
        Pregnancy::NotApplicable => "Niet van toepassing",
    }
}

// Screen lock and settings
pub const SCREEN_LOCK_TITLE: &str = "Scherm vergrendeld";
pub const SCREEN_LOCK_INTRO: &str =
    "Dit scherm is na een tijd zonder gebruik vergrendeld, zodat niemand meekijkt. Vul uw pincode of wachtwoord in.";
pub const LOCK_SECRET: &str = "Pincode of wachtwoord";
pub const LOCK_SUBMIT: &str = "Ontgrendelen";
pub const SETTINGS_TITLE: &str = "Instellingen";
pub const LOCK_SETTING_TITLE: &str = "Schermvergrendeling (alle apparaten)";
pub const LOCK_MINUTES: &str = "Vergrendelen na zoveel minuten zonder gebruik";
pub const LOCK_MINUTES_HINT: &str = "Van 1 tot en met 30 minuten. Wij raden 2 minuten aan.";
pub const PIN_TITLE: &str = "Uw pincode";
pub const PIN_HAS: &str = "U heeft een pincode. Met een nieuwe vervangt u de oude.";
pub const PIN_NONE: &str = "Met een pincode (5 tot 8 cijfers) ontgrendelt u het scherm sneller dan met uw wachtwoord.";
pub const PIN_NEW: &str = "Nieuwe pincode";
pub const PIN_REPEAT: &str = "Herhaal de pincode";
pub const PIN_PASSWORD: &str = "Uw wachtwoord (ter bevestiging)";
pub const PIN_SAVE: &str = "Pincode opslaan";
pub const PIN_SAVED: &str = "Uw pincode is opgeslagen.";

/// The Dutch sentence for one refused field.
pub fn field_error(error: FieldError) -> String {
    match error {
        FieldError::Required => "Dit veld is verplicht.".into(),
        FieldError::TooLong { max } => format!("Maximaal {max} tekens."),
        FieldError::TooShort { min } => format!("Minstens {min} tekens."),
        FieldError::WordTooLong { max } => format!(
            "Deze tekst heeft een woord van meer dan {max} tekens aan één stuk. Zo'n woord past niet op het \
             scherm; zet er spaties in."
        ),
        FieldError::LooksLikeBsn => "Dit lijkt op een burgerservicenummer (BSN). Een BSN leggen wij nooit vast: \
             haal het nummer weg."
            .into(),
        FieldError::InvalidCharacters => "Dit veld bevat tekens die niet zijn toegestaan.".into(),
        FieldError::InvalidEmail => "Dit is geen geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl.".into(),
        FieldError::InvalidMobile => "Dit is geen geldig mobiel nummer, bijvoorbeeld 06 1234 5678.".into(),
        FieldError::InvalidPostcode => "Vul een postcode in als 1234 AB.".into(),
        FieldError::InvalidHouseNumber => "Vul een huisnummer in, bijvoorbeeld 12 of 12a.".into(),
        FieldError::InvalidDate => "Dit is geen geldige datum.".into(),
        FieldError::DateDoesNotExist => "Deze datum bestaat niet. Kijk de dag en de maand na.".into(),
        FieldError::DateInFuture => "Deze datum ligt in de toekomst.".into(),
        FieldError::DateTooLongAgo => "Deze datum ligt te ver in het verleden.".into(),
        FieldError::InvalidKvk => "Een KvK-nummer heeft 8 cijfers.".into(),
        FieldError::InvalidProfile => "Kies het soort praktijk.".into(),
        FieldError::PasswordTooShort { min } => format!("Het wachtwoord moet minstens {min} tekens hebben."),
        FieldError::PasswordTooLong { max } => format!("Het wachtwoord mag hoogstens {max} tekens hebben."),
        FieldError::PasswordsDiffer => "De wachtwoorden zijn niet gelijk.".into(),
        FieldError::AddressIncomplete => "Vul het adres helemaal in, of laat het helemaal leeg.".into(),
        FieldError::ContactRequired => CONTACT_HINT.into(),
        FieldError::SignatureEmpty => SIGN_EMPTY.into(),
        FieldError::SignatureTooSmall => SIGN_TOO_SMALL.into(),
        FieldError::SignatureInvalid => SIGN_INVALID.into(),
        FieldError::NothingChosen => "Maak een keuze.".into(),
        FieldError::EmailTaken => "Dit e-mailadres is al in gebruik.".into(),
        FieldError::NameTaken => "Deze naam bestaat al.".into(),
        FieldError::InvalidChoice => "Deze keuze bestaat niet (meer). Kies opnieuw.".into(),
        FieldError::OutOfRange { min, max } => format!("Vul een getal van {min} tot en met {max} in."),
        FieldError::InvalidPin => "Een pincode heeft 5 tot 8 cijfers.".into(),
        FieldError::PinsDiffer => "De pincodes zijn niet gelijk.".into(),
        FieldError::PinTooSimple => "Deze pincode is te makkelijk te raden. Kies andere cijfers.".into(),
        FieldError::ImageUnreadable => "Dit bestand is geen foto die wij kunnen lezen (JPEG, PNG of WebP).".into(),
        FieldError::ImageTooLarge { max_mb } => format!("Deze foto is groter dan {max_mb} MB."),
        FieldError::ImageTooManyPixels { max_megapixels } => {
            format!("Deze foto heeft meer dan {max_megapixels} megapixel. Kies een kleinere foto.")
        }
        FieldError::ImageIncomplete => {
            "Deze foto is niet helemaal aangekomen; misschien viel de verbinding weg. Maak of kies hem \
             opnieuw."
                .into()
        }
        FieldError::UnreadableText => {
            "Deze tekst bevat tekens die niet gelezen kunnen worden. Typ hem opnieuw in.".into()
        }
        FieldError::WrongSetupCode => {
            "Deze code klopt niet. De code staat in het venster waarin de server is gestart.".into()
        }
    }
}

/// Why something could not be recorded without the client's consent.
/// After the health-data consent ended: the answers are hidden, not gone from memory.
pub fn health_consent_ended(ended_on: &str, declined: bool) -> String {
    let ended = if declined { "bij een latere vraag geweigerd" } else { "ingetrokken" };
    format!(
        "Er zijn gezondheidsgegevens vastgelegd (allergieën, medicatie, zwangerschap, huidaandoeningen), \
         maar de toestemming daarvoor is op {ended_on} {ended}. Ze worden daarom niet meer getoond. \
         Vraag er opnieuw naar voordat u behandelt."
    )
}

pub fn consent_required(purpose: crate::domain::consent::ConsentPurpose) -> &'static str {
    use crate::domain::consent::ConsentPurpose;
    match purpose {
        ConsentPurpose::HealthData => {
            "Gezondheidsgegevens mogen alleen worden vastgelegd met toestemming van de cliënt. Die toestemming \
             is er nu niet: vraag haar eerst via Toestemming vragen."
        }
        ConsentPurpose::PhotosDossier => {
            "Foto's mogen alleen worden gemaakt met toestemming van de cliënt voor foto's in het dossier. Die \
             toestemming is er nu niet: vraag haar eerst via Toestemming vragen."
        }
        _ => "Hiervoor is eerst toestemming van de cliënt nodig.",
    }
}

/// The Dutch sentence for a failed request.
pub fn app_error(error: &AppError) -> String {
    match error {
        AppError::Unauthorized => "Uw sessie is verlopen of u bent niet ingelogd. Log opnieuw in.".into(),
        AppError::Forbidden => "U heeft geen toegang tot deze gegevens.".into(),
        AppError::NotFound => "Dit dossier bestaat niet.".into(),
        AppError::Invalid(_) => FORM_HAS_ERRORS.into(),
        AppError::LoginFailed => "E-mailadres of wachtwoord is onjuist.".into(),
        AppError::WrongPassword => "Dit wachtwoord is onjuist.".into(),
        AppError::WrongSecret => "Deze pincode of dit wachtwoord is onjuist.".into(),
        AppError::TooManyAttempts { retry_after_secs } => {
            format!("Te veel mislukte pogingen. Probeer het over {} opnieuw.", wait_time(*retry_after_secs))
        }
        AppError::Conflict => {
            "Iemand anders heeft dit dossier intussen gewijzigd. Open het opnieuw en voer uw correctie \
             nogmaals in."
                .into()
        }
        AppError::NothingChanged => EDIT_NOTHING_CHANGED.into(),
        AppError::KioskLocked => {
            "De tablet is aan een cliënt gegeven. Ontgrendel hem eerst met uw pincode of wachtwoord.".into()
        }
        AppError::ConsentRequired(purpose) => consent_required(*purpose).into(),
        AppError::ScreenLocked => "Het scherm is vergrendeld. Vul uw pincode of wachtwoord in.".into(),
        AppError::AlreadySetUp => "De praktijk is al ingesteld. Log in met uw account.".into(),
        AppError::Internal => {
            "Er ging iets mis aan onze kant. Er is niets half opgeslagen; probeer het opnieuw.".into()
        }
        AppError::BadRequest => {
            "Dit verzoek kon niet worden gelezen. Er is niets opgeslagen; vernieuw de pagina en probeer het \
             opnieuw."
                .into()
        }
        AppError::ServerFn(_) => "De server is niet bereikbaar of weigerde het verzoek. Probeer het opnieuw.".into(),
    }
}

fn wait_time(seconds: u64) -> String {
    if seconds == 1 {
        "1 seconde".into()
    } else if seconds < 60 {
        format!("{seconds} seconden")
    } else {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} {}", if minutes == 1 { "minuut" } else { "minuten" })
    }
}

// Consent
/// The consent texts shipped with the app (version 1 of each template); the owner can edit them.
pub const DEFAULT_CONSENT_TEMPLATES: [(&str, &str, &str); 8] = [
    (
        "treatment",
        "Toestemming voor de behandeling",
        "Ik ben geïnformeerd over de behandeling: wat die inhoudt, het verwachte resultaat en de mogelijke \
         risico's en bijwerkingen. Ik heb vragen kunnen stellen en die zijn beantwoord. Ik geef toestemming \
         voor de behandeling zoals die met mij is besproken.",
    ),
    (
        "health_data",
        "Vastleggen van gezondheidsgegevens en huidtype",
        "Voor een veilige behandeling legt de praktijk gegevens over mijn gezondheid vast, zoals allergieën, \
         medicijngebruik, zwangerschap en huidaandoeningen, en mijn huidtype. Dit zijn bijzondere \
         persoonsgegevens. Ze worden alleen voor mijn behandeling gebruikt, niet zonder mijn toestemming \
         gedeeld en niet langer bewaard dan nodig of wettelijk verplicht.",
    ),
    (
        "photos_dossier",
        "Foto's in mijn dossier",
        "De praktijk mag voor en na de behandeling foto's van de behandelde huid maken om het resultaat te \
         volgen. De foto's blijven in mijn dossier, worden versleuteld bewaard en worden niet gepubliceerd of \
         met anderen gedeeld.",
    ),
    (
        "photos_publication",
        "Foto's op de website en sociale media",
        "De praktijk mag foto's van mijn behandelresultaat gebruiken op haar website en sociale media. Mijn \
         gezicht is daarop niet herkenbaar, tenzij ik dat apart met de praktijk afspreek. Trek ik deze \
         toestemming in, dan haalt de praktijk de foto's zo snel mogelijk weg.",
    ),
    (
        "marketing_email",
        "Nieuwsbrief en aanbiedingen per e-mail",
        "Ik ontvang de nieuwsbrief en aanbiedingen van de praktijk per e-mail. In elke e-mail staat hoe ik mij \
         met één klik afmeld.",
    ),
    (
        "marketing_sms",
        "Aanbiedingen per sms",
        "Ik ontvang aanbiedingen van de praktijk per sms. In elk bericht staat hoe ik stop: antwoord STOP.",
    ),
    (
        "marketing_whatsapp",
        "Aanbiedingen per WhatsApp",
        "Ik ontvang aanbiedingen van de praktijk via WhatsApp. In elk bericht staat hoe ik stop: antwoord STOP.",
    ),
    (
        "referrer_sharing",
        "Resultaten delen met mijn verwijzer",
        "De praktijk mag de resultaten van mijn behandeling terugkoppelen aan de huisarts of verwijzer die in \
         mijn dossier staat, voor zover dat voor hun zorg nodig is, en alleen op mijn verzoek of dat van de \
         verwijzer.",
    ),
];

pub fn consent_purpose(code: &str) -> &'static str {
    DEFAULT_CONSENT_TEMPLATES.iter().find(|(c, _, _)| *c == code).map(|(_, title, _)| *title).unwrap_or("Toestemming")
}

pub const CONSENTS_TITLE: &str = "Toestemmingen";
pub const CONSENT_NONE: &str = "Nog niet gevraagd";
pub const CONSENT_GRANTED: &str = "Gegeven";
pub const CONSENT_DECLINED: &str = "Geweigerd";
pub const CONSENT_WITHDRAWN: &str = "Ingetrokken";
pub const CONSENT_SIGNED_BY: &str = "Getekend door";
pub const CONSENT_SIGNED_AT: &str = "Getekend:";
pub const CONSENT_DECLINED_AT: &str = "Nee gezegd:";
pub const CONSENT_WITHDRAWN_AT: &str = "Intrekking vastgelegd:";
pub const WITHDRAW_REASON: &str = "Hoe en waarom trekt de cliënt in?";
pub const WITHDRAW_REASON_HINT: &str = "Bijvoorbeeld: op verzoek van de cliënt per e-mail. Dit komt in het \
     dossier en op de kopie van de cliënt.";
pub const WITHDRAW_CONFIRM: &str = "Ja, intrekken";
pub const WITHDRAW_REASON_SHOWN: &str = "Reden:";

/// What withdrawing a consent will do, said before it is done.
pub fn withdraw_consequence(purpose: &str) -> String {
    let extra = match purpose {
        "photos_dossier" => {
            " De foto's in het dossier worden gemarkeerd om te verwijderen; nieuwe foto's kunnen niet meer."
        }
        "health_data" => " De gezondheidsgegevens worden niet meer getoond en er kunnen geen nieuwe worden vastgelegd.",
        _ => "",
    };
    format!(
        "Na het intrekken geldt deze toestemming niet meer.{extra} De handtekening blijft bewaard als bewijs van wat \
         tot nu toe gold."
    )
}
pub const CONSENT_VERSION: &str = "tekstversie";
pub const CONSENT_VERIFY: &str = "Controleer";
pub const CONSENT_INTACT: &str = "Intact: de handtekening, de getoonde tekst en de gegevens zijn niet gewijzigd.";
pub const CONSENT_TAMPERED: &str = "Let op: dit bewijs is gewijzigd na het tekenen. Het is niet betrouwbaar.";
pub const CONSENT_WITHDRAW: &str = "Intrekken";
pub const CONSENT_PDF: &str = "Kopie (pdf)";
pub const HANDOVER_TITLE: &str = "Toestemming vragen op de tablet";
pub const HANDOVER_INTRO: &str =
    "Kies wat u de cliënt wilt vragen. Daarna geeft u de tablet aan de cliënt; die ziet alleen deze vragen.";
pub const HANDOVER_START: &str = "Geef aan cliënt";
pub const HANDOVER_NONE_CHOSEN: &str = "Kies minstens één toestemming.";
pub const KIOSK_WELCOME: &str = "Welkom";
pub const KIOSK_INTRO: &str =
    "Lees elke vraag rustig door. U kiest per onderdeel zelf of u toestemming geeft. Nee zeggen mag altijd.";
pub const KIOSK_GUARDIAN_NOTE: &str =
    "Omdat de cliënt jonger is dan 16 jaar, tekent een ouder of voogd voor deze toestemming.";
pub const KIOSK_YES: &str = "Ja, ik teken";
pub const KIOSK_NO: &str = "Nee, liever niet";
pub const KIOSK_NO_CONSEQUENCE: &str = "U geeft voor dit onderdeel geen toestemming. Dat is uw goed recht; u kunt \
     later altijd nog toestemming geven als u van gedachten verandert.";
pub const KIOSK_NO_CONFIRM: &str = "Ja, ik zeg nee";
pub const KIOSK_NO_BACK: &str = "Terug";
pub const KIOSK_DONE: &str = "Klaar: geef de tablet terug";
pub const KIOSK_ANSWERED_YES: &str = "U heeft toestemming gegeven.";
pub const KIOSK_ANSWERED_NO: &str = "U heeft geen toestemming gegeven.";
pub const GUARDIAN_NAME: &str = "Naam van de ouder of voogd";
pub const GUARDIAN_WHY: &str = "De cliënt is jonger dan 16 jaar. Dan geeft de wet (AVG artikel 8, UAVG artikel 5) de \
     beslissing aan een ouder of voogd: u tekent voor de cliënt. Uw naam en uw relatie tot de cliënt worden bij de \
     handtekening bewaard.";
pub const GUARDIAN_REMEMBERED: &str =
    "Naam en relatie zijn ingevuld zoals bij de vorige toestemming. Tekent iemand anders, pas ze dan aan.";
pub const GUARDIAN_RELATIONSHIP: &str = "Relatie tot de cliënt";
pub const GUARDIAN_RELATIONSHIP_HINT: &str = "Bijvoorbeeld: moeder, vader, voogd";
pub const SIGN_HERE: &str = "Teken hieronder met uw vinger of pen";
pub const SIGN_CLEAR: &str = "Wissen";
pub const SIGN_UNDO: &str = "Ongedaan maken";
pub const SIGN_CONFIRM: &str = "Bevestig handtekening";
pub const SIGN_BACK: &str = "Terug";
pub const SIGN_EMPTY: &str = "Zet eerst uw handtekening in het vak.";
pub const SIGN_TOO_SMALL: &str = "Uw handtekening is te klein of te kort. Teken iets groter.";
pub const SIGN_INVALID: &str = "De handtekening kon niet worden gelezen. Wis het vak en teken opnieuw.";
pub const SIGN_NO_CANVAS: &str = "Deze browser laat niet tekenen (de tekenfunctie is geblokkeerd). Gebruik een \
     andere browser of zet de privacy-instelling voor canvas uit.";
pub const LOCK_TITLE: &str = "Geef de tablet terug aan uw behandelaar";
pub const LOCK_INTRO: &str = "Dank u wel. Uw antwoorden zijn opgeslagen.";
pub const LOCK_PASSWORD: &str = "Pincode of wachtwoord van de behandelaar";
pub const LOCK_UNLOCK: &str = "Ontgrendelen";
pub const KIOSK_HAND_BACK: &str = "Tablet teruggeven";
pub const TEMPLATES_TITLE: &str = "Toestemmingsteksten";
pub const TEMPLATES_INTRO: &str = "Een gewijzigde tekst wordt een nieuwe versie. Eerder getekende versies blijven \
     ongewijzigd bewaard, met hun vingerafdruk (hash).";
pub const TEMPLATE_TITLE: &str = "Titel";
pub const TEMPLATE_BODY: &str = "Tekst";
pub const TEMPLATE_SAVE: &str = "Opslaan als nieuwe versie";
pub const TEMPLATE_SAVED: &str = "Opgeslagen als nieuwe versie.";
pub const TEMPLATE_PREVIEW: &str = "Zo ziet de cliënt het op de tablet";
pub const TEMPLATE_VERSIONS: &str = "Alle versies";
pub const TEMPLATE_VERSION: &str = "Versie";
pub const TEMPLATE_SINCE: &str = "Sinds";
pub const TEMPLATE_SIGNED: &str = "Getekend";
pub const TEMPLATE_CURRENT: &str = "(in gebruik)";

pub fn characters_used(used: usize, max: usize) -> String {
    format!("{used} van de {max} tekens")
}
pub const NAV_TEMPLATES: &str = "Teksten";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_reads_naturally() {
        assert_eq!(wait_time(1), "1 seconde");
        assert_eq!(wait_time(60), "1 minuut");
        assert_eq!(wait_time(61), "2 minuten");
    }

    #[test]
    fn every_stored_action_code_reads_as_its_label_and_an_unknown_one_still_reads() {
        for action in crate::domain::audit::AuditAction::ALL {
            assert_eq!(audit_action(action.code()), audit_action_label(action));
        }
        assert_eq!(audit_action("backup.run"), "Andere handeling");
    }

    #[test]
    fn audit_details_read_as_dutch() {
        assert_eq!(audit_detail("client.update", "velden: email, mobile"), "e-mailadres en mobiel nummer");
        assert_eq!(audit_detail("treatment.update", "velden: notes"), "notities");
        assert_eq!(audit_detail("photo.add", "before"), "vóór de behandeling");
        assert_eq!(audit_detail("photo.flag", "1 foto's"), "1 foto");
        assert_eq!(audit_detail("photo.flag", "3 foto's"), "3 foto's");
        assert_eq!(audit_detail("client.search", "1 resultaten"), "1 resultaat");
        assert_eq!(audit_detail("consent.withdraw", "marketing_email"), "Nieuwsbrief en aanbiedingen per e-mail");
        assert_eq!(
            audit_detail("client.list", "order=newest;page=2;pages=3;shown=25"),
            "nieuwste eerst, pagina 2 van 3, 25 namen"
        );
        assert_eq!(audit_detail("client.recent", "shown=1"), "1 naam");
        assert_eq!(audit_detail("client.listed", "all"), "alle cliënten");
    }
}
