//! Every comparison table as a CSV file of its own, beside the page that shows it.
//!
//! A table with id `compare-1` on the page at `comparisons/overall/` is also
//! `comparisons/overall/compare-1.csv`, which the table links to. The file holds the rows the
//! table shows, in its order: the criterion, then for each subject (by id, as `facts.json`
//! names them) its value and the titles of the sources that state it. When sources disagree, a
//! cell holds each value, and its sources, separated by ` | `. Values are written as in
//! `facts.csv` (a number without its unit, which has a column of its own).

use crate::model::schema::Kind;
use crate::model::{CriterionId, PageId, Site, SubjectId, Table, Value};
use crate::render::facts_pages::{self, Pair};
use crate::render::{decision, facts_csv};
use crate::words::Words;

/// A table shown on a page, and where its CSV goes.
///
/// Which tables there are depends on the pages' compare blocks, decision trees and subjects,
/// never on their facts: a table that has no rows (a subject no page states a fact about, a
/// pair that agrees on nothing) is not shown, but its CSV is made, so that an edit of facts
/// never adds or removes a file.
#[derive(Debug)]
pub struct TableCsv {
    /// The CSV's output path.
    pub path: String,
    /// The table.
    pub table: Table,
}

/// The CSV of the table `id` on the page at `url`, from the site root: the table links to it
/// as `{id}.csv`.
pub fn csv_path(url: &str, id: &str) -> String {
    format!("{url}{id}.csv")
}

/// The address of the CSV of table `id`, from the page that shows it.
pub fn csv_href(id: &str) -> String {
    format!("{id}.csv")
}

/// Every table page `id` shows (its compare blocks, its decision tree's outcomes, a subject's
/// facts), with its CSV's path.
pub fn page_tables(site: &Site, words: &Words, id: PageId) -> Vec<TableCsv> {
    let url = &site.pages[id].url;
    let at = |(table_id, table): (String, Table)| TableCsv {
        path: csv_path(url, &table_id),
        table,
    };
    let blocks = site.tables[id].iter().enumerate().map(|(i, table)| {
        let id = facts_pages::compare_table_id(i);
        (id, table.clone())
    });
    let outcomes = site.trees[id].iter().flat_map(|tree| {
        let outcome = |node| decision::outcome_table(site, words, node);
        tree.nodes.iter().filter_map(outcome)
    });
    let subject = (site.facts.subjects.iter().position(|s| s.page == id))
        .map(|s| facts_pages::subject_table(site, crate::model::SubjectId(s)));
    blocks.chain(outcomes).chain(subject).map(at).collect()
}

/// Every table of the site: each page's, then each pair's.
pub fn every_table(site: &Site, words: &Words, pairs: &[Pair]) -> Vec<TableCsv> {
    let pages = PageId::all(site.pages.len()).flat_map(|id| page_tables(site, words, id));
    let pairs = pairs.iter().flat_map(|pair| pair_tables(site, words, pair));
    pages.chain(pairs).collect()
}

/// The tables a pair's page shows, with their CSVs' paths.
pub fn pair_tables(site: &Site, words: &Words, pair: &Pair) -> Vec<TableCsv> {
    let tables = facts_pages::pair_tables(site, words, pair);
    let at = |(id, table): (String, Table)| TableCsv {
        path: csv_path(&pair.url, &id),
        table,
    };
    tables.into_iter().map(at).collect()
}

/// The bytes of `table`'s CSV.
pub fn render(site: &Site, words: &Words, table: &Table) -> Vec<u8> {
    let facts = &site.facts;
    let mut header = vec!["group", "criterion", "label", "unit"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for &s in &table.subjects {
        let id = &facts.subjects[s].id;
        header.push(id.clone());
        header.push(format!("{id} sources"));
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = csv.write_record(&header);
    for &c in &table.criteria {
        let criterion = &facts.schema.criteria[c];
        let mut record = vec![
            facts.schema.groups[criterion.group].label.clone(),
            criterion.id.clone(),
            criterion.label.clone(),
            criterion.unit.clone().unwrap_or_default(),
        ];
        for &s in &table.subjects {
            let (value, sources) = cell_text(site, words, s, c);
            record.push(value);
            record.push(sources);
        }
        let _ = csv.write_record(&record);
    }
    csv.into_inner().unwrap_or_default()
}

/// The value and the sources of subject `s`'s cell in criterion `c`'s row. A list's items are
/// one value, with every source that states one of them; values sources disagree on are each
/// given, with their own sources, separated by ` | `.
fn cell_text(site: &Site, words: &Words, s: SubjectId, c: CriterionId) -> (String, String) {
    let facts = &site.facts;
    let criterion = &facts.schema.criteria[c];
    if !criterion.applies(&facts.subjects[s].id) {
        return (Value::DoesNotApply.display(criterion, words), String::new());
    }
    let values = facts
        .cells
        .get(&(s, c))
        .map_or(&[][..], |cell| &cell.values);
    let text = |value: &Value| match value {
        Value::Unknown | Value::DoesNotApply => value.display(criterion, words),
        _ => facts_csv::value_text(value, &criterion.kind),
    };
    let titles = |of: &[usize]| -> Vec<&str> {
        let mut titles: Vec<&str> = (of.iter())
            .map(|&f| facts_csv::source_title(site, &facts.facts[f]))
            .collect();
        titles.dedup();
        titles
    };
    if criterion.kind == Kind::List {
        let items: Vec<String> = values.iter().map(|v| text(&v.value)).collect();
        let mut all: Vec<usize> = values
            .iter()
            .flat_map(|v| v.facts.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup_by_key(|&mut f| facts.facts[f].page);
        return (items.join("; "), titles(&all).join("; "));
    }
    let value: Vec<String> = values.iter().map(|v| text(&v.value)).collect();
    let sources: Vec<String> = values.iter().map(|v| titles(&v.facts).join("; ")).collect();
    (value.join(" | "), sources.join(" | "))
}
