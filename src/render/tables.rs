//! Comparison tables: from a checked [`Table`] to the view [`super::table_html`] writes.
//!
//! Every cell lists its value(s) with footnote-style citations to the pages that state them; a
//! disputed cell lists each value with its own sources and says *disputed* in words, not only
//! in colour. Citations are numbered once per page ([`PageSources`]), in order of first
//! appearance, so a source keeps its number in every table of the page; the page ends with the
//! numbered list ([`sources_view`]).

use std::hash::{Hash, Hasher};

use indexmap::IndexSet;

use crate::model::compare::Only;
use crate::model::facts::CellValue;
use crate::model::quotes::Quoted;
use crate::model::schema::{Better, Criterion, Kind};
use crate::model::{Cell, CriterionId, Page, PageId, Site, SubjectId, Table, Value};
use crate::url;
use crate::words::Words;

/// A comparison table, ready to write.
#[derive(Debug)]
pub struct TableView<'a> {
    /// A page-unique id (`compare-1`), for the caption and the scroll region's label.
    pub id: String,
    /// The caption.
    pub caption: String,
    /// The column heads.
    pub subjects: Vec<SubjectHead<'a>>,
    /// Rows, by group.
    pub groups: Vec<GroupView<'a>>,
    /// Whether any cell is disputed (to explain the marker once).
    pub has_disputes: bool,
    /// The words it is written in.
    pub words: &'a Words,
    /// The rows the compare block's `only` left out: which rule, and how many.
    pub left_out: Option<(Only, usize)>,
}

impl TableView<'_> {
    /// How many rows the table has.
    pub fn rows(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }
}

/// A column head: a subject.
#[derive(Debug)]
pub struct SubjectHead<'a> {
    /// Its id, by which a reader's choice of columns names it.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its page.
    pub href: String,
}

/// A group of rows.
#[derive(Debug)]
pub struct GroupView<'a> {
    group: usize,
    /// Its heading.
    pub label: &'a str,
    /// The rows.
    pub rows: Vec<RowView<'a>>,
}

/// A row: one criterion.
#[derive(Debug)]
pub struct RowView<'a> {
    /// The criterion's id.
    pub id: &'a str,
    /// The row's `id` attribute, for links to the row (from search, from other pages).
    pub anchor: String,
    /// Its label.
    pub label: &'a str,
    /// What it means.
    pub description: Option<&'a str>,
    /// One cell per subject.
    pub cells: Vec<CellView<'a>>,
    /// Every subject has the same undisputed values (only for two subjects or more).
    pub same: bool,
    /// Some cell is disputed.
    pub disputed: bool,
}

/// A cell.
#[derive(Debug)]
pub struct CellView<'a> {
    /// The subject's name (the label of a stacked cell on a phone).
    pub subject: &'a str,
    /// Its values.
    pub values: Vec<ValueView<'a>>,
    /// Sources disagree.
    pub disputed: bool,
    /// The best value of the row, by the criterion's `better`.
    pub best: bool,
    /// A list criterion (values shown as a list).
    pub is_list: bool,
    /// The criterion has no meaning for the subject (`applies_to` in the schema).
    pub does_not_apply: bool,
}

/// A value of a cell with its citations.
#[derive(Debug)]
pub struct ValueView<'a> {
    /// The value as text.
    pub text: String,
    /// The source leaves it open.
    pub unknown: bool,
    /// The criterion has no meaning for the subject.
    pub does_not_apply: bool,
    /// For a rating: which steps of the scale are filled.
    pub scale: Vec<bool>,
    /// Footnote-style citations of the pages that state the value, by number.
    pub cites: Vec<CiteView<'a>>,
    /// The sources not cited here, if some are left out.
    pub more: Option<MoreView>,
    /// Notes and dates given with the facts.
    pub notes: Vec<NoteView<'a>>,
}

/// A citation of one of the page's numbered sources.
#[derive(Debug)]
pub struct CiteView<'a> {
    /// The source's number on the page.
    pub n: usize,
    /// The source page's title.
    pub title: &'a str,
}

/// How many more sources state a value, and where they are listed.
#[derive(Debug)]
pub struct MoreView {
    /// How many are not cited in this table.
    pub count: usize,
    /// The row of the subject page's table that cites them all.
    pub href: String,
}

/// A note that came with a fact.
#[derive(Debug)]
pub struct NoteView<'a> {
    /// The number of the source that gives it.
    pub n: usize,
    /// The note.
    pub text: Option<&'a str>,
    /// When the value held.
    pub as_of: Option<&'a str>,
    /// That is longer ago than `[facts] stale_after` allows.
    pub stale: bool,
}

/// A numbered source of the page, for its list of sources.
#[derive(Debug)]
pub struct SourceRef<'a> {
    /// Its number.
    pub n: usize,
    /// The page's title.
    pub title: &'a str,
    /// The page.
    pub href: String,
    /// The external article it summarises, if any.
    pub article: Option<&'a str>,
    /// When the article was published, if it says.
    pub published: Option<&'a str>,
}

/// The pages a page's tables cite, in order of first citation: a page's number is its
/// index + 1.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageSources(IndexSet<PageId, rustc_hash::FxBuildHasher>);

impl Hash for PageSources {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
        self.0.iter().for_each(|p| p.hash(state));
    }
}

impl PageSources {
    /// The number of `page`, which is given one if it has none yet.
    fn number(&mut self, page: PageId) -> usize {
        self.0.insert_full(page).0 + 1
    }

    fn contains(&self, page: PageId) -> bool {
        self.0.contains(&page)
    }
}

/// The anchor of source `n` in the page's list of sources.
pub fn source_anchor(n: usize) -> String {
    format!("fb-source-{n}")
}

/// The numbered list of the sources `cited` on the page at `from`.
pub fn sources_view<'a>(site: &'a Site, cited: &PageSources, from: &str) -> Vec<SourceRef<'a>> {
    let root = url::root_prefix(from);
    let source = |(i, &p): (usize, &PageId)| {
        let page: &'a Page = &site.pages[p];
        SourceRef {
            n: i + 1,
            title: &page.title,
            href: url::from_root(&root, &page.url),
            article: page.cites.as_ref().map(|c| c.title.as_str()),
            published: (page.cites.as_ref()).and_then(|c| c.published.as_deref()),
        }
    };
    cited.0.iter().enumerate().map(source).collect()
}

/// How many sources a cell value cites in a table other than the subject's own.
///
/// A value stated by many pages would otherwise make every table that shows it grow with the
/// site; the rest are one link away, on the subject page, which lists them all.
pub const CITATIONS_SHOWN: usize = 5;

/// Which citations a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Citations {
    /// Every source of every value (the subject page's own table).
    All,
    /// At most [`CITATIONS_SHOWN`] per value, then a link to the subject page's row.
    Some,
}

/// The anchor of criterion `id`'s row in a subject page's table.
pub fn row_anchor(criterion: &str) -> String {
    format!("fact-{criterion}")
}

/// The anchor of criterion `id`'s row in any other table: the table's id and the criterion's,
/// so that a link to a row (from search, from another page) keeps working as the site grows.
pub fn table_row_anchor(table: &str, criterion: &str) -> String {
    format!("{table}-{criterion}")
}

/// Builds the view of `table` for a page whose root prefix (see [`url::root_prefix`]) is
/// `root`, numbering its citations on from `cited`. Links are written from the site root, not
/// as short as they could be, so that one table at one depth has one view and is rendered once
/// however many pages show it.
pub fn table_view<'a>(
    site: &'a Site,
    words: &'a Words,
    table: &Table,
    root: &str,
    id: String,
    citations: Citations,
    cited: &mut PageSources,
) -> TableView<'a> {
    let facts = &site.facts;
    let schema = &facts.schema;
    let mut builder = Builder {
        site,
        words,
        root,
        table_id: &id,
        citations,
        cited,
        has_disputes: false,
    };
    let mut groups: Vec<GroupView<'a>> = Vec::new();
    for &c in &table.criteria {
        let row = builder.row(&table.subjects, c);
        let group = schema.criteria[c].group;
        match groups.last_mut() {
            Some(last) if last.group == group => last.rows.push(row),
            _ => groups.push(GroupView {
                group,
                label: &schema.groups[group].label,
                rows: vec![row],
            }),
        }
    }
    let has_disputes = builder.has_disputes;
    let names: Vec<&str> = table
        .subjects
        .iter()
        .map(|&s| facts.subjects[s].name.as_str())
        .collect();
    let head = |&s: &SubjectId| SubjectHead {
        id: &facts.subjects[s].id,
        name: &facts.subjects[s].name,
        href: url::from_root(root, &site.pages[facts.subjects[s].page].url),
    };
    TableView {
        id,
        caption: (table.caption.clone()).unwrap_or_else(|| default_caption(&names, words)),
        subjects: table.subjects.iter().map(head).collect(),
        groups,
        has_disputes,
        words,
        left_out: table.left_out,
    }
}

/// The cell `quoted` as a page's text quotes it, for a page whose root prefix is `root`, its
/// citations numbered on from `cited` as a table's are.
pub fn quote_view<'a>(
    site: &'a Site,
    words: &'a Words,
    quoted: Quoted,
    root: &str,
    cited: &mut PageSources,
) -> CellView<'a> {
    let facts = &site.facts;
    let criterion = &facts.schema.criteria[quoted.criterion];
    let mut builder = Builder {
        site,
        words,
        root,
        table_id: "",
        citations: Citations::Some,
        cited,
        has_disputes: false,
    };
    let cell = facts.cells.get(&(quoted.subject, quoted.criterion));
    builder.cell(quoted.subject, criterion, cell, false)
}

/// What a table's rows are built with: the sources cited so far are numbered in order of first
/// citation.
struct Builder<'a, 'r> {
    site: &'a Site,
    words: &'a Words,
    root: &'r str,
    table_id: &'r str,
    citations: Citations,
    cited: &'r mut PageSources,
    has_disputes: bool,
}

impl<'a> Builder<'a, '_> {
    /// The row of criterion `c`, one cell per subject.
    fn row(&mut self, subjects: &[SubjectId], c: CriterionId) -> RowView<'a> {
        let facts = &self.site.facts;
        let criterion = &facts.schema.criteria[c];
        let cells: Vec<Option<&Cell>> =
            subjects.iter().map(|&s| facts.cells.get(&(s, c))).collect();
        let best = best_cells(&cells, criterion);
        let disputed = cells.iter().flatten().any(|c| c.disputed);
        let same = facts.agree(subjects, c);
        let cells = subjects
            .iter()
            .zip(&cells)
            .zip(best)
            .map(|((&s, cell), best)| self.cell(s, criterion, *cell, best))
            .collect();
        RowView {
            id: &criterion.id,
            anchor: match self.citations {
                Citations::All => row_anchor(&criterion.id),
                Citations::Some => table_row_anchor(self.table_id, &criterion.id),
            },
            label: &criterion.label,
            description: criterion.description.as_deref(),
            cells,
            same,
            disputed,
        }
    }

    fn cell(
        &mut self,
        subject: SubjectId,
        criterion: &'a Criterion,
        cell: Option<&'a Cell>,
        best: bool,
    ) -> CellView<'a> {
        let values = cell.map_or_else(Vec::new, |cell| {
            let value = |v| self.value(subject, criterion, v);
            cell.values.iter().map(value).collect()
        });
        let disputed = cell.is_some_and(|c| c.disputed);
        self.has_disputes |= disputed;
        let subject = &self.site.facts.subjects[subject];
        CellView {
            subject: &subject.name,
            values,
            disputed,
            best,
            is_list: criterion.kind == Kind::List,
            does_not_apply: !criterion.applies(&subject.id),
        }
    }

    /// One value of a cell, with its citations, notes and dates.
    fn value(
        &mut self,
        subject: SubjectId,
        criterion: &Criterion,
        v: &'a CellValue,
    ) -> ValueView<'a> {
        let site = self.site;
        let facts = &site.facts;
        let shown = match self.citations {
            Citations::All => v.facts.clone(),
            Citations::Some => pick_citations(&v.facts, facts, self.cited),
        };
        let more = (shown.len() < v.facts.len()).then(|| MoreView {
            count: v.facts.len() - shown.len(),
            href: format!(
                "{}#{}",
                url::from_root(self.root, &site.pages[facts.subjects[subject].page].url),
                row_anchor(&criterion.id)
            ),
        });
        let mut numbers = Vec::with_capacity(shown.len());
        let mut notes = Vec::new();
        for &f in &shown {
            let fact = &facts.facts[f];
            let n = self.cited.number(fact.page);
            numbers.push(n);
            let stale = fact.is_stale(site.fresh_from.as_deref());
            // An article's own date is given once, in the page's list of sources.
            let as_of = (!fact.dated_by_source || stale).then_some(fact.as_of.as_deref());
            let as_of = as_of.flatten();
            if fact.note.is_some() || as_of.is_some() {
                let text = fact.note.as_deref();
                notes.push(NoteView {
                    n,
                    text,
                    as_of,
                    stale,
                });
            }
        }
        numbers.sort_unstable();
        notes.sort_by_key(|n| n.n);
        let cited = &*self.cited;
        let cite = |n: usize| CiteView {
            n,
            title: &site.pages[cited.0[n - 1]].title,
        };
        ValueView {
            text: v.value.display(criterion, self.words),
            unknown: v.value == Value::Unknown,
            does_not_apply: v.value == Value::DoesNotApply,
            scale: match (&criterion.kind, &v.value) {
                (Kind::Rating(steps), Value::Rating(r)) => {
                    (0..steps.len()).map(|i| i <= *r).collect()
                }
                _ => Vec::new(),
            },
            cites: numbers.into_iter().map(cite).collect(),
            more,
            notes,
        }
    }
}

/// The facts (indices, in reading order) whose pages a value cites when only
/// [`CITATIONS_SHOWN`] may be: pages the table already cites come first, so that the table's
/// list of sources stays short, then the others in reading order.
fn pick_citations(
    all: &[usize],
    facts: &crate::model::facts::Facts,
    cited: &PageSources,
) -> Vec<usize> {
    if all.len() <= CITATIONS_SHOWN {
        return all.to_vec();
    }
    let mut picked: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&f| cited.contains(facts.facts[f].page))
        .take(CITATIONS_SHOWN)
        .collect();
    for &f in all {
        if picked.len() == CITATIONS_SHOWN {
            break;
        }
        if !picked.contains(&f) {
            picked.push(f);
        }
    }
    picked.sort_unstable();
    picked
}

/// "Django compared with Node.js", "Facts about Django", …
fn default_caption(names: &[&str], words: &Words) -> String {
    match names {
        [one] => words.fill("table.facts_about", &[("subject", one)]),
        [init @ .., last] => {
            let init = init.join(words.get("table.list_separator"));
            words.fill(
                "table.compared_with",
                &[("subjects", &init), ("last", last)],
            )
        }
        [] => words.get("table.comparison").to_string(),
    }
}

/// Which cells hold the row of `criterion`'s best value: only cells with one undisputed value
/// take part, and nothing is marked when fewer than two cells can be ranked or all of them are
/// equal. On a rating where higher is better, only a step in the upper half of the scale counts
/// as best: the better of "poor" and "fair" is not a recommendation.
pub fn best_cells(cells: &[Option<&Cell>], criterion: &Criterion) -> Vec<bool> {
    let Some(better) = criterion.better else {
        return vec![false; cells.len()];
    };
    let scores: Vec<Option<f64>> = cells
        .iter()
        .map(|cell| match cell {
            Some(cell) if !cell.disputed && cell.values.len() == 1 => cell.values[0].value.score(),
            _ => None,
        })
        .collect();
    let ranked: Vec<f64> = scores.iter().flatten().copied().collect();
    let best = match better {
        Better::Higher => ranked.iter().copied().fold(f64::MIN, f64::max),
        Better::Lower => ranked.iter().copied().fold(f64::MAX, f64::min),
    };
    let all_equal = ranked.iter().all(|&s| s == best);
    let too_low = match (&criterion.kind, better) {
        (Kind::Rating(steps), Better::Higher) => best < steps.len().div_ceil(2) as f64,
        _ => false,
    };
    if ranked.len() < 2 || all_equal || too_low {
        return vec![false; cells.len()];
    }
    scores.iter().map(|s| *s == Some(best)).collect()
}
