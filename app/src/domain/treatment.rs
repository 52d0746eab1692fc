//! Treatments: the owner's treatment types, what a practitioner writes after a treatment, and
//! the health questionnaire (special-category data, REQ-3).

use super::field::{parse_optional_text, parse_text, FieldError, ValidationErrors};
use crate::domain::client::{changed_fields, FieldChange};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub const TYPE_NAME_MAX: usize = 60;
pub const PRODUCTS_MAX: usize = 500;
pub const SKIN_ANALYSIS_MAX: usize = 2000;
pub const NOTES_MAX: usize = 4000;
/// Treatments from a paper file may be entered afterwards, but not from before this many years.
pub const OLDEST_TREATMENT_YEARS: u32 = 30;

/// A treatment type as the owner types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreatmentTypeForm {
    pub name: String,
    /// A ticked checkbox sends "on"; an unticked one sends nothing.
    pub records_health_data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTreatmentType {
    pub name: String,
    pub records_health_data: bool,
}

impl TreatmentTypeForm {
    pub fn parse(&self) -> Result<NewTreatmentType, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", parse_text(&self.name, TYPE_NAME_MAX));
        errors.into_result()?;
        Ok(NewTreatmentType {
            name: name.unwrap_or_default(),
            records_health_data: self.records_health_data.as_deref().is_some_and(|v| !v.is_empty()),
        })
    }
}

/// Whether adding a treatment of this type should raise an AVG check for the owner: the type
/// records health data and has never been used before.
pub fn needs_avg_check(records_health_data: bool, used_before: bool) -> bool {
    records_health_data && !used_before
}

/// The treatment form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreatmentForm {
    pub performed_on: String,
    pub type_id: String,
    pub products: String,
    pub skin_analysis: String,
    pub notes: String,
}

/// A treatment after parsing: a real type, a plausible date, no BSN in any text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentDetails {
    pub performed_on: NaiveDate,
    pub type_id: i64,
    pub products: Option<String>,
    pub skin_analysis: Option<String>,
    pub notes: Option<String>,
}

impl TreatmentDetails {
    /// `today` comes from the caller so that browser and server judge the date alike.
    pub fn parse(form: &TreatmentForm, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let performed_on = errors.check("performed_on", parse_treatment_date(&form.performed_on, today));
        let type_id = errors.check("type_id", parse_choice_id(&form.type_id));
        let products = errors.check("products", parse_optional_text(&form.products, PRODUCTS_MAX));
        let skin_analysis = errors.check("skin_analysis", parse_optional_text(&form.skin_analysis, SKIN_ANALYSIS_MAX));
        let notes = errors.check("notes", parse_optional_text(&form.notes, NOTES_MAX));
        errors.into_result()?;
        match (performed_on, type_id, products, skin_analysis, notes) {
            (Some(performed_on), Some(type_id), Some(products), Some(skin_analysis), Some(notes)) => {
                Ok(Self { performed_on, type_id, products, skin_analysis, notes })
            }
            _ => Err(ValidationErrors::new()),
        }
    }

    pub fn to_form(&self) -> TreatmentForm {
        TreatmentForm {
            performed_on: crate::domain::field::calendar_date_value(self.performed_on),
            type_id: self.type_id.to_string(),
            products: self.products.clone().unwrap_or_default(),
            skin_analysis: self.skin_analysis.clone().unwrap_or_default(),
            notes: self.notes.clone().unwrap_or_default(),
        }
    }
}

pub fn parse_treatment_date(input: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::Required);
    }
    let date = super::field::parse_calendar_date(input)?;
    if date > today {
        return Err(FieldError::DateInFuture);
    }
    let oldest = today.checked_sub_months(Months::new(12 * OLDEST_TREATMENT_YEARS)).unwrap_or(NaiveDate::MIN);
    if date < oldest {
        return Err(FieldError::DateTooLongAgo);
    }
    Ok(date)
}

fn parse_choice_id(input: &str) -> Result<i64, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::NothingChosen);
    }
    input.parse::<i64>().ok().filter(|id| *id > 0).ok_or(FieldError::InvalidChoice)
}

/// The fields that differ between two versions of a treatment, in form order. The type is
/// compared by id; the caller names it.
pub fn treatment_changes(before: &TreatmentDetails, after: &TreatmentDetails) -> Vec<FieldChange> {
    let (a, b) = (before.to_form(), after.to_form());
    changed_fields([
        ("performed_on", a.performed_on, b.performed_on),
        ("type_id", a.type_id, b.type_id),
        ("products", a.products, b.products),
        ("skin_analysis", a.skin_analysis, b.skin_analysis),
        ("notes", a.notes, b.notes),
    ])
}

/// Before or after the treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoMoment {
    Before,
    After,
}

impl PhotoMoment {
    pub fn code(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::After => "after",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "before" => Some(Self::Before),
            "after" => Some(Self::After),
            _ => None,
        }
    }
}

/// Is the client pregnant? Asked because some treatments (peelings, IPL) are contra-indicated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pregnancy {
    No,
    Yes,
    Unknown,
    NotApplicable,
}

impl Pregnancy {
    pub const ALL: [Pregnancy; 4] = [Self::No, Self::Yes, Self::Unknown, Self::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            Self::No => "no",
            Self::Yes => "yes",
            Self::Unknown => "unknown",
            Self::NotApplicable => "not_applicable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

pub const HEALTH_TEXT_MAX: usize = 1000;

/// The largest photo accepted: a phone photo is 2-8 MB; this leaves room for HEIC-to-JPEG copies.
pub const PHOTO_MAX_MB: u32 = 20;
pub const PHOTO_MAX_BYTES: usize = PHOTO_MAX_MB as usize * 1024 * 1024;

/// The health questionnaire as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthForm {
    pub allergies: String,
    pub medication: String,
    pub pregnancy: String,
    pub skin_conditions: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthAnswers {
    pub allergies: Option<String>,
    pub medication: Option<String>,
    pub pregnancy: Pregnancy,
    pub skin_conditions: Option<String>,
}

impl HealthAnswers {
    pub fn parse(form: &HealthForm) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let allergies = errors.check("allergies", parse_optional_text(&form.allergies, HEALTH_TEXT_MAX));
        let medication = errors.check("medication", parse_optional_text(&form.medication, HEALTH_TEXT_MAX));
        let pregnancy = errors.check(
            "pregnancy",
            match form.pregnancy.trim() {
                "" => Err(FieldError::NothingChosen),
                code => Pregnancy::from_code(code).ok_or(FieldError::InvalidChoice),
            },
        );
        let skin_conditions =
            errors.check("skin_conditions", parse_optional_text(&form.skin_conditions, HEALTH_TEXT_MAX));
        errors.into_result()?;
        match (allergies, medication, pregnancy, skin_conditions) {
            (Some(allergies), Some(medication), Some(pregnancy), Some(skin_conditions)) => {
                Ok(Self { allergies, medication, pregnancy, skin_conditions })
            }
            _ => Err(ValidationErrors::new()),
        }
    }

    pub fn to_form(&self) -> HealthForm {
        HealthForm {
            allergies: self.allergies.clone().unwrap_or_default(),
            medication: self.medication.clone().unwrap_or_default(),
            pregnancy: self.pregnancy.code().to_owned(),
            skin_conditions: self.skin_conditions.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn form() -> TreatmentForm {
        TreatmentForm {
            performed_on: "2026-11-22".into(),
            type_id: "3".into(),
            products: " Reinigingsmelk ".into(),
            skin_analysis: String::new(),
            notes: "Huid reageerde rustig.".into(),
        }
    }

    #[test]
    fn a_treatment_needs_a_date_and_a_type_and_nothing_else() {
        let details = TreatmentDetails::parse(&form(), today()).unwrap();
        assert_eq!(details.type_id, 3);
        assert_eq!(details.products.as_deref(), Some("Reinigingsmelk"));
        assert_eq!(details.skin_analysis, None);
        assert_eq!(TreatmentDetails::parse(&details.to_form(), today()), Ok(details));
    }

    #[test]
    fn a_treatment_date_is_not_in_the_future_nor_from_long_ago() {
        assert_eq!(parse_treatment_date("2026-11-23", today()), Err(FieldError::DateInFuture));
        assert_eq!(parse_treatment_date("1990-01-01", today()), Err(FieldError::DateTooLongAgo));
        assert_eq!(parse_treatment_date("22-11-2026", today()), Ok(today()));
        assert_eq!(parse_treatment_date("gisteren", today()), Err(FieldError::InvalidDate));
        assert_eq!(parse_treatment_date("", today()), Err(FieldError::Required));
    }

    #[test]
    fn every_refused_field_is_reported_at_once() {
        let bad = TreatmentForm {
            performed_on: "2030-01-01".into(),
            type_id: String::new(),
            notes: "BSN 111222333".into(),
            ..form()
        };
        let errors = TreatmentDetails::parse(&bad, today()).unwrap_err();
        assert_eq!(errors.get("performed_on"), &[FieldError::DateInFuture]);
        assert_eq!(errors.get("type_id"), &[FieldError::NothingChosen]);
        assert_eq!(errors.get("notes"), &[FieldError::LooksLikeBsn]);
        let forged = TreatmentForm { type_id: "-1".into(), ..form() };
        assert_eq!(TreatmentDetails::parse(&forged, today()).unwrap_err().get("type_id"), &[FieldError::InvalidChoice]);
    }

    #[test]
    fn changes_name_the_fields_that_differ() {
        let before = TreatmentDetails::parse(&form(), today()).unwrap();
        let after = TreatmentDetails { notes: Some("Lichte roodheid.".into()), ..before.clone() };
        let changes = treatment_changes(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "notes");
        assert_eq!(changes[0].after, "Lichte roodheid.");
    }

    #[test]
    fn only_the_first_use_of_a_health_data_type_asks_for_an_avg_check() {
        assert!(needs_avg_check(true, false));
        assert!(!needs_avg_check(true, true));
        assert!(!needs_avg_check(false, false));
    }

    #[test]
    fn a_treatment_type_needs_a_name() {
        let form = TreatmentTypeForm { name: "  IPL ".into(), records_health_data: Some("on".into()) };
        assert_eq!(form.parse(), Ok(NewTreatmentType { name: "IPL".into(), records_health_data: true }));
        let unnamed = TreatmentTypeForm { name: " ".into(), records_health_data: None };
        assert_eq!(unnamed.parse().unwrap_err().get("name"), &[FieldError::Required]);
    }

    #[test]
    fn the_health_questionnaire_asks_about_pregnancy_and_refuses_a_bsn() {
        let form = HealthForm {
            allergies: "Noten".into(),
            medication: String::new(),
            pregnancy: "no".into(),
            skin_conditions: "Rosacea".into(),
        };
        let answers = HealthAnswers::parse(&form).unwrap();
        assert_eq!(answers.pregnancy, Pregnancy::No);
        assert_eq!(answers.medication, None);
        assert_eq!(HealthAnswers::parse(&answers.to_form()), Ok(answers));

        let unanswered = HealthForm { pregnancy: String::new(), medication: "123456782".into(), ..form };
        let errors = HealthAnswers::parse(&unanswered).unwrap_err();
        assert_eq!(errors.get("pregnancy"), &[FieldError::NothingChosen]);
        assert_eq!(errors.get("medication"), &[FieldError::LooksLikeBsn]);
    }
}
