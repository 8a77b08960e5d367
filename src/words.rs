//! The words the theme prints (headings, labels, table markers, the scripts' text), per language.
//!
//! They are theme files: `theme/words/<language>.toml`, built in for English and French, and a
//! site's own `theme/words/` gives more languages or changes some words of one. The English file
//! is also the list of words there are: a file that names another is an error. For a site's
//! `language` (say `fr-CA`), each word comes from the first file that has it of: the site's
//! `fr-CA.toml`, its `fr.toml`, the built-in `fr-CA.toml` and `fr.toml`, and English.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Map, Value};
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::toml_error::toml_diagnostic;

/// The folder of the words files in a theme.
pub const WORDS_DIR: &str = "words/";
/// The language whose words every other falls back on.
const ENGLISH: &str = "en";

/// One words file: groups of words by key.
type Groups = BTreeMap<String, BTreeMap<String, String>>;

/// A words file of a theme, read and checked.
#[derive(Debug, Clone)]
pub struct WordsFile {
    /// The language it is for (its file name without `.toml`).
    pub language: String,
    /// Whether a site's `theme/words/` gives it (it then wins over the built-in one).
    pub from_site: bool,
    groups: Groups,
}

/// The words of one language, as templates (`words.table.yes`) and Rust read them.
#[derive(Debug, Clone)]
pub struct Words {
    groups: Map<String, Value>,
    /// A hash of every word: views that hold the words hash this instead of each of them.
    fingerprint: u128,
}

/// The built-in English words, for what is said outside a theme (diagnostics, tests).
pub fn english() -> &'static Words {
    static ENGLISH_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(english_groups()));
    &ENGLISH_WORDS
}

/// The built-in English file, parsed once: it is part of the binary, so it parses. It lists
/// the words there are, and gives every word no other file gives.
fn english_groups() -> &'static Groups {
    static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
        let text = crate::render::theme::builtin_words(ENGLISH).unwrap_or_default();
        toml::from_str(text).unwrap_or_default()
    });
    &GROUPS
}

impl WordsFile {
    /// Reads the words file at `path` under `theme/` (`words/fr.toml`) with `text`; `shown`
    /// is the path errors name.
    pub fn parse(
        rel: &str,
        text: &str,
        shown: &Path,
        from_site: bool,
    ) -> Result<WordsFile, Vec<Diagnostic>> {
        let language = rel
            .strip_prefix(WORDS_DIR)
            .and_then(|name| name.strip_suffix(".toml"))
            .unwrap_or(rel)
            .to_string();
        type Spanned2 = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;
        let written: Spanned2 =
            toml::from_str(text).map_err(|e| vec![toml_diagnostic(shown, text, 0, &e)])?;
        let english = english_groups();
        let mut errors = Vec::new();
        let mut groups = Groups::new();
        for (group, words) in written {
            let Some(known) = english.get(group.get_ref()) else {
                let help = did_you_mean_help(group.get_ref(), english.keys().map(String::as_str));
                let message = format!("no group of words `{}`", group.get_ref());
                let error = Diagnostic::error_at(shown, text, group.span(), message);
                errors.push(error.with_help_opt(help.or_else(|| Some(groups_hint(english)))));
                continue;
            };
            let out = groups.entry(group.get_ref().clone()).or_default();
            for (key, word) in words {
                if !known.contains_key(key.get_ref()) {
                    let message = format!("no word `{}` in `[{}]`", key.get_ref(), group.get_ref());
                    let help = did_you_mean_help(key.get_ref(), known.keys().map(String::as_str));
                    let error = Diagnostic::error_at(shown, text, key.span(), message);
                    errors.push(error.with_help_opt(help));
                    continue;
                }
                out.insert(key.into_inner(), word.into_inner());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(WordsFile {
            language,
            from_site,
            groups,
        })
    }
}

/// "the groups are: frame, page, …".
fn groups_hint(english: &Groups) -> String {
    let names: Vec<&str> = english.keys().map(String::as_str).collect();
    format!("the groups are: {}", names.join(", "))
}

/// The words for `language` from `files` (see the module's comment for the order).
pub fn for_language(files: &[WordsFile], language: &str) -> Words {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    let rank = |file: &WordsFile| -> Option<u8> {
        let exact = file.language.eq_ignore_ascii_case(language);
        let base = file.language.eq_ignore_ascii_case(primary);
        match (file.from_site, exact, base) {
            (true, true, _) => Some(4),
            (true, false, true) => Some(3),
            (false, true, _) => Some(2),
            (false, false, true) => Some(1),
            _ => None,
        }
    };
    let mut chosen: Vec<(u8, &WordsFile)> =
        files.iter().filter_map(|f| Some((rank(f)?, f))).collect();
    chosen.sort_by_key(|(rank, _)| *rank);
    let mut groups = english_groups().clone();
    for (_, file) in chosen {
        for (group, words) in &file.groups {
            let into = groups.entry(group.clone()).or_default();
            into.extend(words.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    Words::new(&groups)
}

impl Words {
    fn new(groups: &Groups) -> Words {
        let mut hasher = crate::fingerprint::Fingerprint::default();
        groups.hash(&mut hasher);
        let groups = groups
            .iter()
            .map(|(name, words)| {
                let words: Map<String, Value> = words
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                (name.clone(), Value::Object(words))
            })
            .collect();
        Words {
            groups,
            fingerprint: hasher.digest128(),
        }
    }

    /// The word `key` (`"table.yes"`); the key itself if there is no such word, which only a
    /// mistake in factbook's own code can ask for.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        let (group, word) = key.split_once('.').unwrap_or(("", key));
        self.find(group, word).unwrap_or(key)
    }

    /// The word `word` of `group`; `word` itself if there is none.
    pub fn get_in<'a>(&'a self, group: &str, word: &'a str) -> &'a str {
        self.find(group, word).unwrap_or(word)
    }

    fn find(&self, group: &str, word: &str) -> Option<&str> {
        self.groups.get(group)?.get(word)?.as_str()
    }

    /// The word `key` with each `{name}` of `values` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// Every word, as the `words` variable templates read (a copy: each render owns its
    /// variables).
    pub fn to_value(&self) -> Value {
        Value::Object(self.groups.clone())
    }

    /// The group `name` of words, for a script.
    pub fn group(&self, name: &str) -> Option<&Value> {
        self.groups.get(name)
    }

    /// The word for one or many of `n`: `KEY_one` or `KEY_other`, `{n}` filled in.
    pub fn count(&self, key: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "other" };
        self.fill(&format!("{key}_{form}"), &[("n", &n.to_string())])
    }
}

/// `text` with each `{name}` of `values` replaced.
/// One pass, so a value is written as it is even if it holds a `{name}` of its own, and
/// tables, which fill a word for every citation, make one string per word.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let value = values.iter().find(|(name, _)| *name == &after[..close]);
            value.map(|(_, value)| (close, *value))
        });
        match named {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Hash for Words {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.groups.serialize(serializer)
    }
}

/// Tera's `fill` filter: `{{ words.page.facts_about | fill(subject=subject.name) }}` replaces
/// `{subject}` with the value given (any value: numbers are written as numbers).
pub fn fill_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`fill` is for words, which are text"))?;
    let values: Vec<(String, String)> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                tera::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (name.clone(), value)
        })
        .collect();
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    Ok(tera::Value::String(fill(text, &values)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str, from_site: bool) -> WordsFile {
        WordsFile::parse(rel, text, Path::new(rel), from_site).expect("parses")
    }

    #[test]
    fn every_built_in_language_names_only_english_words() {
        for (rel, text) in crate::render::theme::DEFAULT_THEME {
            if rel.starts_with(WORDS_DIR) {
                WordsFile::parse(rel, text, Path::new(rel), false)
                    .unwrap_or_else(|e| panic!("{rel}: {e:?}"));
            }
        }
    }

    #[test]
    fn a_word_comes_from_the_nearest_file_that_has_it() {
        let files = [
            file(
                "words/fr.toml",
                "[table]\nyes = \"Oui\"\nno = \"Non\"\n",
                false,
            ),
            file("words/fr.toml", "[table]\nno = \"Pas du tout\"\n", true),
            file(
                "words/fr-CA.toml",
                "[table]\nbest = \"Le meilleur\"\n",
                true,
            ),
            file("words/de.toml", "[table]\nyes = \"Ja\"\n", true),
        ];
        let words = for_language(&files, "fr-CA");
        assert_eq!(words.get("table.yes"), "Oui");
        assert_eq!(words.get("table.no"), "Pas du tout");
        assert_eq!(words.get("table.best"), "Le meilleur");
        assert_eq!(words.get("table.unknown"), "Unknown");
        assert_eq!(for_language(&files, "fr").get("table.best"), "Best");
        assert_eq!(for_language(&files, "en").get("table.yes"), "Yes");
        assert_ne!(
            for_language(&files, "fr").fingerprint,
            for_language(&files, "en").fingerprint
        );
    }

    #[test]
    fn a_file_that_names_a_word_english_lacks_is_refused_with_a_suggestion() {
        let text = "[tabel]\nyes = \"Oui\"\n[table]\nyess = \"Oui\"\n";
        let errors = WordsFile::parse(
            "words/fr.toml",
            text,
            Path::new("theme/words/fr.toml"),
            true,
        )
        .expect_err("refused");
        let shown: Vec<String> = errors.iter().map(|e| format!("{e:?}")).collect();
        assert_eq!(errors.len(), 2, "{shown:?}");
        assert!(shown[0].contains("no group of words `tabel`"), "{shown:?}");
        assert!(shown[0].contains("did you mean `table`?"), "{shown:?}");
        assert!(
            shown[1].contains("no word `yess` in `[table]`"),
            "{shown:?}"
        );
        assert!(shown[1].contains("did you mean `yes`?"), "{shown:?}");
    }

    #[test]
    fn fill_and_count_fill_in_the_names() {
        let words = english();
        assert_eq!(
            words.fill("page.facts_about", &[("subject", "Django")]),
            "Facts about Django"
        );
        assert_eq!(words.count("page.sources", 1), "1 source");
        assert_eq!(words.count("page.sources", 3), "3 sources");
    }

    #[test]
    fn fill_writes_values_as_they_are_and_keeps_braces_it_does_not_know() {
        let values = [("a", "{b}"), ("b", "B")];
        assert_eq!(fill("{a} and {b}", &values), "{b} and B");
        assert_eq!(fill("{c} {a{b} {", &values), "{c} {aB {");
        assert_eq!(fill("{b}{b}}", &values), "BB}");
        assert_eq!(fill("é{b}é", &values), "éBé");
        assert_eq!(fill("", &values), "");
    }
}
