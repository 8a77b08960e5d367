//! Where facts appear besides compare blocks: subject pages (every fact about the subject),
//! the list of facts a page states, and generated comparisons of each pair of subjects.

use std::borrow::Cow;

use serde::Serialize;

use crate::error::Error;
use crate::markdown::{PLACEHOLDER_START, Placeholder};
use crate::model::{CellSet, CriterionId, PageId, Site, SubjectId, Table};
use crate::render::table_html;
use crate::render::tables;
use crate::render::tables::{Citations, PageSources, quote_view, table_view};
use crate::render::theme::Engine;
use crate::url;
use crate::words::Words;

/// The folder of the generated pair comparisons.
pub use crate::url::COMPARE_URL;

/// A link whose text is made up (not a page title).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct NamedLink {
    /// The text.
    pub title: String,
    /// Where it goes.
    pub href: String,
}

/// What a subject page shows besides its own text.
#[derive(Debug, Serialize, Hash)]
pub struct SubjectView<'a> {
    /// The subject's name.
    pub name: &'a str,
    /// Its official site.
    pub homepage: Option<&'a str>,
    /// One line about it.
    pub summary: Option<&'a str>,
    /// Every fact about it, as a one-column comparison table (HTML).
    pub table: String,
    /// Pages that state facts about it.
    pub stated_on: Vec<NamedLink>,
    /// Pages whose text quotes facts about it, in reading order.
    pub quoted_on: Vec<NamedLink>,
    /// Comparisons with each other subject.
    pub compare_with: Vec<NamedLink>,
}

/// The facts one page states about one subject.
#[derive(Debug, Serialize, Hash)]
pub struct StatedGroup<'a> {
    /// The subject's name.
    pub subject: &'a str,
    /// The subject's page.
    pub href: String,
    /// The facts, in the order written.
    pub facts: Vec<StatedFact<'a>>,
}

/// One fact as stated by a page.
#[derive(Debug, Serialize, Hash)]
pub struct StatedFact<'a> {
    /// The criterion's label.
    pub criterion: &'a str,
    /// The value as text (a list's items joined).
    pub value: String,
    /// A list's items, shown as a list.
    pub items: &'a [String],
    /// Whether other sources state a different value.
    pub disputed: bool,
    /// The note given with it.
    pub note: Option<&'a str>,
    /// When it held.
    pub as_of: Option<&'a str>,
    /// That is longer ago than `[facts] stale_after` allows.
    pub stale: bool,
}

/// A generated comparison of two subjects.
#[derive(Debug)]
pub struct Pair {
    /// The subjects.
    pub subjects: [SubjectId; 2],
    /// "Django vs Node.js".
    pub title: String,
    /// `compare/django-vs-nodejs/`.
    pub url: String,
}

/// The id of a pair page's table of the criteria where the two subjects differ.
pub const PAIR_DIFFER_TABLE: &str = "compare-1";
/// The id of a pair page's table of the criteria where they agree.
pub const PAIR_AGREE_TABLE: &str = "compare-2";

/// The anchor of criterion `c`'s row on `pair`'s page, when the page shows it.
pub fn pair_row_anchor(site: &Site, pair: &Pair, c: CriterionId) -> Option<String> {
    let facts = &site.facts;
    let shown = pair
        .subjects
        .iter()
        .any(|&s| facts.cells.contains_key(&(s, c)));
    let table = if site.facts.agree(&pair.subjects, c) {
        PAIR_AGREE_TABLE
    } else {
        PAIR_DIFFER_TABLE
    };
    shown.then(|| tables::table_row_anchor(table, &facts.schema.criteria[c].id))
}

/// A pair page's two tables, with their ids: the criteria where the two subjects differ, then
/// those where they agree. Either may have no rows, and is then not shown.
pub fn pair_tables(site: &Site, words: &Words, pair: &Pair) -> [(String, Table); 2] {
    let all = full_table(site, pair.subjects.to_vec(), None);
    let (same, differ): (Vec<_>, Vec<_>) =
        (all.criteria.iter()).partition(|&&c| site.facts.agree(&pair.subjects, c));
    let table = |criteria, caption_key: &str| Table {
        subjects: pair.subjects.to_vec(),
        criteria,
        caption: Some(words.fill(caption_key, &[("pair", &pair.title)])),
        left_out: None,
    };
    [
        (
            PAIR_DIFFER_TABLE.to_string(),
            table(differ, "comparisons.differ_caption"),
        ),
        (
            PAIR_AGREE_TABLE.to_string(),
            table(same, "comparisons.agree_caption"),
        ),
    ]
}

/// Every pair of subjects, in subject order.
pub fn pairs(site: &Site) -> Vec<Pair> {
    let subjects = &site.facts.subjects;
    let mut pairs = Vec::new();
    for a in (0..subjects.len()).map(SubjectId) {
        for b in (a.0 + 1..subjects.len()).map(SubjectId) {
            pairs.push(Pair {
                subjects: [a, b],
                title: format!("{} vs {}", subjects[a].name, subjects[b].name),
                url: url::pair_url(&subjects[a].id, &subjects[b].id),
            });
        }
    }
    pairs
}

/// Writes a table (see [`table_html`]) of the page at `from`, numbering its citations on from
/// `cited`.
pub fn render_table(
    site: &Site,
    words: &Words,
    table: &Table,
    from: &str,
    id: String,
    citations: Citations,
    cited: &mut PageSources,
) -> String {
    let root = url::root_prefix(from);
    table_html::write(&table_view(site, words, table, &root, id, citations, cited))
}

/// Renders the `index`th compare block's table of the page at `from`, once per build for all
/// pages that show it: within a build, its HTML and the sources it adds are made of the table,
/// the page's depth, its id and the sources the page cited before it. Tables only one page
/// shows (a subject's, a pair's) are not kept.
fn render_shared_table(
    site: &Site,
    engine: &Engine<'_>,
    table: &Table,
    from: &str,
    index: usize,
    cited: &mut PageSources,
) -> Result<std::sync::Arc<str>, Error> {
    let id = compare_table_id(index);
    let key = (table, url::root_prefix(from), &id, &*cited);
    let (html, after) = engine.partial(&key, || {
        let mut after = cited.clone();
        let html = render_table(
            site,
            engine.words,
            table,
            from,
            id.clone(),
            Citations::Some,
            &mut after,
        );
        Ok((std::sync::Arc::<str>::from(html), after))
    })?;
    *cited = after;
    Ok(html)
}

/// The table of every fact about subject `s`, with its id on the subject's page (which shows
/// it when it has rows).
pub fn subject_table(site: &Site, s: SubjectId) -> (String, Table) {
    ("subject-facts".to_string(), full_table(site, vec![s], None))
}

/// The id of a page's `index`th compare block's table.
pub fn compare_table_id(index: usize) -> String {
    format!("compare-{}", index + 1)
}

/// A table of every criterion `subjects` have facts for.
pub fn full_table(site: &Site, subjects: Vec<SubjectId>, caption: Option<String>) -> Table {
    let facts = &site.facts;
    let mut criteria: Vec<CriterionId> = (0..facts.schema.criteria.len())
        .map(CriterionId)
        .filter(|&c| subjects.iter().any(|&s| facts.cells.contains_key(&(s, c))))
        .collect();
    criteria.sort_by_key(|&c| (facts.schema.criteria[c].group, c));
    Table {
        subjects,
        criteria,
        caption,
        left_out: None,
    }
}

/// The page's HTML with its placeholders filled in: compare blocks by their tables, quotes by
/// their facts' values, all citations numbered on from `cited` in the order they come.
pub fn fill_content<'a>(
    site: &'a Site,
    engine: &Engine<'_>,
    id: PageId,
    cited: &mut PageSources,
) -> Result<Cow<'a, str>, Error> {
    let page = &site.pages[id];
    let (tables, quotes) = (&site.tables[id], &site.quotes[id]);
    if tables.is_empty() && quotes.is_empty() {
        return Ok(Cow::Borrowed(&page.content));
    }
    // One pass splices every table and value in where its marker is.
    let content: &str = &page.content;
    let mut html = String::with_capacity(content.len() + 4096 * tables.len());
    let mut rest = content;
    while let Some(at) = rest.find(PLACEHOLDER_START) {
        html.push_str(&rest[..at]);
        rest = &rest[at..];
        let (filled, len) = match Placeholder::at_start(rest) {
            Some((Placeholder::Compare(i), len)) if i < tables.len() => {
                let table = render_shared_table(site, engine, &tables[i], &page.url, i, cited)?;
                (Cow::Owned(table.to_string()), len)
            }
            Some((Placeholder::Quote(i), len)) if i < quotes.len() => {
                let root = url::root_prefix(&page.url);
                let cell = quote_view(site, engine.words, quotes[i], &root, cited);
                (
                    Cow::Owned(table_html::write_quote(&cell, engine.words)),
                    len,
                )
            }
            // Text that only looks like a marker (in a code block, say) stays as it is.
            _ => (Cow::Borrowed(PLACEHOLDER_START), PLACEHOLDER_START.len()),
        };
        html.push_str(&filled);
        rest = &rest[len..];
    }
    html.push_str(rest);
    Ok(Cow::Owned(html))
}

/// Whether the view of page `id` reads one of `cells`, so that an edit of facts that changed
/// them can change the page. What a view reads of the facts:
/// - a table (a compare block's), which rows it has and what they show, is made of the cells
///   of its own subjects;
/// - a quote and a stated fact (which shows whether sources disagree) read their own cell;
/// - a subject's page reads every cell of its subject (and which pages state them);
/// - a decision tree and the home page's glance read every cell.
///
/// The view of any other page reads no fact.
pub fn reads_any(site: &Site, id: PageId, cells: &CellSet) -> bool {
    let facts = &site.facts;
    let stated = site.facts_by_page[id].iter().map(|&f| &facts.facts[f]);
    site.trees[id].is_some()
        || crate::render::glance::shows_glance(site, id)
        || (site.tables[id].iter()).any(|t| t.subjects.iter().any(|&s| cells.has_subject(s)))
        || (site.quotes[id].iter()).any(|q| cells.contains(q.subject, q.criterion))
        || (stated.into_iter()).any(|f| cells.contains(f.subject, f.criterion))
        || (facts.subjects.iter().enumerate())
            .any(|(s, subject)| subject.page == id && cells.has_subject(SubjectId(s)))
}

/// The subject view of page `id`, if it is a subject page, its citations numbered on from
/// `cited`.
pub fn subject_view<'a>(
    site: &'a Site,
    words: &Words,
    id: PageId,
    cited: &mut PageSources,
) -> Result<Option<SubjectView<'a>>, Error> {
    let facts = &site.facts;
    let Some(s) = facts
        .subjects
        .iter()
        .position(|s| s.page == id)
        .map(SubjectId)
    else {
        return Ok(None);
    };
    let subject = &facts.subjects[s];
    let from = &site.pages[id].url;
    let (table_id, table) = subject_table(site, s);
    let table = match table.criteria.is_empty() {
        true => String::new(),
        false => render_table(site, words, &table, from, table_id, Citations::All, cited),
    };
    let link = |p: PageId| NamedLink {
        title: site.pages[p].title.clone(),
        href: url::relative_href(from, &site.pages[p].url),
    };
    let quotes_it = |p: &&PageId| site.quotes[**p].iter().any(|q| q.subject == s);
    Ok(Some(SubjectView {
        quoted_on: (site.reading_order.iter())
            .filter(quotes_it)
            .map(|&p| link(p))
            .collect(),
        name: &subject.name,
        homepage: subject.homepage.as_deref(),
        summary: subject.summary.as_deref(),
        table,
        stated_on: site.stated_on[s].iter().map(|&p| link(p)).collect(),
        compare_with: pairs(site)
            .into_iter()
            .filter(|p| p.subjects.contains(&s))
            .map(|p| NamedLink {
                title: p.title,
                href: url::relative_href(from, &p.url),
            })
            .collect(),
    }))
}

/// The facts page `id` states, by subject in the order written.
pub fn stated_view<'a>(site: &'a Site, words: &Words, id: PageId) -> Vec<StatedGroup<'a>> {
    let facts = &site.facts;
    let from = &site.pages[id].url;
    let mut groups: Vec<(SubjectId, StatedGroup<'a>)> = Vec::new();
    for fact in site.facts_by_page[id].iter().map(|&f| &facts.facts[f]) {
        let criterion = &facts.schema.criteria[fact.criterion];
        let stale = fact.is_stale(site.fresh_from.as_deref());
        let stated = StatedFact {
            criterion: &criterion.label,
            value: fact.value.display(criterion, words),
            items: match &fact.value {
                crate::model::Value::List(items) => items,
                _ => &[],
            },
            disputed: facts
                .cells
                .get(&(fact.subject, fact.criterion))
                .is_some_and(|c| c.disputed),
            note: fact.note.as_deref(),
            // The page gives its article's date at the top.
            as_of: (fact.as_of.as_deref()).filter(|_| !fact.dated_by_source || stale),
            stale,
        };
        match groups.iter_mut().find(|(s, _)| *s == fact.subject) {
            Some((_, group)) => group.facts.push(stated),
            None => {
                let subject = &facts.subjects[fact.subject];
                groups.push((
                    fact.subject,
                    StatedGroup {
                        subject: &subject.name,
                        href: url::relative_href(from, &site.pages[subject.page].url),
                        facts: vec![stated],
                    },
                ));
            }
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}
