//! The theme: Tera templates and assets, embedded in the binary and overridable per site.
//!
//! The default theme is one table of embedded files. A site's own `theme/` folder overrides any
//! of them by path (`theme/templates/page.html` replaces the built-in page template) and may add
//! more (templates for `template = "…"`, images, scripts). Templates are parsed once per build.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::fingerprint::Fingerprint;
use tera::Tera;
use walkdir::WalkDir;

use crate::diag::Diagnostic;
use crate::error::{Error, read_to_string};
use crate::minify;
use crate::render::escape::Escapes;
use crate::render::{macro_depth, template_error};
use crate::source::{is_ignored_name, slash_path};
use crate::words::{self, WORDS_DIR, Words, WordsFile};

/// The folder of a site that overrides the default theme.
pub const THEME_DIR: &str = "theme";
const TEMPLATES: &str = "templates/";
/// One embedded file of the default theme: its path under `theme/` and its contents.
macro_rules! theme_file {
    ($path:literal) => {
        ($path, include_str!(concat!("../../theme/", $path)))
    };
}

/// The default theme, embedded: path under `theme/` → contents.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    theme_file!("templates/base.html"),
    theme_file!("templates/macros.html"),
    theme_file!("templates/page.html"),
    theme_file!("templates/section.html"),
    theme_file!("templates/tag.html"),
    theme_file!("templates/tags.html"),
    theme_file!("templates/404.html"),
    theme_file!("templates/comparison.html"),
    theme_file!("templates/comparisons.html"),
    theme_file!("templates/decision.html"),
    theme_file!("templates/nav-entry.html"),
    theme_file!("css/style.css"),
    theme_file!("js/decision.js"),
    theme_file!("js/site.js"),
    theme_file!("js/search.js"),
    theme_file!("favicon.svg"),
    theme_file!("words/en.toml"),
    theme_file!("words/fr.toml"),
];

/// The text of the built-in words file of `language`, if there is one.
pub fn builtin_words(language: &str) -> Option<&'static str> {
    let path = format!("{WORDS_DIR}{language}.toml");
    DEFAULT_THEME
        .iter()
        .find(|(rel, _)| *rel == path)
        .map(|(_, text)| *text)
}

/// A theme asset to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asset {
    /// From the default theme.
    Embedded(&'static str),
    /// From the site's `theme/` folder.
    File(PathBuf),
}

/// Parsed templates and the assets to copy.
#[derive(Debug)]
pub struct Theme {
    /// All templates, parsed as written when first asked for ([`Theme::written`]): a build of
    /// minified pages, the default, renders with the minified ones alone.
    written: OnceLock<Result<Tera, Diagnostic>>,
    /// The templates' text by name, to parse as written.
    pub sources: Vec<(String, String)>,
    /// All templates minified once, then parsed; `None` when one of them cannot be minified
    /// safely (see [`minify::template`]), in which case minified output is made by minifying
    /// each page.
    pub minified: Option<Tera>,
    /// Template names (`page.html`, …).
    pub templates: BTreeSet<String>,
    /// The templates the site's own `theme/templates/` gives, in place of or beside the
    /// built-in ones.
    pub overridden: BTreeSet<String>,
    /// Assets by output path (`css/style.css`).
    pub assets: BTreeMap<String, Asset>,
    /// The words files (`words/*.toml`), built-in and the site's.
    pub words: Vec<WordsFile>,
    /// A hash of every template's name and text: rendered pages are reused only under the same
    /// templates.
    pub fingerprint: u128,
}

impl Theme {
    /// The default theme with the overrides found in `root/theme`.
    pub fn load(root: &Path) -> Result<Theme, Error> {
        Theme::load_over(DEFAULT_THEME, root)
    }

    /// The theme `builtin` (path under `theme/` → contents) with the overrides found in
    /// `root/theme`.
    pub fn load_over(builtin: &[(&str, &'static str)], root: &Path) -> Result<Theme, Error> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        let mut overridden = BTreeSet::new();
        let site_files = site_theme_files(&root.join(THEME_DIR))?;
        let words = words_files(builtin, &site_files)?;
        for (path, text) in builtin.iter().filter(|(path, _)| !is_words(path)) {
            match path.strip_prefix(TEMPLATES) {
                Some(name) => {
                    templates.insert(name.to_string(), (*text).to_string());
                }
                None => {
                    assets.insert((*path).to_string(), Asset::Embedded(text));
                }
            }
        }
        for (rel, path) in site_files.into_iter().filter(|(rel, _)| !is_words(rel)) {
            match rel.strip_prefix(TEMPLATES) {
                Some(name) => {
                    templates.insert(name.to_string(), read_to_string(&path)?);
                    overridden.insert(name.to_string());
                }
                None => {
                    assets.insert(rel, Asset::File(path));
                }
            }
        }
        refuse_loops(&templates)?;
        let sources: Vec<(String, String)> = templates
            .iter()
            .map(|(name, text)| (name.clone(), text.clone()))
            .collect();
        // Minifying keeps every template tag as it is, in order (or gives up), so templates
        // that parse minified parse as written too. Otherwise they are parsed as written now,
        // so that an error points at what the author wrote.
        let minified = sources
            .iter()
            .map(|(name, text)| Some((name.clone(), minify::template(text)?)))
            .collect::<Option<Vec<_>>>()
            .and_then(|minified| parse(minified).ok());
        let written = OnceLock::new();
        if minified.is_none() {
            let tera = parse(sources.iter().cloned()).map_err(|e| {
                Error::Content(vec![template_error::parse_failure(
                    &sources,
                    &overridden,
                    &e,
                )])
            })?;
            let _ = written.set(Ok(tera));
        }
        let fingerprint = xxhash_rust::xxh3::xxh3_128(
            templates
                .iter()
                .flat_map(|(name, text)| [name.as_bytes(), b"\0", text.as_bytes(), b"\0"])
                .collect::<Vec<_>>()
                .concat()
                .as_slice(),
        );
        Ok(Theme {
            written,
            sources,
            minified,
            templates: templates.into_keys().collect(),
            overridden,
            assets,
            words,
            fingerprint,
        })
    }
}

/// Whether the theme file at `rel` is a words file (`words/fr.toml`), read rather than published.
fn is_words(rel: &str) -> bool {
    rel.starts_with(WORDS_DIR) && rel.ends_with(".toml")
}

/// The words files of `builtin` and of the site's theme files, read and checked: every error
/// of every file.
fn words_files(
    builtin: &[(&str, &'static str)],
    site_files: &[(String, PathBuf)],
) -> Result<Vec<WordsFile>, Error> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut add = |rel: &str, text: &str, shown: &Path, from_site: bool| match WordsFile::parse(
        rel, text, shown, from_site,
    ) {
        Ok(file) => files.push(file),
        Err(found) => errors.extend(found),
    };
    for (rel, text) in builtin.iter().filter(|(rel, _)| is_words(rel)) {
        add(
            rel,
            text,
            Path::new(&format!("built-in theme/{rel}")),
            false,
        );
    }
    for (rel, path) in site_files.iter().filter(|(rel, _)| is_words(rel)) {
        add(
            rel,
            &read_to_string(path)?,
            &Path::new(THEME_DIR).join(rel),
            true,
        );
    }
    match errors.is_empty() {
        true => Ok(files),
        false => Err(Error::Content(errors)),
    }
}

/// The files of a site's `theme/` folder (none if it has none), by `/`-separated path within
/// it, in name order, without hidden files and editors' leftovers.
fn site_theme_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            files.push((rel, entry.into_path()));
        }
    }
    Ok(files)
}

/// The templates `text` names in `{% include %}`, `{% extends %}` and `{% import %}` tags.
pub fn references(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        if let Some(args) = tag
            .strip_prefix("include")
            .or_else(|| tag.strip_prefix("extends"))
            .or_else(|| tag.strip_prefix("import"))
        {
            // `"a.html"`, or a list `["a.html", "b.html"]`: every quoted name (not an
            // import's `as name`).
            let args = args.split("ignore missing").next().unwrap_or("");
            let args = args.split(" as ").next().unwrap_or("");
            names.extend(args.split('"').skip(1).step_by(2));
        }
        rest = &rest[end..];
    }
    names
}

/// Refuses templates that include, extend or import each other in a loop (a template that
/// includes itself among them), which Tera would follow until the stack overflows. Walked with an explicit
/// stack.
fn refuse_loops(templates: &BTreeMap<String, String>) -> Result<(), Error> {
    let edges: BTreeMap<&str, Vec<&str>> = templates
        .iter()
        .map(|(name, text)| (name.as_str(), references(text)))
        .collect();
    // 1: on the current path, 2: done; absent: not seen yet.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for &start in edges.keys() {
        if state.contains_key(start) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&target) = edges.get(node).and_then(|e| e.get(*next)) else {
                state.insert(node, 2);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(target) {
                Some(1) => {
                    let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    names.push(target);
                    let shown: Vec<String> = names
                        .iter()
                        .map(|n| format!("{THEME_DIR}/{TEMPLATES}{n}"))
                        .collect();
                    return Err(Error::Template(format!(
                        "templates include, extend or import each other in a loop: {}",
                        shown.join(" → ")
                    )));
                }
                None if edges.contains_key(target) => {
                    state.insert(target, 1);
                    path.push((target, 0));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn parse(templates: impl IntoIterator<Item = (String, String)>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(templates)?;
    macro_depth::install(&mut tera);
    tera.register_filter("fill", words::fill_filter);
    Ok(tera)
}

impl Theme {
    /// The words for `language`.
    pub fn words(&self, language: &str) -> Words {
        words::for_language(&self.words, language)
    }

    /// The templates parsed as written.
    pub fn written(&self) -> Result<&Tera, Error> {
        self.written
            .get_or_init(|| {
                parse(self.sources.iter().cloned())
                    .map_err(|e| template_error::parse_failure(&self.sources, &self.overridden, &e))
            })
            .as_ref()
            .map_err(|failure| Error::Content(vec![failure.clone()]))
    }

    /// The templates to render with, for minified output or not, in `words`.
    pub fn engine<'a>(&'a self, minify: bool, words: &'a Words) -> Result<Engine<'a>, Error> {
        Ok(match (&self.minified, minify) {
            (Some(minified), true) => Engine::new(self, minified, false, words),
            (None, true) => Engine::new(self, self.written()?, true, words),
            (_, false) => Engine::new(self, self.written()?, false, words),
        })
    }
}

/// The templates one build renders with, and the partials it has rendered.
#[derive(Debug)]
pub struct Engine<'a> {
    /// The theme, to point at a failing template's line.
    theme: &'a Theme,
    /// The templates.
    pub tera: &'a Tera,
    /// Whether each page must be minified after rendering (the templates were not).
    pub minify_pages: bool,
    /// The words pages are written in.
    pub words: &'a Words,
    /// Rendered partials by a hash of their template and view: a table shown on many pages is
    /// rendered once.
    partials: Mutex<HashMap<u128, Arc<dyn std::any::Any + Send + Sync>>>,
}

impl<'a> Engine<'a> {
    /// An engine of `theme` rendering with `tera`; `minify_pages` when each page must be minified
    /// after rendering (the templates were not).
    pub fn new(
        theme: &'a Theme,
        tera: &'a Tera,
        minify_pages: bool,
        words: &'a Words,
    ) -> Engine<'a> {
        Engine {
            theme,
            tera,
            minify_pages,
            words,
            partials: Mutex::default(),
        }
    }

    /// Renders the partial `template` (a tree, a sidebar entry) with the view `make_view`
    /// makes as its variable `name`, and `words` if `with_words`. `key` must tell views apart
    /// within the build (the view itself will do); a partial whose key was seen before is not
    /// made or rendered again. Partials rendered by the thousand (the sidebar's entries) go
    /// without the words, which would be copied into each one's variables.
    pub fn render_partial<V: serde::Serialize>(
        &self,
        template: &str,
        name: &str,
        key: &impl Hash,
        make_view: impl FnOnce() -> V,
        with_words: bool,
        what: &str,
    ) -> Result<Arc<str>, Error> {
        self.partial(&(template, name, key, with_words), || {
            let html = self.render_view(template, name, &make_view(), with_words, what)?;
            Ok(Arc::<str>::from(html))
        })
    }

    /// The partial `make` makes, made once per `key` (and type) in a build.
    pub fn partial<T: Clone + Send + Sync + 'static>(
        &self,
        key: &impl Hash,
        make: impl FnOnce() -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut hasher = Fingerprint::default();
        (std::any::TypeId::of::<T>(), key).hash(&mut hasher);
        let key = hasher.digest128();
        let kept = self.partials.lock().ok().and_then(|p| p.get(&key).cloned());
        if let Some(made) = kept.and_then(|made| made.downcast_ref::<T>().cloned()) {
            return Ok(made);
        }
        let made = make()?;
        if let Ok(mut partials) = self.partials.lock() {
            partials.insert(key, Arc::new(made.clone()));
        }
        Ok(made)
    }

    /// Renders `template` with `view` as its variable `name`, and `words` if `with_words`.
    pub fn render_view(
        &self,
        template: &str,
        name: &str,
        view: &impl serde::Serialize,
        with_words: bool,
        what: &str,
    ) -> Result<String, Error> {
        let mut context = tera::Context::new();
        context.insert(name, view);
        if with_words {
            context.insert("words", self.words);
        }
        self.tera.render(template, &context).map_err(|e| {
            let failure = template_error::render_failure(self.theme, template, &e, &context, what);
            Error::Content(vec![failure])
        })
    }
}

/// Escapes text for HTML text and quoted attributes. Tera's default also escapes `/`, which
/// is needless in both places and makes every URL longer.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`], appending to `out`.
pub fn escape_html_into(out: &mut String, text: &str) {
    static HTML: Escapes = Escapes::new(&[
        (b'&', "&amp;"),
        (b'<', "&lt;"),
        (b'>', "&gt;"),
        (b'"', "&quot;"),
        (b'\'', "&#39;"),
    ]);
    crate::render::escape::escape_into(out, text, &HTML);
}

/// Tera's error with its causes, which hold the template name and line.
pub fn template_error(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str("\n  caused by: ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
