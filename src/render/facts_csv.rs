//! `facts.csv`: every fact of the site, one row each, for a spreadsheet.
//!
//! The columns are those of `facts.json`'s facts, flattened: the value as written (a number
//! without its unit, which has a column of its own; a list's items joined by `; `), its state
//! (`stated`, `unknown`, `does not apply`), and the source's article title and page. Rows come in
//! reading order, as in `facts.json`, so two builds give the same bytes.

use crate::model::facts::Fact;
use crate::model::schema::Kind;
use crate::model::{Site, Value};

/// The file's name at the output root.
pub const FACTS_CSV: &str = "facts.csv";

const HEADER: [&str; 11] = [
    "subject",
    "criterion",
    "label",
    "value",
    "unit",
    "state",
    "disputed",
    "note",
    "as_of",
    "source",
    "source_page",
];

/// The bytes of `facts.csv`.
pub fn render(site: &Site) -> Vec<u8> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = csv.write_record(HEADER);
    let facts = site
        .reading_order
        .iter()
        .flat_map(|&id| &site.facts_by_page[id]);
    for &f in facts {
        let _ = csv.write_record(row(site, &site.facts.facts[f]));
    }
    csv.into_inner().unwrap_or_default()
}

fn row<'a>(site: &'a Site, fact: &'a Fact) -> [String; 11] {
    let facts = &site.facts;
    let criterion = &facts.schema.criteria[fact.criterion];
    let page = &site.pages[fact.page];
    let base = site.config.base_url_slash().unwrap_or_default();
    let state = match fact.value {
        Value::Unknown => "unknown",
        Value::DoesNotApply => "does not apply",
        _ => "stated",
    };
    let disputed = (facts.cells.get(&(fact.subject, fact.criterion))).is_some_and(|c| c.disputed);
    [
        facts.subjects[fact.subject].id.clone(),
        criterion.id.clone(),
        criterion.label.clone(),
        value_text(&fact.value, &criterion.kind),
        criterion.unit.clone().unwrap_or_default(),
        state.to_string(),
        if disputed { "yes" } else { "no" }.to_string(),
        fact.note.clone().unwrap_or_default(),
        fact.as_of.clone().unwrap_or_default(),
        source_title(site, fact).to_string(),
        format!("{base}{}", page.url),
    ]
}

/// The title of the article `fact`'s page summarises, or else the page's own.
pub fn source_title<'a>(site: &'a Site, fact: &Fact) -> &'a str {
    let page = &site.pages[fact.page];
    page.cites.as_ref().map_or(&page.title, |c| &c.title)
}

/// A value as a spreadsheet reads it: numbers without separators or unit.
pub fn value_text(value: &Value, kind: &Kind) -> String {
    match value {
        Value::Number(_) | Value::Range(..) => value.plain_number().replace(',', ""),
        Value::Version(v) => v.clone(),
        Value::Year(y) => y.to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Text(t) => t.clone(),
        Value::Rating(i) => match kind {
            Kind::Rating(scale) => scale.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        },
        Value::List(items) => items.join("; "),
        Value::Unknown | Value::DoesNotApply => String::new(),
    }
}
