//! Stage 2, *model*: from the loaded sources to a checked [`Site`].
//!
//! This is the only stage that knows the content rules. It parses every page in parallel, builds
//! the section tree, checks links and templates, and gathers tags. Every problem found is
//! collected, so the author sees all of them at once.

pub mod compare;
pub mod decision;
pub mod facts;
pub mod ids;
pub mod links;
pub mod page;
pub mod quotes;
pub mod raw;
pub mod schema;
pub mod tree;
pub mod value;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use std::hash::Hash;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Severity, did_you_mean_help};
use crate::fingerprint::Fingerprint;
use crate::source::{Sources, StaticFile};
use crate::url;
use quotes::Quoted;

pub use compare::Table;
pub use decision::Tree;
pub use facts::{Cell, CellSet, CellValue, Fact, Facts, Subject};
pub use ids::{CriterionId, PageId, SectionId, SubjectId};
pub use page::{CitedSource, Page};
pub use schema::{Criterion, Kind, Schema};
pub use tree::{Child, Section};
pub use value::Value;

/// A tag and the pages that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The name as first written.
    pub name: String,
    /// Its URL segment (`tags/<slug>/`).
    pub slug: String,
    /// The pages, ordered by title.
    pub pages: Vec<PageId>,
}

/// Options that change what the model contains.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// Keep pages marked `draft = true`.
    pub drafts: bool,
    /// Names of the templates the theme provides, to check `template = "…"` against.
    pub templates: BTreeSet<String>,
}

/// The whole site, checked and ready to render.
#[derive(Debug)]
pub struct Site {
    /// `book.toml`.
    pub config: Config,
    /// Every page, including sections' own pages.
    pub pages: Vec<Page>,
    /// Every section; index 0 is the root.
    pub sections: Vec<Section>,
    /// Pages in reading order (what previous/next follow).
    pub reading_order: Vec<PageId>,
    /// For each page, its index in `reading_order`.
    pub position: Vec<usize>,
    /// Tags, ordered by slug.
    pub tags: Vec<Tag>,
    /// The criteria, subjects and aggregated facts.
    pub facts: Facts,
    /// For each page, its comparison tables (one per compare block, in order).
    pub tables: Vec<Vec<Table>>,
    /// For each page, its decision tree.
    pub trees: Vec<Option<Tree>>,
    /// For each page, the facts its text quotes, in order.
    pub quotes: Vec<Vec<Quoted>>,
    /// Quotes of facts the sources disagree on, for `factbook check` to list.
    pub quote_notes: Vec<Diagnostic>,
    /// For each subject, the pages that state facts about it, in reading order.
    pub stated_on: Vec<Vec<PageId>>,
    /// For each page, the facts it states (indices into `facts.facts`, in the order written).
    pub facts_by_page: Vec<Vec<usize>>,
    /// Files copied as they are.
    pub statics: Vec<StaticFile>,
    /// Warnings for the author; the build succeeded despite them.
    pub diagnostics: Vec<Diagnostic>,
    /// Disagreements between sources, for `factbook check` to list, by cell.
    pub notes: BTreeMap<(SubjectId, CriterionId), Diagnostic>,
    /// The first day a fact's `as_of` may be without the fact being stale (`[facts]
    /// stale_after`); `None` when facts do not age.
    pub fresh_from: Option<String>,
    /// Wall time spent splitting front matter and rendering Markdown.
    pub parse_time: std::time::Duration,
}

/// `[search] exclude` entries that name no page: warnings, since a misspelt entry would leave
/// its page in the index without a word.
fn unmatched_excludes(config: &Config, pages: &[Page]) -> Vec<Diagnostic> {
    let rels: Vec<&str> = pages.iter().map(|p| p.rel_path.as_str()).collect();
    let folders: BTreeSet<String> = (rels.iter())
        .filter_map(|rel| rel.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
        .collect();
    let warning = |entry: &str| {
        let message = format!("`[search] exclude` names `{entry}`, which is no page or folder");
        let candidates = rels
            .iter()
            .copied()
            .chain(folders.iter().map(String::as_str));
        let help = did_you_mean_help(entry, candidates)
            .unwrap_or_else(|| "name pages and folders by their paths under content/".into());
        Diagnostic::error(std::path::Path::new(crate::config::CONFIG_FILE), message)
            .with_severity(Severity::Warning)
            .with_help(help)
    };
    config
        .search
        .unmatched(&rels)
        .into_iter()
        .map(warning)
        .collect()
}

/// Parsed pages kept between builds of one session (the dev server): a page is parsed again
/// only when its text changes. Parsing depends on nothing but the page's path and text.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<String, (u128, Result<Page, Vec<Diagnostic>>)>,
}

impl ParseCache {
    /// Records the parse of the page at `rel_path` whose text hashes to `hash`.
    pub fn insert(&mut self, rel_path: &str, hash: u128, result: Result<Page, Vec<Diagnostic>>) {
        self.entries.insert(rel_path.to_string(), (hash, result));
    }
}

impl Site {
    /// Checks `sources` and builds the site model; on failure returns every diagnostic
    /// (errors and warnings) found.
    pub fn from_sources(
        config: Config,
        sources: &Sources,
        options: &ModelOptions,
    ) -> Result<Site, Vec<Diagnostic>> {
        Site::build(config, sources, options, None)
    }

    /// [`Site::from_sources`], parsing only the pages whose text is not in `cache`, which is
    /// then updated to hold exactly the current pages.
    pub fn from_sources_cached(
        config: Config,
        sources: &Sources,
        options: &ModelOptions,
        cache: &mut ParseCache,
    ) -> Result<Site, Vec<Diagnostic>> {
        Site::build(config, sources, options, Some(cache))
    }

    /// The model, with or without a cache: a one-off build has no use for copies of its pages.
    fn build(
        config: Config,
        sources: &Sources,
        options: &ModelOptions,
        cache: Option<&mut ParseCache>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let parse_started = std::time::Instant::now();
        let mut diagnostics = sources.diagnostics.clone();
        let parsed = parse_pages(sources, config.markdown, cache);
        let parse_time = parse_started.elapsed();

        let mut pages = Vec::with_capacity(parsed.len());
        let mut drafts = BTreeSet::new();
        // Pages whose front matter failed, with where their first error is: links to them are
        // not reported, and facts about the subject they would declare are told in that error,
        // so one mistake gives one error.
        let mut unparsed: BTreeMap<String, usize> = BTreeMap::new();
        for (result, src) in parsed.into_iter().zip(&sources.pages) {
            match result {
                Ok(page) if page.draft && !options.drafts => {
                    drafts.insert(page.rel_path);
                }
                Ok(page) => pages.push(page),
                Err(errors) => {
                    unparsed.insert(src.rel_path.clone(), diagnostics.len());
                    diagnostics.extend(errors);
                }
            }
        }

        let (sections, reading_order, clashes) = tree::build(&mut pages, &config.title);
        diagnostics.extend(clashes);
        let section_dirs: HashSet<&str> = sections.iter().map(|s| s.dir.as_str()).collect();
        let tags = gather_tags(&pages);
        let generated = generated_dirs(&pages, &reading_order, &tags);
        let ctx = links::LinkContext {
            sources: &sources.pages,
            statics: &sources.statics,
            drafts: &drafts,
            unparsed: &unparsed,
            section_dirs: &section_dirs,
            generated: &generated,
        };
        diagnostics.extend(links::check(&mut pages, &ctx));
        diagnostics.extend(check_templates(&pages, sources, &options.templates));
        diagnostics.extend(unmatched_excludes(&config, &pages));
        tell_facts_waiting(&pages, &unparsed, &mut diagnostics);
        // The subjects the pages that failed to parse would declare.
        let pending: BTreeSet<String> = (unparsed.keys())
            .map(|p| facts::default_subject_id(p).to_string())
            .collect();
        let fresh_from = config.facts.fresh_from();
        let aging = (pending, fresh_from.as_deref());
        let gathered = FactsModel::gather(&pages, &reading_order, sources, aging, &mut diagnostics);
        quote_backlinks(&mut pages, &gathered);

        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(diagnostics);
        }
        Ok(Site {
            fresh_from,
            position: positions(&reading_order, pages.len()),
            facts: gathered.facts,
            tables: gathered.blocks.tables,
            trees: gathered.blocks.trees,
            quotes: gathered.blocks.quotes,
            quote_notes: gathered.blocks.quote_notes,
            stated_on: gathered.stated_on,
            facts_by_page: gathered.facts_by_page,
            notes: gathered.notes,
            parse_time,
            config,
            pages,
            sections,
            reading_order,
            tags,
            statics: sources.statics.clone(),
            diagnostics,
        })
    }

    /// Replaces the pages `edited` (whose front matter differs from the model's only in their
    /// `[facts.*]` tables, and whose bodies are the same) and gathers the facts again; the rest
    /// of the model is made from what did not change. `sources` holds the pages' new text.
    ///
    /// Returns the cells the edit can have changed: those of the facts the edited pages stated
    /// before it or state after it that do not claim the same as before (a cell is made of its
    /// facts alone; see [`facts::Facts::refresh`]). On any
    /// diagnostic the site is left half updated and must be built again from its sources; the
    /// diagnostics are returned.
    pub fn refresh_facts(
        &mut self,
        edited: Vec<(PageId, Page)>,
        sources: &Sources,
    ) -> Result<CellSet, Vec<Diagnostic>> {
        let mut ids = Vec::with_capacity(edited.len());
        for (id, mut page) in edited {
            let kept = &self.pages[id];
            // What the model, not the page's text, decided.
            page.section = kept.section;
            page.source = kept.source;
            page.backlinks = std::mem::take(&mut self.pages[id].backlinks);
            self.pages[id] = page;
            ids.push(id);
        }
        let schema_path = schema_path();
        let parts = facts::SiteParts {
            pages: &self.pages,
            reading_order: &self.reading_order,
            facts_by_page: &self.facts_by_page,
            sources,
            schema_path: &schema_path,
        };
        let touched = self.facts.refresh(&parts, &ids, &mut self.notes)?;
        let mut diagnostics = Vec::new();
        let blocks = check_blocks(&self.pages, sources, &self.facts, &mut diagnostics);
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        self.take_blocks(blocks);
        // A stale fact is a warning, which only a full build gives.
        if (self.facts.facts.iter()).any(|f| f.is_stale(self.fresh_from.as_deref())) {
            return Err(Vec::new());
        }
        (self.stated_on, self.facts_by_page) = fact_indexes(&self.facts, self.pages.len());
        Ok(touched)
    }

    fn take_blocks(&mut self, blocks: Blocks) {
        self.tables = blocks.tables;
        self.trees = blocks.trees;
        self.quotes = blocks.quotes;
        self.quote_notes = blocks.quote_notes;
    }

    /// The root section's page: the home page.
    pub fn home(&self) -> &Page {
        &self.pages[self.sections[0].index]
    }

    /// The sections from the root down to `section`, root first.
    pub fn ancestors(&self, section: SectionId) -> Vec<SectionId> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(parent) = self.sections[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }
}

/// Every page of `sources` parsed with `options`, in order, each taken from `cache` while its
/// text and the options are the same; `cache` is then left holding exactly the current pages.
fn parse_pages(
    sources: &Sources,
    options: crate::markdown::Settings,
    mut cache: Option<&mut ParseCache>,
) -> Vec<Result<Page, Vec<Diagnostic>>> {
    // (hash, result, whether it was parsed now rather than taken from the cache)
    let parsed: Vec<(u128, Result<Page, Vec<Diagnostic>>, bool)> = sources
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, src)| {
            // What a parse depends on: the text and the options.
            let mut key = Fingerprint::default();
            (src.hash, options).hash(&mut key);
            let hash = key.digest128();
            match cache.as_ref().and_then(|c| c.entries.get(&src.rel_path)) {
                Some((cached, result)) if *cached == hash => {
                    let result = result.clone().map(|mut page| {
                        page.source = Some(i);
                        page
                    });
                    (hash, result, false)
                }
                _ => {
                    let result = page::parse(src, i, options).map(|mut page| {
                        page.fingerprint = src.hash;
                        page
                    });
                    (hash, result, true)
                }
            }
        })
        .collect();
    if let Some(cache) = cache.as_mut()
        && (cache.entries.len() != sources.pages.len() || parsed.iter().any(|p| p.2))
    {
        let current: HashSet<&str> = sources.pages.iter().map(|s| s.rel_path.as_str()).collect();
        cache
            .entries
            .retain(|path, _| current.contains(path.as_str()));
        for (src, (hash, result, fresh)) in sources.pages.iter().zip(&parsed) {
            if *fresh {
                let entry = (*hash, result.clone());
                cache.entries.insert(src.rel_path.clone(), entry);
            }
        }
    }
    parsed.into_iter().map(|(_, result, _)| result).collect()
}

/// What is checked against the facts in each page: its tables, its decision tree and the
/// facts its text quotes (with notes for quotes of disputed facts).
struct Blocks {
    tables: Vec<Vec<Table>>,
    trees: Vec<Option<Tree>>,
    quotes: Vec<Vec<Quoted>>,
    quote_notes: Vec<Diagnostic>,
}

impl Blocks {
    fn none(pages: usize) -> Blocks {
        Blocks {
            tables: vec![Vec::new(); pages],
            trees: vec![None; pages],
            quotes: vec![Vec::new(); pages],
            quote_notes: Vec::new(),
        }
    }
}

/// The part of the model made from the pages' facts, compare blocks and decision trees.
struct FactsModel {
    facts: Facts,
    blocks: Blocks,
    stated_on: Vec<Vec<PageId>>,
    facts_by_page: Vec<Vec<usize>>,
    notes: BTreeMap<(SubjectId, CriterionId), Diagnostic>,
}

/// Adds to the error of each page that failed to parse (`unparsed`: its path → the index of
/// its first error) where the facts about the subject it would declare by its file's name are,
/// which are checked once it parses.
fn tell_facts_waiting(
    pages: &[Page],
    unparsed: &BTreeMap<String, usize>,
    diagnostics: &mut [Diagnostic],
) {
    for (path, &at) in unparsed {
        let id = facts::default_subject_id(path);
        let stating: Vec<&Page> = pages
            .iter()
            .filter(|page| page.raw_facts.keys().any(|key| key.get_ref() == id))
            .collect();
        let Some(first) = stating.first() else {
            continue;
        };
        let others = match stating.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let waiting = format!(
            "this page may declare the subject `{id}`: the facts about it in {}{others} are checked once it parses",
            crate::diag::display_path(&first.display_path)
        );
        let diagnostic = &mut diagnostics[at];
        diagnostic.help = Some(match diagnostic.help.take() {
            Some(help) => format!("{help}; {waiting}"),
            None => waiting,
        });
    }
}

impl FactsModel {
    /// Gathers the facts of `pages`, adding problems to `diagnostics`; facts about `pending`
    /// subjects (see [`facts::collect`]) are not errors of their own, and facts dated before
    /// `fresh_from` are warnings.
    fn gather(
        pages: &[Page],
        reading_order: &[PageId],
        sources: &Sources,
        (pending, fresh_from): (BTreeSet<String>, Option<&str>),
        diagnostics: &mut Vec<Diagnostic>,
    ) -> FactsModel {
        let (facts, blocks) = gather_facts(pages, reading_order, sources, &pending, diagnostics);
        diagnostics.extend(facts::stale_warnings(
            &facts,
            pages,
            &sources.pages,
            fresh_from,
        ));
        let (stated_on, facts_by_page) = fact_indexes(&facts, pages.len());
        let notes = facts.disagreements(pages, &sources.pages);
        FactsModel {
            facts,
            blocks,
            stated_on,
            facts_by_page,
            notes,
        }
    }
}

/// Checks the schema, subjects, facts, compare blocks and decision trees. Later checks are
/// skipped when an earlier one failed, so one mistake (a broken schema) does not echo through
/// every page.
fn gather_facts(
    pages: &[Page],
    reading_order: &[PageId],
    sources: &Sources,
    pending: &BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Facts, Blocks) {
    let nothing = || (Facts::default(), Blocks::none(pages.len()));
    let schema_path = schema_path();
    let schema = match &sources.schema {
        Some(src) => match schema::parse(src) {
            Ok((schema, warnings)) => {
                diagnostics.extend(warnings);
                Some(schema)
            }
            Err(errors) => {
                diagnostics.extend(errors);
                return nothing();
            }
        },
        None => None,
    };
    let collected = facts::collect(
        pages,
        reading_order,
        &sources.pages,
        schema,
        &schema_path,
        pending,
    );
    let facts = match collected {
        Ok(facts) => facts,
        Err(errors) => {
            diagnostics.extend(errors);
            return nothing();
        }
    };
    let blocks = check_blocks(pages, sources, &facts, diagnostics);
    (facts, blocks)
}

/// Each of `pages` pages' index in `reading_order`.
fn positions(reading_order: &[PageId], pages: usize) -> Vec<usize> {
    let mut position = vec![0; pages];
    for (i, &id) in reading_order.iter().enumerate() {
        position[id] = i;
    }
    position
}

/// Adds each page that quotes a subject's facts to the backlinks of the subject's page.
fn quote_backlinks(pages: &mut [Page], gathered: &FactsModel) {
    if gathered.blocks.quotes.iter().all(Vec::is_empty) {
        return;
    }
    let quoting = gathered.blocks.quotes.iter().enumerate();
    let mut backlinks: Vec<BTreeSet<PageId>> = (pages.iter())
        .map(|p| p.backlinks.iter().copied().collect())
        .collect();
    let mut added = false;
    for (id, quotes) in quoting {
        for quote in quotes {
            let subject_page = gathered.facts.subjects[quote.subject].page;
            if subject_page != PageId(id) {
                added |= backlinks[subject_page].insert(PageId(id));
            }
        }
    }
    if added {
        links::set_backlinks(pages, backlinks);
    }
}

/// Where the criteria schema is, as diagnostics name it.
fn schema_path() -> String {
    format!("{}/{}", crate::source::CONTENT_DIR, schema::SCHEMA_FILE)
}

/// Checks every page's compare blocks, decision tree and quotes against `facts`.
fn check_blocks(
    pages: &[Page],
    sources: &Sources,
    facts: &Facts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Blocks {
    let mut blocks = Blocks::none(pages.len());
    let Blocks {
        tables,
        trees,
        quotes,
        quote_notes,
    } = &mut blocks;
    for (id, page) in pages.iter().enumerate() {
        let Some(src) = page.source.map(|i| &sources.pages[i]) else {
            continue;
        };
        for block in page.compare_blocks.iter() {
            match compare::check(page, block, src, facts) {
                Ok(table) => tables[id].push(table),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        if let Some(raw) = &page.raw_decision {
            match decision::check(page, raw, src, facts) {
                Ok(tree) => trees[id] = Some(tree),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        match quotes::check(page, src, facts) {
            Ok((quoted, notes)) => {
                quotes[id] = quoted;
                quote_notes.extend(notes);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    blocks
}

/// For each subject the pages that state facts about it, and for each page the facts it
/// states, both in reading order.
fn fact_indexes(facts: &Facts, pages: usize) -> (Vec<Vec<PageId>>, Vec<Vec<usize>>) {
    let mut stated_on = vec![Vec::new(); facts.subjects.len()];
    let mut facts_by_page = vec![Vec::new(); pages];
    for (i, fact) in facts.facts.iter().enumerate() {
        facts_by_page[fact.page].push(i);
        // Facts arrive grouped by page, so a repeat is always the last entry.
        let pages = &mut stated_on[fact.subject];
        if pages.last() != Some(&fact.page) {
            pages.push(fact.page);
        }
    }
    (stated_on, facts_by_page)
}

fn check_templates(
    pages: &[Page],
    sources: &Sources,
    templates: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for page in pages {
        let (Some(template), Some(index)) = (&page.template, page.source) else {
            continue;
        };
        if templates.contains(template.get_ref()) {
            continue;
        }
        let text = &sources.pages[index].text;
        // Spans of front matter values are relative to the front matter.
        let fm_offset = page.front_matter_offset;
        let span = template.span();
        errors.push(
            Diagnostic::error_at(
                &page.display_path,
                text,
                span.start + fm_offset..span.end + fm_offset,
                format!("the theme has no template `{}`", template.get_ref()),
            )
            .with_help_opt(
                did_you_mean_help(template.get_ref(), templates.iter().map(String::as_str))
                    .or_else(|| Some("add it under theme/templates/".to_string())),
            ),
        );
    }
    errors
}

/// The folders of the pages factbook makes (see [`links::LinkContext::generated`]): the tags
/// index and each tag's page, and with two subjects or more the list of comparisons and each
/// pair's, the subjects taken in reading order as the comparisons are.
fn generated_dirs(pages: &[Page], reading_order: &[PageId], tags: &[Tag]) -> HashSet<String> {
    let dir = |url: &str| url.trim_end_matches('/').to_string();
    let mut dirs = HashSet::new();
    if !tags.is_empty() {
        dirs.insert(dir(url::TAGS_URL));
        dirs.extend(tags.iter().map(|tag| dir(&url::tag_url(&tag.slug))));
    }
    let subjects: Vec<String> = reading_order
        .iter()
        .filter_map(|&id| {
            let page = &pages[id];
            Some(facts::declared_id(page, page.raw_subject.as_ref()?).0)
        })
        .collect();
    if subjects.len() >= 2 {
        dirs.insert(dir(url::COMPARE_URL));
    }
    for (i, a) in subjects.iter().enumerate() {
        dirs.extend(subjects[i + 1..].iter().map(|b| dir(&url::pair_url(a, b))));
    }
    dirs
}

fn gather_tags(pages: &[Page]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate() {
        for name in &page.tags {
            let slug = url::slugify(name);
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug,
                    pages: Vec::new(),
                })
                .pages
                .push(PageId(id));
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.pages
            .sort_by_cached_key(|&p| (pages[p].title.to_lowercase(), pages[p].rel_path.clone()));
    }
    tags
}
