//! Name search that forgives accents and case: "zoe" finds "Zoë", "muller" finds "Müller".

use unicode_normalization::UnicodeNormalization;

/// Lower-case words with diacritics removed; everything that is not a letter or digit separates.
pub fn fold_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ß' => 's',
            'ø' => 'o',
            'æ' => 'a',
            'ł' => 'l',
            other => other,
        })
        .collect();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The search tokens stored for a client: each name word, plus the surname run together so that
/// "vandenberg" finds "van den Berg".
pub fn name_tokens(first_name: &str, initials: Option<&str>, surname: &str) -> Vec<String> {
    let mut tokens = fold_words(first_name);
    tokens.extend(initials.map(fold_words).unwrap_or_default());
    let surname_words = fold_words(surname);
    if surname_words.len() > 1 {
        tokens.push(surname_words.concat());
    }
    tokens.extend(surname_words);
    tokens.sort();
    tokens.dedup();
    tokens
}

/// The words of a search query, at most five (more adds nothing to a name search).
pub fn query_words(query: &str) -> Vec<String> {
    let mut words = fold_words(query);
    words.truncate(5);
    words
}

/// True when every query word is a prefix of some token: the same rule the database applies.
pub fn matches(tokens: &[String], query: &[String]) -> bool {
    query.iter().all(|word| tokens.iter().any(|token| token.starts_with(word.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(fold_words("Zoë Müller-Lüdenscheidt"), vec!["zoe", "muller", "ludenscheidt"]);
        assert_eq!(fold_words("  "), Vec::<String>::new());
    }

    #[test]
    fn tokens_cover_names_and_joined_surname() {
        let tokens = name_tokens("Zoë", Some("Z.M."), "van den Berg");
        assert!(matches(&tokens, &query_words("Zoe")));
        assert!(matches(&tokens, &query_words("zo berg")));
        assert!(matches(&tokens, &query_words("vandenb")));
        assert!(!matches(&tokens, &query_words("zoe jansen")));
    }

    proptest! {
        /// A prefix of any name word, typed without accents, always finds the name.
        #[test]
        fn any_prefix_finds_the_name(name in "[A-Za-zÀ-ÿ]{1,12}", cut in 1usize..12) {
            let tokens = name_tokens(&name, None, "Jansen");
            let folded = fold_words(&name);
            prop_assume!(!folded.is_empty());
            let word = &folded[0];
            let prefix: String = word.chars().take(cut).collect();
            prop_assert!(matches(&tokens, &[prefix]));
        }
    }
}
