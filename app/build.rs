//! Turns `locales/nl.json` and `locales/en.json` into the `i18n` module. A key that one language
//! has and the other lacks stops the build, so no reader ever meets a missing sentence.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LOCALES: [&str; 2] = ["nl", "en"];

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let keys: Vec<BTreeSet<String>> =
        LOCALES.iter().map(|locale| keys_of(&dir.join(format!("locales/{locale}.json")))).collect();
    let mut parity_broken = false;
    for (locale, own) in LOCALES.iter().zip(&keys) {
        for (other_locale, other) in LOCALES.iter().zip(&keys) {
            for missing in other.difference(own) {
                println!(
                    "cargo::error=locales/{locale}.json lacks \"{missing}\", which locales/{other_locale}.json has"
                );
                parity_broken = true;
            }
        }
    }
    if parity_broken {
        return;
    }

    // Sentences with values in them are also needed as plain strings (messages, documents).
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new(LOCALES[0])
        .and_then(|config| config.add_locale(LOCALES[1]))
        .expect("valid locale names")
        .parse_options(options);
    let translations = TranslationsInfos::parse(config).unwrap_or_else(|error| panic!("locales: {error}"));
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    translations.generate_i18n_module(out_dir.join("i18n")).unwrap_or_else(|error| panic!("i18n module: {error}"));
}

/// The keys of one locale file; a nested object's keys are joined with dots.
fn keys_of(path: &Path) -> BTreeSet<String> {
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut keys = BTreeSet::new();
    collect(&value, String::new(), &mut keys);
    keys
}

fn collect(value: &serde_json::Value, prefix: String, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                collect(inner, path, keys);
            }
        }
        _ => {
            keys.insert(prefix);
        }
    }
}
