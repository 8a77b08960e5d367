//! A build session: the pipeline run again after every change, for `factbook serve`.
//!
//! Each rebuild runs every stage, so the result is by construction what `factbook build` would
//! produce — the contract is that the served site always equals a fresh build. Two caches make
//! it cheap: pages are parsed again only when their text changes ([`ParseCache`]), and a
//! template is rendered again only when the view it would read changes ([`RenderCache`]). The
//! model in between (sections, links, backlinks, tags, facts, tables, trees) is rebuilt whole,
//! so nothing that depends on another page's data can go stale — except after the two most
//! common saves, which provably leave most of it as it was: a body edit no other page can see,
//! and an edit of a page's facts alone. What a save needs is decided by [`plan::plan`], a pure
//! function, and applied here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::model::{ModelOptions, PageId, ParseCache, Site};
use crate::render::{self, Memory, RenderCache, RenderOptions, Scope, Theme};
use crate::search;
use crate::source::{self, Sources};

pub mod plan;
use plan::{Changed, Edit, Plan, Update};

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

/// Where a rebuild that renders everything again shows the pages open in a browser first, so
/// that they reload before the rest of the site is done (the dev server, after a template or
/// `book.toml` edit).
pub struct Preview<'p> {
    /// The output paths wanted first (`guide/index.html`).
    pub first: Vec<String>,
    /// Takes the last output with those of them the site has rendered anew, and the theme's
    /// files; the paths of what was rendered, sorted. Only those are current until the rebuild
    /// returns.
    pub show: &'p mut dyn FnMut(Arc<Output>, Vec<String>),
}

/// A site being served: its caches and last good output.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    drafts: bool,
    /// Publish at this address instead of `base_url` of `book.toml` (`--base-url`).
    base_url: Option<String>,
    parse_cache: ParseCache,
    render_cache: RenderCache,
    output: Option<Arc<Output>>,
    /// The sources as last read, updated file by file after a change where possible.
    sources: Option<Sources>,
    /// The model and theme of the last successful build, while they match `sources`.
    built: Option<(Site, Theme)>,
}

impl Session {
    /// The same session, publishing at `url` instead of `base_url` of `book.toml`.
    pub fn with_base_url(mut self, url: Option<String>) -> Session {
        self.base_url = url;
        self
    }

    /// The configuration of the last successful build.
    pub fn config(&self) -> Option<&Config> {
        self.built.as_ref().map(|(site, _)| &site.config)
    }

    /// A session for the site in `root`; nothing is built yet.
    pub fn new(root: &Path, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            drafts,
            base_url: None,
            parse_cache: ParseCache::default(),
            render_cache: RenderCache::default(),
            output: None,
            sources: None,
            built: None,
        }
    }

    /// The last good output.
    pub fn output(&self) -> Option<Arc<Output>> {
        self.output.clone()
    }

    /// What the search index of the last good output is made of, when search is on. Indexing
    /// takes longer than the rest of a rebuild, so it is the caller's to run aside, and this is
    /// asked for after the new output is served.
    pub fn search_input(&self) -> Option<search::Input> {
        let ((site, theme), output) = (self.built.as_ref()?, self.output.as_ref()?);
        (site.config.search.enabled).then(|| {
            let words = theme.words(&site.config.language);
            search::Input::new(site, &words, search::pages_of(site, output))
        })
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
        self.rebuild_showing(changed, None)
    }

    /// [`Session::rebuild_after`], showing `preview`'s pages first when everything is
    /// rendered again.
    pub fn rebuild_showing(
        &mut self,
        changed: &[PathBuf],
        preview: Option<&mut Preview<'_>>,
    ) -> Result<Rebuild, Error> {
        let started = Instant::now();
        let plan = match (&self.built, &self.sources) {
            (Some((site, _)), Some(sources)) => plan::plan(&self.read(changed), sources, site),
            _ => Plan::Full,
        };
        match plan {
            Plan::Nothing => return Ok(Rebuild::Unchanged),
            Plan::Pages(updates) => {
                if let Some(result) = self.apply(updates, started) {
                    return result;
                }
            }
            Plan::Full => {}
        }
        // From here on, the kept model no longer matches the files until a build succeeds.
        drop_later(self.built.take());
        // Until the sources are brought up to date below, they may miss what `changed` says:
        // a stop before that (a broken book.toml or template) makes the next rebuild read
        // every file again, so that a page saved meanwhile is not missed.
        let sources = self.sources.take();
        let config = match Config::load(&self.root) {
            Ok(mut config) => {
                if let Some(url) = &self.base_url {
                    config.base_url = Some(url.clone());
                }
                config
            }
            Err(Error::Content(diagnostics)) => return Ok(Rebuild::Failed(diagnostics)),
            Err(other) => return Err(other),
        };
        let theme = match Theme::load(&self.root) {
            Ok(theme) => theme,
            Err(error) => return failed(error),
        };
        self.sources = sources;
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
        if let Some(preview) = preview {
            self.show_first(&site, &theme, preview);
        }
        let result = self.finish(&site, &theme, started);
        if matches!(result, Ok(Rebuild::Changed { .. } | Rebuild::Unchanged)) {
            self.built = Some((site, theme));
        }
        result
    }

    /// The changed paths as they are now, for [`plan::plan`].
    fn read(&self, changed: &[PathBuf]) -> Vec<Changed> {
        let content = self.root.join(source::CONTENT_DIR);
        let read = |path: &PathBuf| {
            let Some(rel) = path.strip_prefix(&content).ok().map(source::slash_path) else {
                return Changed::Other;
            };
            if !path.exists() {
                return Changed::Gone(rel);
            }
            if !rel.ends_with(".md") || !path.is_file() {
                return Changed::Other;
            }
            match source::read_page(&self.root, rel, path) {
                Ok(page) => Changed::Page(page),
                Err(_) => Changed::Other,
            }
        };
        changed.iter().map(read).collect()
    }

    /// Takes `updates` into the kept model and renders what they need: the pages alone when
    /// only bodies changed, else everything through the cache. `None` when the model could not
    /// take them (it is dropped, and the caller builds from the sources).
    fn apply(&mut self, updates: Vec<Update>, started: Instant) -> Option<Result<Rebuild, Error>> {
        let (mut site, theme) = self.built.take()?;
        let sources = self.sources.as_mut()?;
        let mut bodies = Vec::new();
        let mut facts = Vec::new();
        for update in updates {
            let page = update.page;
            self.parse_cache
                .insert(&update.source.rel_path, page.fingerprint, Ok(page.clone()));
            sources.pages[update.index] = update.source;
            match update.edit {
                Edit::Body => {
                    bodies.push(update.id);
                    let kept = &mut site.pages[update.id];
                    kept.content = page.content;
                    kept.headings = page.headings;
                    kept.links = page.links;
                    kept.compare_blocks = page.compare_blocks;
                    kept.quotes = page.quotes;
                    kept.fingerprint = page.fingerprint;
                }
                Edit::Facts => facts.push((update.id, page)),
            }
        }
        let result = if facts.is_empty() {
            self.finish_part(&site, &theme, Scope::Pages(&bodies), started)
        } else {
            let edited: Vec<PageId> = facts.iter().map(|(id, _)| *id).chain(bodies).collect();
            let Ok(cells) = site.refresh_facts(facts, sources) else {
                // The model is half updated: build it again from the sources, which are current.
                drop_later((site, theme));
                return None;
            };
            let scope = Scope::Facts {
                pages: &edited,
                cells: &cells,
            };
            self.finish_part(&site, &theme, scope, started)
        };
        self.built = Some((site, theme));
        Some(result)
    }

    /// Renders `scope` again (the outputs the edits can change: never one the site gains or
    /// loses) into a copy of the last output.
    fn finish_part(
        &mut self,
        site: &Site,
        theme: &Theme,
        scope: Scope<'_>,
        started: Instant,
    ) -> Result<Rebuild, Error> {
        let Some(before) = self.output.clone() else {
            return self.finish(site, theme, started);
        };
        let options = RenderOptions {
            minify: site.config.minify,
        };
        let memory = Memory::default();
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

    /// Renders the pages `preview` wants first into a copy of the last output and shows it.
    /// Their bytes stay in the render cache, so the whole render that follows reuses them.
    fn show_first(&self, site: &Site, theme: &Theme, preview: &mut Preview<'_>) {
        let Some(before) = &self.output else {
            return;
        };
        let mut first = std::mem::take(&mut preview.first);
        first.sort_unstable();
        first.dedup();
        if first.is_empty() {
            return;
        }
        let options = RenderOptions {
            minify: site.config.minify,
        };
        let memory = Memory::default();
        let cache = &self.render_cache;
        // A failure here is met again, and reported, by the whole render.
        let Ok(paths) = render::render(site, theme, options, cache, Scope::First(&first), &memory)
        else {
            return;
        };
        let mut fresh = memory.into_output();
        // Open pages reload only for a change they show (a save of the same template reloads
        // nothing).
        let same = |(path, file): (&String, &OutputFile)| before.files.get(path) == Some(file);
        if fresh.read_copies().is_err() || fresh.files.iter().all(same) {
            return;
        }
        let mut output = (**before).clone();
        output.files.extend(fresh.files);
        (preview.show)(Arc::new(output), paths);
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
        let mut output = memory.into_output();
        // The server serves only what this build produced: a copied file is read now, so that a
        // later change on disk (a symlink swapped, a file edited while a build error is shown)
        // is never served until a build takes it in.
        if let Err(error) = output.read_copies() {
            return failed(error);
        }
        let paths = changed_paths(self.output.as_deref(), &output);
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
