//! Consent: one separate, unticked choice per purpose (REQ-24), with the exact text shown bound
//! into the evidence by a hash (REQ-25, REQ-57).

use super::field::{parse_text, FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How a consent event came to be recorded. Stored as its code; checked here rather than by
/// the database, so a new way (a link) needs no table rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventMethod {
    /// Signed on the practice's tablet.
    TabletSignature,
    /// Refused on the practice's tablet.
    TabletDeclined,
    /// Recorded by staff on the client's word (a withdrawal by phone, e-mail or at the desk).
    StaffRecorded,
}

impl EventMethod {
    pub const ALL: [EventMethod; 3] = [Self::TabletSignature, Self::TabletDeclined, Self::StaffRecorded];

    pub fn code(self) -> &'static str {
        match self {
            Self::TabletSignature => "tablet_signature",
            Self::TabletDeclined => "tablet_declined",
            Self::StaffRecorded => "staff_recorded",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.code() == code)
    }
}

/// Where a client (or a parent) signs: a signing session runs on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigningChannel {
    /// The practice's tablet, handed over at the desk.
    Tablet,
    /// A link sent to the signer's own phone.
    Link,
}

impl SigningChannel {
    pub fn code(self) -> &'static str {
        match self {
            Self::Tablet => "tablet",
            Self::Link => "link",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Tablet, Self::Link].into_iter().find(|channel| channel.code() == code)
    }
}

/// What a consent is for. Each is asked for, given and withdrawn on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConsentPurpose {
    Treatment,
    HealthData,
    PhotosDossier,
    PhotosPublication,
    MarketingEmail,
    MarketingSms,
    MarketingWhatsapp,
    ReferrerSharing,
}

impl ConsentPurpose {
    /// The purposes whose proof is kept for five years after its last use, whatever the
    /// dossier's own term (`retention::MARKETING_PROOF_YEARS`).
    pub const MARKETING: [ConsentPurpose; 3] = [Self::MarketingEmail, Self::MarketingSms, Self::MarketingWhatsapp];

    pub const ALL: [ConsentPurpose; 8] = [
        Self::Treatment,
        Self::HealthData,
        Self::PhotosDossier,
        Self::PhotosPublication,
        Self::MarketingEmail,
        Self::MarketingSms,
        Self::MarketingWhatsapp,
        Self::ReferrerSharing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Treatment => "treatment",
            Self::HealthData => "health_data",
            Self::PhotosDossier => "photos_dossier",
            Self::PhotosPublication => "photos_publication",
            Self::MarketingEmail => "marketing_email",
            Self::MarketingSms => "marketing_sms",
            Self::MarketingWhatsapp => "marketing_whatsapp",
            Self::ReferrerSharing => "referrer_sharing",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Why and how a withdrawal was asked for ("op verzoek van de cliënt per e-mail"): required,
/// free text with the usual checks.
pub fn parse_withdrawal_reason(input: &str) -> Result<String, super::FieldError> {
    super::field::parse_text(input, 300)
}

/// Clients younger than this sign consent together with a parent or guardian (REQ-27).
pub const GUARDIAN_AGE: u32 = 16;

pub fn needs_guardian(age: u32) -> bool {
    age < GUARDIAN_AGE
}

/// The whole text the signer sees, exactly as it is hashed: the template, then the intent
/// statement directly above the signature field, then the right to withdraw (REQ-26, REQ-57).
pub fn rendered_text(title: &str, body: &str, closing: &str) -> String {
    format!("{title}\n\n{body}\n\n{}", closing.replace("{title}", title))
}

/// The closing sentences a new Dutch version gets: what signing means, and the right to
/// withdraw. Each version stores its own copy, so changing this changes no text already signed.
pub const CLOSING_NL: &str = "Door te tekenen ga ik akkoord met: {title}.\n\
                              Ik kan deze toestemming altijd intrekken, net zo makkelijk als ik haar nu geef.";

/// The same closing sentences in English.
pub const CLOSING_EN: &str = "By signing I agree to: {title}.\n\
                              I can always withdraw this consent, just as easily as I give it now.";

/// The closing sentences a new version in `language` gets.
pub fn closing(language: crate::domain::language::Language) -> &'static str {
    match language {
        crate::domain::language::Language::Nl => CLOSING_NL,
        crate::domain::language::Language::En => CLOSING_EN,
    }
}

/// The consent texts shipped with the app (version 1 of each purpose in each language): purpose,
/// title, body. They are data, not interface text: once stored and signed, a version never
/// changes; the owner edits them into new versions.
pub fn default_templates(
    language: crate::domain::language::Language,
) -> [(ConsentPurpose, &'static str, &'static str); 8] {
    match language {
        crate::domain::language::Language::Nl => DEFAULT_TEMPLATES_NL,
        crate::domain::language::Language::En => DEFAULT_TEMPLATES_EN,
    }
}

const DEFAULT_TEMPLATES_NL: [(ConsentPurpose, &str, &str); 8] = [
    (
        ConsentPurpose::Treatment,
        "Toestemming voor de behandeling",
        "Ik ben geïnformeerd over de behandeling: wat die inhoudt, het verwachte resultaat en de mogelijke \
         risico's en bijwerkingen. Ik heb vragen kunnen stellen en die zijn beantwoord. Ik geef toestemming \
         voor de behandeling zoals die met mij is besproken.",
    ),
    (
        ConsentPurpose::HealthData,
        "Vastleggen van gezondheidsgegevens en huidtype",
        "Voor een veilige behandeling legt de praktijk gegevens over mijn gezondheid vast, zoals allergieën, \
         medicijngebruik, zwangerschap en huidaandoeningen, en mijn huidtype. Dit zijn bijzondere \
         persoonsgegevens. Ze worden alleen voor mijn behandeling gebruikt, niet zonder mijn toestemming \
         gedeeld en niet langer bewaard dan nodig of wettelijk verplicht.",
    ),
    (
        ConsentPurpose::PhotosDossier,
        "Foto's in mijn dossier",
        "De praktijk mag voor en na de behandeling foto's van de behandelde huid maken om het resultaat te \
         volgen. De foto's blijven in mijn dossier, worden versleuteld bewaard en worden niet gepubliceerd of \
         met anderen gedeeld.",
    ),
    (
        ConsentPurpose::PhotosPublication,
        "Foto's op de website en sociale media",
        "De praktijk mag foto's van mijn behandelresultaat gebruiken op haar website en sociale media. Mijn \
         gezicht is daarop niet herkenbaar, tenzij ik dat apart met de praktijk afspreek. Trek ik deze \
         toestemming in, dan haalt de praktijk de foto's zo snel mogelijk weg.",
    ),
    (
        ConsentPurpose::MarketingEmail,
        "Nieuwsbrief en aanbiedingen per e-mail",
        "Ik ontvang de nieuwsbrief en aanbiedingen van de praktijk per e-mail. In elke e-mail staat hoe ik mij \
         met één klik afmeld.",
    ),
    (
        ConsentPurpose::MarketingSms,
        "Aanbiedingen per sms",
        "Ik ontvang aanbiedingen van de praktijk per sms. In elk bericht staat hoe ik stop: antwoord STOP.",
    ),
    (
        ConsentPurpose::MarketingWhatsapp,
        "Aanbiedingen per WhatsApp",
        "Ik ontvang aanbiedingen van de praktijk via WhatsApp. In elk bericht staat hoe ik stop: antwoord STOP.",
    ),
    (
        ConsentPurpose::ReferrerSharing,
        "Resultaten delen met mijn verwijzer",
        "De praktijk mag de resultaten van mijn behandeling terugkoppelen aan de huisarts of verwijzer die in \
         mijn dossier staat, voor zover dat voor hun zorg nodig is, en alleen op mijn verzoek of dat van de \
         verwijzer.",
    ),
];

const DEFAULT_TEMPLATES_EN: [(ConsentPurpose, &str, &str); 8] = [
    (
        ConsentPurpose::Treatment,
        "Consent to the treatment",
        "I have been informed about the treatment: what it involves, the expected result and the possible \
         risks and side effects. I was able to ask questions and they were answered. I consent to the \
         treatment as it was discussed with me.",
    ),
    (
        ConsentPurpose::HealthData,
        "Recording health data and skin type",
        "For a safe treatment the practice records data about my health, such as allergies, medication, \
         pregnancy and skin conditions, and my skin type. These are special categories of personal data. \
         They are used only for my treatment, not shared without my consent and not kept longer than \
         necessary or required by law.",
    ),
    (
        ConsentPurpose::PhotosDossier,
        "Photos in my dossier",
        "Before and after the treatment the practice may take photos of the treated skin to follow the \
         result. The photos stay in my dossier, are stored encrypted and are not published or shared with \
         others.",
    ),
    (
        ConsentPurpose::PhotosPublication,
        "Photos on the website and social media",
        "The practice may use photos of the result of my treatment on its website and social media. My face \
         cannot be recognised in them, unless I agree otherwise with the practice separately. If I withdraw \
         this consent, the practice removes the photos as soon as possible.",
    ),
    (
        ConsentPurpose::MarketingEmail,
        "Newsletter and offers by e-mail",
        "I receive the practice's newsletter and offers by e-mail. Every e-mail says how I unsubscribe with \
         one click.",
    ),
    (
        ConsentPurpose::MarketingSms,
        "Offers by text message",
        "I receive offers from the practice by text message. Every message says how I stop: reply STOP.",
    ),
    (
        ConsentPurpose::MarketingWhatsapp,
        "Offers by WhatsApp",
        "I receive offers from the practice by WhatsApp. Every message says how I stop: reply STOP.",
    ),
    (
        ConsentPurpose::ReferrerSharing,
        "Sharing results with my referrer",
        "The practice may report the results of my treatment to the GP or referrer named in my dossier, as \
         far as their care needs it, and only at my request or the referrer's.",
    ),
];

/// The rendered text without its first paragraph, the title: the screen shows the title as a
/// heading above the rest.
pub fn text_after_title<'a>(text: &'a str, title: &str) -> &'a str {
    text.strip_prefix(title).and_then(|rest| rest.strip_prefix("\n\n")).unwrap_or(text)
}

/// What the screen shows, read back as one text: the heading and the rest, joined as
/// [`rendered_text`] joins them, so its hash equals the stored text's hash only when the
/// screen showed exactly that text.
pub fn shown_text(heading: &str, rest: &str) -> String {
    format!("{heading}\n\n{rest}")
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Who signs: the client, or for a client under 16 a parent or guardian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signer {
    Client { name: String },
    Guardian { name: String, relationship: String },
}

impl Signer {
    pub fn name(&self) -> &str {
        match self {
            Signer::Client { name } | Signer::Guardian { name, .. } => name,
        }
    }

    pub fn role_code(&self) -> &'static str {
        match self {
            Signer::Client { .. } => "client",
            Signer::Guardian { .. } => "guardian",
        }
    }

    pub fn relationship(&self) -> Option<&str> {
        match self {
            Signer::Client { .. } => None,
            Signer::Guardian { relationship, .. } => Some(relationship),
        }
    }
}

/// The guardian's details as typed on the tablet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardianForm {
    pub name: String,
    pub relationship: String,
}

impl GuardianForm {
    pub fn parse(&self) -> Result<Signer, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("guardian_name", parse_text(&self.name, 200));
        let relationship = errors.check("guardian_relationship", parse_text(&self.relationship, 100));
        errors.into_result()?;
        Ok(Signer::Guardian { name: name.unwrap_or_default(), relationship: relationship.unwrap_or_default() })
    }
}

/// A template edit by the owner, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub title: String,
    pub body: String,
}

/// A consent text is read on a tablet before signing: a page at most, in words that wrap.
pub const TEMPLATE_TITLE_MAX: usize = 120;
pub const TEMPLATE_BODY_MIN: usize = 20;
pub const TEMPLATE_BODY_MAX: usize = 4_000;
/// Longer than any Dutch compound or web address a consent text would name.
pub const TEMPLATE_WORD_MAX: usize = 60;

fn readable_words(text: String) -> Result<String, FieldError> {
    if text.split_whitespace().any(|word| word.chars().count() > TEMPLATE_WORD_MAX) {
        return Err(FieldError::WordTooLong { max: TEMPLATE_WORD_MAX });
    }
    Ok(text)
}

impl TemplateForm {
    pub fn parse(&self) -> Result<(String, String), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.check("title", parse_text(&self.title, TEMPLATE_TITLE_MAX).and_then(readable_words));
        let body = errors.check("body", parse_text(&self.body, TEMPLATE_BODY_MAX).and_then(readable_words));
        if body.as_ref().is_some_and(|b| b.chars().count() < TEMPLATE_BODY_MIN) {
            errors.add("body", FieldError::TooShort { min: TEMPLATE_BODY_MIN });
        }
        errors.into_result()?;
        Ok((title.unwrap_or_default(), body.unwrap_or_default()))
    }
}

/// Everything one signature's evidence binds together. The hash over it is stored with the
/// record; recomputing it later shows whether anything was changed (REQ-58).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceFields<'a> {
    pub evidence_id: &'a str,
    pub client_id: &'a str,
    pub template_id: i64,
    pub template_version: i64,
    pub purpose: &'a str,
    pub rendered_text: &'a str,
    pub text_sha256: &'a str,
    pub signer_role: &'a str,
    pub signer_name: &'a str,
    pub guardian_relationship: Option<&'a str>,
    pub strokes_json: &'a str,
    pub signature_svg: &'a str,
    /// The staff member present when it was signed; none through a link. (`Some(id)` encodes
    /// exactly as the plain id did, so the hashes of evidence from before are unchanged.)
    pub staff_user_id: Option<i64>,
    pub staff_name: Option<&'a str>,
    pub handover_id: &'a str,
    pub device: &'a str,
    pub ip: &'a str,
    pub signed_at: &'a str,
}

impl EvidenceFields<'_> {
    pub fn hash(&self) -> String {
        // serde_json writes struct fields in declaration order: a stable, canonical encoding.
        sha256_hex(&serde_json::to_string(self).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_methods_and_channels_read_back_from_their_codes() {
        for method in EventMethod::ALL {
            assert_eq!(EventMethod::from_code(method.code()), Some(method));
        }
        assert_eq!(EventMethod::from_code("link_signature"), None, "not a method of this version yet");
        for channel in [SigningChannel::Tablet, SigningChannel::Link] {
            assert_eq!(SigningChannel::from_code(channel.code()), Some(channel));
        }
    }

    #[test]
    fn purposes_round_trip() {
        for purpose in ConsentPurpose::ALL {
            assert_eq!(ConsentPurpose::from_code(purpose.code()), Some(purpose));
        }
    }

    #[test]
    fn the_rendered_text_states_intent_and_withdrawal() {
        let text = rendered_text("Foto's in het dossier", "Ik geef toestemming voor foto's.", CLOSING_NL);
        assert!(text.contains("Door te tekenen ga ik akkoord met: Foto's in het dossier."));
        assert!(text.contains("altijd intrekken"));
        assert_eq!(sha256_hex(&text).len(), 64);
    }

    #[test]
    fn a_text_renders_byte_for_byte_as_it_did_when_the_closing_lived_in_code() {
        // The closing sentences moved from the code into each stored version: every text signed
        // before must still render, and so hash, exactly as it did.
        let text = rendered_text("Nieuwsbrief", "Ik ontvang de nieuwsbrief.", CLOSING_NL);
        assert_eq!(
            text,
            "Nieuwsbrief\n\nIk ontvang de nieuwsbrief.\n\nDoor te tekenen ga ik akkoord met: Nieuwsbrief.\n\
             Ik kan deze toestemming altijd intrekken, net zo makkelijk als ik haar nu geef."
        );
    }

    #[test]
    fn a_template_is_a_readable_page_at_most() {
        let form = |title: &str, body: &str| TemplateForm { title: title.into(), body: body.into() }.parse();
        assert!(form("Nieuwsbrief", "Ik ontvang eens per maand de nieuwsbrief per e-mail.").is_ok());
        let junk = form("Nieuwsbrief", &"x".repeat(TEMPLATE_BODY_MAX + 1)).unwrap_err();
        assert_eq!(junk.get("body"), &[FieldError::TooLong { max: TEMPLATE_BODY_MAX }]);
        let unbroken = form("Nieuwsbrief", &format!("Ik ontvang {}", "a".repeat(TEMPLATE_WORD_MAX + 1))).unwrap_err();
        assert_eq!(unbroken.get("body"), &[FieldError::WordTooLong { max: TEMPLATE_WORD_MAX }]);
        let address = format!("Lees https://{}.nl voor meer informatie.", "a".repeat(40));
        assert!(form("Nieuwsbrief", &address).is_ok());
        let long_title = form(&"Titel ".repeat(25), "Ik ontvang eens per maand de nieuwsbrief.").unwrap_err();
        assert_eq!(long_title.get("title"), &[FieldError::TooLong { max: TEMPLATE_TITLE_MAX }]);
    }

    #[test]
    fn the_screen_shows_the_title_once_and_the_hash_still_binds_the_whole_text() {
        let text = rendered_text("Nieuwsbrief", "Ik ontvang de nieuwsbrief.", CLOSING_NL);
        let rest = text_after_title(&text, "Nieuwsbrief");
        assert!(rest.starts_with("Ik ontvang"));
        assert_eq!(shown_text("Nieuwsbrief", rest), text);
        assert_ne!(sha256_hex(&shown_text("Nieuwsbrief!", rest)), sha256_hex(&text));
        assert_eq!(text_after_title("Iets anders", "Nieuwsbrief"), "Iets anders");
    }

    #[test]
    fn guardians_sign_below_sixteen() {
        assert!(needs_guardian(15));
        assert!(!needs_guardian(16));
    }

    #[test]
    fn a_guardian_needs_name_and_relationship() {
        let errors = GuardianForm::default().parse().unwrap_err();
        assert_eq!(errors.get("guardian_name"), &[FieldError::Required]);
        assert_eq!(errors.get("guardian_relationship"), &[FieldError::Required]);
        let signer = GuardianForm { name: "Eva de Vries".into(), relationship: "moeder".into() }.parse().unwrap();
        assert_eq!(signer.role_code(), "guardian");
    }

    fn sample_evidence() -> EvidenceFields<'static> {
        EvidenceFields {
            evidence_id: "e",
            client_id: "c",
            template_id: 1,
            template_version: 1,
            purpose: "treatment",
            rendered_text: "tekst",
            text_sha256: "h",
            signer_role: "client",
            signer_name: "Zoë",
            guardian_relationship: None,
            strokes_json: "[]",
            signature_svg: "<svg/>",
            staff_user_id: Some(1),
            staff_name: Some("Jindra"),
            handover_id: "x",
            device: "ua",
            ip: "127.0.0.1",
            signed_at: "2026-11-22T14:00:00Z",
        }
    }

    #[test]
    fn any_change_to_the_evidence_changes_the_hash() {
        let fields = sample_evidence();
        let original = fields.hash();
        let tampered = EvidenceFields { strokes_json: "[1]", ..fields.clone() };
        assert_ne!(original, tampered.hash());
        assert_eq!(original, fields.hash());
        let without_staff = EvidenceFields { staff_user_id: None, staff_name: None, ..fields.clone() };
        assert_ne!(original, without_staff.hash());
    }

    #[test]
    fn a_staff_member_present_encodes_as_before_staff_became_optional() {
        let fields = sample_evidence();
        // The hash of every signature from before covers this very encoding.
        let encoded = serde_json::to_string(&fields).unwrap();
        assert!(encoded.contains(r#""staff_user_id":1,"staff_name":"Jindra","#), "{encoded}");
    }
}
