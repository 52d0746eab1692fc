//! The second step of signing in: a six-digit code from an authenticator app (TOTP, RFC 6238) or
//! one of ten one-time recovery codes; and the forms of a person's own security page.

use super::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

/// How many recovery codes a person gets at once.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code, shown in groups of four: `k7mq-p2xd-9hwr`.
pub const RECOVERY_CODE_LENGTH: usize = 12;
/// The letters and digits a recovery code is made of: no 0/o, 1/l/i, so none is misread.
pub const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// What was typed in the code field, read as what it can only be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondStepCode {
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, without its dashes and in lower case.
    Recovery(String),
}

/// Reads a code as typed: spaces and dashes are ignored, capitals count as small letters.
pub fn parse_code(input: &str) -> Result<SecondStepCode, FieldError> {
    let compact: String =
        input.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect();
    if compact.is_empty() {
        return Err(FieldError::Required);
    }
    if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(SecondStepCode::Totp(compact));
    }
    if compact.len() == RECOVERY_CODE_LENGTH && compact.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Ok(SecondStepCode::Recovery(compact));
    }
    Err(FieldError::InvalidCode)
}

/// Only a code from the app: setting up the second step proves the app shows the right codes.
pub fn parse_app_code(input: &str) -> Result<String, FieldError> {
    match parse_code(input)? {
        SecondStepCode::Totp(code) => Ok(code),
        SecondStepCode::Recovery(_) => Err(FieldError::InvalidCode),
    }
}

/// A recovery code as shown to a person: groups of four, easier to copy by hand.
pub fn show_recovery_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join("-")
}

/// The code field of the sign-in step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}

impl CodeForm {
    pub fn parse(&self) -> Result<SecondStepCode, ValidationErrors> {
        parse_code(&self.code).map_err(|error| ValidationErrors::one("code", error))
    }

    pub fn parse_app_code(&self) -> Result<String, ValidationErrors> {
        parse_app_code(&self.code).map_err(|error| ValidationErrors::one("code", error))
    }
}

/// Changing one's own password: the current one and a code prove it is really them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChangeForm {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_repeat: String,
    #[serde(default)]
    pub code: String,
}

/// A checked [`PasswordChangeForm`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub code: SecondStepCode,
}

impl PasswordChangeForm {
    pub fn parse(&self) -> Result<PasswordChange, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.current.is_empty() {
            errors.add("current", FieldError::Required);
        }
        let new = errors.check("password", super::user::parse_new_password(&self.password));
        if new.is_some() && self.password != self.password_repeat {
            errors.add("password_repeat", FieldError::PasswordsDiffer);
        }
        if new.is_some() && self.password == self.current {
            errors.add("password", FieldError::PasswordReused);
        }
        let code = errors.check("code", parse_code(&self.code));
        errors.into_result()?;
        match (new, code) {
            (Some(new), Some(code)) => Ok(PasswordChange { current: self.current.clone(), new, code }),
            _ => Err(ValidationErrors::one("password", FieldError::Required)),
        }
    }
}

/// What the browser a session was started in calls itself, reduced to two codes so that the
/// session list can say "Chrome on Android" without keeping the whole user-agent string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub browser: Browser,
    pub system: System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Browser {
    Edge,
    Firefox,
    Chrome,
    Safari,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum System {
    Android,
    Ios,
    Windows,
    MacOs,
    Linux,
    Other,
}

impl Device {
    /// Reads the two codes off a `User-Agent` header; the order of the checks matters, since
    /// Edge names Chrome and Safari too, and Chrome names Safari.
    pub fn from_user_agent(agent: &str) -> Self {
        let has = |needle: &str| agent.contains(needle);
        let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
            Browser::Edge
        } else if has("Firefox/") || has("FxiOS/") {
            Browser::Firefox
        } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
            Browser::Chrome
        } else if has("Safari/") {
            Browser::Safari
        } else {
            Browser::Other
        };
        let system = if has("Android") {
            System::Android
        } else if has("iPhone") || has("iPad") || has("iPod") {
            System::Ios
        } else if has("Windows") {
            System::Windows
        } else if has("Mac OS X") || has("Macintosh") {
            System::MacOs
        } else if has("Linux") || has("CrOS") {
            System::Linux
        } else {
            System::Other
        };
        Self { browser, system }
    }

    /// As stored: `chrome/android`.
    pub fn code(self) -> String {
        let browser = match self.browser {
            Browser::Edge => "edge",
            Browser::Firefox => "firefox",
            Browser::Chrome => "chrome",
            Browser::Safari => "safari",
            Browser::Other => "other",
        };
        let system = match self.system {
            System::Android => "android",
            System::Ios => "ios",
            System::Windows => "windows",
            System::MacOs => "macos",
            System::Linux => "linux",
            System::Other => "other",
        };
        format!("{browser}/{system}")
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let (browser, system) = code.split_once('/')?;
        let browser = match browser {
            "edge" => Browser::Edge,
            "firefox" => Browser::Firefox,
            "chrome" => Browser::Chrome,
            "safari" => Browser::Safari,
            "other" => Browser::Other,
            _ => return None,
        };
        let system = match system {
            "android" => System::Android,
            "ios" => System::Ios,
            "windows" => System::Windows,
            "macos" => System::MacOs,
            "linux" => System::Linux,
            "other" => System::Other,
            _ => return None,
        };
        Some(Self { browser, system })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_are_an_app_code_whatever_the_spacing() {
        assert_eq!(parse_code("123 456"), Ok(SecondStepCode::Totp("123456".into())));
        assert_eq!(parse_code(" 123456 "), Ok(SecondStepCode::Totp("123456".into())));
        assert_eq!(parse_code(""), Err(FieldError::Required));
        assert_eq!(parse_code("12345"), Err(FieldError::InvalidCode));
        assert_eq!(parse_code("1234567"), Err(FieldError::InvalidCode));
        assert_eq!(parse_code("12a456"), Err(FieldError::InvalidCode));
    }

    #[test]
    fn recovery_codes_are_read_without_dashes_or_capitals() {
        assert_eq!(parse_code("K7MQ-P2XD-9HWR"), Ok(SecondStepCode::Recovery("k7mqp2xd9hwr".into())));
        assert_eq!(parse_code("k7mq p2xd 9hwr"), Ok(SecondStepCode::Recovery("k7mqp2xd9hwr".into())));
        // Letters that look like digits are never in a code, so a misread one is refused.
        assert_eq!(parse_code("k7mq-p2xd-9hw0"), Err(FieldError::InvalidCode));
        assert_eq!(show_recovery_code("k7mqp2xd9hwr"), "k7mq-p2xd-9hwr");
        assert_eq!(parse_app_code("k7mq-p2xd-9hwr"), Err(FieldError::InvalidCode));
    }

    #[test]
    fn a_new_password_must_differ_from_the_current_one() {
        let form = PasswordChangeForm {
            current: "het oude wachtwoord".into(),
            password: "het oude wachtwoord".into(),
            password_repeat: "het oude wachtwoord".into(),
            code: "123456".into(),
        };
        assert_eq!(form.parse().unwrap_err().get("password"), &[FieldError::PasswordReused]);
        let form = PasswordChangeForm { password: "een heel nieuw wachtwoord".into(), ..form };
        assert_eq!(form.parse().unwrap_err().get("password_repeat"), &[FieldError::PasswordsDiffer]);
        let form = PasswordChangeForm { password_repeat: "een heel nieuw wachtwoord".into(), ..form };
        let change = form.parse().unwrap();
        assert_eq!(change.new, "een heel nieuw wachtwoord");
        assert_eq!(change.code, SecondStepCode::Totp("123456".into()));
        let empty = PasswordChangeForm::default().parse().unwrap_err();
        assert_eq!(empty.get("current"), &[FieldError::Required]);
        assert_eq!(empty.get("code"), &[FieldError::Required]);
    }

    #[test]
    fn devices_are_told_apart_by_their_user_agent() {
        let pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
        let ipad = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(Device::from_user_agent(pixel), Device { browser: Browser::Chrome, system: System::Android });
        assert_eq!(Device::from_user_agent(ipad), Device { browser: Browser::Safari, system: System::Ios });
        assert_eq!(Device::from_user_agent(edge), Device { browser: Browser::Edge, system: System::Windows });
        assert_eq!(Device::from_user_agent(firefox), Device { browser: Browser::Firefox, system: System::Linux });
        assert_eq!(Device::from_user_agent(""), Device { browser: Browser::Other, system: System::Other });
        for device in [pixel, ipad, edge, firefox, ""].map(Device::from_user_agent) {
            assert_eq!(Device::from_code(&device.code()), Some(device));
        }
        assert_eq!(Device::from_code("netscape/beos"), None);
    }
}
