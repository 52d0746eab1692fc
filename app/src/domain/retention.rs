//! How long a dossier is kept, from when, and on what ground (REQ-30, REQ-31, REQ-33); and the
//! tax record that outlives it (AWR 52, REQ-32). Pure: the server gathers the dates, this
//! decides.

use super::field::FieldError;
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

impl DossierRule {
    /// The terms the owner may choose. A care dossier is kept at least the law's 20 years; a
    /// beauty practice's own term stays within what a privacy statement can call necessary.
    pub fn allowed_years(self) -> std::ops::RangeInclusive<u16> {
        match self.ground {
            Ground::Wgbo => WGBO_MIN_YEARS..=50,
            Ground::PracticePolicy | Ground::Fiscal => 1..=20,
        }
    }

    /// The same rule with the term the owner typed, if the law and the range allow it.
    pub fn with_years(self, input: &str) -> Result<Self, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        let allowed = self.allowed_years();
        match input.parse::<u16>() {
            Ok(years) if self.ground == Ground::Wgbo && years < WGBO_MIN_YEARS => {
                Err(FieldError::BelowLegalMinimum { min: u32::from(WGBO_MIN_YEARS) })
            }
            Ok(years) if allowed.contains(&years) => Ok(Self { years, ..self }),
            _ => Err(FieldError::OutOfRange { min: u32::from(*allowed.start()), max: u32::from(*allowed.end()) }),
        }
    }
}

/// The least a care provider keeps a dossier (BW 7:454(3)).
pub const WGBO_MIN_YEARS: u16 = 20;

/// What the owner decided for the practice: the rule, and whether the daily run destroys what
/// is due by itself or waits for her approval of each dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    pub rule: DossierRule,
    pub automatic: bool,
}

impl RetentionPolicy {
    /// Until the owner decides otherwise: the profile's rule, and nothing destroyed unseen.
    pub fn default_for(profile: PracticeProfile) -> Self {
        Self { rule: DossierRule::for_profile(profile), automatic: false }
    }
}

/// Years after the end of the financial year a tax record is kept (AWR 52(4)).
pub const FISCAL_YEARS: u16 = 7;

/// Years the proof of a marketing consent is kept after its last use: after it was withdrawn
/// or declined, the practice may still have to show it asked (and stopped).
pub const MARKETING_PROOF_YEARS: u16 = 5;

/// The first day the proof of a marketing consent last used on `last_use` may be destroyed.
pub fn marketing_proof_kept_until(last_use: NaiveDate) -> NaiveDate {
    years_after(last_use, MARKETING_PROOF_YEARS)
}

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

/// Why a care dossier is kept past its 20 years (REQ-31): recorded with a day on which the
/// decision is looked at again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeepLongerReason {
    /// What the care of a good care provider reasonably requires (BW 7:454(3)).
    GoodCare,
    /// The client asked for it, for her own care.
    ClientRequest,
    /// Another law asks for it.
    OtherLaw,
}

impl KeepLongerReason {
    pub const ALL: [KeepLongerReason; 3] = [Self::GoodCare, Self::ClientRequest, Self::OtherLaw];

    pub fn code(self) -> &'static str {
        match self {
            Self::GoodCare => "good_care",
            Self::ClientRequest => "client_request",
            Self::OtherLaw => "other_law",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.code() == code)
    }
}

/// A documented decision to keep one dossier until a review day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepLonger {
    pub reason: KeepLongerReason,
    pub review_on: NaiveDate,
    pub decided_on: NaiveDate,
}

/// The longest a review day may lie beyond the day the term would otherwise end: the decision
/// is looked at again, not made once for ever.
pub const KEEP_LONGER_MAX_YEARS: u16 = 20;

impl KeepLonger {
    /// The review day the owner typed (`YYYY-MM-DD`, as a date field sends it); whether it may
    /// be chosen is [`KeepLonger::review_on_within`], which needs the dossier's term.
    pub fn parse_review_on(input: &str) -> Result<NaiveDate, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate)
    }

    /// `day`, if it lies after the day the dossier is kept until anyway (`term`, or today once
    /// that has passed) and within [`KEEP_LONGER_MAX_YEARS`] of it.
    pub fn review_on_within(day: NaiveDate, term: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
        let kept_anyway = term.max(today);
        let from = kept_anyway.succ_opt().unwrap_or(NaiveDate::MAX);
        let until = years_after(kept_anyway, KEEP_LONGER_MAX_YEARS);
        if day < from || day > until {
            return Err(FieldError::DateOutside { from, until });
        }
        Ok(day)
    }
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
    /// The day the rule's term ends; `date` is later when a decision keeps it longer.
    pub term_ends: NaiveDate,
    /// The decision that keeps it past `term_ends`, if any.
    pub kept_longer: Option<KeepLonger>,
}

impl KeptUntil {
    pub fn of(rule: DossierRule, dates: &DossierDates, decision: Option<KeepLonger>) -> Self {
        let anchor = match rule.anchor {
            Anchor::LastTreatment => dates.last_treatment_on,
            Anchor::LastClinicalChange => dates.last_clinical_change_on,
        };
        let from_opening = anchor.is_none();
        let term_ends = years_after(anchor.unwrap_or(dates.opened_on), rule.years);
        // A decision only ever lengthens the term: a later clinical entry can move the term
        // past a review day chosen before it.
        let kept_longer = decision.filter(|decision| decision.review_on > term_ends);
        let date = kept_longer.map_or(term_ends, |decision| decision.review_on);
        Self { date, rule, from_opening, term_ends, kept_longer }
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
        let kept = KeptUntil::of(rule, &dates("2025-01-10", Some("2026-03-14"), Some("2026-03-14")), None);
        assert_eq!(kept.date, day("2028-03-14"));
        assert_eq!(kept.rule.ground, Ground::PracticePolicy);
        assert!(!kept.is_due(day("2028-03-13")));
        assert!(kept.is_due(day("2028-03-14")));
    }

    #[test]
    fn a_care_dossier_runs_twenty_years_from_its_last_clinical_change() {
        let rule = DossierRule::for_profile(PracticeProfile::CareProvider);
        let kept = KeptUntil::of(rule, &dates("2020-05-01", Some("2021-02-01"), Some("2022-07-09")), None);
        assert_eq!(kept.date, day("2042-07-09"));
        assert_eq!(kept.rule.ground, Ground::Wgbo);
        assert!(!kept.is_due(day("2042-07-08")));
    }

    #[test]
    fn without_treatments_the_term_runs_from_the_opening() {
        let rule = DossierRule::for_profile(PracticeProfile::BeautyWkkgz);
        let kept = KeptUntil::of(rule, &dates("2026-12-02", None, None), None);
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
    fn marketing_proof_is_kept_five_years_after_its_last_use() {
        assert_eq!(marketing_proof_kept_until(day("2026-12-03")), day("2031-12-03"));
        assert_eq!(marketing_proof_kept_until(day("2028-02-29")), day("2033-02-28"));
    }

    #[test]
    fn a_tax_record_keeps_only_the_first_initial_and_the_surname() {
        assert_eq!(fiscal_name("Zoë", "de Vries"), "Z. de Vries");
        assert_eq!(fiscal_name(" ilse ", "Jansen"), "I. Jansen");
        assert_eq!(fiscal_name("", "Jansen"), "Jansen");
    }

    #[test]
    fn the_owner_may_lengthen_a_care_dossier_but_never_shorten_it_below_twenty_years() {
        let care = DossierRule::for_profile(PracticeProfile::CareProvider);
        assert_eq!(care.with_years("25").map(|rule| rule.years), Ok(25));
        assert_eq!(care.with_years(" 20 ").map(|rule| (rule.years, rule.ground)), Ok((20, Ground::Wgbo)));
        assert_eq!(care.with_years("15"), Err(FieldError::BelowLegalMinimum { min: 20 }));
        assert_eq!(care.with_years("0"), Err(FieldError::BelowLegalMinimum { min: 20 }));
        assert_eq!(care.with_years("51"), Err(FieldError::OutOfRange { min: 20, max: 50 }));
        assert_eq!(care.with_years("twintig"), Err(FieldError::OutOfRange { min: 20, max: 50 }));
        assert_eq!(care.with_years(""), Err(FieldError::Required));
    }

    #[test]
    fn a_beauty_practice_chooses_its_own_term_from_one_to_twenty_years() {
        let beauty = DossierRule::for_profile(PracticeProfile::BeautyOther);
        let three = beauty.with_years("3").unwrap();
        assert_eq!((three.years, three.anchor, three.ground), (3, Anchor::LastTreatment, Ground::PracticePolicy));
        assert_eq!(beauty.with_years("0"), Err(FieldError::OutOfRange { min: 1, max: 20 }));
        assert_eq!(beauty.with_years("21"), Err(FieldError::OutOfRange { min: 1, max: 20 }));
        assert_eq!(beauty.with_years("-2"), Err(FieldError::OutOfRange { min: 1, max: 20 }));
    }

    #[test]
    fn a_decision_to_keep_longer_moves_the_date_to_its_review_day() {
        let rule = DossierRule::for_profile(PracticeProfile::CareProvider);
        let decision = KeepLonger {
            reason: KeepLongerReason::GoodCare,
            review_on: day("2047-01-01"),
            decided_on: day("2026-12-03"),
        };
        let kept = KeptUntil::of(rule, &dates("2020-05-01", None, Some("2022-07-09")), Some(decision));
        assert_eq!(kept.date, day("2047-01-01"));
        assert_eq!(kept.term_ends, day("2042-07-09"));
        assert_eq!(kept.kept_longer, Some(decision));
        assert!(!kept.is_due(day("2046-12-31")));
        assert!(kept.is_due(day("2047-01-01")));
        // A clinical entry after the decision can carry the term past its review day.
        let later = KeptUntil::of(rule, &dates("2020-05-01", None, Some("2030-01-01")), Some(decision));
        assert_eq!((later.date, later.kept_longer), (day("2050-01-01"), None));
    }

    #[test]
    fn a_review_day_lies_after_the_term_and_within_twenty_years_of_it() {
        let term = day("2042-07-09");
        let today = day("2026-12-03");
        let within = |day| KeepLonger::review_on_within(day, term, today);
        assert_eq!(within(day("2045-01-01")), Ok(day("2045-01-01")));
        let outside = Err(FieldError::DateOutside { from: day("2042-07-10"), until: day("2062-07-09") });
        assert_eq!(within(day("2042-07-09")), outside);
        assert_eq!(within(day("2062-07-10")), outside);
        assert_eq!(within(day("2062-07-09")), Ok(day("2062-07-09")));
        // A term that already ended: from tomorrow on.
        assert_eq!(
            KeepLonger::review_on_within(day("2026-12-03"), day("2020-01-01"), today),
            Err(FieldError::DateOutside { from: day("2026-12-04"), until: day("2046-12-03") })
        );
    }

    #[test]
    fn a_review_day_is_a_day_in_the_form_a_date_field_sends() {
        assert_eq!(KeepLonger::parse_review_on(" 2045-01-01 "), Ok(day("2045-01-01")));
        assert_eq!(KeepLonger::parse_review_on("09-07-2045"), Err(FieldError::InvalidDate));
        assert_eq!(KeepLonger::parse_review_on("2045-02-30"), Err(FieldError::InvalidDate));
        assert_eq!(KeepLonger::parse_review_on(" "), Err(FieldError::Required));
    }

    #[test]
    fn codes_read_back() {
        for reason in KeepLongerReason::ALL {
            assert_eq!(KeepLongerReason::from_code(reason.code()), Some(reason));
        }
        for reason in HoldReason::ALL {
            assert_eq!(HoldReason::from_code(reason.code()), Some(reason));
        }
        for destruction in [Destruction::TermEnded, Destruction::OnRequest, Destruction::ReappliedAfterRestore] {
            assert_eq!(Destruction::from_code(destruction.code()), Some(destruction));
        }
        assert_eq!(HoldReason::from_code("boos"), None);
    }
}
