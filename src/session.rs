//! A build session: the pipeline run again after every change, for `factbook serve`.
//!
//! Each rebuild runs every stage, so the result is by construction what `factbook build` would
//! produce — the contract is that the served site always equals a fresh build. Two caches make
//! it cheap: pages are parsed again only when their text changes ([`ParseCache`]), and a
//! template is rendered again only when the view it would read changes ([`RenderCache`]). The
//! model in between (sections, links, backlinks, tags, facts, tables, trees) is rebuilt whole,
//! so nothing that depends on another page's data can go stale — except after the two most
//! common saves, which provably leave most of it as it was (see [`Session::edit_kept`]): a
//! body edit no other page can see, and an edit of a page's facts alone.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::markdown::LinkTarget;
use crate::model::{ModelOptions, Page, PageId, ParseCache, Site};
use crate::render::{self, Memory, RenderCache, RenderOptions, Scope, Theme};
use crate::source::front_matter::split;
use crate::source::{self, Sources};

/// The result of a rebuild.
#[derive(Debug)]
pub enum Rebuild {
    /// The output changed; the paths that differ from the previous output (added, changed or
    /// removed), sorted.
    Changed {
        /// The new output.
        output: Arc<Output>,
        /// What changed.
        paths: Vec<String>,
        /// How long the rebuild took.
        elapsed: Duration,
        /// Warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// The output is byte for byte the same as before (a save without changes, an ignored file).
    Unchanged,
    /// The site has errors; the previous output stays in place.
    Failed(Vec<Diagnostic>),
}

/// A save the kept model could take in (see [`Session::edit_kept`]).
enum KeptEdit {
    /// Only these pages' bodies changed: they alone are rendered again.
    Bodies(Vec<PageId>),
    /// Facts changed (and maybe bodies): every page's inputs are checked, as after a full
    /// rebuild.
    Facts,
}

/// How one page changed.
enum EditKind {
    Body,
    Facts,
}

/// A site being served: its caches and last good output.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    drafts: bool,
    parse_cache: ParseCache,
    render_cache: RenderCache,
    output: Option<Arc<Output>>,
    /// The sources as last read, updated file by file after a change where possible.
    sources: Option<Sources>,
    /// The model and theme of the last successful build, while they match `sources`.
    built: Option<(Site, Theme)>,
    /// Size and modification time of each copied file at the last build, so that an edited
    /// image or stylesheet counts as a change although its output entry is the same path.
    copy_stamps: HashMap<String, Option<(u64, SystemTime)>>,
}

impl Session {
    /// A session for the site in `root`; nothing is built yet.
    pub fn new(root: &Path, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            drafts,
            parse_cache: ParseCache::default(),
            render_cache: RenderCache::default(),
            output: None,
            sources: None,
            built: None,
            copy_stamps: HashMap::new(),
        }
    }

    /// The last good output.
    pub fn output(&self) -> Option<Arc<Output>> {
        self.output.clone()
    }

    /// Builds the site again, from the files as they are now.
    ///
    /// Content errors come back as [`Rebuild::Failed`]; an `Err` is an operational error (the
    /// site's folder or `book.toml` vanished, a theme template does not parse), after which the
    /// session stays usable and the next rebuild tries again.
    pub fn rebuild(&mut self) -> Result<Rebuild, Error> {
        self.sources = None;
        self.built = None;
        self.rebuild_after(&[])
    }

    /// Builds the site again after the files at `changed` (absolute paths) changed: only those
    /// are read again, unless the change is one of structure (a folder), when everything is.
    pub fn rebuild_after(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let started = Instant::now();
        if let Some(edit) = self.edit_kept(changed) {
            let (site, theme) = self.built.take().expect("edit_kept checked it");
            let result = match edit {
                KeptEdit::Bodies(ids) => self.finish_bodies(&site, &theme, &ids, started),
                KeptEdit::Facts => self.finish(&site, &theme, started),
            };
            self.built = Some((site, theme));
            return result;
        }
        // From here on, the kept model no longer matches the files until a build succeeds.
        drop_later(self.built.take());
        let config = match Config::load(&self.root) {
            Ok(config) => config,
            Err(Error::Content(diagnostics)) => return Ok(Rebuild::Failed(diagnostics)),
            Err(other) => return Err(other),
        };
        let theme = match Theme::load(&self.root) {
            Ok(theme) => theme,
            Err(Error::Template(message)) => {
                return Ok(Rebuild::Failed(vec![Diagnostic::site_error(message)]));
            }
            Err(other) => return Err(other),
        };
        let updated = match &mut self.sources {
            Some(sources) => sources.update(&self.root, changed),
            None => false,
        };
        if !updated {
            self.sources = Some(source::load(&self.root)?);
        }
        let sources = self.sources.as_ref().expect("loaded above");

        let options = ModelOptions {
            drafts: self.drafts,
            templates: theme.templates.clone(),
        };
        let site = match Site::from_sources_cached(config, sources, &options, &mut self.parse_cache)
        {
            Ok(site) => site,
            Err(diagnostics) => return Ok(Rebuild::Failed(diagnostics)),
        };
        let result = self.finish(&site, &theme, started);
        if matches!(result, Ok(Rebuild::Changed { .. } | Rebuild::Unchanged)) {
            self.built = Some((site, theme));
        }
        result
    }

    /// The fast paths for the most common saves, which keep the model: when every changed path
    /// is an existing page and either
    ///
    /// - its front matter is byte for byte the same and its heading ids, other ids, link
    ///   targets and compare blocks are unchanged — sections, links, backlinks, tags and facts
    ///   are all made from those, so only the page's HTML is swapped in; or
    /// - its body is the same and its front matter differs only in its `[facts.*]` tables —
    ///   then only the facts are gathered again ([`Site::refresh_facts`]).
    ///
    /// Anything else returns `None` and takes the full path.
    fn edit_kept(&mut self, changed: &[PathBuf]) -> Option<KeptEdit> {
        let (Some((site, _)), Some(sources)) = (&self.built, &self.sources) else {
            return None;
        };
        if changed.is_empty() {
            return None;
        }
        let content = self.root.join(source::CONTENT_DIR);
        let mut updates = Vec::new();
        // A watcher may report one save as several events.
        let changed: BTreeSet<&PathBuf> = changed.iter().collect();
        for path in changed {
            let rel = path.strip_prefix(&content).ok().map(source::slash_path)?;
            // An editor's temporary file, already renamed over the page it saved.
            if !path.exists() && !sources.knows(&rel) {
                continue;
            }
            if !rel.ends_with(".md") || !path.is_file() {
                return None;
            }
            let Ok(index) = sources.pages.binary_search_by(|p| p.rel_path.cmp(&rel)) else {
                return None;
            };
            let Ok(new) = source::read_page(&self.root, rel.clone(), path) else {
                return None;
            };
            let old = &sources.pages[index];
            if new.hash == old.hash && new.text == old.text {
                continue;
            }
            let (Ok(old_split), Ok(new_split)) = (split(&old.text), split(&new.text)) else {
                return None;
            };
            let id = site.pages.iter().position(|p| p.rel_path == rel)?;
            let Ok(mut page) = crate::model::page::parse(&new, index) else {
                return None;
            };
            page.fingerprint = new.hash;
            let body_only = old_split.front_matter == new_split.front_matter
                && old_split.front_matter_offset == new_split.front_matter_offset
                && old_split.body_offset == new_split.body_offset;
            let kind = if body_only && same_outside(&site.pages[id], &page) {
                EditKind::Body
            } else if !site.diagnostics.is_empty()
                || old.text[old_split.body_offset..] != new.text[new_split.body_offset..]
                || !same_but_facts(old_split.front_matter, new_split.front_matter)
            {
                // The model's warnings cannot be told apart by stage, so a site with any
                // takes the full path, which makes them all again.
                return None;
            } else {
                EditKind::Facts
            };
            updates.push((index, id, new, page, kind));
        }
        let (site, _) = self.built.as_mut()?;
        let sources = self.sources.as_mut()?;
        let mut bodies = Vec::new();
        let mut facts = Vec::new();
        for (index, id, new, page, kind) in updates {
            self.parse_cache
                .insert(&new.rel_path, page.fingerprint, Ok(page.clone()));
            sources.pages[index] = new;
            match kind {
                EditKind::Body => {
                    bodies.push(id);
                    let kept = &mut site.pages[id];
                    kept.content = page.content;
                    kept.headings = page.headings;
                    kept.links = page.links;
                    kept.compare_blocks = page.compare_blocks;
                    kept.fingerprint = page.fingerprint;
                }
                EditKind::Facts => facts.push((id, page)),
            }
        }
        if facts.is_empty() {
            return Some(KeptEdit::Bodies(bodies));
        }
        if site.refresh_facts(facts, sources).is_err() {
            // The model is half updated: build it again from the sources, which are current.
            self.built = None;
            return None;
        }
        Some(KeptEdit::Facts)
    }

    /// Renders the pages `ids` again, whose bodies alone changed, into a copy of the last
    /// output.
    fn finish_bodies(
        &mut self,
        site: &Site,
        theme: &Theme,
        ids: &[PageId],
        started: Instant,
    ) -> Result<Rebuild, Error> {
        let Some(before) = self.output.clone() else {
            return self.finish(site, theme, started);
        };
        let options = RenderOptions {
            minify: site.config.minify,
        };
        let memory = Memory::default();
        let scope = Scope::Pages(ids);
        if let Err(error) = render::render(site, theme, options, &self.render_cache, scope, &memory)
        {
            return failed(error);
        }
        let files = memory.into_output().files;
        // Sorted by path, as the files are.
        let paths: Vec<String> = files
            .iter()
            .filter(|(path, file)| before.files.get(path.as_str()) != Some(*file))
            .map(|(path, _)| path.clone())
            .collect();
        let mut output = (*before).clone();
        output.files.extend(files);
        Ok(self.publish(output, paths, site, started))
    }

    /// Renders `site` and works out what changed since the last output.
    fn finish(&mut self, site: &Site, theme: &Theme, started: Instant) -> Result<Rebuild, Error> {
        let minify = site.config.minify;
        let memory = Memory::default();
        let options = RenderOptions { minify };
        let cache = &self.render_cache;
        if let Err(error) = render::render(site, theme, options, cache, Scope::All, &memory) {
            return failed(error);
        }
        let output = memory.into_output();
        let stamps: HashMap<String, Option<(u64, SystemTime)>> = output
            .files
            .iter()
            .filter_map(|(path, file)| match file {
                OutputFile::Copy(from) => Some((path.clone(), stamp(from))),
                OutputFile::Bytes(_) => None,
            })
            .collect();
        let mut paths = changed_paths(self.output.as_deref(), &output);
        paths.extend(
            stamps
                .iter()
                .filter(|(path, stamp)| {
                    self.copy_stamps.get(*path).is_some_and(|old| old != *stamp)
                })
                .map(|(path, _)| path.clone()),
        );
        paths.sort();
        paths.dedup();
        self.copy_stamps = stamps;
        Ok(self.publish(output, paths, site, started))
    }

    /// Makes `output` the last good output, unless none of its files changed (`paths`, sorted).
    fn publish(
        &mut self,
        output: Output,
        paths: Vec<String>,
        site: &Site,
        started: Instant,
    ) -> Rebuild {
        if paths.is_empty() {
            return Rebuild::Unchanged;
        }
        let output = Arc::new(output);
        if let Some(old) = self.output.replace(output.clone()) {
            // The server may still hold it; if not, this is the last of it.
            if Arc::strong_count(&old) == 1 {
                drop_later(old);
            }
        }
        Rebuild::Changed {
            output,
            paths,
            elapsed: started.elapsed(),
            diagnostics: site
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Note)
                .cloned()
                .collect(),
        }
    }
}

/// Drops `value` on another thread: freeing a large site's model or output takes
/// milliseconds that a rebuild need not wait for.
pub fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// A render that failed: the site's or the theme's errors become a failed rebuild (the last
/// good output stays); anything else is the caller's to report.
fn failed(error: Error) -> Result<Rebuild, Error> {
    match error {
        Error::Content(diagnostics) => Ok(Rebuild::Failed(diagnostics)),
        Error::Template(message) => Ok(Rebuild::Failed(vec![Diagnostic::site_error(message)])),
        other => Err(other),
    }
}

/// Whether two parses of a page with the same front matter look the same from other pages:
/// the anchors they can link to, where the page links, and its comparison tables.
fn same_outside(old: &Page, new: &Page) -> bool {
    let ids = |page: &Page| -> Vec<String> {
        let mut ids: Vec<String> = page.headings.iter().map(|h| h.id.clone()).collect();
        // Raw HTML and footnotes can carry ids that links point at, too.
        let mut rest = &*page.content;
        while let Some(i) = rest.find(" id=\"") {
            rest = &rest[i + 5..];
            let end = rest.find('"').unwrap_or(rest.len());
            ids.push(rest[..end].to_string());
        }
        ids
    };
    let targets =
        |page: &Page| -> Vec<LinkTarget> { page.links.iter().map(|l| l.target.clone()).collect() };
    ids(old) == ids(new)
        && targets(old) == targets(new)
        && old
            .compare_blocks
            .iter()
            .map(|b| &b.toml)
            .eq(new.compare_blocks.iter().map(|b| &b.toml))
}

/// Whether two front matters are the same TOML apart from their `[facts.*]` tables (and
/// their layout, comments and key order).
fn same_but_facts(old: &str, new: &str) -> bool {
    let without_facts = |text: &str| {
        let mut table = text.parse::<toml::Table>().ok()?;
        table.remove("facts");
        Some(table)
    };
    match (without_facts(old), without_facts(new)) {
        (Some(old), Some(new)) => old == new,
        _ => false,
    }
}

/// The size and modification time of a file, if it can be read.
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The paths whose file differs between two outputs: one walk over both sorted maps.
fn changed_paths(before: Option<&Output>, after: &Output) -> Vec<String> {
    let Some(before) = before else {
        return after.files.keys().cloned().collect();
    };
    let same = |a: &OutputFile, b: &OutputFile| match (a, b) {
        (OutputFile::Bytes(a), OutputFile::Bytes(b)) => {
            (a.as_ptr(), a.len()) == (b.as_ptr(), b.len()) || a == b
        }
        (a, b) => a == b,
    };
    let mut paths = Vec::new();
    let mut old = before.files.iter().peekable();
    let mut new = after.files.iter().peekable();
    loop {
        match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some((path, _)), None) => {
                paths.push((*path).clone());
                old.next();
            }
            (None, Some((path, _))) => {
                paths.push((*path).clone());
                new.next();
            }
            (Some((a, fa)), Some((b, fb))) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    paths.push((*a).clone());
                    old.next();
                }
                std::cmp::Ordering::Greater => {
                    paths.push((*b).clone());
                    new.next();
                }
                std::cmp::Ordering::Equal => {
                    if !same(fa, fb) {
                        paths.push((*a).clone());
                    }
                    old.next();
                    new.next();
                }
            },
        }
    }
    paths
}
