//! One page: from a [`SourceFile`] to a checked [`Page`] with its body rendered.
//!
//! Everything that can be checked with the page alone is checked here (front matter syntax and
//! types, required title, dates, tags), so this runs in parallel over all pages. Checks that need
//! the whole site — links, templates, URL clashes — come after.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use toml::Spanned;
use toml::value::Datetime;

use crate::diag::Diagnostic;
use crate::markdown::{self, Heading, Link};
use crate::markdown::{CompareBlock, Quote};
use crate::model::decision;
use crate::model::raw::{RawFacts, RawFrontMatter, RawSubject};
use crate::source::SourceFile;
use crate::source::front_matter::{self, SplitError};
use crate::toml_error::toml_diagnostic;
use crate::url;

pub use crate::model::ids::{PageId, SectionId};

/// A page of the site, checked, with its Markdown rendered.
///
/// What parsing produced is behind `Arc`s, so that the parse cache hands out pages cheaply;
/// the fields the model fills in per build (section, backlinks, source index) are plain.

#[derive(Debug, Clone)]
pub struct Page {
    /// Content-relative path (`guide/intro.md`); for a section without `_index.md`, the path
    /// that file would have.
    pub rel_path: String,
    /// Root-relative path for messages (`content/guide/intro.md`).
    pub display_path: PathBuf,
    /// Index in [`crate::source::Sources::pages`]; `None` for a section page made up because
    /// its folder has no `_index.md`.
    pub source: Option<usize>,
    /// Canonical site URL (`guide/intro/`).
    pub url: String,
    /// The title.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Written on (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Last changed on (`YYYY-MM-DD`).
    pub updated: Option<String>,
    /// Order among siblings.
    pub weight: Option<i64>,
    /// Tag names as written, without duplicates.
    pub tags: Vec<String>,
    /// Left out of builds without `--drafts`.
    pub draft: bool,
    /// A template chosen in front matter.
    pub template: Option<Spanned<String>>,
    /// The external article this page summarises.
    pub cites: Option<CitedSource>,
    /// The rendered body.
    pub content: Arc<str>,
    /// How its Markdown was rendered, for the Markdown of its decision tree's outcomes too.
    pub markdown: markdown::Settings,
    /// The body's headings.
    pub headings: Arc<[Heading]>,
    /// The relative links of the body and of its decision tree's outcomes, positioned in the
    /// file.
    pub links: Arc<[Link]>,
    /// Byte offset of the body in the file, to turn link positions into file positions.
    pub body_offset: usize,
    /// The section the page belongs to (for a section's own page: that section).
    pub section: SectionId,
    /// Whether this is a section's own page (`_index.md`).
    pub is_section_index: bool,
    /// Pages that link here, ordered by title.
    pub backlinks: Vec<PageId>,
    /// Byte offset of the front matter in the file, to turn TOML positions into file positions.
    pub front_matter_offset: usize,
    /// The `[subject]` table, checked with the whole site.
    pub raw_subject: Option<RawSubject>,
    /// The `[facts.*]` tables, checked with the whole site.
    pub raw_facts: Arc<RawFacts>,
    /// The body's ```` ```compare ```` blocks, in order; the HTML holds a placeholder for each.
    pub compare_blocks: Arc<[CompareBlock]>,
    /// The facts the body quotes (`[=django.first_release]`), in order, positioned in the
    /// file; the HTML holds a placeholder for each.
    pub quotes: Arc<[Quote]>,
    /// A hash of the page's file (0 for a made-up section page): what parsing depends on.
    pub fingerprint: u128,
    /// The `[decision]` table, checked with the whole site.
    pub raw_decision: Option<Arc<crate::model::decision::RawDecision>>,
    /// The front matter's `[extra]` table, for templates.
    pub extra: Arc<serde_json::Map<String, serde_json::Value>>,
}

/// The `[source]` of a page, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CitedSource {
    /// The article's title.
    pub title: String,
    /// Where it was published.
    pub url: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When (`YYYY-MM-DD`, or a year): the date of every fact of the page that gives none.
    pub published: Option<String>,
}

/// Parses and checks the page read as `sources[index]`.
pub fn parse(
    src: &SourceFile,
    index: usize,
    options: markdown::Settings,
) -> Result<Page, Vec<Diagnostic>> {
    let path = &src.display_path;
    let text = src.text.as_str();
    let split = front_matter::split(text).map_err(|e| vec![split_error(src, e)])?;
    let raw: RawFrontMatter = toml::from_str(split.front_matter)
        .map_err(|e| vec![toml_diagnostic(path, text, split.front_matter_offset, &e)])?;

    let mut errors = Vec::new();
    let title = check_title(src, &split, raw.title.as_ref(), &mut errors);
    let offset = split.front_matter_offset;
    let mut date_of = |d: &Option<Spanned<Datetime>>| {
        d.as_ref()
            .and_then(|d| check_date(src, offset, d, &mut errors))
    };
    let (date, updated) = (date_of(&raw.date), date_of(&raw.updated));
    let tags = check_tags(src, offset, &raw.tags, &mut errors);
    let cites = (raw.source.as_ref()).map(|s| cited_source(src, offset, s, &mut errors));
    if !errors.is_empty() {
        return Err(errors);
    }

    let rendered = markdown::render(split.body, &src.rel_path, options);
    let body_links = rendered.links.into_iter();
    let mut links: Vec<Link> = body_links.map(|l| l.shifted(split.body_offset)).collect();
    let mut decision = raw.decision;
    if let Some(tree) = &mut decision {
        let at = (split.front_matter, offset);
        let bodies = decision::render_bodies(tree, at, &src.rel_path, options);
        links.extend(bodies.links);
        misplaced_in_outcomes(src, &bodies.misplaced)?;
    }
    Ok(Page {
        rel_path: src.rel_path.clone(),
        display_path: src.display_path.clone(),
        source: Some(index),
        url: url::page_url(&src.rel_path),
        title,
        description: raw.description,
        date,
        updated,
        weight: raw.weight,
        tags,
        draft: raw.draft,
        template: raw.template,
        cites,
        content: rendered.html.into(),
        markdown: options,
        headings: rendered.headings.into(),
        links: links.into(),
        body_offset: split.body_offset,
        section: SectionId::ROOT,
        is_section_index: is_section_index(&src.rel_path),
        backlinks: Vec::new(),
        front_matter_offset: split.front_matter_offset,
        raw_subject: raw.subject,
        raw_facts: Arc::new(raw.facts),
        compare_blocks: rendered.compare_blocks.into(),
        quotes: (rendered.quotes.into_iter())
            .map(|q| q.shifted(split.body_offset))
            .collect(),
        raw_decision: decision.map(Arc::new),
        extra: Arc::new(raw.extra),
        fingerprint: 0,
    })
}

/// An error for each quote or compare block in a decision outcome's body, at `misplaced`.
fn misplaced_in_outcomes(
    src: &SourceFile,
    misplaced: &[Range<usize>],
) -> Result<(), Vec<Diagnostic>> {
    let message = "an outcome's body cannot quote facts or hold a compare block";
    let help =
        "the criteria in the outcome's `because` show the facts behind it, in a table under it";
    let errors: Vec<Diagnostic> = (misplaced.iter())
        .map(|span| at(src, 0, span.clone(), message).with_help(help))
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

/// The `[source]` table, its date checked.
fn cited_source(
    src: &SourceFile,
    offset: usize,
    source: &crate::model::raw::RawSource,
    errors: &mut Vec<Diagnostic>,
) -> CitedSource {
    CitedSource {
        title: source.title.clone(),
        url: source.url.clone(),
        author: source.author.clone(),
        publisher: source.publisher.clone(),
        published: (source.published.as_ref())
            .and_then(|d| check_published(src, offset, d, errors)),
    }
}

/// The page's title, required and not empty.
fn check_title(
    src: &SourceFile,
    split: &front_matter::Split<'_>,
    title: Option<&Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match title {
        Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().trim().to_string(),
        Some(t) => {
            let error = at(
                src,
                split.front_matter_offset,
                t.span(),
                "the title is empty",
            );
            errors.push(error.with_help("every page needs a title"));
            String::new()
        }
        None => {
            // The opening `+++` line, to point at when a required key is missing.
            let text = src.text.as_str();
            let opening_start = text[..split.front_matter_offset.saturating_sub(1)]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let opening = opening_start..opening_start + 3;
            let error =
                Diagnostic::error_at(&src.display_path, text, opening, "the page has no title");
            errors.push(error.with_help("add `title = \"…\"` to the front matter"));
            String::new()
        }
    }
}

/// The page's tags, each with a word in it, without repeats (by slug).
fn check_tags(
    src: &SourceFile,
    offset: usize,
    raw: &[Spanned<String>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let name = tag.get_ref().trim();
        let slug_len = url::slugify(name).len();
        if slug_len == 0 {
            let error = at(src, offset, tag.span(), "this tag has no letters or digits");
            errors.push(error.with_help("tags name their index page, so they need a word"));
        } else if slug_len > url::NAME_MAX {
            let message = format!(
                "this tag is too long for the name of its page's folder ({slug_len} bytes; at most {})",
                url::NAME_MAX
            );
            let error = at(src, offset, tag.span(), &message);
            errors.push(error.with_help("use a shorter tag"));
        } else if !tags.iter().any(|t| url::slugify(t) == url::slugify(name)) {
            tags.push(name.to_string());
        }
    }
    tags
}

/// Whether a content path is a section's own page.
pub fn is_section_index(rel_path: &str) -> bool {
    rel_path == "_index.md" || rel_path.ends_with("/_index.md")
}

fn at(src: &SourceFile, offset: usize, span: Range<usize>, message: &str) -> Diagnostic {
    Diagnostic::error_at(
        &src.display_path,
        &src.text,
        span.start + offset..span.end + offset,
        message,
    )
}

fn check_date(
    src: &SourceFile,
    offset: usize,
    value: &Spanned<Datetime>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match value.get_ref().date {
        Some(d) => Some(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        None => {
            errors.push(
                at(src, offset, value.span(), "a time without a date")
                    .with_help("write a date, like 2025-03-01"),
            );
            None
        }
    }
}

/// `[source] published`: a date, or the year alone (articles often give no more).
fn check_published(
    src: &SourceFile,
    offset: usize,
    value: &Spanned<toml::Value>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match value.get_ref() {
        toml::Value::Datetime(d) => {
            check_date(src, offset, &Spanned::new(value.span(), *d), errors)
        }
        toml::Value::Integer(year) if (1000..=9999).contains(year) => Some(year.to_string()),
        other => {
            let message = format!("`published` is a date or a year, not {}", other.type_str());
            let help = "write a date, like 2025-03-01, or a year, like 2025";
            errors.push(at(src, offset, value.span(), &message).with_help(help));
            None
        }
    }
}

fn split_error(src: &SourceFile, err: SplitError) -> Diagnostic {
    let (path, text) = (&src.display_path, src.text.as_str());
    match err {
        SplitError::Missing { first_line } => {
            Diagnostic::error_at(path, text, first_line, "the page has no front matter").with_help(
                "start the file with a `+++` line, then `title = \"…\"`, then another `+++` line",
            )
        }
        SplitError::Yaml { opening } => Diagnostic::error_at(
            path,
            text,
            opening,
            "YAML front matter (`---`) is not supported",
        )
        .with_help("write the front matter in TOML between `+++` lines"),
        SplitError::Unclosed { opening } => {
            Diagnostic::error_at(path, text, opening, "the front matter is never closed")
                .with_help("add a line with `+++` after the last front matter key")
        }
    }
}
