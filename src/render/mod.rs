//! Stage 3, *render*: from the checked [`Site`] to output files, each made by one [`Job`].
//!
//! Every file a site has — pages, section and tag pages, comparisons, `404.html`,
//! `sitemap.xml`, `facts.json`, theme assets, copied files — is a job, and every job goes one
//! way ([`Renderer::run`]): build its view, derive its key from that view, reuse the bytes a
//! [`RenderCache`] kept under that key or fill the template and minify, then hand the file to
//! a [`Sink`] (the disk, memory, or nothing for `check`). Jobs run in parallel.

pub mod decision;
pub mod escape;
pub mod facts_csv;
pub mod facts_json;
pub mod facts_pages;
pub mod feed;
pub mod glance;
pub mod macro_depth;
pub mod sitemap;
pub mod table_csv;
pub mod table_html;
pub mod tables;
pub mod template_error;
pub mod theme;
pub mod view;

use std::collections::BTreeMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{Diagnostic, display_path};
use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::minify;
use crate::model::{CellSet, PageId, SectionId, Site, SubjectId, Table};
use crate::search;
use crate::url;
use crate::words::Words;

use facts_pages::{COMPARE_URL, NamedLink, Pair};
use theme::Engine;
pub use theme::Theme;
use view::{
    ComparisonView, ComparisonsView, NotFoundView, SidebarEntry, SidebarEntryHtml, SidebarLink,
    SiteView, TAGS_URL, TagEntry, TagView, TagsView, Views,
};

/// Where a sidebar entry's template writes the entries inside it, when it is rendered once for
/// the many pages that show it with different ones: a name between two of Unicode's
/// noncharacters, which are kept for a program's own use and are not text a page would hold.
const SIDEBAR_SLOT: &str = "\u{FDD0}sidebar-slot\u{FDD1}";

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Minify HTML.
    pub minify: bool,
}

/// Where rendered files go, as soon as each is made (from many threads).
pub trait Sink: Sync {
    /// Takes the file at output-relative `path` (with `/`).
    fn put(&self, path: &str, file: OutputFile) -> Result<(), Error>;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Memory(Mutex<BTreeMap<String, OutputFile>>);

impl Memory {
    /// The files kept, by path.
    pub fn into_output(self) -> Output {
        Output {
            files: self.0.into_inner().unwrap_or_else(PoisonError::into_inner),
        }
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, file: OutputFile) -> Result<(), Error> {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.insert(path.to_string(), file);
        Ok(())
    }
}

/// A sink that drops every file: `check` renders everything to find every error, and writes
/// nothing.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _file: OutputFile) -> Result<(), Error> {
        Ok(())
    }
}

/// What to render.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'s> {
    /// The whole site.
    All,
    /// These pages only (the dev server, after edits that no other output shows).
    Pages(&'s [PageId]),
    /// What facts can change, after edits of these pages' facts alone: them, and every output
    /// that reads one of the cells the edit changed ([`CellSet`]): the pages whose views read
    /// one ([`facts_pages::reads_any`]), the comparisons and tables' CSVs of their subjects,
    /// `facts.json` and `facts.csv`. The rest of a page's view is made of its front matter,
    /// body and the site's outline, which such an edit leaves as they were.
    Facts {
        /// The pages edited.
        pages: &'s [PageId],
        /// The cells whose claims the edit changed ([`crate::model::Site::refresh_facts`]).
        cells: &'s CellSet,
    },
    /// What a page open in a browser needs first, when a change renders everything again: the
    /// outputs at these paths (sorted), where the site has them, and the theme's files (its
    /// styles and scripts). Tables' CSVs are never among them.
    First(&'s [String]),
}

/// Rendered HTML kept between the builds of a session (the dev server), by output path.
///
/// An entry is reused when its key is the same: a hash of the template's name, every
/// template of the theme, the minify setting and the view the template reads. A template sees
/// nothing but its view, so an equal key means equal bytes, and nothing a page shows can be
/// missing from its key.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: RwLock<rustc_hash::FxHashMap<String, (u128, Bytes)>>,
    /// A one-off build keeps nothing, and so need not hash views either.
    one_off: bool,
    /// Outputs rendered through a template (not reused).
    rendered: AtomicUsize,
    /// Time spent minifying, summed over threads (nanoseconds).
    minify_nanos: AtomicU64,
}

impl RenderCache {
    /// A cache for one build, which keeps no rendered output (only the counts and times).
    pub fn one_off() -> RenderCache {
        RenderCache {
            one_off: true,
            ..RenderCache::default()
        }
    }

    /// CPU time spent minifying so far, summed over threads.
    pub fn minify_time(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.minify_nanos.load(Ordering::Relaxed))
    }

    /// How many outputs were rendered through a template (rather than reused) so far.
    pub fn rendered(&self) -> usize {
        self.rendered.load(Ordering::Relaxed)
    }

    fn get(&self, path: &str, key: u128) -> Option<Bytes> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(path)
            .filter(|(kept, _)| *kept == key)
            .map(|(_, bytes)| bytes.clone())
    }

    fn put(&self, path: &str, key: u128, bytes: Bytes) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        entries.insert(path.to_string(), (key, bytes));
    }

    /// Forgets the outputs a site no longer has (`paths`, sorted).
    fn retain(&self, paths: &[String]) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|path, _| paths.binary_search(path).is_ok());
    }
}

/// One output file to make.
#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    /// A page, with `page.html`, `section.html` or its own template.
    Page(PageId),
    /// A tag's page, by index into [`Site::tags`].
    Tag(usize),
    /// The list of tags.
    Tags,
    /// A generated comparison of two subjects, by index into the pairs.
    Pair(usize),
    /// The list of comparisons.
    Comparisons,
    /// `404.html`.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
    /// `atom.xml`.
    Feed,
    /// `robots.txt`.
    Robots,
    /// `facts.json`.
    FactsJson,
    /// `facts.csv`.
    FactsCsv,
    /// `facts.schema.json`.
    FactsSchema,
    /// A table's CSV, by index into [`Renderer::csvs`].
    TableCsv(usize),
    /// A file of the theme.
    Asset(&'a str, &'a theme::Asset),
    /// A file of `content/` copied as it is, by index into [`Site::statics`].
    Static(usize),
}

/// Renders `scope` of `site` into `sink` and returns the paths of the files made, sorted;
/// two files for one path are refused. `cache` is consulted and updated.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    cache: &RenderCache,
    scope: Scope<'_>,
    sink: &dyn Sink,
) -> Result<Vec<String>, Error> {
    let site_view = SiteView::new(site);
    let words = theme.words(&site.config.language);
    let script_words = view::script_words(&words, site.config.search.enabled);
    let pairs = facts_pages::pairs(site);
    // A body edit changes no table, so it makes no CSV.
    let csvs = match scope {
        Scope::Pages(_) | Scope::First(_) => Vec::new(),
        Scope::All | Scope::Facts { .. } => table_csv::every_table(site, &words, &pairs),
    };
    let renderer = Renderer {
        site,
        theme,
        engine: theme.engine(options.minify, &words)?,
        views: Views::new(site, &site_view, &words, &script_words),
        cache,
        minify: options.minify,
        pairs,
        csvs,
    };
    let jobs = renderer.jobs(scope);
    let made = Mutex::new(Vec::with_capacity(jobs.len()));
    let failed = Mutex::new(Vec::new());
    jobs.par_iter().enumerate().for_each(|(i, job)| {
        let done = renderer.run(job).and_then(|(path, file)| {
            sink.put(&path, file)?;
            Ok(path)
        });
        match done {
            Ok(path) => made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((path, i)),
            Err(error) => failed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((i, error)),
        }
    });
    let mut failed = failed.into_inner().unwrap_or_else(PoisonError::into_inner);
    if !failed.is_empty() {
        failed.sort_by_key(|(i, _)| *i);
        return Err(failures(failed.into_iter().map(|(_, error)| error)));
    }
    let mut made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    made.par_sort_unstable();
    renderer.refuse_duplicates(&jobs, &made)?;
    let paths: Vec<String> = made.into_iter().map(|(path, _)| path).collect();
    if matches!(scope, Scope::All) && !cache.one_off {
        cache.retain(&paths);
    }
    Ok(paths)
}

/// What a render's failed jobs come to, in job order (so the same input always gives the same
/// message): every content error, each told once however many files it failed (a broken
/// template fails every page it renders), or else the first other error.
fn failures(errors: impl Iterator<Item = Error>) -> Error {
    let mut told: Vec<(Diagnostic, usize)> = Vec::new();
    let mut other = None;
    for error in errors {
        let Error::Content(diagnostics) = error else {
            other.get_or_insert(error);
            continue;
        };
        for diagnostic in diagnostics {
            let same = |(d, _): &&mut (Diagnostic, usize)| {
                d.message == diagnostic.message && d.location == diagnostic.location
            };
            match told.iter_mut().find(same) {
                Some((_, more)) => *more += 1,
                None => told.push((diagnostic, 0)),
            }
        }
    }
    if told.is_empty() {
        return other.unwrap_or_else(|| Error::Usage("the render failed".into()));
    }
    let diagnostics = told.into_iter().map(|(mut diagnostic, more)| {
        if more > 0 {
            let also = format!(" and {more} more");
            diagnostic.help = diagnostic.help.map(|help| match help.strip_suffix(')') {
                Some(open) => format!("{open}{also})"),
                None => format!("{help}{also}"),
            });
        }
        diagnostic
    });
    Error::Content(diagnostics.collect())
}

/// What one render shares between its jobs.
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    engine: Engine<'a>,
    views: Views<'a>,
    cache: &'a RenderCache,
    minify: bool,
    pairs: Vec<Pair>,
    /// Every table's CSV (none for a render of pages' bodies, which change no table).
    csvs: Vec<table_csv::TableCsv>,
}

impl<'a> Renderer<'a> {
    /// Every job of `scope`. The long single jobs (`facts.json`, the sitemap) come first, so
    /// that they run beside the pages rather than after them.
    fn jobs(&self, scope: Scope<'_>) -> Vec<Job<'a>> {
        let site = self.site;
        let edited = match scope {
            // The feed holds pages' text, so it is made again with them.
            Scope::Pages(ids) => {
                let feed = self.views.has_feed().then_some(Job::Feed);
                return ids.iter().map(|&id| Job::Page(id)).chain(feed).collect();
            }
            Scope::First(paths) => {
                let mut jobs = self.jobs(Scope::All);
                jobs.retain(|job| {
                    matches!(job, Job::Asset(..)) || paths.binary_search(&self.path(job)).is_ok()
                });
                return jobs;
            }
            Scope::All => None,
            Scope::Facts { pages, cells } => Some((pages, cells)),
        };
        let mut jobs = Vec::with_capacity(site.pages.len() + site.tags.len() + 8);
        if !site.facts.subjects.is_empty() {
            jobs.push(Job::FactsJson);
            jobs.push(Job::FactsCsv);
        }
        let ids = PageId::all(site.pages.len());
        if let Some((edited, cells)) = edited {
            let reads =
                |id: &PageId| edited.contains(id) || facts_pages::reads_any(site, *id, cells);
            jobs.extend(ids.filter(reads).map(Job::Page));
            // A pair's page and a table are made of their subjects' cells alone.
            let read = |subjects: &[SubjectId]| subjects.iter().any(|&s| cells.has_subject(s));
            let pairs = self.pairs.iter().enumerate();
            jobs.extend(
                pairs
                    .filter(|(_, p)| read(&p.subjects))
                    .map(|(i, _)| Job::Pair(i)),
            );
            let csvs = self.csvs.iter().enumerate();
            jobs.extend(
                csvs.filter(|(_, csv)| read(&csv.table.subjects))
                    .map(|(i, _)| Job::TableCsv(i)),
            );
            return jobs;
        }
        if !site.facts.subjects.is_empty() {
            jobs.push(Job::FactsSchema);
        }
        jobs.push(Job::Sitemap);
        jobs.push(Job::Robots);
        if self.views.has_feed() {
            jobs.push(Job::Feed);
        }
        jobs.extend(ids.map(Job::Page));
        jobs.extend((0..site.tags.len()).map(Job::Tag));
        if !site.tags.is_empty() {
            jobs.push(Job::Tags);
        }
        jobs.extend((0..self.pairs.len()).map(Job::Pair));
        if !self.pairs.is_empty() {
            jobs.push(Job::Comparisons);
        }
        jobs.extend((0..self.csvs.len()).map(Job::TableCsv));
        jobs.push(Job::NotFound);
        let assets = self.theme.assets.iter();
        jobs.extend(assets.map(|(path, asset)| Job::Asset(path, asset)));
        jobs.extend((0..site.statics.len()).map(Job::Static));
        jobs
    }

    /// Where the file of `job` goes, relative to the output folder.
    fn path(&self, job: &Job<'a>) -> String {
        let site = self.site;
        match *job {
            Job::Page(id) => url::output_path(&site.pages[id].url),
            Job::Tag(i) => url::output_path(&url::tag_url(&site.tags[i].slug)),
            Job::Tags => url::output_path(TAGS_URL),
            Job::Pair(i) => url::output_path(&self.pairs[i].url),
            Job::Comparisons => url::output_path(COMPARE_URL),
            Job::NotFound => "404.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Feed => feed::FEED.into(),
            Job::Robots => "robots.txt".into(),
            Job::FactsJson => facts_json::FACTS_JSON.into(),
            Job::FactsCsv => facts_csv::FACTS_CSV.into(),
            Job::FactsSchema => facts_json::FACTS_SCHEMA.into(),
            Job::TableCsv(i) => self.csvs[i].path.clone(),
            Job::Asset(path, _) => path.into(),
            Job::Static(i) => site.statics[i].rel_path.clone(),
        }
    }

    /// Makes the file of `job`: its output path and contents.
    fn run(&self, job: &Job<'a>) -> Result<(String, OutputFile), Error> {
        let site = self.site;
        let path = self.path(job);
        let file = match *job {
            Job::Page(id) => self.page(id, &path)?,
            Job::Tag(i) => self.tag(i, &path)?,
            Job::Tags => self.tags(&path)?,
            Job::Pair(i) => self.pair(i, &path)?,
            Job::Comparisons => self.comparisons(&path)?,
            Job::NotFound => self.not_found(&path)?,
            Job::Sitemap => bytes(sitemap::render(site)),
            Job::Feed => bytes(feed::render(site).unwrap_or_default()),
            Job::Robots => bytes(self.robots()),
            Job::FactsJson => bytes(facts_json::render(site)),
            Job::FactsCsv => bytes(facts_csv::render(site)),
            Job::FactsSchema => bytes(facts_json::schema()),
            Job::TableCsv(i) => bytes(table_csv::render(
                site,
                self.engine.words,
                &self.csvs[i].table,
            )),
            Job::Asset(_, theme::Asset::Embedded(text)) => {
                OutputFile::Bytes(Bytes::from_static(text.as_bytes()))
            }
            Job::Asset(_, theme::Asset::File(from)) => OutputFile::Copy(from.clone()),
            Job::Static(i) => OutputFile::Copy(site.statics[i].abs_path.clone()),
        };
        Ok((path, file))
    }

    /// What `job` makes, as an author would name it.
    fn describe(&self, job: &Job<'_>) -> String {
        match *job {
            Job::Page(id) => display_path(&self.site.pages[id].display_path),
            Job::Tag(i) => format!("the page of tag `{}`", self.site.tags[i].name),
            Job::Tags => "the tags index".into(),
            Job::Pair(i) => format!("the comparison {}", self.pairs[i].title),
            Job::Comparisons => "the list of comparisons".into(),
            Job::NotFound => "the 404 page".into(),
            Job::Sitemap => "the sitemap".into(),
            Job::Feed => "the feed".into(),
            Job::Robots => "robots.txt".into(),
            Job::FactsJson => facts_json::FACTS_JSON.into(),
            Job::FactsCsv => facts_csv::FACTS_CSV.into(),
            Job::FactsSchema => facts_json::FACTS_SCHEMA.into(),
            Job::TableCsv(i) => format!("the CSV of a table, `{}`", self.csvs[i].path),
            Job::Asset(path, _) => format!("theme/{path}"),
            Job::Static(i) => format!("content/{}", self.site.statics[i].rel_path),
        }
    }

    /// Fills `template` with `view` and minifies the result, unless the cache kept the bytes
    /// of the same template and view.
    fn html<V: Serialize + Hash>(
        &self,
        path: &str,
        template: &str,
        view: &V,
        nav: &[SidebarEntry<'_>],
        what: impl Fn() -> String,
    ) -> Result<OutputFile, Error> {
        let words = self.engine.words;
        let key = (!self.cache.one_off).then(|| {
            let mut hasher = Fingerprint::default();
            (template, self.theme.fingerprint, self.minify, words).hash(&mut hasher);
            view.hash(&mut hasher);
            hasher.digest128()
        });
        if let Some(bytes) = key.and_then(|key| self.cache.get(path, key)) {
            return Ok(OutputFile::Bytes(bytes));
        }
        let sidebar = self.sidebar(nav)?;
        let context = context(view, sidebar, words).map_err(|e| {
            Error::Template(format!("while rendering {} with `{template}`: {e}", what()))
        })?;
        let text = self.engine.tera.render(template, &context).map_err(|e| {
            let failure =
                template_error::render_failure(self.theme, template, &e, &context, &what());
            Error::Content(vec![failure])
        })?;
        self.cache.rendered.fetch_add(1, Ordering::Relaxed);
        let bytes: Bytes = if self.engine.minify_pages {
            let started = std::time::Instant::now();
            let bytes = minify::html(&text).into();
            let nanos = started.elapsed().as_nanos() as u64;
            self.cache.minify_nanos.fetch_add(nanos, Ordering::Relaxed);
            bytes
        } else {
            text.into()
        };
        if let Some(key) = key {
            self.cache.put(path, key, bytes.clone());
        }
        Ok(OutputFile::Bytes(bytes))
    }

    /// The sidebar's entries as HTML, each written by `nav-entry.html` with its section's
    /// entries inside it. An entry reads the same on every page of a folder but the one it
    /// marks current, so each is rendered once per build: filled in on every page, the
    /// sidebar was a third of a build's work.
    fn sidebar(&self, entries: &[SidebarEntry<'_>]) -> Result<String, Error> {
        let mut html = String::with_capacity(80 * entries.len());
        for entry in entries {
            let children = self.sidebar(&entry.children)?;
            if children.is_empty() {
                html.push_str(&self.sidebar_entry(&entry.link, "")?);
                continue;
            }
            // The entries inside a section on the way down are this page's own, so the
            // section's entry is rendered once around a slot, and they are put in its place.
            let around = self.sidebar_entry(&entry.link, SIDEBAR_SLOT)?;
            match around.split_once(SIDEBAR_SLOT) {
                Some((before, after)) if !after.contains(SIDEBAR_SLOT) => {
                    html.extend([before, &children, after]);
                }
                // A template that writes them twice is rendered with them.
                Some(_) => html.push_str(&self.sidebar_entry(&entry.link, &children)?),
                // A template that does not write them.
                None => html.push_str(&around),
            }
        }
        Ok(html)
    }

    /// One sidebar entry written by `nav-entry.html`, with `children` inside it, rendered
    /// once per build.
    fn sidebar_entry(&self, link: &SidebarLink<'_>, children: &str) -> Result<Arc<str>, Error> {
        let view = SidebarEntryHtml { link, children };
        let what = "a sidebar entry";
        (self.engine).render_partial("nav-entry.html", "entry", &view, || &view, false, what)
    }

    /// A page: its text, tables, subject facts, stated facts and decision tree.
    fn page(&self, id: PageId, path: &str) -> Result<OutputFile, Error> {
        let site = self.site;
        let page = &site.pages[id];
        let template = match &page.template {
            Some(t) => t.get_ref().as_str(),
            None if page.is_section_index => "section.html",
            None => "page.html",
        };
        let mut view = self.views.page(id);
        // One numbering of sources for the whole page, in the order the template shows them.
        let mut cited = tables::PageSources::default();
        view.page.content = facts_pages::fill_content(site, &self.engine, id, &mut cited)?;
        view.decision = decision::render_decision(site, &self.engine, id, &mut cited)?;
        let words = self.engine.words;
        view.subject = facts_pages::subject_view(site, words, id, &mut cited)?;
        view.stated = facts_pages::stated_view(site, words, id);
        view.glance = glance::glance_view(site, words, id);
        let sources = tables::sources_view(site, &cited, &page.url);
        view.sources = table_html::write_sources(&sources, words);
        self.html(path, template, &view, &view.frame.nav, || {
            display_path(&page.display_path)
        })
    }

    fn tag(&self, i: usize, path: &str) -> Result<OutputFile, Error> {
        let tag = &self.site.tags[i];
        let url = url::tag_url(&tag.slug);
        let view = TagView {
            frame: self
                .views
                .frame(&url, &tag.name, None, SectionId::ROOT, None),
            name: &tag.name,
            pages: tag
                .pages
                .iter()
                .map(|&p| self.views.entry(&url, p))
                .collect(),
        };
        self.html(path, "tag.html", &view, &view.frame.nav, || {
            self.describe(&Job::Tag(i))
        })
    }

    fn tags(&self, path: &str) -> Result<OutputFile, Error> {
        let words = self.engine.words;
        let entry = |t: &'a crate::model::Tag| TagEntry {
            name: &t.name,
            href: url::relative_href(TAGS_URL, &url::tag_url(&t.slug)),
            count: t.pages.len(),
        };
        let view = TagsView {
            frame: self.views.frame(
                TAGS_URL,
                words.get("tags.title"),
                None,
                SectionId::ROOT,
                None,
            ),
            tags: self.site.tags.iter().map(entry).collect(),
        };
        self.html(path, "tags.html", &view, &view.frame.nav, || {
            self.describe(&Job::Tags)
        })
    }

    /// A pair's comparison: the criteria where the two differ, then, folded, where they agree.
    fn pair(&self, i: usize, path: &str) -> Result<OutputFile, Error> {
        let words = self.engine.words;
        let site = self.site;
        let pair = &self.pairs[i];
        let [differ, same] = facts_pages::pair_tables(site, words, pair);
        let agreed = same.1.criteria.len();
        let mut cited = tables::PageSources::default();
        let mut write = |(id, table): (String, Table)| {
            (!table.criteria.is_empty()).then(|| {
                let citations = tables::Citations::Some;
                facts_pages::render_table(site, words, &table, &pair.url, id, citations, &mut cited)
            })
        };
        let table = write(differ);
        let agreements = write(same);
        let subject_link = |&s: &SubjectId| {
            let subject = &site.facts.subjects[s];
            NamedLink {
                title: subject.name.clone(),
                href: url::relative_href(&pair.url, &site.pages[subject.page].url),
            }
        };
        let view = ComparisonView {
            frame: self
                .views
                .frame(&pair.url, &pair.title, None, SectionId::ROOT, None)
                .with_filters(search::pair_filters(site, words, &pair.subjects)),
            table,
            agreements,
            agreed,
            subjects: pair.subjects.iter().map(subject_link).collect(),
            sources: table_html::write_sources(
                &tables::sources_view(site, &cited, &pair.url),
                words,
            ),
        };
        let what = || self.describe(&Job::Pair(i));
        self.html(path, "comparison.html", &view, &view.frame.nav, what)
    }

    fn comparisons(&self, path: &str) -> Result<OutputFile, Error> {
        let words = self.engine.words;
        let link = |p: &Pair| NamedLink {
            title: p.title.clone(),
            href: url::relative_href(COMPARE_URL, &p.url),
        };
        let view = ComparisonsView {
            frame: self.views.frame(
                COMPARE_URL,
                words.get("comparisons.title"),
                None,
                SectionId::ROOT,
                None,
            ),
            pairs: self.pairs.iter().map(link).collect(),
        };
        let what = || self.describe(&Job::Comparisons);
        self.html(path, "comparisons.html", &view, &view.frame.nav, what)
    }

    /// `404.html`: a host serves it at any address, so its links are written from the host's
    /// root (the path of `base_url`, or `/`), and it names no address of its own.
    fn not_found(&self, path: &str) -> Result<OutputFile, Error> {
        let base = self.site.config.base_path();
        let mut frame = self.views.frame(
            "",
            self.engine.words.get("not_found.title"),
            None,
            SectionId::ROOT,
            None,
        );
        let absolute = |href: &mut String| {
            *href = format!("{base}{}", href.strip_prefix("./").unwrap_or(href));
        };
        absolute(&mut frame.root);
        absolute(&mut frame.home);
        fn absolute_nav(entries: &mut [SidebarEntry<'_>], absolute: &impl Fn(&mut String)) {
            for entry in entries {
                absolute(&mut entry.link.href);
                absolute_nav(&mut entry.children, absolute);
            }
        }
        absolute_nav(&mut frame.nav, &absolute);
        frame
            .menu
            .iter_mut()
            .for_each(|item| absolute(&mut item.href));
        frame
            .breadcrumbs
            .iter_mut()
            .flatten()
            .for_each(|l| absolute(&mut l.href));
        frame.canonical = None;
        let view = NotFoundView { frame };
        let what = || self.describe(&Job::NotFound);
        self.html(path, "404.html", &view, &view.frame.nav, what)
    }

    /// `robots.txt`: everything may be crawled; the sitemap's address when it is known.
    fn robots(&self) -> String {
        match self.site.config.base_url_slash() {
            Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
            None => "User-agent: *\nAllow: /\n".to_string(),
        }
    }

    /// Refuses two files for one path; `made` holds each file's path and job, sorted.
    fn refuse_duplicates(&self, jobs: &[Job<'_>], made: &[(String, usize)]) -> Result<(), Error> {
        let errors: Vec<Diagnostic> = made
            .windows(2)
            .filter(|pair| pair[0].0 == pair[1].0)
            .map(|pair| {
                let (first, second) = (
                    self.describe(&jobs[pair[0].1]),
                    self.describe(&jobs[pair[1].1]),
                );
                Diagnostic::site_error(format!(
                    "two files would be written to `{}`: {first} and {second}",
                    pair[0].0
                ))
                .with_help("rename or move one of them")
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Content(errors))
        }
    }
}

fn bytes(data: impl Into<Bytes>) -> OutputFile {
    OutputFile::Bytes(data.into())
}

/// The variables of a page template: the fields of `view`, `sidebar` and `words`. The words
/// are the same on every page, so they are copied from one value rather than turned into one
/// for each page (which took 7 % of a build).
fn context(view: &impl Serialize, sidebar: String, words: &Words) -> Result<tera::Context, String> {
    let mut variables = serde_json::to_value(view).map_err(|e| e.to_string())?;
    let Some(fields) = variables.as_object_mut() else {
        return Err("the view is not a map".into());
    };
    fields.insert("sidebar".into(), sidebar.into());
    fields.insert("words".into(), words.to_value());
    tera::Context::from_value(variables).map_err(|e| theme::template_error(&e))
}
