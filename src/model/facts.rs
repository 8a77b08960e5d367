//! Subjects, facts and their aggregation — what no other generator does.
//!
//! Every page may state facts about any declared subject. For each (subject, criterion) all
//! facts from all pages are gathered in one pass: equal values become one value citing every
//! source; different values are a *disagreement*, each value kept with its own sources and the
//! cell marked disputed. List criteria merge, each item citing its sources. Order is fixed by the
//! reading order of the source pages, so output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::Path;

use indexmap::IndexMap;
use rayon::prelude::*;
use toml::Spanned;

use crate::diag::{Diagnostic, Severity, did_you_mean_help};
use crate::model::ids::{CriterionId, SubjectId};
use crate::model::page::{Page, PageId};
use crate::model::raw::RawSubject;
use crate::model::schema::{Kind, Schema, is_valid_id};
use crate::model::value::{self, Value};
use crate::source::{SourceFile, Sources};
use crate::url;

/// A thing being compared, declared by a page's `[subject]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Its id (the page's file stem unless given).
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its official site.
    pub homepage: Option<String>,
    /// One line about it.
    pub summary: Option<String>,
    /// The subject's page.
    pub page: PageId,
}

/// One page's claim of one value.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Index into [`Facts::subjects`].
    pub subject: SubjectId,
    /// Index into the schema's criteria.
    pub criterion: CriterionId,
    /// The value.
    pub value: Value,
    /// A note from the author.
    pub note: Option<String>,
    /// When the value held (`YYYY-MM-DD` or a year): its own `as_of`, or else the date its
    /// page's `[source]` was published.
    pub as_of: Option<String>,
    /// `as_of` is the article's date, not one the fact gives: tables do not repeat it at
    /// every value (the page's list of sources gives it once), unless it makes the fact stale.
    pub dated_by_source: bool,
    /// The page that states it: its source.
    pub page: PageId,
    /// Where it is written, as a byte range of the page's file.
    pub span: Range<usize>,
}

impl Fact {
    /// Whether `other` claims the same as this fact, wherever each is written: every field but
    /// the span, which only diagnostics show.
    pub fn claims_same(&self, other: &Fact) -> bool {
        // Compared whole, so that a field added later counts without being listed here.
        *self
            == Fact {
                span: self.span.clone(),
                ..other.clone()
            }
    }

    /// Whether the fact's `as_of` is before `fresh_from` (a `YYYY-MM-DD` day; see
    /// [`crate::config::FactsConfig::fresh_from`]). A year stands for its last day: a value
    /// "as of 2024" held through 2024. A fact without a date is never stale.
    pub fn is_stale(&self, fresh_from: Option<&str>) -> bool {
        match (self.as_of.as_deref(), fresh_from) {
            (Some(as_of), Some(from)) => last_day(as_of).as_str() < from,
            _ => false,
        }
    }
}

/// The last day an `as_of` (`YYYY-MM-DD` or a year) covers, as `YYYY-MM-DD`.
fn last_day(as_of: &str) -> String {
    match as_of.len() {
        4 => format!("{as_of}-12-31"),
        _ => as_of.to_string(),
    }
}

/// A warning for each fact older than `fresh_from` allows, at the fact.
pub fn stale_warnings(
    facts: &Facts,
    pages: &[Page],
    sources: &[SourceFile],
    fresh_from: Option<&str>,
) -> Vec<Diagnostic> {
    let stale = facts.facts.iter().filter(|f| f.is_stale(fresh_from));
    stale
        .filter_map(|fact| {
            let page = &pages[fact.page];
            let src = &sources[page.source?];
            let criterion = &facts.schema.criteria[fact.criterion].id;
            let subject = &facts.subjects[fact.subject].id;
            let message = format!(
                "`{criterion}` of `{subject}` is as of {}, older than `stale_after` allows",
                fact.as_of.as_deref().unwrap_or_default()
            );
            let help = "pages mark it as possibly out of date; check the source for a newer value and update `as_of`";
            let at = Diagnostic::error_at(&page.display_path, &src.text, fact.span.clone(), message);
            Some(at.with_severity(Severity::Warning).with_help(help))
        })
        .collect()
}

/// Some cells, each named by its subject and criterion: those an edit of facts can have
/// changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellSet(BTreeSet<(SubjectId, CriterionId)>);

impl CellSet {
    /// Whether the cell of `subject` and `criterion` is one of them.
    pub fn contains(&self, subject: SubjectId, criterion: CriterionId) -> bool {
        self.0.contains(&(subject, criterion))
    }

    /// Whether a cell of `subject` is one of them.
    pub fn has_subject(&self, subject: SubjectId) -> bool {
        let all = (subject, CriterionId(0))..=(subject, CriterionId(usize::MAX));
        self.0.range(all).next().is_some()
    }
}

impl Extend<(SubjectId, CriterionId)> for CellSet {
    fn extend<I: IntoIterator<Item = (SubjectId, CriterionId)>>(&mut self, cells: I) {
        self.0.extend(cells);
    }
}

/// One value of a cell and the facts that state it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellValue {
    /// The value (for a list criterion, one item as `Value::Text`).
    pub value: Value,
    /// Indices into [`Facts::facts`], in the reading order of their pages.
    pub facts: Vec<usize>,
}

/// Everything known about one criterion of one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The distinct values; most-cited first.
    pub values: Vec<CellValue>,
    /// Sources state different values.
    pub disputed: bool,
}

/// All facts of the site, checked and aggregated.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The criteria.
    pub schema: Schema,
    /// The subjects, in reading order of their pages.
    pub subjects: Vec<Subject>,
    /// Every fact, in reading order of their pages.
    pub facts: Vec<Fact>,
    /// Aggregated cells by (subject, criterion).
    pub cells: BTreeMap<(SubjectId, CriterionId), Cell>,
    subject_ids: FxHashMap<String, SubjectId>,
}

impl Facts {
    /// Whether `subjects` (two or more) have the same known, undisputed values for criterion
    /// `c`.
    pub fn agree(&self, subjects: &[SubjectId], c: CriterionId) -> bool {
        let cells: Vec<Option<&Cell>> = (subjects.iter())
            .map(|&s| self.cells.get(&(s, c)))
            .collect();
        subjects.len() > 1 && !cells.iter().flatten().any(|c| c.disputed) && all_same(&cells)
    }

    /// Whether some source disagrees with another on criterion `c` for one of `subjects`.
    pub fn disputed(&self, subjects: &[SubjectId], c: CriterionId) -> bool {
        (subjects.iter()).any(|&s| self.cells.get(&(s, c)).is_some_and(|cell| cell.disputed))
    }

    /// The subject with this id.
    pub fn subject(&self, id: &str) -> Option<SubjectId> {
        self.subject_ids.get(id).copied()
    }

    /// The subjects' ids, for did-you-mean hints.
    pub fn subject_ids(&self) -> impl Iterator<Item = &str> {
        self.subjects.iter().map(|s| s.id.as_str())
    }

    /// A note for every disagreement, by cell, for `factbook check`.
    pub fn disagreements(
        &self,
        pages: &[Page],
        sources: &[SourceFile],
    ) -> BTreeMap<(SubjectId, CriterionId), Diagnostic> {
        self.cells
            .iter()
            .filter_map(|(&key, cell)| Some((key, self.disagreement(key, cell, pages, sources)?)))
            .collect()
    }

    /// The note for the cell `key`, if its sources disagree.
    fn disagreement(
        &self,
        (s, c): (SubjectId, CriterionId),
        cell: &Cell,
        pages: &[Page],
        sources: &[SourceFile],
    ) -> Option<Diagnostic> {
        if !cell.disputed {
            return None;
        }
        let criterion = &self.schema.criteria[c];
        let claims: Vec<String> = cell
            .values
            .iter()
            .map(|v| {
                let titles: Vec<&str> = v
                    .facts
                    .iter()
                    .map(|&f| pages[self.facts[f].page].title.as_str())
                    .collect();
                format!(
                    "{} ({})",
                    v.value.display(criterion, crate::words::english()),
                    titles.join("; ")
                )
            })
            .collect();
        // Point at the first fact of the least-cited value: the claim most worth a look.
        let fact = &self.facts[cell.values.last()?.facts[0]];
        let page = &pages[fact.page];
        let message = format!(
            "sources disagree on `{}` for `{}`",
            criterion.id, self.subjects[s].id
        );
        let note = match page.source {
            Some(i) => Diagnostic::error_at(
                &page.display_path,
                &sources[i].text,
                fact.span.clone(),
                message,
            ),
            None => Diagnostic::error(&page.display_path, message),
        };
        Some(
            note.with_severity(Severity::Note)
                .with_help(claims.join(" vs ")),
        )
    }

    /// Checks again the facts of the pages `edited`, whose facts alone changed (the subjects
    /// and the schema are as before), and updates the cells they touch. The other pages' facts
    /// were checked against the same subjects and schema, so they are kept as they are.
    /// `notes` (see [`Facts::disagreements`]) is brought up to date as well. Returns the cells
    /// whose claims changed: those of the facts that are not as before (a fact that only moved
    /// in its file changes no page), or of every fact of the pages whose number of facts
    /// changed.
    pub fn refresh(
        &mut self,
        site: &SiteParts<'_>,
        edited: &[PageId],
        notes: &mut BTreeMap<(SubjectId, CriterionId), Diagnostic>,
    ) -> Result<CellSet, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut fresh = Vec::new();
        for &id in edited {
            let Some(src) = site.pages[id].source.map(|i| &site.sources.pages[i]) else {
                continue;
            };
            let has_schema = site.sources.schema.is_some();
            let checked = page_facts(&site.pages[id], id, src, self, has_schema, site.schema_path);
            errors.extend(checked.errors);
            // Every page parsed (the model was whole), so nothing is pending.
            errors.extend(fold(checked.follows, &BTreeSet::new()));
            fresh.push((id, checked.facts));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // A page's facts are one run of `self.facts` (facts are in reading order of pages).
        let run = |id: PageId| match (
            site.facts_by_page[id].first(),
            site.facts_by_page[id].last(),
        ) {
            (Some(&first), Some(&last)) => first..last + 1,
            _ => 0..0,
        };
        // Only the cells the edited facts were or are in can change; of those, the pages show
        // only the ones whose claims changed (notes, which give lines, are made for all).
        let mut touched = CellSet::default();
        let mut claimed = CellSet::default();
        for (id, facts) in &fresh {
            let old = run(*id).map(|i| &self.facts[i]);
            touched.extend(old.clone().chain(facts).map(|f| (f.subject, f.criterion)));
            let pairs = old.zip(facts);
            let differ = pairs.filter(|(old, new)| !old.claims_same(new));
            claimed.extend(
                differ.flat_map(|(o, n)| [(o.subject, o.criterion), (n.subject, n.criterion)]),
            );
        }
        if !fresh
            .iter()
            .all(|(id, facts)| run(*id).len() == facts.len())
        {
            self.replace_all(site, fresh);
            *notes = self.disagreements(site.pages, &site.sources.pages);
            return Ok(touched);
        }
        // Every fact keeps its index, so only those cells are made again.
        for (id, facts) in fresh {
            for (i, fact) in run(id).zip(facts) {
                self.facts[i] = fact;
            }
        }
        self.remake_cells(&touched.0);
        for &key in &touched.0 {
            let note = (self.cells.get(&key))
                .and_then(|cell| self.disagreement(key, cell, site.pages, &site.sources.pages));
            match note {
                Some(note) => notes.insert(key, note),
                None => notes.remove(&key),
            };
        }
        Ok(claimed)
    }

    /// Makes the cells `keys` again from the facts.
    fn remake_cells(&mut self, keys: &BTreeSet<(SubjectId, CriterionId)>) {
        let mut members: BTreeMap<(SubjectId, CriterionId), Vec<usize>> =
            keys.iter().map(|&key| (key, Vec::new())).collect();
        for (i, fact) in self.facts.iter().enumerate() {
            if let Some(ids) = members.get_mut(&(fact.subject, fact.criterion)) {
                ids.push(i);
            }
        }
        for (key, ids) in members {
            match ids.is_empty() {
                true => self.cells.remove(&key),
                false => self
                    .cells
                    .insert(key, make_cell(&ids, &self.facts, &self.schema)),
            };
        }
    }

    /// Puts each page's `fresh` facts in place of its old ones when their number changed:
    /// indices move, so every cell is made again. Facts are in reading order of their pages,
    /// so one walk puts the new ones in place.
    fn replace_all(&mut self, site: &SiteParts<'_>, fresh: Vec<(PageId, Vec<Fact>)>) {
        let mut fresh: FxHashMap<PageId, Vec<Fact>> = fresh.into_iter().collect();
        let mut facts = Vec::with_capacity(self.facts.len());
        let mut old = std::mem::take(&mut self.facts).into_iter().peekable();
        for &id in site.reading_order {
            let kept = std::iter::from_fn(|| old.next_if(|f| f.page == id));
            match fresh.remove(&id) {
                Some(new) => {
                    kept.for_each(drop);
                    facts.extend(new);
                }
                None => facts.extend(kept),
            }
        }
        self.facts = facts;
        self.cells = aggregate(&self.facts, &self.schema);
    }
}

/// The parts of a site that [`Facts::refresh`] reads.
pub struct SiteParts<'a> {
    /// Every page.
    pub pages: &'a [Page],
    /// Pages in reading order.
    pub reading_order: &'a [PageId],
    /// Where each page's facts were (indices into [`Facts::facts`]).
    pub facts_by_page: &'a [Vec<usize>],
    /// The sources the pages come from.
    pub sources: &'a Sources,
    /// The schema's path, as diagnostics name it.
    pub schema_path: &'a str,
}

/// The id of the subject a page declares without an `id`: its file's name, without `.md`.
pub fn default_subject_id(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or("");
    name.strip_suffix(".md").unwrap_or(name)
}

/// An error that follows from another one, so that it is told once, with its cause.
enum Follows {
    /// Facts, but no schema to check them against.
    NoSchema,
    /// Facts about a subject no page declares.
    Undeclared(String),
}

/// The id of the subject `raw` that `page` declares, unchecked, and where it is written (an
/// empty span when it comes from the file's name).
pub fn declared_id(page: &Page, raw: &RawSubject) -> (String, Range<usize>) {
    match &raw.id {
        Some(given) => (given.get_ref().clone(), given.span()),
        None => (default_subject_id(&page.rel_path).to_string(), 0..0),
    }
}

/// The subject a page declares, with its id checked.
pub fn declared_subject(
    page: &Page,
    id: PageId,
    raw: &RawSubject,
    src: &SourceFile,
) -> Result<Subject, Diagnostic> {
    let (subject_id, span) = declared_id(page, raw);
    if !is_valid_id(&subject_id) {
        let offset = page.front_matter_offset;
        return Err(Diagnostic::error_at(
            &page.display_path,
            &src.text,
            span.start + offset..span.end + offset,
            format!("`{subject_id}` is not a valid subject id"),
        )
        .with_help("subject ids use lowercase letters, digits, `_` and `-`; set one with `id = \"…\"` under [subject]"));
    }
    if subject_id.len() > url::SUBJECT_ID_MAX {
        let offset = page.front_matter_offset;
        return Err(Diagnostic::error_at(
            &page.display_path,
            &src.text,
            span.start + offset..span.end + offset,
            format!(
                "the subject id is {} bytes long; at most {} fit in the names of comparison pages",
                subject_id.len(),
                url::SUBJECT_ID_MAX
            ),
        )
        .with_help("set a shorter one with `id = \"…\"` under [subject]"));
    }
    Ok(Subject {
        id: subject_id,
        name: raw.name.trim().to_string(),
        homepage: raw.homepage.clone(),
        summary: raw.summary.clone(),
        page: id,
    })
}

/// Adds the subjects that `pages` declare, in reading order, to `facts`; a bad or repeated id
/// is an error.
fn declare_subjects(
    pages: &[Page],
    reading_order: &[PageId],
    sources: &[SourceFile],
    facts: &mut Facts,
    errors: &mut Vec<Diagnostic>,
) {
    for &id in reading_order {
        let page = &pages[id];
        let (Some(raw), Some(src)) = (&page.raw_subject, page.source.map(|i| &sources[i])) else {
            continue;
        };
        let subject = match declared_subject(page, id, raw, src) {
            Ok(subject) => subject,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(&first) = facts.subject_ids.get(&subject.id) {
            let other = &pages[facts.subjects[first].page];
            let message = format!(
                "the subject `{}` is already declared by `{}`",
                subject.id,
                crate::diag::display_path(&other.display_path)
            );
            errors.push(
                Diagnostic::error(&page.display_path, message)
                    .with_help("give one of them another id with `id = \"…\"` under [subject]"),
            );
            continue;
        }
        facts
            .subject_ids
            .insert(subject.id.clone(), SubjectId(facts.subjects.len()));
        facts.subjects.push(subject);
    }
}

/// Gathers subjects and facts from all pages (given in reading order), checks each fact against
/// the schema and aggregates them. `pending` holds the subjects that pages which failed to parse
/// would declare by their file's name: facts about them are not errors of their own (the
/// page's error says how many there are).
pub fn collect(
    pages: &[Page],
    reading_order: &[PageId],
    sources: &[SourceFile],
    schema: Option<Schema>,
    schema_path: &str,
    pending: &BTreeSet<String>,
) -> Result<Facts, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut facts = Facts {
        schema: schema.clone().unwrap_or_default(),
        ..Facts::default()
    };
    declare_subjects(pages, reading_order, sources, &mut facts, &mut errors);

    for criterion in &facts.schema.criteria {
        for id in criterion
            .applies_to
            .iter()
            .filter(|id| facts.subject(id).is_none())
        {
            let message = format!(
                "`applies_to` of criterion `{}` names `{id}`, which no page declares as a subject",
                criterion.id
            );
            let help = did_you_mean_help(id, facts.subject_ids())
                .unwrap_or_else(|| "name subjects by their ids".into());
            errors.push(Diagnostic::error(Path::new(schema_path), message).with_help(help));
        }
    }

    // Each page's facts are checked on their own, in parallel, and joined in reading order.
    let checked: Vec<Checked> = reading_order
        .par_iter()
        .map(|&id| match pages[id].source.map(|i| &sources[i]) {
            Some(src) => page_facts(&pages[id], id, src, &facts, schema.is_some(), schema_path),
            None => Checked::default(),
        })
        .collect();
    let mut follows = Vec::new();
    for checked in checked {
        facts.facts.extend(checked.facts);
        errors.extend(checked.errors);
        follows.extend(checked.follows);
    }
    errors.extend(fold(follows, pending));
    if !errors.is_empty() {
        return Err(errors);
    }
    facts.cells = aggregate(&facts.facts, &facts.schema);
    Ok(facts)
}

/// The errors that follow from another, each told once: the first time facts meet a missing
/// schema (saying how many more pages state facts), and every fact table about an undeclared
/// subject unless a page that failed to parse would declare it.
fn fold(follows: Vec<(Follows, Diagnostic)>, pending: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut told = Vec::new();
    let mut no_schema: Option<(Diagnostic, usize)> = None;
    for (why, diagnostic) in follows {
        match why {
            Follows::Undeclared(name) if pending.contains(&name) => {}
            Follows::Undeclared(_) => told.push(diagnostic),
            Follows::NoSchema => match &mut no_schema {
                Some((_, more)) => *more += 1,
                None => no_schema = Some((diagnostic, 0)),
            },
        }
    }
    if let Some((mut first, more)) = no_schema {
        if more > 0 {
            let also = match more {
                1 => "; the other fact table is checked once it exists".to_string(),
                n => format!("; the other {n} fact tables are checked once it exists"),
            };
            first.help = first.help.map(|help| help + &also);
        }
        told.insert(0, first);
    }
    told
}

/// What checking one page's facts found.
#[derive(Default)]
struct Checked {
    facts: Vec<Fact>,
    errors: Vec<Diagnostic>,
    follows: Vec<(Follows, Diagnostic)>,
}

/// Checks the facts page `id` states, against the subjects and schema `known` declares.
fn page_facts(
    page: &Page,
    id: PageId,
    src: &SourceFile,
    known: &Facts,
    has_schema: bool,
    schema_path: &str,
) -> Checked {
    let offset = page.front_matter_offset;
    let at = |span: Range<usize>, message: String| {
        let span = shifted(span, offset);
        Diagnostic::error_at(&page.display_path, &src.text, span, message)
    };
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    let mut follows = Vec::new();
    let published = page.cites.as_ref().and_then(|c| c.published.as_ref());
    for (subject_key, criteria) in page.raw_facts.iter() {
        let name = subject_key.get_ref();
        let Some(subject) = known.subject(name) else {
            let help = did_you_mean_help(name, known.subject_ids()).unwrap_or_else(|| {
                "a page declares a subject with a [subject] table and a `name`".into()
            });
            let message = format!("no subject `{name}` is declared");
            let error = at(subject_key.span(), message).with_help(help);
            follows.push((Follows::Undeclared(name.to_string()), error));
            continue;
        };
        if !has_schema {
            let message = "facts need a criteria schema, and there is none".into();
            let help = format!("declare the criteria in {schema_path}");
            follows.push((
                Follows::NoSchema,
                at(subject_key.span(), message).with_help(help),
            ));
            continue;
        }
        for (criterion_key, raw_value) in criteria {
            let name = criterion_key.get_ref();
            let Some(criterion) = known.schema.find(name) else {
                let help = did_you_mean_help(name, known.schema.ids())
                    .unwrap_or_else(|| format!("declare it in {schema_path}"));
                let message = format!("no criterion `{name}` in the schema");
                errors.push(at(criterion_key.span(), message).with_help(help));
                continue;
            };
            if let Some(message) = not_applying(known, subject, criterion, schema_path) {
                let help = "remove this fact, or add the subject to `applies_to`";
                errors.push(at(criterion_key.span(), message).with_help(help));
                continue;
            }
            match check_fact(raw_value, &known.schema, criterion, &src.text, offset) {
                Ok((value, note, as_of)) => facts.push(Fact {
                    subject,
                    criterion,
                    value,
                    note,
                    dated_by_source: as_of.is_none() && published.is_some(),
                    as_of: as_of.or_else(|| published.cloned()),
                    page: id,
                    span: shifted(raw_value.span(), offset),
                }),
                Err((span, message, help)) => errors.push(
                    Diagnostic::error_at(&page.display_path, &src.text, span, message)
                        .with_help_opt(help),
                ),
            }
        }
    }
    Checked {
        facts,
        errors,
        follows,
    }
}

/// Why `criterion` cannot be stated of `subject` (its `applies_to` leaves it out), if it cannot.
fn not_applying(
    known: &Facts,
    subject: SubjectId,
    criterion: CriterionId,
    schema_path: &str,
) -> Option<String> {
    let c = &known.schema.criteria[criterion];
    if c.applies(name_of(known, subject)) {
        return None;
    }
    let listed: Vec<String> = c.applies_to.iter().map(|s| format!("\"{s}\"")).collect();
    Some(format!(
        "`{}` does not apply to `{}`: {schema_path} gives it `applies_to = [{}]`",
        c.id,
        name_of(known, subject),
        listed.join(", ")
    ))
}

/// The id of `subject`.
fn name_of(known: &Facts, subject: SubjectId) -> &str {
    &known.subjects[subject].id
}

fn shifted(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

type FactError = (Range<usize>, String, Option<String>);

/// Checks one fact, bare or in the `{ value, note, as_of, unknown }` form.
fn check_fact(
    raw: &Spanned<toml::Value>,
    schema: &Schema,
    criterion: CriterionId,
    text: &str,
    offset: usize,
) -> Result<(Value, Option<String>, Option<String>), FactError> {
    let criterion = &schema.criteria[criterion];
    let span = shifted(raw.span(), offset);
    let toml::Value::Table(table) = raw.get_ref() else {
        let value =
            value::check(raw.get_ref(), criterion).map_err(|(m, h)| (span.clone(), m, h))?;
        return Ok((value, None, None));
    };
    let mut value = None;
    let mut note = None;
    let mut as_of = None;
    let mut unknown = false;
    let mut does_not_apply = false;
    for (key, item) in table {
        match (key.as_str(), item) {
            ("value", v) => value = Some(v),
            ("note", toml::Value::String(s)) => note = Some(s.trim().to_string()),
            ("as_of", toml::Value::Datetime(d)) if d.date.is_some() => {
                let d = d.date.expect("checked");
                as_of = Some(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day));
            }
            ("as_of", toml::Value::Integer(y)) if (1000..=9999).contains(y) => {
                as_of = Some(y.to_string())
            }
            ("unknown", toml::Value::Boolean(b)) => unknown = *b,
            ("does_not_apply", toml::Value::Boolean(b)) => does_not_apply = *b,
            (other, _) => return Err(key_error(text, &span, other)),
        }
    }
    let value = match (value, unknown, does_not_apply) {
        (Some(v), false, false) => {
            value::check(v, criterion).map_err(|(m, h)| (inner_span(text, &span, "value"), m, h))?
        }
        (None, true, false) => Value::Unknown,
        (None, false, true) => Value::DoesNotApply,
        (None, false, false) => {
            return Err((
                span,
                format!("this fact about `{}` has no `value`", criterion.id),
                Some("add `value = …`, `unknown = true` when the source leaves it open, or `does_not_apply = true` when the criterion has no meaning here".into()),
            ));
        }
        _ => {
            return Err((
                span,
                "a fact has one of `value`, `unknown = true` and `does_not_apply = true`".into(),
                None,
            ));
        }
    };
    Ok((value, note, as_of))
}

/// The keys of a fact's inline table.
const FACT_KEYS: [&str; 5] = ["value", "note", "as_of", "unknown", "does_not_apply"];

/// The error for key `key` of a fact's inline table, whose value has the wrong type or which
/// is not a key a fact has.
fn key_error(text: &str, span: &Range<usize>, key: &str) -> FactError {
    let at = inner_span(text, span, key);
    match key {
        "note" => (at, "a note must be text".into(), None),
        "as_of" => (
            at,
            "`as_of` must be a date or a year".into(),
            Some("for example as_of = 2025-03-01 or as_of = 2025".into()),
        ),
        "unknown" | "does_not_apply" => (at, format!("`{key}` must be true or false"), None),
        other => (
            at,
            format!("unknown key `{other}` in a fact"),
            did_you_mean_help(other, FACT_KEYS).or_else(|| {
                Some(
                    "a fact may have `value`, `note`, `as_of`, `unknown` and `does_not_apply`"
                        .into(),
                )
            }),
        ),
    }
}

/// The span of `key = …` inside an inline table at `span`, from `key` to the end of its value's
/// first token — or the whole table when it cannot be found. (toml keeps no spans inside a
/// `toml::Value`; this narrows the caret to what the author must fix.)
fn inner_span(text: &str, span: &Range<usize>, key: &str) -> Range<usize> {
    let Some(table) = text.get(span.clone()) else {
        return span.clone();
    };
    let mut from = 0;
    while let Some(i) = table[from..].find(key) {
        let start = from + i;
        let before = table[..start].chars().next_back();
        let after = table[start + key.len()..].trim_start();
        if matches!(before, Some('{' | ',' | ' ' | '\t')) && after.starts_with('=') {
            let value_start = table.len() - after.len() + 1;
            let rest = &table[value_start..];
            let trimmed = rest.trim_start();
            let v_start = value_start + (rest.len() - trimmed.len());
            let v_len = token_len(trimmed);
            return span.start + v_start..span.start + v_start + v_len.max(1);
        }
        from = start + key.len();
    }
    span.clone()
}

/// The length of the first TOML value token in `text` (a string, an array or a bare word).
fn token_len(text: &str) -> usize {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, '"')) => chars
            .find(|&(_, c)| c == '"')
            .map_or(text.len(), |(i, _)| i + 1),
        Some((_, '[')) => text.find(']').map_or(text.len(), |i| i + 1),
        _ => text
            .find([',', '}'])
            .map_or(text.len(), |i| text[..i].trim_end().len()),
    }
}

/// Groups facts by (subject, criterion); facts arrive in reading order.
pub fn aggregate(facts: &[Fact], schema: &Schema) -> BTreeMap<(SubjectId, CriterionId), Cell> {
    // Fact indices grouped by cell; the sort is stable, so each cell's facts keep reading order.
    let mut order: Vec<usize> = (0..facts.len()).collect();
    order.par_sort_by_key(|&i| (facts[i].subject, facts[i].criterion));
    let cell_of = |i: usize| (facts[i].subject, facts[i].criterion);
    let by_cell: Vec<&[usize]> = order.chunk_by(|&a, &b| cell_of(a) == cell_of(b)).collect();
    // Cells are independent of each other.
    by_cell
        .into_par_iter()
        .map(|ids| (cell_of(ids[0]), make_cell(ids, facts, schema)))
        .collect()
}

/// The cell made of the facts `ids` (indices into `facts`, in reading order), which share one
/// subject and criterion.
fn make_cell(ids: &[usize], facts: &[Fact], schema: &Schema) -> Cell {
    let is_list = schema.criteria[facts[ids[0]].criterion].kind == Kind::List;
    let mut values: IndexMap<String, CellValue, rustc_hash::FxBuildHasher> = IndexMap::default();
    let mut add = |item: &Value, i: usize| {
        values
            .entry(item.key())
            .or_insert_with(|| CellValue {
                value: item.clone(),
                facts: Vec::new(),
            })
            .facts
            .push(i);
    };
    for &i in ids {
        match &facts[i].value {
            Value::List(items) if is_list => {
                for item in items {
                    add(&Value::Text(item.clone()), i);
                }
            }
            other => add(other, i),
        }
    }
    let mut values: Vec<CellValue> = values.into_values().collect();
    let known = values.iter().filter(|v| v.value.is_stated()).count();
    // The newest date any fact of a value gives.
    let newest = |v: &CellValue| -> Option<String> {
        (v.facts.iter())
            .filter_map(|&f| facts[f].as_of.as_deref().map(last_day))
            .max()
    };
    let dated = values.len() > 1 && values.iter().all(|v| newest(v).is_some());
    if !is_list && dated {
        // Every side is dated, so they may differ only by when they held: the newest first.
        values.sort_by_cached_key(|v| std::cmp::Reverse(newest(v)));
    } else if !is_list {
        // Most-cited first; the sort is stable, so ties keep reading order.
        values.sort_by_key(|v| std::cmp::Reverse(v.facts.len()));
    }
    Cell {
        disputed: !is_list && known > 1,
        values,
    }
}

/// Whether every cell holds the same known values, and some.
fn all_same(cells: &[Option<&Cell>]) -> bool {
    fn texts<'c>(cell: &Option<&'c Cell>) -> Option<Vec<&'c Value>> {
        cell.map(|c| c.values.iter().map(|v| &v.value).collect())
    }
    let first = cells.first().and_then(texts);
    let known =
        |c: &&Option<&Cell>| c.is_some_and(|c| c.values.iter().all(|v| v.value != Value::Unknown));
    first.is_some() && cells.iter().all(|c| known(&c) && texts(c) == first)
}

#[cfg(test)]
mod tests;
