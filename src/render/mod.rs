//! Stage 3, *render*: from the checked [`Site`] to the in-memory [`Output`].
//!
//! Pages are rendered in parallel with templates parsed once; each page's HTML is minified right
//! after it is rendered, while it is still hot in cache. Nothing here touches the disk except to
//! note which static files to copy.

pub mod decision;
pub mod escape;
pub mod fact_keys;
pub mod facts_json;
pub mod facts_pages;
mod markup;
pub mod page_html;
pub mod sidebar;
pub mod sitemap;
pub mod table_html;
pub mod tables;
pub mod theme;
pub mod view;

use std::collections::BTreeSet;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};

use crate::fingerprint::Fingerprint;
use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::emit::{self, Output, OutputFile};
use crate::error::Error;
use crate::minify;
use crate::model::{PageId, Site};
use crate::url;

use facts_pages::{COMPARE_URL, NamedLink};
pub use theme::Theme;
use view::{
    ComparisonView, ComparisonsView, NotFoundView, SiteView, TAGS_URL, TagEntry, TagView, TagsView,
    Views,
};

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Minify HTML.
    pub minify: bool,
}

/// Rendered pages kept between builds of one session (the dev server), keyed by output path.
///
/// Two keys decide whether an entry is reused:
///
/// - the *view key*, a hash of everything the template could read — the typed view, the
///   template's name, every template of the theme and the minify flag. A template sees nothing
///   but its view, so equal view keys mean equal bytes.
/// - for pages, a cheaper *input key* (see [`page_input_key`]): a hash of what the view is
///   made from. When it is unchanged the view is not even built, which is what keeps a body
///   edit on a large site fast.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Read far more often than written (every page is looked up, few are rendered), from
    /// many threads at once.
    entries: RwLock<rustc_hash::FxHashMap<String, Rendered>>,
    /// Time spent minifying, summed over threads (nanoseconds).
    minify_nanos: AtomicU64,
    /// Outputs rendered through a template (not reused).
    rendered: AtomicUsize,
    /// facts.json's pieces, one per page that states facts.
    facts_json: facts_json::KeptPieces,
    /// Sidebars, which stay the same while the navigation does.
    sidebars: sidebar::SidebarStore,
    /// Keep no rendered output: a one-off build has no later build to reuse it.
    forget: bool,
}

/// A rendered output and the keys it was rendered under.
#[derive(Debug, Clone)]
struct Rendered {
    input: Option<u128>,
    view: u128,
    bytes: Bytes,
}

impl RenderCache {
    /// A cache for one build, which keeps no rendered output (only the counts and times).
    pub fn one_off() -> RenderCache {
        RenderCache {
            forget: true,
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

    fn get(&self, path: &str) -> Option<Rendered> {
        self.entries.read().ok().and_then(|e| e.get(path).cloned())
    }

    /// The bytes kept for `path` if they were made from inputs hashing to `input`.
    fn reuse(&self, path: &str, input: u128) -> Option<Bytes> {
        self.get(path)
            .filter(|e| e.input == Some(input))
            .map(|e| e.bytes)
    }

    fn put(&self, path: &str, entry: Rendered) {
        if self.forget {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(path.to_string(), entry);
        }
    }
}

/// What a page's view is made from, hashed: the site-wide navigation fingerprint (see
/// [`Site::navigation`]), the page's own file, the pages that link to it, and — for pages that
/// show facts — the facts' fingerprint. Everything in a page's view derives from these.
///
/// Pages are named by id, not path: the navigation fingerprint ties ids to paths, and reading
/// ten thousand pages' and their backlinks' paths from all over memory cost more than the rest
/// of a fact edit's check of which pages changed.
fn page_input_key(
    site: &Site,
    id: PageId,
    nav: u128,
    template: &str,
    theme: &Theme,
    minify: bool,
    facts: &fact_keys::FactKeys,
) -> u128 {
    let page = &site.pages[id];
    let mut hasher = Fingerprint::default();
    (nav, template, theme.fingerprint, minify).hash(&mut hasher);
    (id, page.fingerprint, &page.backlinks).hash(&mut hasher);
    facts.page(site, id).hash(&mut hasher);
    hasher.digest128()
}

/// Renders every page, tag index, the 404 page, the sitemap and the theme's assets.
pub fn render(site: &Site, theme: &Theme, options: RenderOptions) -> Result<Output, Error> {
    render_cached(site, theme, options, &RenderCache::default())
}

/// [`render`], reusing the outputs of `cache` whose inputs are unchanged and updating it.
pub fn render_cached(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    cache: &RenderCache,
) -> Result<Output, Error> {
    let files = render_sorted(site, theme, options, cache, Scope::All, |_, file| Ok(file))?;
    Ok(Output {
        files: files.into_iter().collect(),
    })
}

/// Renders the site into `writer` file by file, keeping none of it in memory (with a
/// [`RenderCache::one_off`] cache); returns the paths of the site's files.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    writer: &emit::Writer,
    cache: &RenderCache,
) -> Result<BTreeSet<String>, Error> {
    let files = render_sorted(site, theme, options, cache, Scope::All, |path, file| {
        writer.put(path, &file)
    })?;
    Ok(files.into_iter().map(|(path, ())| path).collect())
}

/// Renders again only the pages `ids`, whose bodies changed in ways no other page can see
/// (see `Session`), with everything else as `cache` has it; returns their files, by path.
pub fn render_bodies(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    cache: &RenderCache,
    ids: &[PageId],
) -> Result<Vec<(String, OutputFile)>, Error> {
    render_sorted(
        site,
        theme,
        options,
        cache,
        Scope::Bodies(ids),
        |_, file| Ok(file),
    )
}

/// Renders `scope`, handing each file to `keep` as soon as it is made, and returns what `keep`
/// made of each, sorted by path; two files for one path are refused.
fn render_sorted<T: Send>(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    cache: &RenderCache,
    scope: Scope<'_>,
    keep: impl Fn(&str, OutputFile) -> Result<T, Error> + Sync,
) -> Result<Vec<(String, T)>, Error> {
    let files = Mutex::new(Vec::new());
    render_each(site, theme, options, cache, scope, &|path, file, origin| {
        let kept = keep(&path, file)?;
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, origin, kept));
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
    // Sorted once, two files for one path are neighbours.
    files.par_sort_by(|a, b| a.0.cmp(&b.0));
    refuse_duplicates(files.iter().map(|(path, origin, _)| (path, origin)))?;
    Ok(files
        .into_iter()
        .map(|(path, _, kept)| (path, kept))
        .collect())
}

/// What to render.
#[derive(Clone, Copy)]
enum Scope<'s> {
    /// The whole site.
    All,
    /// These pages only: their bodies changed, and nothing else did.
    Bodies(&'s [PageId]),
}

/// Renders every output file and hands each to `emit` as soon as it is made, from many
/// threads.
fn render_each<'a>(
    site: &'a Site,
    theme: &Theme,
    options: RenderOptions,
    cache: &RenderCache,
    scope: Scope<'_>,
    emit: &(dyn Fn(String, OutputFile, Origin<'a>) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    // What pages' views are made of, to tell which can be reused; a render of a few pages'
    // bodies knows that nothing else changed and skips it.
    let inputs = match scope {
        Scope::All => {
            // The dev server keeps the model through some edits; the tests run with debug
            // assertions and check that those edits leave the navigation as it was.
            debug_assert!(
                site.navigation_is_current(),
                "an edit that keeps the model changed the navigation"
            );
            Some((site.navigation, fact_keys::FactKeys::new(site)))
        }
        Scope::Bodies(_) => None,
    };
    let site_view = SiteView::new(&site.config);
    let engine = theme.engine(options.minify)?;
    let generation = match &inputs {
        Some((nav, _)) => xxhash_rust::xxh3::xxh3_128(
            &[*nav, theme.fingerprint, u128::from(options.minify)]
                .map(u128::to_le_bytes)
                .concat(),
        ),
        None => cache.sidebars.generation(),
    };
    let sidebars = sidebar::Sidebars::new(site, &engine, &cache.sidebars, generation);
    let views = Views::new(site, &site_view, &sidebars);
    let html = |path: &str,
                template: &str,
                view: &dyn ErasedView,
                what: &str,
                input: Option<u128>,
                native: Option<&dyn Fn() -> String>|
     -> Result<Bytes, Error> {
        // A one-off build keeps nothing, so it need not hash whole views to find them again.
        let key = (!cache.forget).then(|| {
            let mut hasher = Fingerprint::default();
            (template, theme.fingerprint, options.minify).hash(&mut hasher);
            view.hash_into(&mut hasher);
            hasher.digest128()
        });
        if let Some(key) = key
            && let Some(entry) = cache.get(path)
            && entry.view == key
        {
            cache.put(
                path,
                Rendered {
                    input,
                    ..entry.clone()
                },
            );
            return Ok(entry.bytes);
        }
        let text = match native {
            Some(write) => write(),
            None => engine
                .tera
                .render(template, &view.context()?)
                .map_err(|e| {
                    Error::Template(format!(
                        "while rendering {what} with `{template}`: {}",
                        theme::template_error(&e)
                    ))
                })?,
        };
        cache.rendered.fetch_add(1, Ordering::Relaxed);
        let bytes: Bytes = if engine.minify_pages {
            let started = std::time::Instant::now();
            let bytes = minify::html(&text).into();
            cache
                .minify_nanos
                .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            bytes
        } else {
            Bytes::from(text)
        };
        if let Some(view) = key {
            cache.put(
                path,
                Rendered {
                    input,
                    view,
                    bytes: bytes.clone(),
                },
            );
        }
        Ok(bytes)
    };
    let render_page = |id: PageId| {
        let page = &site.pages[id];
        let template = match &page.template {
            Some(t) => t.get_ref().as_str(),
            None if page.is_section_index => "section.html",
            None => "page.html",
        };
        let path = url::output_path(&page.url);
        let origin = Origin::Page(&page.display_path);
        let input = inputs.as_ref().map(|(nav, fact_keys)| {
            page_input_key(site, id, *nav, template, theme, options.minify, fact_keys)
        });
        if let Some(bytes) = input.and_then(|input| cache.reuse(&path, input)) {
            return emit(path, OutputFile::Bytes(bytes), origin);
        }
        let what = crate::diag::display_path(&page.display_path);
        let mut view = views.page(id)?;
        view.page.content = facts_pages::fill_tables(site, &engine, id)?;
        view.subject = facts_pages::subject_view(site, &engine, id)?;
        view.stated = facts_pages::stated_view(site, id);
        view.decision = decision::render_decision(site, &engine, id)?;
        let write_page = || page_html::write(&view);
        let write_section = || page_html::write_section(&view);
        let native: Option<&dyn Fn() -> String> = match template {
            "page.html" if engine.native.pages => Some(&write_page),
            "section.html" if engine.native.sections => Some(&write_section),
            _ => None,
        };
        let bytes = html(&path, template, &view, &what, input, native)?;
        emit(path, OutputFile::Bytes(bytes), origin)
    };
    if let Scope::Bodies(ids) = scope {
        // Nothing else shows a page's body.
        return ids.par_iter().try_for_each(|&id| render_page(id));
    }
    // Made above for a whole render.
    let Some((nav, fact_keys)) = &inputs else {
        return Ok(());
    };
    let nav = *nav;
    // facts.json, one long job, is made while the pages are.
    let facts_json = || -> Result<(), Error> {
        if !site.facts.subjects.is_empty() {
            // facts.json holds the facts, and the titles and URLs of their pages.
            let input = xxhash_rust::xxh3::xxh3_128(
                &[nav.to_le_bytes(), site.facts.fingerprint.to_le_bytes()].concat(),
            );
            let bytes = match cache.reuse(facts_json::FACTS_JSON, input) {
                Some(bytes) => bytes,
                None => {
                    let kept = (!cache.forget).then_some(&cache.facts_json);
                    let bytes: Bytes = facts_json::render(site, kept).into();
                    cache.put(
                        facts_json::FACTS_JSON,
                        Rendered {
                            input: Some(input),
                            view: 0,
                            bytes: bytes.clone(),
                        },
                    );
                    bytes
                }
            };
            emit(
                facts_json::FACTS_JSON.into(),
                OutputFile::Bytes(bytes),
                Origin::Other("facts.json".into()),
            )?;
        }
        Ok(())
    };
    let tag_pages = || -> Result<(), Error> {
        if !site.tags.is_empty() {
            site.tags.par_iter().try_for_each(|tag| {
                let url = format!("{TAGS_URL}{}/", tag.slug);
                let path = url::output_path(&url);
                // A tag page shows the navigation and its pages' titles and descriptions.
                let mut hasher = Fingerprint::default();
                (
                    nav,
                    "tag.html",
                    theme.fingerprint,
                    options.minify,
                    &tag.name,
                )
                    .hash(&mut hasher);
                // By id, as pages' keys name pages (the navigation ties ids to paths).
                tag.pages.hash(&mut hasher);
                let input = hasher.digest128();
                let what = format!("the page of tag `{}`", tag.name);
                if let Some(bytes) = cache.reuse(&path, input) {
                    return emit(path, OutputFile::Bytes(bytes), Origin::Other(what));
                }
                let view = TagView {
                    frame: views.frame(&url, &tag.name, None, 0, None)?,
                    name: &tag.name,
                    pages: tag.pages.iter().map(|&p| views.entry(&url, p)).collect(),
                };
                let write = || page_html::write_tag(&view);
                let native = engine.native.tags.then_some(&write as &dyn Fn() -> String);
                let bytes = html(&path, "tag.html", &view, &what, Some(input), native)?;
                emit(path, OutputFile::Bytes(bytes), Origin::Other(what))
            })?;
            let view = TagsView {
                frame: views.frame(TAGS_URL, "Tags", None, 0, None)?,
                tags: site
                    .tags
                    .iter()
                    .map(|t| TagEntry {
                        name: &t.name,
                        href: url::relative_href(TAGS_URL, &format!("{TAGS_URL}{}/", t.slug)),
                        count: t.pages.len(),
                    })
                    .collect(),
            };
            let path = url::output_path(TAGS_URL);
            let bytes = html(&path, "tags.html", &view, "the tags index", None, None)?;
            emit(
                path,
                OutputFile::Bytes(bytes),
                Origin::Other("the tags index".into()),
            )?;
        }
        Ok(())
    };
    let pairs = facts_pages::pairs(site);
    let pair_pages = || -> Result<(), Error> {
        pairs.par_iter().try_for_each(|pair| {
            let path = url::output_path(&pair.url);
            // A comparison shows the navigation and the facts of its two subjects.
            let mut hasher = Fingerprint::default();
            (
                nav,
                "comparison.html",
                theme.fingerprint,
                options.minify,
                &pair.url,
            )
                .hash(&mut hasher);
            fact_keys.subjects(&pair.subjects).hash(&mut hasher);
            let input = hasher.digest128();
            let what = format!("the comparison {}", pair.title);
            if let Some(bytes) = cache.reuse(&path, input) {
                return emit(path, OutputFile::Bytes(bytes), Origin::Other(what));
            }
            let table =
                facts_pages::full_table(site, pair.subjects.to_vec(), Some(pair.title.clone()));
            let view = ComparisonView {
                frame: views.frame(&pair.url, &pair.title, None, 0, None)?,
                table: facts_pages::render_table(
                    site,
                    &engine,
                    &table,
                    &pair.url,
                    "compare-1".into(),
                    tables::Citations::Some,
                )?,
                subjects: pair
                    .subjects
                    .iter()
                    .map(|&s| {
                        let page = &site.pages[site.facts.subjects[s].page];
                        NamedLink {
                            title: site.facts.subjects[s].name.clone(),
                            href: url::relative_href(&pair.url, &page.url),
                        }
                    })
                    .collect(),
            };
            let write = || page_html::write_comparison(&view);
            let native = engine
                .native
                .comparisons
                .then_some(&write as &dyn Fn() -> String);
            let bytes = html(&path, "comparison.html", &view, &what, Some(input), native)?;
            emit(path, OutputFile::Bytes(bytes), Origin::Other(what))
        })
    };
    let sitemap = || {
        emit(
            "sitemap.xml".into(),
            OutputFile::Bytes(sitemap::render(site).into()),
            Origin::Other("the sitemap".into()),
        )
    };
    // The big jobs run side by side: facts.json and the sitemap (one long job each), the
    // pages, the tag pages and the comparisons.
    let ((facts, sitemap), (pages, (tags, pairs_done))) = rayon::join(
        || rayon::join(facts_json, sitemap),
        || {
            rayon::join(
                || {
                    (0..site.pages.len())
                        .into_par_iter()
                        .try_for_each(render_page)
                },
                || rayon::join(tag_pages, pair_pages),
            )
        },
    );
    pages?;
    facts?;
    sitemap?;
    tags?;
    pairs_done?;

    if !pairs.is_empty() {
        let view = ComparisonsView {
            frame: views.frame(COMPARE_URL, "Comparisons", None, 0, None)?,
            pairs: pairs
                .iter()
                .map(|p| NamedLink {
                    title: p.title.clone(),
                    href: url::relative_href(COMPARE_URL, &p.url),
                })
                .collect(),
        };
        let path = url::output_path(COMPARE_URL);
        let bytes = html(
            &path,
            "comparisons.html",
            &view,
            "the list of comparisons",
            None,
            None,
        )?;
        emit(
            path,
            OutputFile::Bytes(bytes),
            Origin::Other("the list of comparisons".into()),
        )?;
    }
    let not_found = NotFoundView {
        frame: views.frame("", "Page not found", None, 0, None)?,
        base_path: site.config.base_path(),
    };
    let bytes = html(
        "404.html",
        "404.html",
        &not_found,
        "the 404 page",
        None,
        None,
    )?;
    emit(
        "404.html".into(),
        OutputFile::Bytes(bytes),
        Origin::Other("the 404 page".into()),
    )?;
    for (path, asset) in &theme.assets {
        let file = match asset {
            theme::Asset::Embedded(text) => OutputFile::Bytes(Bytes::from_static(text.as_bytes())),
            theme::Asset::File(from) => OutputFile::Copy(from.clone()),
        };
        emit(path.clone(), file, Origin::Other(format!("theme/{path}")))?;
    }
    for file in &site.statics {
        emit(
            file.rel_path.clone(),
            OutputFile::Copy(file.abs_path.clone()),
            Origin::Other(format!("content/{}", file.rel_path)),
        )?;
    }
    Ok(())
}

/// Refuses two files for one path; `files` are sorted by path.
fn refuse_duplicates<'a, 'o: 'a>(
    files: impl Iterator<Item = (&'a String, &'a Origin<'o>)>,
) -> Result<(), Error> {
    let mut errors = Vec::new();
    let mut previous: Option<(&String, &Origin<'_>)> = None;
    for (path, origin) in files {
        if let Some((before, first)) = previous
            && before == path
        {
            errors.push(
                Diagnostic::site_error(format!(
                    "two files would be written to `{path}`: {first} and {origin}"
                ))
                .with_help("rename or move one of them"),
            );
        }
        previous = Some((path, origin));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(errors))
    }
}

/// Where an output file comes from, named only when two would be written to one path.
enum Origin<'a> {
    /// A page, by its file.
    Page(&'a std::path::Path),
    /// Anything else, described.
    Other(String),
}

impl std::fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Page(path) => f.write_str(&crate::diag::display_path(path)),
            Origin::Other(text) => f.write_str(text),
        }
    }
}

/// A view that can become a Tera context and be hashed (lets one closure render and memoize
/// every kind of view).
trait ErasedView: Sync {
    fn context(&self) -> Result<tera::Context, Error>;
    fn hash_into(&self, hasher: &mut Fingerprint);
}

impl<T: Serialize + Hash + Sync> ErasedView for T {
    fn context(&self) -> Result<tera::Context, Error> {
        tera::Context::from_serialize(self).map_err(|e| Error::Template(theme::template_error(&e)))
    }

    fn hash_into(&self, hasher: &mut Fingerprint) {
        self.hash(hasher);
    }
}
