//! `book.toml`: the site's configuration.
//!
//! Every key is optional except `title`; an unknown key is an error naming the file and line,
//! because a misspelt setting silently ignored is worse than a failed build.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::error::{Error, read_to_string};
use crate::toml_error::toml_diagnostic;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "book.toml";

/// The site's configuration, as written in `book.toml` with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// One line about the site, for the home page and search results.
    #[serde(default)]
    pub description: String,
    /// Who writes the site.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The language of the content, as a BCP 47 tag (`<html lang>`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the site is published, e.g. `https://example.org/docs/`. Used for absolute URLs
    /// in `sitemap.xml` and for the 404 page; pages themselves link relatively.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The output folder, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Whether HTML is minified (turn off to read the output while debugging a theme).
    #[serde(default = "default_true")]
    pub minify: bool,
    /// Settings for `factbook serve`.
    #[serde(default)]
    pub serve: ServeConfig,
    /// Settings for the search index.
    #[serde(default)]
    pub search: SearchConfig,
    /// How Markdown is turned into HTML.
    #[serde(default)]
    pub markdown: crate::markdown::Settings,
    /// How facts age.
    #[serde(default)]
    pub facts: FactsConfig,
    /// Anything else, for the theme's templates (`site.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The `[facts]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsConfig {
    /// How old a fact's `as_of` may be before the fact counts as stale ("18 months").
    pub stale_after: Option<Age>,
    /// The day ages are measured from; the day of the build when unset. Setting it makes a
    /// build give the same bytes whenever it runs.
    #[serde(default, deserialize_with = "a_day")]
    pub today: Option<chrono::NaiveDate>,
}

/// A TOML date (`2026-12-01`), without a time.
fn a_day<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let datetime = toml::value::Datetime::deserialize(deserializer)?;
    let day = match (datetime.date, datetime.time) {
        (Some(d), None) => {
            chrono::NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        _ => None,
    };
    day.map(Some)
        .ok_or_else(|| serde::de::Error::custom("`today` is a date, as today = 2026-12-01"))
}

/// A span of time, as `stale_after` writes it: "90 days", "6 weeks", "18 months", "2 years".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Age {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: AgeUnit,
}

/// The unit of an [`Age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeUnit {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
    /// Years.
    Years,
}

impl<'de> Deserialize<'de> for Age {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Age, D::Error> {
        let text = String::deserialize(deserializer)?;
        Age::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not an age: write a number and days, weeks, months or years, as \"18 months\""
            ))
        })
    }
}

impl Age {
    /// "18 months" → 18 months; a unit may be singular or plural.
    fn parse(text: &str) -> Option<Age> {
        let (count, unit) = text.trim().split_once(char::is_whitespace)?;
        let count: u32 = count.parse().ok()?;
        let unit = match unit.trim().trim_end_matches('s') {
            "day" => AgeUnit::Days,
            "week" => AgeUnit::Weeks,
            "month" => AgeUnit::Months,
            "year" => AgeUnit::Years,
            _ => return None,
        };
        Some(Age { count, unit })
    }

    /// The day this age before `today`; `None` before the calendar starts.
    pub fn before(self, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        let n = self.count;
        match self.unit {
            AgeUnit::Days => today.checked_sub_days(chrono::Days::new(n.into())),
            AgeUnit::Weeks => today.checked_sub_days(chrono::Days::new(u64::from(n) * 7)),
            AgeUnit::Months => today.checked_sub_months(chrono::Months::new(n)),
            AgeUnit::Years => today.checked_sub_months(chrono::Months::new(n.checked_mul(12)?)),
        }
    }
}

impl FactsConfig {
    /// The first day a fact's `as_of` may be without the fact being stale, as `YYYY-MM-DD`;
    /// `None` when facts do not age.
    pub fn fresh_from(&self) -> Option<String> {
        let age = self.stale_after?;
        let today = (self.today).unwrap_or_else(|| chrono::Local::now().date_naive());
        Some(age.before(today)?.format("%Y-%m-%d").to_string())
    }
}

/// The `[search]` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Whether the site is indexed and pages offer a search box.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Pages and sections left out of the index, as paths under `content/` (`faq.md`,
    /// `sources/` for a whole section).
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl SearchConfig {
    /// Whether `exclude` names the page at content path `rel` (`faq.md`) or a folder it is in.
    pub fn excludes(&self, rel: &str) -> bool {
        self.exclude.iter().any(|entry| exclude_names(entry, rel))
    }

    /// The `exclude` entries that name no page of `rels`: most likely misspelt.
    pub fn unmatched<'a>(&'a self, rels: &[&str]) -> Vec<&'a str> {
        let names_one = |entry: &&String| rels.iter().any(|rel| exclude_names(entry, rel));
        self.exclude
            .iter()
            .filter(|e| !names_one(e))
            .map(String::as_str)
            .collect()
    }
}

/// Whether the `exclude` entry `entry` names the page at content path `rel` or a folder it is
/// in (`sources/`, `sources` and `/sources/` alike).
pub fn exclude_names(entry: &str, rel: &str) -> bool {
    let entry = entry.trim_matches('/');
    rel == entry || rel.strip_prefix(entry).is_some_and(|r| r.starts_with('/'))
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            exclude: Vec::new(),
        }
    }
}

/// The `[serve]` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// The port the development server listens on.
    #[serde(default = "default_port")]
    pub port: u16,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            port: default_port(),
        }
    }
}

fn default_language() -> String {
    "en".to_string()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("site")
}
fn default_true() -> bool {
    true
}
fn default_port() -> u16 {
    3000
}

impl Config {
    /// Reads and validates `book.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "no {CONFIG_FILE} in `{}`: this is not a factbook site (run `factbook init DIR` to create one, or pass --root)",
                root.display()
            )));
        }
        let text = read_to_string(&path)?;
        Config::parse(&text).map_err(|d| Error::Content(vec![d]))
    }

    /// Parses the text of a `book.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let path = Path::new(CONFIG_FILE);
        let config: Config =
            toml::from_str(text).map_err(|e| toml_diagnostic(path, text, 0, &e))?;
        if config.title.trim().is_empty() {
            let at = text.find("title").unwrap_or(0);
            return Err(
                Diagnostic::error_at(path, text, at..at + 5, "the site title is empty")
                    .with_help("give the site a name, e.g. title = \"My comparisons\""),
            );
        }
        if let Some(url) = &config.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let at = text.find(url.as_str()).unwrap_or(0);
            return Err(Diagnostic::error_at(
                path,
                text,
                at..at + url.len(),
                "base_url must be an absolute http(s) URL",
            )
            .with_help("for example base_url = \"https://example.org/docs/\""));
        }
        Ok(config)
    }

    /// The path part of `base_url` with a trailing slash (`/docs/`), or `/` when unset.
    pub fn base_path(&self) -> String {
        let Some(url) = &self.base_url else {
            return "/".to_string();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// `base_url` with a trailing slash, when set.
    pub fn base_url_slash(&self) -> Option<String> {
        self.base_url.as_ref().map(|u| {
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        })
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_exclude_entry_names_a_page_or_a_folder() {
        let cases = [
            ("faq.md", "faq.md", true),
            ("faq.md", "faq.mdx", false),
            ("sources/", "sources/a.md", true),
            ("sources", "sources/a.md", true),
            ("/sources/", "sources/deep/b.md", true),
            ("sources", "sources.md", false),
            ("sources", "sourcesx/a.md", false),
            ("sources/a.md", "sources/b.md", false),
        ];
        for (entry, page, expected) in cases {
            assert_eq!(exclude_names(entry, page), expected, "{entry} / {page}");
        }
    }
    use super::*;

    #[test]
    fn defaults_fill_in() {
        let c = Config::parse("title = \"T\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.output_dir, PathBuf::from("site"));
        assert!(c.minify);
        assert_eq!(c.serve.port, 3000);
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let d = Config::parse("title = \"T\"\nminfy = false\n").unwrap_err();
        assert_eq!(
            d.render(false),
            "error: unknown key `minfy`\n --> book.toml:2:1\n  |\n2 | minfy = false\n  | ^^^^^\n  |\n  = help: did you mean `minify`?"
        );
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let c = Config::parse("title = \"T\"\nbase_url = \"https://x.org/docs\"\n").unwrap();
        assert_eq!(c.base_path(), "/docs/");
        assert_eq!(c.base_url_slash().as_deref(), Some("https://x.org/docs/"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let d = Config::parse("title = \"T\"\nbase_url = \"docs/\"\n").unwrap_err();
        assert_eq!(d.location.unwrap().line, 2);
    }
}
