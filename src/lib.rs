//! factbook: a static-site generator for comparison and decision sites.
//!
//! A build runs four stages, each handing a value to the next:
//!
//! 1. **load** ([`source::load`]): walk `content/`, read every page and list the static files.
//! 2. **model** ([`model::Site::from_sources`]): split and check front matter, render Markdown,
//!    build the section tree, check every link, gather tags and backlinks. All content errors are
//!    collected here, with file, line and column.
//! 3. **render** ([`render::render`]): one job per output file, in parallel, each handed to a
//!    [`render::Sink`] as soon as it is made.
//! 4. **emit** ([`emit::Writer`], a sink): write what changed into a temporary folder as it
//!    comes, then move it into place, so a failed build leaves the previous site untouched.
//!
//! `build`, `check` and the dev server ([`session::Session`]) drive the same stages; `check`
//! renders into [`render::Discard`], and the dev server into [`render::Memory`].

pub mod config;
pub mod diag;
pub mod emit;
pub mod error;
pub mod fingerprint;
pub mod init;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod source;
pub mod toml_error;
pub mod url;
pub mod words;

// Rendering allocates and frees many short strings on every thread; mimalloc's thread-local
// heaps do that with less work and fewer page faults than the system allocator. It is set
// here, in the library, so that the command, the benchmarks' examples and the tests all run
// on the allocator users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diag::{Diagnostic, Severity};
pub use error::Error;
use model::{ModelOptions, Site};
use render::{RenderCache, RenderOptions, Scope, Theme};

/// What `factbook build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding `book.toml`).
    pub root: PathBuf,
    /// Where to write the site; `None` for `output_dir` of `book.toml`, under the root.
    pub out: Option<PathBuf>,
    /// Include draft pages.
    pub drafts: bool,
    /// Override `minify` of `book.toml`.
    pub minify: Option<bool>,
    /// Measure the time of each stage.
    pub timings: bool,
    /// Override `base_url` of `book.toml` (an absolute http(s) URL).
    pub base_url: Option<String>,
}

/// Where a build's time went.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading `book.toml`, the theme and every file of `content/`.
    pub load: Duration,
    /// Splitting front matter and rendering Markdown (in parallel).
    pub parse: Duration,
    /// The rest of the model: sections, links, tags, facts, tables, trees.
    pub model: Duration,
    /// Filling the templates, minifying included, and writing each file into the staging
    /// folder (or comparing it with the site's) as it is made.
    pub render: Duration,
    /// CPU time of minifying, summed over threads (part of `render`).
    pub minify_cpu: Duration,
    /// Indexing the pages for search.
    pub search: Duration,
    /// Moving what was written into place and removing stale files.
    pub write: Duration,
    /// Files written, left unchanged and removed.
    pub files: emit::WriteStats,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// What was built: pages, sections, tags, subjects, facts and files.
    pub counts: Counts,
    /// The output folder.
    pub out: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
    /// Time per stage, when asked for.
    pub timings: Option<Timings>,
}

/// What a build made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Pages rendered.
    pub pages: usize,
    /// Sections.
    pub sections: usize,
    /// Tags.
    pub tags: usize,
    /// Subjects.
    pub subjects: usize,
    /// Facts.
    pub facts: usize,
    /// Files in the output.
    pub files: usize,
}

impl Counts {
    fn of(site: &Site, files: usize) -> Counts {
        Counts {
            pages: site.pages.len(),
            sections: site.sections.len(),
            tags: site.tags.len(),
            subjects: site.facts.subjects.len(),
            facts: site.facts.facts.len(),
            files,
        }
    }
}

/// What a successful check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Pages checked.
    pub pages: usize,
    /// Facts checked.
    pub facts: usize,
    /// Warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Disagreements between sources.
    pub disagreements: Vec<Diagnostic>,
    /// Text that quotes a fact the sources disagree on.
    pub disputed_quotes: Vec<Diagnostic>,
}

/// Loads and checks the site in `root`: stages 1 and 2, plus the theme (whose template names
/// front matter may refer to).
pub fn load_site(root: &Path, drafts: bool) -> Result<(Site, Theme), Error> {
    let config = Config::load(root)?;
    let (theme, sources) = load_theme_and_sources(root)?;
    let options = ModelOptions {
        drafts,
        templates: theme.templates.clone(),
    };
    let site = Site::from_sources(config, &sources, &options).map_err(Error::Content)?;
    Ok((site, theme))
}

/// The theme and the content, read side by side: parsing the templates is one thread's work,
/// which reading the pages need not wait for.
fn load_theme_and_sources(root: &Path) -> Result<(Theme, source::Sources), Error> {
    let (theme, sources) = rayon::join(|| Theme::load(root), || source::load(root));
    Ok((theme?, sources?))
}

/// Loads, checks and renders the site into memory: exactly the files `build` writes.
pub fn render_site(
    root: &Path,
    drafts: bool,
    minify: Option<bool>,
) -> Result<(Site, emit::Output), Error> {
    let (site, theme) = load_site(root, drafts)?;
    render_site_with(site, &theme, minify)
}

/// Renders a loaded site into memory with `theme`.
pub fn render_site_with(
    site: Site,
    theme: &Theme,
    minify: Option<bool>,
) -> Result<(Site, emit::Output), Error> {
    let minify = minify.unwrap_or(site.config.minify);
    let memory = render::Memory::default();
    let cache = RenderCache::one_off();
    render::render(
        &site,
        theme,
        RenderOptions { minify },
        &cache,
        Scope::All,
        &memory,
    )?;
    Ok((site, memory.into_output()))
}

/// Builds the site: all four stages.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let root = &options.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.base_url = Some(url.clone());
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    // Refuse a dangerous output folder before doing any work.
    emit::check_out_dir(root, &out)?;
    let mut timings = Timings::default();
    let stage = Instant::now();
    let (theme, sources) = load_theme_and_sources(root)?;
    timings.load = stage.elapsed();
    let minify = options.minify.unwrap_or(config.minify);
    let stage = Instant::now();
    let model_options = ModelOptions {
        drafts: options.drafts,
        templates: theme.templates.clone(),
    };
    let site = Site::from_sources(config, &sources, &model_options).map_err(Error::Content)?;
    // The model holds all that is rendered: the Markdown need not stay in memory beside it.
    session::drop_later(sources);
    timings.parse = site.parse_time;
    timings.model = stage.elapsed().saturating_sub(site.parse_time);
    let stage = Instant::now();
    let cache = RenderCache::one_off();
    // Each file is written (into a staging folder) as soon as it is rendered; the previous site
    // changes only in `finish`. With search on, the HTML pages are also kept for the indexer.
    let writer = emit::Writer::begin(&out)?;
    let render_options = RenderOptions { minify };
    let collect = search::Collect::new(&site, &writer);
    let mut paths = render::render(&site, &theme, render_options, &cache, Scope::All, &collect)?;
    timings.render = stage.elapsed();
    timings.minify_cpu = cache.minify_time();
    let stage = Instant::now();
    if site.config.search.enabled {
        let words = theme.words(&site.config.language);
        let input = search::Input::new(&site, &words, collect.into_pages());
        for (path, bytes) in search::index(&input)? {
            writer.put(&path, &emit::OutputFile::Bytes(bytes))?;
            paths.push(path);
        }
    }
    timings.search = stage.elapsed();
    let stage = Instant::now();
    timings.files = writer.finish(&paths.iter().map(String::as_str).collect())?;
    timings.write = stage.elapsed();
    Ok(BuildReport {
        counts: Counts::of(&site, paths.len()),
        out,
        elapsed: started.elapsed(),
        diagnostics: site.diagnostics,
        timings: options.timings.then_some(timings),
    })
}

/// Checks the site without writing anything: every stage but the writing, so that `check`
/// finds every error `build` would (a template that fails, two files for one path).
pub fn check(root: &Path, drafts: bool) -> Result<CheckReport, Error> {
    let (site, theme) = load_site(root, drafts)?;
    let options = RenderOptions {
        minify: site.config.minify,
    };
    let cache = RenderCache::one_off();
    render::render(&site, &theme, options, &cache, Scope::All, &render::Discard)?;
    Ok(CheckReport {
        pages: site.pages.len(),
        facts: site.facts.facts.len(),
        diagnostics: site.diagnostics,
        disagreements: site.notes.into_values().collect(),
        disputed_quotes: site.quote_notes,
    })
}
