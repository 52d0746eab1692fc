//! How long a dossier is kept, from when, and on what ground (REQ-30, REQ-31, REQ-33); and the
//! tax record that outlives it (AWR 52, REQ-32). Pure: the server gathers the dates, this
//! decides.

use super::practice::PracticeProfile;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whether a term is the law's or the practice's own choice: the owner sees which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ground {
    /// BW 7:454(3): a care provider keeps the dossier 20 years.
    Wgbo,
    /// The practice's privacy statement: the client card and treatment history, two years after
    /// the last treatment (seed 000).
    PracticePolicy,
    /// AWR 52(4): what the tax administration may ask for, 7 years.
    Fiscal,
}

impl Ground {
    pub fn code(self) -> &'static str {
        match self {
            Self::Wgbo => "wgbo",
            Self::PracticePolicy => "practice_policy",
            Self::Fiscal => "fiscal",
        }
    }
}

/// From which moment a dossier's term runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// The last treatment given (beauty practices).
    LastTreatment,
    /// The last change to what is clinical: treatments, their corrections, health answers,
    /// photos. A corrected address or phone number does not restart the term (REQ-31).
    LastClinicalChange,
}

/// The rule a practice's dossiers are kept by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierRule {
    pub years: u16,
    pub anchor: Anchor,
    pub ground: Ground,
}

impl DossierRule {
    /// The default for the kind of practice the owner chose at setup.
    pub fn for_profile(profile: PracticeProfile) -> Self {
        match profile {
            PracticeProfile::CareProvider => {
                Self { years: 20, anchor: Anchor::LastClinicalChange, ground: Ground::Wgbo }
            }
            PracticeProfile::BeautyWkkgz | PracticeProfile::BeautyOther => {
                Self { years: 2, anchor: Anchor::LastTreatment, ground: Ground::PracticePolicy }
            }
        }
    }
}

/// Years after the end of the financial year a tax record is kept (AWR 52(4)).
pub const FISCAL_YEARS: u16 = 7;

/// A request for destruction of a WGBO dossier is carried out within three months (BW 7:455).
pub const WGBO_REQUEST_MONTHS: u32 = 3;

/// The dates the server found for one dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DossierDates {
    /// The day the dossier was opened: the anchor while nothing else has happened.
    pub opened_on: NaiveDate,
    /// The day of the last treatment given.
    pub last_treatment_on: Option<NaiveDate>,
    /// The day of the last clinical change.
    pub last_clinical_change_on: Option<NaiveDate>,
}

/// Until when a dossier is kept, and why: "Bewaard tot 14-03-2028: twee jaar na de laatste
/// behandeling".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptUntil {
    /// The first day on which the dossier may be destroyed.
    pub date: NaiveDate,
    pub rule: DossierRule,
    /// The term runs from the opening of the dossier: nothing the anchor names happened yet.
    pub from_opening: bool,
}

impl KeptUntil {
    pub fn of(rule: DossierRule, dates: &DossierDates) -> Self {
        let anchor = match rule.anchor {
            Anchor::LastTreatment => dates.last_treatment_on,
            Anchor::LastClinicalChange => dates.last_clinical_change_on,
        };
        let from_opening = anchor.is_none();
        Self { date: years_after(anchor.unwrap_or(dates.opened_on), rule.years), rule, from_opening }
    }

    /// Due on its date, not a day earlier.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        today >= self.date
    }
}

/// The same day `years` later; 29 February becomes 28 February in a year without it.
pub fn years_after(date: NaiveDate, years: u16) -> NaiveDate {
    let year = date.year() + i32::from(years);
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
        .unwrap_or(NaiveDate::MAX)
}

/// Until when a tax record of treatments given up to `last_given_on` is kept: 7 years after
/// the end of that financial year (the calendar year), so due on 1 January of the 8th year.
pub fn fiscal_kept_until(last_given_on: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(last_given_on.year() + 1 + i32::from(FISCAL_YEARS), 1, 1).unwrap_or(NaiveDate::MAX)
}

/// The name a tax record keeps: the first initial and the surname ("Z. de Vries"), nothing else.
pub fn fiscal_name(first_name: &str, surname: &str) -> String {
    match first_name.trim().chars().next() {
        Some(initial) => format!("{}. {}", initial.to_uppercase(), surname.trim()),
        None => surname.trim().to_owned(),
    }
}

/// Why a dossier must not be destroyed now (a legal hold). The owner adds a note of her own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HoldReason {
    /// A complaint is being handled (Wkkgz).
    Complaint,
    /// A claim or legal proceedings.
    Claim,
    /// An inspection or another authority asked for it.
    Inspection,
    /// Someone else's substantial interest (BW 7:455(2)).
    OthersInterest,
}

impl HoldReason {
    pub const ALL: [HoldReason; 4] = [Self::Complaint, Self::Claim, Self::Inspection, Self::OthersInterest];

    pub fn code(self) -> &'static str {
        match self {
            Self::Complaint => "complaint",
            Self::Claim => "claim",
            Self::Inspection => "inspection",
            Self::OthersInterest => "others_interest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.code() == code)
    }
}

/// Why a dossier was destroyed: stored in the destruction ledger as a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destruction {
    /// Its term ended and the owner approved the list.
    TermEnded,
    /// The client asked for it (AVG art. 17, BW 7:455).
    OnRequest,
    /// A copy of the database from before its destruction was restored: destroyed again.
    ReappliedAfterRestore,
}

impl Destruction {
    pub fn code(self) -> &'static str {
        match self {
            Self::TermEnded => "term_ended",
            Self::OnRequest => "on_request",
            Self::ReappliedAfterRestore => "reapplied_after_restore",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::TermEnded, Self::OnRequest, Self::ReappliedAfterRestore].into_iter().find(|d| d.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dates(opened: &str, treated: Option<&str>, clinical: Option<&str>) -> DossierDates {
        DossierDates {
            opened_on: day(opened),
            last_treatment_on: treated.map(day),
            last_clinical_change_on: clinical.map(day),
        }
    }

    #[test]
    fn a_beauty_dossier_is_due_two_years_after_the_last_treatment_and_not_a_day_earlier() {
        let rule = DossierRule::for_profile(PracticeProfile::BeautyOther);
        let kept = KeptUntil::of(rule, &dates("2025-01-10", Some("2026-03-14"), Some("2026-03-14")));
        assert_eq!(kept.date, day("2028-03-14"));
        assert_eq!(kept.rule.ground, Ground::PracticePolicy);
        assert!(!kept.is_due(day("2028-03-13")));
        assert!(kept.is_due(day("2028-03-14")));
    }

    #[test]
    fn a_care_dossier_runs_twenty_years_from_its_last_clinical_change() {
        let rule = DossierRule::for_profile(PracticeProfile::CareProvider);
        let kept = KeptUntil::of(rule, &dates("2020-05-01", Some("2021-02-01"), Some("2022-07-09")));
        assert_eq!(kept.date, day("2042-07-09"));
        assert_eq!(kept.rule.ground, Ground::Wgbo);
        assert!(!kept.is_due(day("2042-07-08")));
    }

    #[test]
    fn without_treatments_the_term_runs_from_the_opening() {
        let rule = DossierRule::for_profile(PracticeProfile::BeautyWkkgz);
        let kept = KeptUntil::of(rule, &dates("2026-12-02", None, None));
        assert_eq!(kept.date, day("2028-12-02"));
        assert!(kept.from_opening);
    }

    #[test]
    fn the_twenty_ninth_of_february_falls_back_to_the_twenty_eighth() {
        assert_eq!(years_after(day("2028-02-29"), 2), day("2030-02-28"));
        assert_eq!(years_after(day("2028-02-29"), 4), day("2032-02-29"));
    }

    #[test]
    fn a_tax_record_is_kept_seven_years_after_the_end_of_its_financial_year() {
        assert_eq!(fiscal_kept_until(day("2026-03-14")), day("2034-01-01"));
        assert_eq!(fiscal_kept_until(day("2026-12-31")), day("2034-01-01"));
    }

    #[test]
    fn a_tax_record_keeps_only_the_first_initial_and_the_surname() {
        assert_eq!(fiscal_name("Zoë", "de Vries"), "Z. de Vries");
        assert_eq!(fiscal_name(" ilse ", "Jansen"), "I. Jansen");
        assert_eq!(fiscal_name("", "Jansen"), "Jansen");
    }

    #[test]
    fn codes_read_back() {
        for reason in HoldReason::ALL {
            assert_eq!(HoldReason::from_code(reason.code()), Some(reason));
        }
        for destruction in [Destruction::TermEnded, Destruction::OnRequest, Destruction::ReappliedAfterRestore] {
            assert_eq!(Destruction::from_code(destruction.code()), Some(destruction));
        }
        assert_eq!(HoldReason::from_code("boos"), None);
    }
}
