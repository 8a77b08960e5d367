//! Front matter exactly as written, before any validation.
//!
//! These structs mirror the TOML an author types, with `deny_unknown_fields` so a misspelt key is
//! an error, and `Spanned` on every value that a later rule may need to point at. New tables
//! (`[facts.*]`, `[subject]`, `[decision]`) are added here as fields; the model stage turns them
//! into checked types.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A page's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// The page title (required; checked by the model so the error can explain itself).
    pub title: Option<Spanned<String>>,
    /// One line for lists, search results and social cards.
    pub description: Option<String>,
    /// When the page was written.
    pub date: Option<Spanned<Datetime>>,
    /// When the page was last changed.
    pub updated: Option<Spanned<Datetime>>,
    /// Order among its siblings in the navigation: lower comes first; pages without a weight
    /// come after weighted ones, by title.
    pub weight: Option<i64>,
    /// Free-form tags; each gets an index page.
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// A draft is left out of the build unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    /// Render with this template of the theme instead of the default.
    pub template: Option<Spanned<String>>,
    /// The external article this page summarises.
    pub source: Option<RawSource>,
    /// Declares this page a subject page.
    pub subject: Option<RawSubject>,
    /// Facts: subject id → criterion id → value, in the order written.
    #[serde(default)]
    pub facts: RawFacts,
    /// A decision tree shown on this page.
    pub decision: Option<crate::model::decision::RawDecision>,
    /// Anything else, for the theme's templates (`page.extra`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `[facts.<subject>] <criterion> = value`, with positions kept for error messages.
pub type RawFacts = IndexMap<Spanned<String>, IndexMap<Spanned<String>, Spanned<toml::Value>>>;

/// The `[subject]` table: this page is about a thing being compared.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubject {
    /// The id facts use; the page's file stem when not given.
    pub id: Option<Spanned<String>>,
    /// The display name.
    pub name: String,
    /// Its official site.
    pub homepage: Option<String>,
    /// One line about it.
    pub summary: Option<String>,
}

/// The `[source]` table: the external article a page summarises.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The article's title, as it gives it.
    pub title: String,
    /// Where it was published.
    pub url: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Who published it (a company, a blog, a magazine).
    pub publisher: Option<String>,
    /// When it was published: a date, or a year.
    pub published: Option<Spanned<toml::Value>>,
}
