//! Search: a Pagefind index of the rendered pages and of every criterion's comparison row,
//! made in memory and published under `pagefind/`.
//!
//! What is indexed is each page's `<main>` element as the theme rendered it (title and
//! headings weigh more, as Pagefind weighs them); the filters a reader can narrow results by
//! (kind of page, section, subject, tag) come from the model and are written into the page by
//! the theme (`frame.filters`). Each criterion is also a record of its own, one per pair of
//! subjects, linking to its row of the pair's comparison table and listing each subject's
//! value with its sources, so that searching a criterion's name finds the answer.
//!
//! Pagefind's indexer runs on one thread; pages are given to it in path order, so two builds
//! of one site give byte-identical index files.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use serde::Serialize;

use crate::emit::{Output, OutputFile};
use crate::error::Error;
use crate::model::{CriterionId, PageId, Site, SubjectId};
use crate::render::Sink;
use crate::render::facts_pages::{self, COMPARE_URL, Pair};
use crate::render::view::TAGS_URL;
use crate::url;
use crate::words::Words;

/// The folder of the index and of Pagefind's search script, in the output.
pub const BUNDLE_DIR: &str = "pagefind/";

/// Pagefind's name for how many word locations go into one index file, which it reads only
/// from the environment.
const CHUNK_SIZE_VARIABLE: &str = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE";

/// Index files a quarter of Pagefind's default size (20,000 locations): a query loads the file
/// holding each of its words, and on a small site one default file holds most of the index
/// (26 KB of the bundled site's 110 KB query). More files cost a longer list of them in
/// `pf_meta`, which every search loads: on 1,000 two-KB articles, 1.2 KB more (gzipped) for
/// index files of 7 KB instead of 22 KB.
const CHUNK_SIZE: &str = "5000";

/// Sets the index file size for every index this process makes, unless the user has set it.
///
/// # Safety
/// Changes the process's environment, so it must run before any other thread starts (no thread
/// may read the environment meanwhile): at the top of `main`.
pub unsafe fn configure_process() {
    if std::env::var_os(CHUNK_SIZE_VARIABLE).is_none() {
        // SAFETY: the caller guarantees that no other thread is running.
        unsafe { std::env::set_var(CHUNK_SIZE_VARIABLE, CHUNK_SIZE) };
    }
}

/// Markup inside `<main>` that is not text to find, all written by factbook itself: citation
/// numbers, the links beside headings, the comparison tables with their jump links and notes
/// (their facts are found as criterion records instead, once rather than on every page that
/// shows them) and the lists of sources. A theme leaves out more with `data-pagefind-ignore`.
const NOT_TEXT: [&str; 4] = [
    ".cites",
    ".heading-anchor",
    "figure.compare",
    ".page-sources",
];

/// One filter value of a page, for the theme to write (see the module's documentation).
#[derive(Debug, Clone, Serialize, Hash, PartialEq, Eq)]
pub struct Filter<'a> {
    /// `kind`, `section`, `subject` or `tag`.
    pub name: &'static str,
    /// Its value on this page.
    pub value: &'a str,
}

/// What a reader may filter `page` by, or nothing when the page is not indexed.
pub fn page_filters<'a>(site: &'a Site, words: &'a Words, page: PageId) -> Vec<Filter<'a>> {
    if !indexed(site, page) {
        return Vec::new();
    }
    let p = &site.pages[page];
    let subjects = &site.facts.subjects;
    let kind = if site.trees[page].is_some() {
        "decision"
    } else if subjects.iter().any(|s| s.page == page) {
        "subject"
    } else if p.cites.is_some() {
        "source"
    } else if p.is_section_index {
        "section"
    } else {
        "article"
    };
    let kind = words.get_in("search_index", kind);
    let mut filters = vec![Filter {
        name: "kind",
        value: kind,
    }];
    // The top-level section the page is in (the root's pages have none).
    if let Some(&top) = site.ancestors(p.section).get(1) {
        let title = &site.pages[site.sections[top].index].title;
        filters.push(Filter {
            name: "section",
            value: title,
        });
    }
    let stated: BTreeSet<SubjectId> = (site.facts_by_page[page].iter())
        .map(|&f| site.facts.facts[f].subject)
        .chain(subjects.iter().position(|s| s.page == page).map(SubjectId))
        .collect();
    filters.extend(stated.into_iter().map(|s| Filter {
        name: "subject",
        value: &subjects[s].name,
    }));
    filters.extend(p.tags.iter().map(|t| Filter {
        name: "tag",
        value: t,
    }));
    filters
}

/// The filters of a pair's comparison page (generated, so with no page of its own).
pub fn pair_filters<'a>(
    site: &'a Site,
    words: &'a Words,
    subjects: &[SubjectId],
) -> Vec<Filter<'a>> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    let mut filters = vec![Filter {
        name: "kind",
        value: words.get("search_index.comparison"),
    }];
    filters.extend(subjects.iter().map(|&s| Filter {
        name: "subject",
        value: &site.facts.subjects[s].name,
    }));
    filters
}

/// Whether `page` goes into the index: search is on and `[search] exclude` does not name the
/// page or a folder it is in.
fn indexed(site: &Site, page: PageId) -> bool {
    let search = &site.config.search;
    search.enabled && !search.excludes(&site.pages[page].rel_path)
}

/// The output paths of the pages that are not indexed: excluded, the 404 page, or every page
/// when search is off. The tag pages, the tags index and the list of comparisons are not
/// indexed either (see [`is_list_page`]).
fn left_out(site: &Site) -> BTreeSet<String> {
    let pages = PageId::all(site.pages.len()).filter(|&id| !indexed(site, id));
    let mut paths: BTreeSet<String> = pages
        .map(|id| url::output_path(&site.pages[id].url))
        .collect();
    paths.insert("404.html".to_string());
    paths
}

/// Whether the page at output path `path` is a generated list of links (the tag pages, the
/// tags index, the list of comparisons): results that would only lead to other results.
fn is_list_page(path: &str) -> bool {
    path.starts_with(TAGS_URL) || path == url::output_path(COMPARE_URL)
}

/// Whether the file at `path` is a page to index.
fn wanted_page(path: &str, left_out: &BTreeSet<String>) -> bool {
    path.ends_with(".html") && !left_out.contains(path) && !is_list_page(path)
}

/// A sink that passes every file on and keeps the HTML pages that are to be indexed, for
/// [`index`] once the render is done.
pub struct Collect<'s> {
    inner: &'s dyn Sink,
    left_out: BTreeSet<String>,
    pages: Mutex<Vec<(String, Bytes)>>,
}

impl<'s> Collect<'s> {
    /// Passes files on to `inner`, keeping the pages of `site` that are indexed.
    pub fn new(site: &Site, inner: &'s dyn Sink) -> Collect<'s> {
        Collect {
            inner,
            left_out: left_out(site),
            pages: Mutex::default(),
        }
    }

    /// The pages kept, by path.
    pub fn into_pages(self) -> Vec<(String, Bytes)> {
        let mut pages = self
            .pages
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        pages
    }
}

impl Sink for Collect<'_> {
    fn put(&self, path: &str, file: OutputFile) -> Result<(), Error> {
        if let OutputFile::Bytes(bytes) = &file
            && wanted_page(path, &self.left_out)
        {
            let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
            pages.push((path.to_string(), bytes.clone()));
        }
        self.inner.put(path, file)
    }
}

/// The HTML pages of a rendered `output` that are indexed, by path.
pub fn pages_of(site: &Site, output: &Output) -> Vec<(String, Bytes)> {
    let left_out = left_out(site);
    (output.files.iter())
        .filter(|(path, _)| wanted_page(path, &left_out))
        .filter_map(|(path, file)| match file {
            OutputFile::Bytes(bytes) => Some((path.clone(), bytes.clone())),
            OutputFile::Copy(_) => None,
        })
        .collect()
}

/// What an index is made of: the pages to index and the criteria's records. It holds no
/// reference to the model, so that the dev server can index on another thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    language: String,
    pages: Vec<(String, Bytes)>,
    records: Vec<Record>,
}

impl Input {
    /// The index of `site` with `pages` (output path and bytes, in path order).
    pub fn new(site: &Site, words: &Words, pages: Vec<(String, Bytes)>) -> Input {
        Input {
            language: site.config.language.clone(),
            pages,
            records: criterion_records(site, words),
        }
    }
}

/// Makes the index of `input` and returns its files with their output paths.
pub fn index(input: &Input) -> Result<Vec<(String, Bytes)>, Error> {
    Ok(index_unless(input, &|| false)?.unwrap_or_default())
}

/// [`index`], given up (`None`) as soon as `stop` says so; it is asked before each page. Pagefind's
/// own interface is asynchronous; it runs on a runtime of its own on this thread.
pub fn index_unless(
    input: &Input,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Vec<(String, Bytes)>>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the search indexer: {e}")))?;
    runtime.block_on(index_async(input, stop))
}

async fn index_async(
    input: &Input,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Vec<(String, Bytes)>>, Error> {
    let options = PagefindServiceConfig::builder()
        .root_selector("main".to_string())
        .exclude_selectors(NOT_TEXT.map(String::from).to_vec())
        .force_language(input.language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(failed)?;
    for (path, html) in &input.pages {
        if stop() {
            return Ok(None);
        }
        let html = shallow(String::from_utf8_lossy(html).into_owned());
        index
            .add_html_file(Some(path.clone()), None, html)
            .await
            .map_err(failed)?;
    }
    for record in &input.records {
        index
            .add_custom_record(
                record.url.clone(),
                record.content.clone(),
                input.language.clone(),
                Some(record.meta.clone()),
                Some(record.filters.clone()),
                None,
            )
            .await
            .map_err(failed)?;
    }
    if stop() {
        return Ok(None);
    }
    let files = index.get_files().await.map_err(failed)?;
    Ok(Some(
        files
            .into_iter()
            .filter(|f| wanted(&f.filename.to_string_lossy()))
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (format!("{BUNDLE_DIR}{name}"), Bytes::from(f.contents))
            })
            .collect(),
    ))
}

/// The deepest nesting of elements the indexer is given. Pagefind gathers a page's text by
/// copying each element's text into its parent's, so its time grows with the depth times the
/// text: 100 KB of Markdown nesting 50,000 lists took half a minute. Elements nested deeper than
/// this are given to it as their content alone (the page itself is published as written).
const MAX_DEPTH: usize = 100;

/// `html` with the elements nested deeper than [`MAX_DEPTH`] unwrapped to their content.
/// Elements closed without an end tag count as open, so a page that leaves many open may be
/// unwrapped sooner; only its index sees it.
fn shallow(html: String) -> String {
    use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};
    use std::cell::Cell;
    use std::rc::Rc;
    if !may_nest_deeper_than(&html, MAX_DEPTH) {
        return html;
    }
    let depth = Rc::new(Cell::new(0usize));
    let unwrap_deep = element!("*", |el| {
        if depth.get() >= MAX_DEPTH {
            el.remove_and_keep_content();
        } else if el.can_have_content() {
            depth.set(depth.get() + 1);
            let depth = Rc::clone(&depth);
            el.on_end_tag(end_tag!(move |_| {
                depth.set(depth.get().saturating_sub(1));
                Ok(())
            }))?;
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(unwrap_deep);
    rewrite_str(&html, settings).unwrap_or(html)
}

/// Whether `html` may nest elements `limit` deep, by counting start and end tags: a quick scan
/// that spares nearly every page the rewriter [`shallow`] runs (which costs about a millisecond
/// per page). Stray end tags could hide depth from the count, so a page with more end tags than
/// start tags is taken to nest deeply.
fn may_nest_deeper_than(html: &str, limit: usize) -> bool {
    const VOID: [&[u8]; 13] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest, mut starts, mut ends) = (0usize, 0usize, 0usize, 0usize);
    for (at, _) in html.match_indices('<') {
        let rest = &html.as_bytes()[at + 1..];
        match rest.first() {
            Some(b'/') => {
                ends += 1;
                depth = depth.saturating_sub(1);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name = rest
                    .split(|b| !b.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or(rest);
                if !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    starts += 1;
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest >= limit || ends > starts
}

/// Pagefind's errors come as `anyhow` errors, shown with their causes.
fn failed(error: impl std::fmt::Display) -> Error {
    Error::Usage(format!("the search index could not be made: {error:#}"))
}

/// The files of Pagefind's bundle that the theme's search uses: the script, its web
/// assembly, the index. Pagefind's own interfaces (`pagefind-ui.js` and the like) and its
/// worker (the theme searches without one: the script is smaller and the indexes of the
/// sites factbook makes are searched in milliseconds) are not published.
fn wanted(name: &str) -> bool {
    !name.starts_with("pagefind-") || name == "pagefind-entry.json"
}

/// A criterion of a pair of subjects as a search record.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// One record per criterion and pair of subjects that states a value for it: its label and
/// description, and each subject's values with the titles of their sources, linking to the
/// criterion's row of the pair's comparison page.
fn criterion_records(site: &Site, words: &Words) -> Vec<Record> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    let facts = &site.facts;
    let criteria = facts.schema.criteria.len();
    // Each subject is in many pairs: its values are written once per criterion.
    let values: Vec<Vec<String>> = (0..facts.subjects.len())
        .into_par_iter()
        .map(|s| {
            let value = |c| subject_values(site, words, SubjectId(s), CriterionId(c));
            (0..criteria).map(value).collect()
        })
        .collect();
    let mut records = Vec::new();
    for pair in facts_pages::pairs(site) {
        let filters = criterion_filters(site, words, &pair);
        for (c, criterion) in facts.schema.criteria.iter().enumerate() {
            let Some(anchor) = facts_pages::pair_row_anchor(site, &pair, CriterionId(c)) else {
                continue;
            };
            let mut parts = vec![criterion.label.clone()];
            parts.extend(criterion.description.clone());
            parts.extend(pair.subjects.iter().map(|s| values[s.0][c].clone()));
            records.push(Record {
                url: format!("/{}#{anchor}", pair.url),
                content: sentences(&parts),
                meta: BTreeMap::from([
                    ("title".to_string(), criterion.label.clone()),
                    ("section".to_string(), pair.title.clone()),
                ]),
                filters: filters.clone(),
            });
        }
    }
    records
}

/// `parts` as sentences: each ends with a full stop unless it ends with punctuation already.
fn sentences(parts: &[String]) -> String {
    let sentence = |p: &String| match p.ends_with(['.', '!', '?']) {
        true => p.clone(),
        false => format!("{p}."),
    };
    parts.iter().map(sentence).collect::<Vec<_>>().join(" ")
}

/// "Django: Yes (Article A, Article B)", or "Django: not stated".
fn subject_values(
    site: &Site,
    words: &Words,
    subject: SubjectId,
    criterion: CriterionId,
) -> String {
    let facts = &site.facts;
    let name = &facts.subjects[subject].name;
    let Some(cell) = facts.cells.get(&(subject, criterion)) else {
        return format!("{name}: {}", words.get("search_index.not_stated"));
    };
    let c = &facts.schema.criteria[criterion];
    let values: Vec<String> = (cell.values.iter())
        .map(|v| {
            let sources: BTreeSet<&str> = (v.facts.iter())
                .map(|&f| source_title(site, facts.facts[f].page))
                .collect();
            let sources: Vec<&str> = sources.into_iter().collect();
            format!("{} ({})", v.value.display(c, words), sources.join(", "))
        })
        .collect();
    let disputed = match cell.disputed {
        true => format!(", {}", words.get("search_index.disputed")),
        false => String::new(),
    };
    format!("{name}{disputed}: {}", values.join("; "))
}

/// A source by its article's title (the page's own when it cites none).
fn source_title(site: &Site, page: PageId) -> &str {
    let page = &site.pages[page];
    page.cites.as_ref().map_or(&page.title, |c| &c.title)
}

fn criterion_filters(site: &Site, words: &Words, pair: &Pair) -> BTreeMap<String, Vec<String>> {
    let subjects = pair.subjects.iter();
    let names = subjects.map(|&s| site.facts.subjects[s].name.clone());
    BTreeMap::from([
        (
            "kind".to_string(),
            vec![words.get("search_index.criterion").to_string()],
        ),
        ("subject".to_string(), names.collect()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_usual_depth_reach_the_indexer_as_written() {
        let html = "<!doctype html><html><body><main><ul><li><p>One <em>two</em><br>three</p></li></ul><img src=a.png alt=x></main></body></html>".to_string();
        assert!(!may_nest_deeper_than(&html, MAX_DEPTH));
        assert_eq!(shallow(html.clone()), html);
    }

    #[test]
    fn stray_end_tags_do_not_hide_depth() {
        let html = format!(
            "{}x{}",
            "<ul><li></b></i>".repeat(300),
            "</li></ul>".repeat(300)
        );
        assert!(may_nest_deeper_than(&html, MAX_DEPTH));
        assert!(!may_nest_deeper_than("<p>a<br>b</p><img src=x><hr>", 2));
    }

    #[test]
    fn elements_nested_too_deep_reach_the_indexer_as_their_content() {
        let levels = 5_000;
        let html = format!(
            "<main>{}deep text{}</main><p>after</p>",
            "<ul><li>".repeat(levels),
            "</li></ul>".repeat(levels)
        );
        assert!(may_nest_deeper_than(&html, MAX_DEPTH));
        let out = shallow(html);
        // `<main>` and the first 99 elements inside it keep their tags; nothing below does.
        assert_eq!(out.matches('<').count(), 2 * MAX_DEPTH + 2, "{out:.300}");
        assert!(out.contains(">deep text<"), "{out:.300}");
        assert!(out.ends_with("</main><p>after</p>"), "{out:.300}");
    }
}
