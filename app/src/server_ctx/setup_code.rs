//! The one-time code that the first-run setup asks for. Only someone who can read the server's
//! console (or who set `ZORGVULDIG_SETUP_CODE`) can create the practice and its owner, so a web
//! page that reaches a fresh installation cannot claim it. Only its hash is kept, in memory.

use rand::Rng;
use sha2::{Digest, Sha256};

pub struct SetupCode {
    sha256: [u8; 32],
}

impl std::fmt::Debug for SetupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetupCode(..)")
    }
}

/// Spaces, dashes and case do not matter when the code is typed over.
fn normalised(code: &str) -> String {
    code.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl SetupCode {
    pub fn new(code: &str) -> Self {
        Self { sha256: Sha256::digest(normalised(code).as_bytes()).into() }
    }

    /// A fresh random code of eight digits, and how to show it ("4821 0937").
    pub fn random() -> (Self, String) {
        let digits: String = (0..8).map(|_| char::from(b'0' + rand::rng().random_range(0..10u8))).collect();
        let shown = format!("{} {}", &digits[..4], &digits[4..]);
        (Self::new(&digits), shown)
    }

    pub fn matches(&self, typed: &str) -> bool {
        let typed = normalised(typed);
        !typed.is_empty() && <[u8; 32]>::from(Sha256::digest(typed.as_bytes())) == self.sha256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_matches_however_it_is_typed() {
        let code = SetupCode::new("4821 0937");
        assert!(code.matches("48210937"));
        assert!(code.matches(" 4821-0937 "));
        assert!(!code.matches("4821 0938"));
        assert!(!code.matches(""));
        let (random, shown) = SetupCode::random();
        assert!(random.matches(&shown));
        assert_eq!(shown.len(), 9);
    }
}
