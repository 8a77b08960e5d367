//! `facts.json`: every subject, criterion and fact of the site, as open data.
//!
//! The format is versioned and documented in the README. Order is fixed (schema order for
//! criteria, reading order for subjects and facts). `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, so the data is safe even for a consumer that pastes it into HTML or a
//! `<script>` element.

use schemars::JsonSchema;
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

/// `facts.json`: the site's subjects, criteria and facts.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "facts.json", deny_unknown_fields)]
struct Document<'a> {
    /// The format's version, raised on any incompatible change.
    #[schemars(range(min = 1, max = 1))]
    version: u32,
    /// The site the facts come from.
    site: SiteInfo<'a>,
    /// The groups of criteria, in the schema's order.
    groups: Vec<GroupJson<'a>>,
    /// The criteria, in the schema's order.
    criteria: Vec<CriterionJson<'a>>,
    /// The subjects, in reading order.
    subjects: Vec<SubjectJson<'a>>,
    /// Every fact, as its page states it, in reading order.
    facts: Vec<FactJson<'a>>,
}

/// The site.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SiteInfo<'a> {
    /// Its title.
    title: &'a str,
    /// Where it is published (`base_url` of book.toml), if set.
    base_url: Option<&'a str>,
}

/// A group of criteria.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct GroupJson<'a> {
    /// Its id in `criteria.toml`.
    id: &'a str,
    /// Its heading.
    label: &'a str,
    /// What it covers.
    description: Option<&'a str>,
}

/// A criterion: what the site compares.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct CriterionJson<'a> {
    /// Its id in `criteria.toml`.
    id: &'a str,
    /// Its label.
    label: &'a str,
    /// The type of its values.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = crate::model::schema::Kind::names()))]
    kind: &'static str,
    /// The unit of a number.
    unit: Option<&'a str>,
    /// A rating's steps, lowest first.
    scale: Option<&'a [String]>,
    /// The id of its group.
    group: &'a str,
    /// What it means.
    description: Option<&'a str>,
    /// Which values are better, for numbers, years and ratings.
    #[schemars(extend("enum" = ["higher", "lower", null]))]
    better: Option<&'static str>,
    /// The subjects it applies to, when the schema limits it (only then present).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    applies_to: &'a [String],
}

/// A subject: one of the things compared.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SubjectJson<'a> {
    /// Its id, which facts name.
    id: &'a str,
    /// Its name.
    name: &'a str,
    /// One line about it.
    summary: Option<&'a str>,
    /// Its official site.
    homepage: Option<&'a str>,
    /// Its page, absolute when the site has a `base_url`.
    url: String,
}

/// One fact, as one page states it.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FactJson<'a> {
    /// The subject's id.
    subject: &'a str,
    /// The criterion's id.
    criterion: &'a str,
    /// The value: a string for text, versions and ratings, a number for numbers and years,
    /// `{"min", "max"}` for a range, a boolean, an array of strings for lists; `null` when
    /// unknown or when the criterion does not apply.
    #[schemars(extend(
        "type" = ["string", "number", "boolean", "array", "object", "null"],
        "items" = {"type": "string"},
        "properties" = {"min": {"type": "number"}, "max": {"type": "number"}},
        "required" = ["min", "max"],
        "additionalProperties" = false
    ))]
    value: serde_json::Value,
    /// The source leaves the value open.
    unknown: bool,
    /// The criterion has no meaning for the subject (only present when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    does_not_apply: bool,
    /// The note given with the value.
    note: Option<&'a str>,
    /// When the value held (a date or a year).
    as_of: Option<&'a str>,
    /// Other sources give another value for the same subject and criterion.
    disputed: bool,
    /// `as_of` is longer ago than the site's `[facts] stale_after` allows (only present when
    /// true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stale: bool,
    /// The page that states it.
    source: SourceJson<'a>,
}

/// The page a fact comes from.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SourceJson<'a> {
    /// The page's title.
    title: &'a str,
    /// The page, absolute when the site has a `base_url`.
    url: String,
    /// The page's file under `content/`.
    path: &'a str,
    /// The title of the outside article the page summarises, if any.
    article: Option<&'a str>,
}

/// The file's name at the output root.
pub const FACTS_SCHEMA: &str = "facts.schema.json";

/// The bytes of `facts.schema.json`: the JSON Schema (draft 2020-12) of `facts.json`, made from
/// the types that write it, so it cannot drift from the file.
pub fn schema() -> Vec<u8> {
    // The schema of what is written (a field skipped when empty is not required), not of
    // what would be read.
    let settings = schemars::generate::SchemaSettings::draft2020_12().for_serialize();
    let schema = settings
        .into_generator()
        .into_root_schema_for::<Document<'static>>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text.into_bytes()
}

/// The JSON of a value: text, versions and ratings as strings, numbers and years as numbers,
/// a range as `{"min": …, "max": …}`, lists as arrays, unknown and does-not-apply as `null`
/// (each with its own flag).
fn value_json(value: &Value, kind: &Kind) -> serde_json::Value {
    match value {
        Value::Text(t) => json!(t),
        Value::Number(n) => number_json(*n),
        Value::Range(low, high) => json!({ "min": number_json(*low), "max": number_json(*high) }),
        Value::Version(v) => json!(v),
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

/// A number as JSON: a whole number without a decimal point.
fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
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
        stale: f.is_stale(site.fresh_from.as_deref()),
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
