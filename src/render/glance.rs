//! The home page's answer at a glance, made from the facts: the way into the decision guide,
//! where each subject is rated higher, and where the sources disagree, each linked to its
//! details. Nothing in it is written by hand, so it cannot drift from the data.

use serde::Serialize;

use crate::model::schema::Kind;
use crate::model::{Cell, CriterionId, PageId, Site, SubjectId};
use crate::render::tables::{best_cells, row_anchor};
use crate::url;
use crate::words::Words;

/// What the home page shows above its text.
#[derive(Debug, Serialize, Hash)]
pub struct GlanceView<'a> {
    /// One sentence made of the rest: where each subject is rated higher and how many cells
    /// the sources disagree on; `None` when there is neither.
    pub verdict: Option<String>,
    /// The decision guide, if the site has one.
    pub decide: Option<GuideLink<'a>>,
    /// Each subject, with the criteria on which it is rated higher than every other.
    pub subjects: Vec<StrongerView<'a>>,
    /// Where sources disagree, in the schema's order.
    pub disputes: Vec<DisputeView<'a>>,
}

/// The way into a decision guide.
#[derive(Debug, Serialize, Hash)]
pub struct GuideLink<'a> {
    /// The guide page's title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Where it is.
    pub href: String,
}

/// A subject and where it is rated higher.
#[derive(Debug, Serialize, Hash)]
pub struct StrongerView<'a> {
    /// The subject's name.
    pub name: &'a str,
    /// Its one-line summary.
    pub summary: Option<&'a str>,
    /// Its page.
    pub href: String,
    /// The criteria (ratings, numbers or years with `better` set) on which its value ranks
    /// first, each linked to its row on the subject's page.
    pub stronger: Vec<CriterionLink<'a>>,
}

/// A criterion, linked to a row of a subject's table.
#[derive(Debug, Serialize, Hash)]
pub struct CriterionLink<'a> {
    /// The criterion's label.
    pub label: &'a str,
    /// Its value, as text.
    pub value: String,
    /// The row.
    pub href: String,
}

/// A disputed cell: one subject, one criterion, the values the sources give.
#[derive(Debug, Serialize, Hash)]
pub struct DisputeView<'a> {
    /// The subject's name.
    pub subject: &'a str,
    /// The criterion's label.
    pub criterion: &'a str,
    /// Each value with how many sources give it.
    pub values: Vec<ValueCount>,
    /// The row on the subject's page that cites them all.
    pub href: String,
}

/// A value and how many sources give it.
#[derive(Debug, Serialize, Hash)]
pub struct ValueCount {
    /// The value, as text.
    pub text: String,
    /// How many sources give it.
    pub sources: usize,
}

/// Whether page `id` shows a glance: it is the home page of a site with subjects.
pub fn shows_glance(site: &Site, id: PageId) -> bool {
    let is_home = site.sections.first().is_some_and(|root| root.index == id);
    is_home && !site.facts.subjects.is_empty()
}

/// The glance of page `id`, if it shows one.
pub fn glance_view<'a>(site: &'a Site, words: &Words, id: PageId) -> Option<GlanceView<'a>> {
    if !shows_glance(site, id) {
        return None;
    }
    let from = &site.pages[id].url;
    let decide = (0..site.pages.len())
        .map(PageId)
        .find(|&p| site.trees[p].is_some())
        .map(|p| GuideLink {
            title: &site.pages[p].title,
            description: site.pages[p].description.as_deref(),
            href: url::relative_href(from, &site.pages[p].url),
        });
    let subjects = stronger(site, words, from);
    let disputes = disputes(site, words, from);
    Some(GlanceView {
        verdict: verdict(&subjects, disputes.len(), words),
        decide,
        subjects,
        disputes,
    })
}

/// "In short: Django is rated higher on admin and ORM, Node.js on real-time support. The
/// sources disagree on 3 facts."
fn verdict(subjects: &[StrongerView<'_>], disputes: usize, words: &Words) -> Option<String> {
    // Criteria by the subjects that come first on them: two subjects tied on a criterion are
    // named together, not each "rated higher" than the other.
    let mut firsts: Vec<(&str, Vec<&str>)> = Vec::new();
    for subject in subjects {
        for c in &subject.stronger {
            match firsts.iter_mut().find(|(label, _)| *label == c.label) {
                Some((_, names)) => names.push(subject.name),
                None => firsts.push((c.label, vec![subject.name])),
            }
        }
    }
    let mut groups: Vec<(Vec<&str>, Vec<String>)> = Vec::new();
    for (label, names) in firsts {
        match groups.iter_mut().find(|(n, _)| *n == names) {
            Some((_, labels)) => labels.push(in_sentence(label)),
            None => groups.push((names, vec![in_sentence(label)])),
        }
    }
    let ahead: Vec<String> = (groups.iter())
        .map(|(names, labels)| {
            let criteria = and_list(labels, words);
            match names.as_slice() {
                [one] => words.fill(
                    "page.verdict_ahead",
                    &[("subject", one), ("criteria", &criteria)],
                ),
                _ => words.fill(
                    "page.verdict_tied",
                    &[
                        ("subjects", &and_list(names, words)),
                        ("criteria", &criteria),
                    ],
                ),
            }
        })
        .collect();
    let mut parts = Vec::new();
    if !ahead.is_empty() {
        let ahead = ahead.join(words.get("page.verdict_separator"));
        parts.push(words.fill("page.verdict", &[("ahead", &ahead)]));
    }
    if disputes > 0 {
        parts.push(words.count("page.verdict_disputes", disputes));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[impl AsRef<str>], words: &Words) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items.as_slice() {
        [init @ .., last] if !init.is_empty() => format!(
            "{}{}{last}",
            init.join(words.get("table.list_separator")),
            words.get("comparisons.and")
        ),
        _ => items.concat(),
    }
}

/// A criterion's label as it reads inside a sentence: "Fit for microservices" → "fit for
/// microservices", but "ORM" and "I/O model" keep their capitals.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// The link from the page at `from` to criterion `c`'s row on subject `s`'s page.
fn row_href(site: &Site, from: &str, s: SubjectId, c: CriterionId) -> String {
    let page = &site.pages[site.facts.subjects[s].page];
    let criterion = &site.facts.schema.criteria[c];
    format!(
        "{}#{}",
        url::relative_href(from, &page.url),
        row_anchor(&criterion.id)
    )
}

/// Each subject with the ranked criteria on which it comes first.
fn stronger<'a>(site: &'a Site, words: &Words, from: &str) -> Vec<StrongerView<'a>> {
    let facts = &site.facts;
    let all: Vec<SubjectId> = (0..facts.subjects.len()).map(SubjectId).collect();
    let mut views: Vec<StrongerView<'a>> = all
        .iter()
        .map(|&s| StrongerView {
            name: &facts.subjects[s].name,
            summary: facts.subjects[s].summary.as_deref(),
            href: url::relative_href(from, &site.pages[facts.subjects[s].page].url),
            stronger: Vec::new(),
        })
        .collect();
    for c in (0..facts.schema.criteria.len()).map(CriterionId) {
        let criterion = &facts.schema.criteria[c];
        if criterion.better.is_none() || criterion.kind == Kind::List {
            continue;
        }
        let cells: Vec<Option<&Cell>> = all.iter().map(|&s| facts.cells.get(&(s, c))).collect();
        let best = best_cells(&cells, criterion);
        for ((&s, cell), best) in all.iter().zip(&cells).zip(best) {
            let Some(cell) = cell.filter(|_| best) else {
                continue;
            };
            views[s.0].stronger.push(CriterionLink {
                label: &criterion.label,
                value: cell.values[0].value.display(criterion, words),
                href: row_href(site, from, s, c),
            });
        }
    }
    views
}

/// Every disputed cell, by criterion in the schema's order, then by subject.
fn disputes<'a>(site: &'a Site, words: &Words, from: &str) -> Vec<DisputeView<'a>> {
    let facts = &site.facts;
    let mut disputes = Vec::new();
    for c in (0..facts.schema.criteria.len()).map(CriterionId) {
        let criterion = &facts.schema.criteria[c];
        for s in (0..facts.subjects.len()).map(SubjectId) {
            let Some(cell) = facts.cells.get(&(s, c)).filter(|cell| cell.disputed) else {
                continue;
            };
            disputes.push(DisputeView {
                subject: &facts.subjects[s].name,
                criterion: &criterion.label,
                values: (cell.values.iter())
                    .map(|v| ValueCount {
                        text: v.value.display(criterion, words),
                        sources: v.facts.len(),
                    })
                    .collect(),
                href: row_href(site, from, s, c),
            });
        }
    }
    disputes
}
