//! Stage 3, *render*: from the checked [`Site`] to the in-memory [`Output`].
//!
//! Pages are rendered in parallel with templates parsed once; each page's HTML is minified right
//! after it is rendered, while it is still hot in cache. Nothing here touches the disk except to
//! note which static files to copy.

pub mod decision;
pub mod facts_json;
pub mod facts_pages;
pub mod sitemap;
pub mod tables;
pub mod theme;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::diag::Diagnostic;
use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::minify;
use crate::model::Site;
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
/// An entry is reused when the hash of everything its template could read — the typed view,
/// the template's name, every template of the theme and the minify flag — is unchanged. A
/// template sees nothing but its view, so a page whose view hash is unchanged renders to the
/// same bytes: reuse can never serve a stale page, and a change re-renders exactly the pages
/// whose navigation, backlinks, tags, tables or outcomes it touches.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, Rendered>>,
}

/// A rendered output and the hash of the inputs it was rendered from.
type Rendered = (u128, Arc<[u8]>);

impl RenderCache {
    /// How many outputs the cache holds.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
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
    let site_view = SiteView::new(&site.config);
    let views = Views::new(site, &site_view);
    let html = |path: &str,
                template: &str,
                view: &dyn ErasedView,
                what: &str|
     -> Result<Arc<[u8]>, Error> {
        let mut hasher = Xxh3::new();
        (template, theme.fingerprint, options.minify).hash(&mut hasher);
        view.hash_into(&mut hasher);
        let key = hasher.digest128();
        if let Some((k, bytes)) = cache.entries.lock().ok().and_then(|e| e.get(path).cloned())
            && k == key
        {
            return Ok(bytes);
        }
        let context = view.context()?;
        let text = theme.tera.render(template, &context).map_err(|e| {
            Error::Template(format!(
                "while rendering {what} with `{template}`: {}",
                theme::template_error(&e)
            ))
        })?;
        let bytes: Arc<[u8]> = if options.minify {
            minify::html(&text).into()
        } else {
            text.into_bytes().into()
        };
        if let Ok(mut entries) = cache.entries.lock() {
            entries.insert(path.to_string(), (key, bytes.clone()));
        }
        Ok(bytes)
    };

    let mut files: Vec<(String, OutputFile, String)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let template = match &page.template {
                Some(t) => t.get_ref().as_str(),
                None if page.is_section_index => "section.html",
                None => "page.html",
            };
            let what = crate::diag::display_path(&page.display_path);
            let mut view = views.page(id);
            view.page.content = facts_pages::fill_tables(site, theme, id)?;
            view.subject = facts_pages::subject_view(site, theme, id)?;
            view.stated = facts_pages::stated_view(site, id);
            view.decision = decision::render_decision(site, theme, id)?;
            let path = url::output_path(&page.url);
            let bytes = html(&path, template, &view, &what)?;
            Ok((path, OutputFile::Bytes(bytes), what))
        })
        .collect::<Result<_, Error>>()?;

    if !site.tags.is_empty() {
        let tag_pages: Vec<_> = site
            .tags
            .par_iter()
            .map(|tag| {
                let url = format!("{TAGS_URL}{}/", tag.slug);
                let view = TagView {
                    frame: views.frame(&url, &tag.name, None, 0, None),
                    name: &tag.name,
                    pages: tag.pages.iter().map(|&p| views.entry(&url, p)).collect(),
                };
                let what = format!("the page of tag `{}`", tag.name);
                let path = url::output_path(&url);
                let bytes = html(&path, "tag.html", &view, &what)?;
                Ok((path, OutputFile::Bytes(bytes), what))
            })
            .collect::<Result<_, Error>>()?;
        files.extend(tag_pages);
        let view = TagsView {
            frame: views.frame(TAGS_URL, "Tags", None, 0, None),
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
        let bytes = html(&path, "tags.html", &view, "the tags index")?;
        files.push((path, OutputFile::Bytes(bytes), "the tags index".into()));
    }

    let pairs = facts_pages::pairs(site);
    let pair_pages: Vec<_> = pairs
        .par_iter()
        .map(|pair| {
            let table =
                facts_pages::full_table(site, pair.subjects.to_vec(), Some(pair.title.clone()));
            let view = ComparisonView {
                frame: views.frame(&pair.url, &pair.title, None, 0, None),
                table: facts_pages::render_table(
                    site,
                    theme,
                    &table,
                    &pair.url,
                    "compare-1".into(),
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
            let what = format!("the comparison {}", pair.title);
            let path = url::output_path(&pair.url);
            let bytes = html(&path, "comparison.html", &view, &what)?;
            Ok((path, OutputFile::Bytes(bytes), what))
        })
        .collect::<Result<_, Error>>()?;
    files.extend(pair_pages);
    if !pairs.is_empty() {
        let view = ComparisonsView {
            frame: views.frame(COMPARE_URL, "Comparisons", None, 0, None),
            pairs: pairs
                .iter()
                .map(|p| NamedLink {
                    title: p.title.clone(),
                    href: url::relative_href(COMPARE_URL, &p.url),
                })
                .collect(),
        };
        let path = url::output_path(COMPARE_URL);
        let bytes = html(&path, "comparisons.html", &view, "the list of comparisons")?;
        files.push((
            path,
            OutputFile::Bytes(bytes),
            "the list of comparisons".into(),
        ));
    }
    if !site.facts.subjects.is_empty() {
        files.push((
            facts_json::FACTS_JSON.into(),
            OutputFile::Bytes(facts_json::render(site).into()),
            "facts.json".into(),
        ));
    }

    let not_found = NotFoundView {
        frame: views.frame("", "Page not found", None, 0, None),
        base_path: site.config.base_path(),
    };
    let bytes = html("404.html", "404.html", &not_found, "the 404 page")?;
    files.push((
        "404.html".into(),
        OutputFile::Bytes(bytes),
        "the 404 page".into(),
    ));
    files.push((
        "sitemap.xml".into(),
        OutputFile::Bytes(sitemap::render(site).into_bytes().into()),
        "the sitemap".into(),
    ));
    for (path, asset) in &theme.assets {
        let file = match asset {
            theme::Asset::Embedded(text) => OutputFile::Bytes(text.as_bytes().into()),
            theme::Asset::File(from) => OutputFile::Copy(from.clone()),
        };
        files.push((path.clone(), file, format!("theme/{path}")));
    }
    for file in &site.statics {
        files.push((
            file.rel_path.clone(),
            OutputFile::Copy(file.abs_path.clone()),
            format!("content/{}", file.rel_path),
        ));
    }
    into_output(files)
}

/// Collects the files, refusing two that would be written to the same path.
fn into_output(files: Vec<(String, OutputFile, String)>) -> Result<Output, Error> {
    let mut origins: BTreeMap<String, String> = BTreeMap::new();
    let mut output = Output::default();
    let mut errors = Vec::new();
    for (path, file, origin) in files {
        if let Some(first) = origins.get(&path) {
            errors.push(
                Diagnostic::site_error(format!(
                    "two files would be written to `{path}`: {first} and {origin}"
                ))
                .with_help("rename or move one of them"),
            );
            continue;
        }
        origins.insert(path.clone(), origin);
        output.files.insert(path, file);
    }
    if errors.is_empty() {
        Ok(output)
    } else {
        Err(Error::Content(errors))
    }
}

/// A view that can become a Tera context and be hashed (lets one closure render and memoize
/// every kind of view).
trait ErasedView: Sync {
    fn context(&self) -> Result<tera::Context, Error>;
    fn hash_into(&self, hasher: &mut Xxh3);
}

impl<T: Serialize + Hash + Sync> ErasedView for T {
    fn context(&self) -> Result<tera::Context, Error> {
        tera::Context::from_serialize(self).map_err(|e| Error::Template(theme::template_error(&e)))
    }

    fn hash_into(&self, hasher: &mut Xxh3) {
        self.hash(hasher);
    }
}
