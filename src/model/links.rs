//! Link checking and backlinks.
//!
//! Markdown rendering already rewrote every relative link; here each one is checked against the
//! whole site — the page exists (and is not a draft left out), the heading anchor exists, the
//! static file exists — and every page-to-page link is recorded as a backlink on its target.
//! One pass over all links, with hash lookups: O(links).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::markdown::{Link, LinkTarget};
use crate::model::decision;
use crate::model::page::{Page, PageId};
use crate::source::{SourceFile, StaticFile};

/// Files every build writes at the site root, which pages may link to like static files.
const GENERATED: [&str; 7] = [
    "facts.json",
    "facts.csv",
    "facts.schema.json",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "404.html",
];

/// What the checker needs to know besides the pages.
pub struct LinkContext<'a> {
    /// The sources, to show the line of a broken link.
    pub sources: &'a [SourceFile],
    /// The static files under `content/`.
    pub statics: &'a [StaticFile],
    /// Content paths of drafts left out of this build.
    pub drafts: &'a BTreeSet<String>,
    /// Content paths of pages whose front matter has errors (already reported), with the
    /// index of their first error.
    pub unparsed: &'a BTreeMap<String, usize>,
    /// Content folders that are sections.
    pub section_dirs: &'a HashSet<&'a str>,
    /// The folders of the pages factbook makes itself (`tags`, `tags/SLUG`, `compare`,
    /// `compare/A-vs-B`), which pages link to like sections.
    pub generated: &'a HashSet<String>,
}

/// Checks every link of every page and fills in backlinks. Returns the broken links.
pub fn check(pages: &mut [Page], ctx: &LinkContext<'_>) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, PageId> = pages
        .iter()
        .enumerate()
        .map(|(id, p)| (p.rel_path.as_str(), PageId(id)))
        .collect();
    let statics: HashSet<&str> = ctx.statics.iter().map(|s| s.rel_path.as_str()).collect();
    let mut errors = Vec::new();
    let mut backlinks: Vec<BTreeSet<PageId>> = vec![BTreeSet::new(); pages.len()];

    for (id, page) in pages.iter().enumerate() {
        let id = PageId(id);
        for link in page.links.iter() {
            let problem = match &link.target {
                LinkTarget::Page { path, anchor } => match by_path.get(path.as_str()) {
                    Some(&target) => {
                        if target != id {
                            backlinks[target].insert(id);
                        }
                        anchor
                            .as_deref()
                            .and_then(|a| missing_anchor(&pages[target], a, Some(path)))
                    }
                    None if ctx.unparsed.contains_key(path) => None,
                    None if ctx.drafts.contains(path) => Some((
                        format!("`{path}` is a draft, left out of this build"),
                        Some("build with --drafts, or remove the link".to_string()),
                    )),
                    None => Some((
                        format!("link to a missing page `{path}`"),
                        did_you_mean_help(path, by_path.keys().copied()),
                    )),
                },
                LinkTarget::SamePage { anchor } => missing_anchor(page, anchor, None),
                LinkTarget::Section { dir } => (!ctx.section_dirs.contains(dir.as_str())
                    && !ctx.generated.contains(dir))
                .then(|| {
                    // Folders are written, and so suggested, with their closing slash.
                    let known = ctx.section_dirs.iter().copied();
                    let known = known.chain(ctx.generated.iter().map(String::as_str));
                    let known: Vec<String> = known.map(|dir| format!("{dir}/")).collect();
                    (
                        format!("link to a missing section `{dir}/`"),
                        did_you_mean_help(&format!("{dir}/"), known.iter().map(String::as_str)),
                    )
                }),
                LinkTarget::Static { path } => (!statics.contains(path.as_str())
                    && !GENERATED.contains(&path.as_str()))
                .then(|| {
                    (
                        format!("link to a missing file `{path}`"),
                        did_you_mean_help(path, statics.iter().copied())
                            .or_else(|| Some("link to pages by their `.md` file name".to_string())),
                    )
                }),
                LinkTarget::Outside { dest } => Some((
                    format!("link `{dest}` leads outside the content folder"),
                    None,
                )),
            };
            if let Some((message, help)) = problem {
                errors.push(link_error(page, link, ctx.sources, message).with_help_opt(help));
            }
        }
    }

    set_backlinks(pages, backlinks);
    errors
}

/// Gives each page the pages of `backlinks` that link to it (or quote its facts), ordered by
/// title.
pub(crate) fn set_backlinks(pages: &mut [Page], backlinks: Vec<BTreeSet<PageId>>) {
    for (page, links) in pages.iter_mut().zip(backlinks) {
        page.backlinks = links.into_iter().collect();
    }
    let titles: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.title.to_lowercase(), p.rel_path.clone()))
        .collect();
    for page in pages.iter_mut() {
        page.backlinks.sort_by(|a, b| titles[*a].cmp(&titles[*b]));
    }
}

/// `None` when `anchor` is an id on `target`; else the message and hint.
pub(crate) fn missing_anchor(
    target: &Page,
    anchor: &str,
    path: Option<&str>,
) -> Option<(String, Option<String>)> {
    // Headings are the usual targets, but raw HTML, footnotes and a decision tree's steps
    // also carry ids.
    if target.headings.iter().any(|h| h.id == anchor)
        || target.content.contains(&format!("id=\"{anchor}\""))
    {
        return None;
    }
    let steps: Vec<String> = target
        .raw_decision
        .as_deref()
        .map_or_else(Vec::new, |raw| decision::anchors(raw).collect());
    if steps.iter().any(|id| id == anchor) {
        return None;
    }
    let message = match path {
        Some(path) => format!("no heading `#{anchor}` in `{path}`"),
        None => format!("no heading `#{anchor}` on this page"),
    };
    let ids: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
    let ids_and_steps = ids.iter().copied().chain(steps.iter().map(String::as_str));
    let help = did_you_mean_help(anchor, ids_and_steps)
        .or_else(|| (!ids.is_empty()).then(|| format!("its headings are: {}", ids.join(", "))));
    Some((message, help))
}

fn link_error(page: &Page, link: &Link, sources: &[SourceFile], message: String) -> Diagnostic {
    match page.source {
        Some(index) => Diagnostic::error_at(
            &page.display_path,
            &sources[index].text,
            link.span.clone(),
            message,
        ),
        None => Diagnostic::error(&page.display_path, message),
    }
}
