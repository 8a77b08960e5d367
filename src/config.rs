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
    /// Anything else, for the theme's templates (`site.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
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
