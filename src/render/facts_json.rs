//! `facts.json`: every subject, criterion and fact of the site, as open data.
//!
//! The format is versioned and documented in the README. Order is fixed (schema order for
//! criteria, reading order for subjects and facts). `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, so the data is safe even for a consumer that pastes it into HTML or a
//! `<script>` element.

use serde::Serialize;
use serde_json::json;

use crate::model::facts::Fact;
use crate::model::schema::{Better, Kind};
use crate::model::{Site, Value};
use crate::render::escape::Escapes;

/// The file's name at the output root.
pub const FACTS_JSON: &str = "facts.json";

/// The format's version; raised on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    site: SiteInfo<'a>,
    groups: Vec<GroupJson<'a>>,
    criteria: Vec<CriterionJson<'a>>,
    subjects: Vec<SubjectJson<'a>>,
    facts: Vec<FactJson<'a>>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: &'a str,
    label: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct CriterionJson<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    unit: Option<&'a str>,
    scale: Option<&'a [String]>,
    group: &'a str,
    description: Option<&'a str>,
    better: Option<&'static str>,
    /// Only when the schema limits it, so that other sites' files stay as they were.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    applies_to: &'a [String],
}

#[derive(Serialize)]
struct SubjectJson<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
    homepage: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct FactJson<'a> {
    subject: &'a str,
    criterion: &'a str,
    value: serde_json::Value,
    unknown: bool,
    /// Only when true, so that the files of sites that never use it stay as they were.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    does_not_apply: bool,
    note: Option<&'a str>,
    as_of: Option<&'a str>,
    disputed: bool,
    source: SourceJson<'a>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
    article: Option<&'a str>,
}

/// The JSON of a value: text and ratings as strings, numbers and years as numbers, lists as
/// arrays, unknown and does-not-apply as `null` (each with its own flag).
fn value_json(value: &Value, kind: &Kind) -> serde_json::Value {
    match value {
        Value::Text(t) => json!(t),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => json!(*n as i64),
        Value::Number(n) => json!(n),
        Value::Year(y) => json!(y),
        Value::Bool(b) => json!(b),
        Value::Rating(i) => match kind {
            Kind::Rating(scale) => json!(scale.get(*i)),
            _ => serde_json::Value::Null,
        },
        Value::List(items) => json!(items),
        Value::Unknown | Value::DoesNotApply => serde_json::Value::Null,
    }
}

/// The bytes of `facts.json`.
pub fn render(site: &Site) -> Vec<u8> {
    let facts = &site.facts;
    let schema = &facts.schema;
    let base = site.config.base_url_slash().unwrap_or_default();
    let url = |path: &str| format!("{base}{path}");
    let document = Document {
        version: VERSION,
        site: SiteInfo {
            title: &site.config.title,
            base_url: site.config.base_url.as_deref(),
        },
        groups: schema
            .groups
            .iter()
            .filter(|g| !g.id.is_empty())
            .map(|g| GroupJson {
                id: &g.id,
                label: &g.label,
                description: g.description.as_deref(),
            })
            .collect(),
        criteria: schema
            .criteria
            .iter()
            .map(|c| CriterionJson {
                id: &c.id,
                label: &c.label,
                kind: c.kind.name(),
                unit: c.unit.as_deref(),
                scale: match &c.kind {
                    Kind::Rating(scale) => Some(scale),
                    _ => None,
                },
                group: &schema.groups[c.group].id,
                description: c.description.as_deref(),
                better: c.better.map(|b| match b {
                    Better::Higher => "higher",
                    Better::Lower => "lower",
                }),
                applies_to: &c.applies_to,
            })
            .collect(),
        subjects: facts
            .subjects
            .iter()
            .map(|s| SubjectJson {
                id: &s.id,
                name: &s.name,
                summary: s.summary.as_deref(),
                homepage: s.homepage.as_deref(),
                url: url(&site.pages[s.page].url),
            })
            .collect(),
        facts: site
            .reading_order
            .iter()
            .flat_map(|&id| &site.facts_by_page[id])
            .map(|&f| fact_json(site, &base, &facts.facts[f]))
            .collect(),
    };
    // Compact: it is read by programs (a browser's JSON viewer indents it for people), and at
    // tens of thousands of facts indenting doubles its size.
    let json = serde_json::to_string(&document).expect("facts serialise");
    let mut text = escape_for_html(&json);
    text.push('\n');
    text.into_bytes()
}

/// One fact as `facts.json` writes it; `base` is the site's base URL with a trailing slash, or
/// empty.
fn fact_json<'a>(site: &'a Site, base: &str, f: &'a Fact) -> FactJson<'a> {
    let facts = &site.facts;
    let criterion = &facts.schema.criteria[f.criterion];
    let page = &site.pages[f.page];
    FactJson {
        subject: &facts.subjects[f.subject].id,
        criterion: &criterion.id,
        value: value_json(&f.value, &criterion.kind),
        unknown: f.value == Value::Unknown,
        does_not_apply: f.value == Value::DoesNotApply,
        note: f.note.as_deref(),
        as_of: f.as_of.as_deref(),
        disputed: facts
            .cells
            .get(&(f.subject, f.criterion))
            .is_some_and(|c| c.disputed),
        source: SourceJson {
            title: &page.title,
            url: format!("{base}{}", page.url),
            path: &page.rel_path,
            article: page.cites.as_ref().map(|c| c.title.as_str()),
        },
    }
}

/// Escapes `<`, `>` and `&`; outside strings JSON never holds them, so this only touches text.
pub fn escape_for_html(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len() + 16);
    escape_for_html_into(json, &mut escaped);
    escaped
}

/// [`escape_for_html`], appending to `out`.
fn escape_for_html_into(json: &str, out: &mut String) {
    static JSON_IN_HTML: Escapes =
        Escapes::new(&[(b'<', "\\u003c"), (b'>', "\\u003e"), (b'&', "\\u0026")]);
    crate::render::escape::escape_into(out, json, &JSON_IN_HTML);
}
