//! Recognising a burgerservicenummer so that it is never stored (REQ-36): a practice without a
//! legal basis may not record it, and people type it into any field that looks official.

/// True when `digits` (exactly nine ASCII digits) passes the elfproef used for BSNs:
/// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and the number is not all zeros.
pub fn passes_elfproef(digits: &[u8; 9]) -> bool {
    if digits.iter().all(|d| *d == 0) {
        return false;
    }
    let weighted: i32 =
        digits[..8].iter().enumerate().map(|(i, d)| (9 - i as i32) * i32::from(*d)).sum::<i32>() - i32::from(digits[8]);
    weighted % 11 == 0
}

/// True when the text holds a group of exactly nine digits that passes the elfproef.
///
/// A group is a run of digits in which single spaces, dots or dashes may stand between digits,
/// because a BSN is often written as `1234.56.782` or `123 456 782`. Longer groups (IBANs, phone
/// numbers with a country code) do not count: their nine-digit slices are not BSNs.
pub fn contains_bsn_like_number(text: &str) -> bool {
    digit_groups(text)
        .any(|group| <[u8; 9]>::try_from(group.as_slice()).map(|nine| passes_elfproef(&nine)).unwrap_or(false))
}

fn digit_groups(text: &str) -> impl Iterator<Item = Vec<u8>> + '_ {
    let chars: Vec<char> = text.chars().collect();
    let mut groups = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            current.push(d as u8);
        } else {
            let is_separator = matches!(c, ' ' | '.' | '-');
            let joins_digits =
                is_separator && !current.is_empty() && chars.get(i + 1).is_some_and(|next| next.is_ascii_digit());
            if !joins_digits && !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
        }
        i += 1;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_valid_bsns_are_recognised() {
        // 111222333 and 123456782 are the usual public test numbers.
        for text in ["111222333", "123456782", "1234.56.782", "123 456 782", "mijn bsn is 111-222-333."] {
            assert!(contains_bsn_like_number(text), "{text} should look like a BSN");
        }
    }

    #[test]
    fn other_numbers_are_left_alone() {
        for text in [
            "123456789",          // fails the elfproef
            "000000000",          // all zeros
            "0612345678",         // mobile number: ten digits
            "+31 612345678",      // one group of eleven digits
            "NL91ABNA0417164300", // IBAN
            "12345678",           // KvK number: eight digits
            "Dorpsstraat 12",
            "",
        ] {
            assert!(!contains_bsn_like_number(text), "{text} should not look like a BSN");
        }
    }

    #[test]
    fn a_bsn_inside_a_longer_text_is_found() {
        assert!(contains_bsn_like_number("Allergie voor noten. 111222333 en verder niets"));
    }

    proptest! {
        /// Any nine digits that pass the elfproef are caught wherever they stand in a text.
        #[test]
        fn every_elfproef_number_is_caught(digits in proptest::array::uniform9(0u8..10), prefix in "[a-z ]{0,20}", suffix in "[a-z ]{0,20}") {
            let number: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let text = format!("{prefix} {number} {suffix}");
            prop_assert_eq!(contains_bsn_like_number(&text), passes_elfproef(&digits));
        }

        /// Free text never makes the check panic.
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = contains_bsn_like_number(&text);
        }
    }
}
