//! `facts.json`: every subject, criterion and fact of the site, as open data.
//!
//! The format is versioned and documented in the README. Order is fixed (schema order for
//! criteria, reading order for subjects and facts). `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, so the data is safe even for a consumer that pastes it into HTML or a
//! `<script>` element.

use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use crate::fingerprint::Fingerprint;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    /// Always written empty and last: the facts, most of the file, are written page by page
    /// and spliced in (see [`render`]).
    facts: [(); 0],
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
/// arrays, unknown as `null`.
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
        Value::Unknown => serde_json::Value::Null,
    }
}

/// The bytes of `facts.json`. The facts, most of the file, are written page by page in
/// parallel; with `kept`, a page's piece written by an earlier build is reused while what it
/// was made from is unchanged, and `kept` is left holding this build's pieces.
pub fn render(site: &Site, kept: Option<&KeptPieces>) -> Vec<u8> {
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
        facts: [],
    };
    let pieces = page_pieces(site, &base, kept);
    // Compact: it is read by programs (a browser's JSON viewer indents it for people), and at
    // tens of thousands of facts indenting doubles its size.
    let head = escape_for_html(&serde_json::to_string(&document).expect("facts serialise"));
    let head = head
        .strip_suffix("[]}")
        .expect("`facts`, written empty, is the document's last field");
    let mut text = String::with_capacity(
        head.len() + pieces.iter().map(|p| p.json.len() + 1).sum::<usize>() + 4,
    );
    text.push_str(head);
    text.push('[');
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&piece.json);
    }
    text.push_str("]}\n");
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

/// Each page's facts as `facts.json` writes them, kept between the dev server's builds: a fact
/// edit writes again only the pages whose facts' JSON it changed.
#[derive(Debug, Default)]
pub struct KeptPieces {
    pieces: Mutex<FxHashMap<String, Piece>>,
}

/// One page's facts: their JSON (escaped, comma-separated), and a hash of what it is made of.
#[derive(Debug, Clone)]
struct Piece {
    key: u128,
    json: Arc<str>,
}

/// The pieces of every page that states facts, in reading order.
fn page_pieces(site: &Site, base: &str, kept: Option<&KeptPieces>) -> Vec<Piece> {
    let facts = &site.facts;
    // What every piece depends on besides its page: criteria, subjects and the base URL.
    let mut hasher = Fingerprint::default();
    facts.schema_fingerprint.hash(&mut hasher);
    for subject in &facts.subjects {
        (&subject.id, &site.pages[subject.page].url).hash(&mut hasher);
    }
    base.hash(&mut hasher);
    let shared = hasher.digest128();
    let old =
        kept.map(|k| std::mem::take(&mut *k.pieces.lock().unwrap_or_else(PoisonError::into_inner)));
    let pieces: Vec<(&str, Piece)> = site
        .reading_order
        .par_iter()
        .filter(|&&id| !site.facts_by_page[id].is_empty())
        .map(|&id| {
            let page = &site.pages[id];
            let ids = &site.facts_by_page[id];
            // A page's facts, title and source article come from its text (its fingerprint);
            // whether each fact is disputed comes from the other pages.
            let mut hasher = Fingerprint::default();
            (shared, page.fingerprint, &page.url, &page.rel_path).hash(&mut hasher);
            for &f in ids {
                let fact = &facts.facts[f];
                facts
                    .cells
                    .get(&(fact.subject, fact.criterion))
                    .is_some_and(|c| c.disputed)
                    .hash(&mut hasher);
            }
            let key = hasher.digest128();
            if let Some(piece) = old.as_ref().and_then(|old| old.get(&page.rel_path))
                && piece.key == key
            {
                return (page.rel_path.as_str(), piece.clone());
            }
            let mut json = Vec::new();
            for (i, &f) in ids.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                serde_json::to_writer(&mut json, &fact_json(site, base, &facts.facts[f]))
                    .expect("facts serialise");
            }
            let json = String::from_utf8(json).expect("serde_json writes UTF-8");
            let mut escaped = String::with_capacity(json.len() + 64);
            escape_for_html_into(&json, &mut escaped);
            (
                page.rel_path.as_str(),
                Piece {
                    key,
                    json: escaped.into(),
                },
            )
        })
        .collect();
    if let Some(kept) = kept {
        // Only this build's pages: a removed page's piece goes.
        *kept.pieces.lock().unwrap_or_else(PoisonError::into_inner) = pieces
            .iter()
            .map(|(path, piece)| (path.to_string(), piece.clone()))
            .collect();
    }
    pieces.into_iter().map(|(_, piece)| piece).collect()
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
