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
pub const AUDIT_CHAIN_OK: &str = "De keten van het log is intact: er is niets gewijzigd of verwijderd.";
pub const AUDIT_CHAIN_BROKEN: &str = "Let op: de keten van het log is verbroken. Neem contact op met uw leverancier.";

pub fn audit_action(code: &str) -> &'static str {
    match code {
        "client.create" => "Dossier aangemaakt",
        "client.view" => "Dossier ingezien",
        "client.update" => "Gegevens gecorrigeerd",
        "client.search" => "Gezocht in cliënten",
        "client.edit_view" => "Correctiescherm geopend",
        "audit.view" => "Log ingezien",
        "auth.login" => "Ingelogd",
        "auth.login_failed" => "Mislukte inlogpoging",
        "auth.logout" => "Afgemeld",
        "practice.setup" => "Praktijk ingesteld",
        _ => "Andere handeling",
    }
}

/// The Dutch sentence for one refused field.
pub fn field_error(error: FieldError) -> String {
    match error {
        FieldError::Required => "Dit veld is verplicht.".into(),
        FieldError::TooLong { max } => format!("Maximaal {max} tekens."),
        FieldError::LooksLikeBsn => "Dit lijkt op een burgerservicenummer (BSN). Een BSN leggen wij nooit vast: \
             haal het nummer weg."
            .into(),
        FieldError::InvalidCharacters => "Dit veld bevat tekens die niet zijn toegestaan.".into(),
        FieldError::InvalidEmail => "Dit is geen geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl.".into(),
        FieldError::InvalidMobile => "Dit is geen geldig mobiel nummer, bijvoorbeeld 06 1234 5678.".into(),
        FieldError::InvalidPostcode => "Vul een postcode in als 1234 AB.".into(),
        FieldError::InvalidHouseNumber => "Vul een huisnummer in, bijvoorbeeld 12 of 12a.".into(),
        FieldError::InvalidDate => "Dit is geen geldige datum.".into(),
        FieldError::DateInFuture => "Deze datum ligt in de toekomst.".into(),
        FieldError::DateTooLongAgo => "Deze datum ligt te ver in het verleden.".into(),
        FieldError::InvalidKvk => "Een KvK-nummer heeft 8 cijfers.".into(),
        FieldError::InvalidProfile => "Kies het soort praktijk.".into(),
        FieldError::PasswordTooShort { min } => format!("Het wachtwoord moet minstens {min} tekens hebben."),
        FieldError::PasswordTooLong { max } => format!("Het wachtwoord mag hoogstens {max} tekens hebben."),
        FieldError::PasswordsDiffer => "De wachtwoorden zijn niet gelijk.".into(),
        FieldError::AddressIncomplete => "Vul het adres helemaal in, of laat het helemaal leeg.".into(),
        FieldError::ContactRequired => CONTACT_HINT.into(),
        FieldError::EmailTaken => "Dit e-mailadres is al in gebruik.".into(),
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
        AppError::TooManyAttempts { retry_after_secs } => {
            format!("Te veel mislukte pogingen. Probeer het over {} opnieuw.", wait_time(*retry_after_secs))
        }
        AppError::Conflict => {
            "Iemand anders heeft dit dossier intussen gewijzigd. Open het opnieuw en voer uw correctie \
             nogmaals in."
                .into()
        }
        AppError::NothingChanged => EDIT_NOTHING_CHANGED.into(),
        AppError::AlreadySetUp => "De praktijk is al ingesteld. Log in met uw account.".into(),
        AppError::Internal => {
            "Er ging iets mis aan onze kant. Er is niets half opgeslagen; probeer het opnieuw.".into()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_reads_naturally() {
        assert_eq!(wait_time(1), "1 seconde");
        assert_eq!(wait_time(60), "1 minuut");
        assert_eq!(wait_time(61), "2 minuten");
    }
}
