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

/// Every prefix of every token ("zoe": "z", "zo", "zoe"), each once: a prefix search becomes an
/// exact match on one of these.
pub fn name_prefixes(tokens: &[String]) -> Vec<String> {
    let mut prefixes: Vec<String> = tokens
        .iter()
        .flat_map(|token| token.char_indices().map(|(at, c)| token[..at + c.len_utf8()].to_owned()))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    prefixes
}

/// Where a client stands in a list of names: by surname, then first name (both folded, so
/// "Österreicher" stands with the o's), then the id, so no two clients ever tie.
pub fn sort_key(first_name: &str, surname: &str, id: &str) -> String {
    format!("{}\u{1}{}\u{1}{id}", fold_words(surname).join(" "), fold_words(first_name).join(" "))
}

/// The words of a search query, at most five (more adds nothing to a name search).
pub fn query_words(query: &str) -> Vec<String> {
    let mut words = fold_words(query);
    words.truncate(5);
    words
}

/// A client's tokens as the name index stores them beside each prefix: each after a space, so
/// that a query word starts a token exactly where [`word_start`] is found in it.
pub fn spaced_tokens(tokens: &[String]) -> String {
    tokens.iter().map(|token| format!(" {token}")).collect()
}

/// What [`spaced_tokens`] holds where a token starts with `word`.
pub fn word_start(word: &str) -> String {
    format!(" {word}")
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
    fn a_word_is_found_in_the_spaced_tokens_only_where_a_token_starts() {
        let stored = spaced_tokens(&name_tokens("Anouk", None, "de Boer"));
        assert_eq!(stored, " anouk boer de deboer");
        assert!(stored.contains(&word_start("boe")));
        assert!(stored.contains(&word_start("deb")));
        assert!(!stored.contains(&word_start("oer")), "inside a word");
        assert!(!stored.contains(&word_start("anouk de")), "two words are two checks");
    }

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

    #[test]
    fn every_prefix_is_stored_once() {
        let tokens = name_tokens("Zoë", None, "Zo");
        assert_eq!(name_prefixes(&tokens), ["z", "zo", "zoe"]);
        assert_eq!(name_prefixes(&["ål".to_owned()]), ["å", "ål"], "prefixes end on whole characters");
    }

    #[test]
    fn names_sort_by_surname_then_first_name_without_regard_to_accents() {
        let mut keys = [
            sort_key("Zoë", "de Vries", "3"),
            sort_key("Anna", "Ösi", "1"),
            sort_key("Bram", "de Vries", "2"),
            sort_key("anna", "Berg", "4"),
        ];
        keys.sort();
        let ids: Vec<&str> = keys.iter().map(|key| key.rsplit('\u{1}').next().unwrap()).collect();
        assert_eq!(ids, ["4", "2", "3", "1"]);
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

        /// The database's check of a further query word on the spaced tokens finds exactly the
        /// names [`matches`] finds.
        #[test]
        fn the_spaced_tokens_match_as_the_tokens_do(
            first in "[A-Za-zÀ-ÿ]{1,8}( [A-Za-zÀ-ÿ]{1,8})?",
            surname in "[a-z]{1,3} [A-Za-zÀ-ÿ]{1,10}",
            query in "[A-Za-zÀ-ÿ]{1,6}",
        ) {
            let tokens = name_tokens(&first, None, &surname);
            for word in fold_words(&query) {
                let found = spaced_tokens(&tokens).contains(&word_start(&word));
                prop_assert_eq!(found, matches(&tokens, &[word]));
            }
        }
    }
}
