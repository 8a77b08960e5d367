//! A build session: the pipeline run again after every change, for `factbook serve`.
//!
//! Each rebuild runs every stage, so the result is by construction what `factbook build` would
//! produce — the contract is that the served site always equals a fresh build. Two caches make
//! it cheap: pages are parsed again only when their text changes ([`ParseCache`]), and a
//! template is rendered again only when the view it would read changes ([`RenderCache`]). The
//! model in between (sections, links, backlinks, tags, facts, tables, trees) is always rebuilt
//! whole, so nothing that depends on another page's data can go stale.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::model::{ModelOptions, ParseCache, Site};
use crate::render::{RenderCache, RenderOptions, Theme};
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
        self.rebuild_after(&[])
    }

    /// Builds the site again after the files at `changed` (absolute paths) changed: only those
    /// are read again, unless the change is one of structure (a folder), when everything is.
    pub fn rebuild_after(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let started = Instant::now();
        let config = match Config::load(&self.root) {
            Ok(config) => config,
            Err(Error::Content(diagnostics)) => return Ok(Rebuild::Failed(diagnostics)),
            Err(other) => return Err(other),
        };
        let minify = config.minify;
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
        let output = match crate::render::render_cached(
            &site,
            &theme,
            RenderOptions { minify },
            &self.render_cache,
        ) {
            Ok(output) => output,
            Err(Error::Content(diagnostics)) => return Ok(Rebuild::Failed(diagnostics)),
            Err(Error::Template(message)) => {
                return Ok(Rebuild::Failed(vec![Diagnostic::site_error(message)]));
            }
            Err(other) => return Err(other),
        };
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
        if paths.is_empty() {
            return Ok(Rebuild::Unchanged);
        }

        let output = Arc::new(output);
        self.output = Some(output.clone());
        Ok(Rebuild::Changed {
            output,
            paths,
            elapsed: started.elapsed(),
            diagnostics: site
                .diagnostics
                .into_iter()
                .filter(|d| d.severity != Severity::Note)
                .collect(),
        })
    }
}

/// The size and modification time of a file, if it can be read.
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The paths whose file differs between two outputs.
fn changed_paths(before: Option<&Output>, after: &Output) -> Vec<String> {
    let Some(before) = before else {
        return after.files.keys().cloned().collect();
    };
    let same = |a: &OutputFile, b: &OutputFile| match (a, b) {
        (OutputFile::Bytes(a), OutputFile::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
        (a, b) => a == b,
    };
    let mut paths: Vec<String> = after
        .files
        .iter()
        .filter(|(path, file)| before.files.get(*path).is_none_or(|old| !same(old, file)))
        .map(|(path, _)| path.clone())
        .chain(
            before
                .files
                .keys()
                .filter(|p| !after.files.contains_key(*p))
                .cloned(),
        )
        .collect();
    paths.sort();
    paths
}
