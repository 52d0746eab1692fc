//! The languages the app speaks: the interface, the consent texts and the client's copy.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// The cookie that carries the reader's language (only "nl" or "en", nothing personal) to the
/// server's rendering and to hydration, so both render the same words.
pub const COOKIE: &str = "taal";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// The practice's own language, and the default everywhere.
    #[default]
    Nl,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Nl, Language::En];

    /// The stored code (also the HTML `lang` value).
    pub fn code(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|language| language.code() == code)
    }

    /// The first language we speak in a browser's `Accept-Language` list, by its weights.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim().to_ascii_lowercase();
                let weight = parts
                    .find_map(|param| param.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                    .unwrap_or(1.0);
                let primary = tag.split('-').next()?;
                Some((weight, Self::from_code(primary)?))
            })
            .filter(|(weight, _)| *weight > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, language)| *language)
    }

    /// A language as a form sends it.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::from_code(input.trim()).ok_or(FieldError::InvalidLanguage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_anything_else_is_refused() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Ok(language));
        }
        assert_eq!(Language::parse(" en "), Ok(Language::En));
        assert_eq!(Language::parse("de"), Err(FieldError::InvalidLanguage));
        assert_eq!(Language::parse(""), Err(FieldError::InvalidLanguage));
    }

    #[test]
    fn a_browser_preference_picks_the_first_language_we_speak() {
        assert_eq!(Language::from_accept_language("en-GB,en;q=0.9"), Some(Language::En));
        assert_eq!(Language::from_accept_language("de-DE,de;q=0.9,en;q=0.8,nl;q=0.7"), Some(Language::En));
        assert_eq!(Language::from_accept_language("nl-NL,nl;q=0.9,en-US;q=0.8"), Some(Language::Nl));
        assert_eq!(Language::from_accept_language("en;q=0.5,nl"), Some(Language::Nl));
        assert_eq!(Language::from_accept_language("fr-FR,de"), None);
        assert_eq!(Language::from_accept_language("en;q=0"), None);
        assert_eq!(Language::from_accept_language(""), None);
    }
}
