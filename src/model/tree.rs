//! The section tree: folders become sections, ordered children, and the reading order that
//! previous/next links follow.
//!
//! Built once per build in O(pages · log pages); navigation for each page is then read off this
//! tree without scanning the site again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::model::page::{Page, PageId, SectionId};
use crate::source::CONTENT_DIR;
use crate::url;

/// A content folder.
#[derive(Debug, Clone)]
pub struct Section {
    /// Content-relative folder (`""` for the root, `guide`, `guide/advanced`).
    pub dir: String,
    /// The section's own page (from `_index.md`, or made up when there is none).
    pub index: PageId,
    /// The enclosing section; `None` for the root.
    pub parent: Option<SectionId>,
    /// Pages and subsections, in navigation order.
    pub children: Vec<Child>,
}

/// An entry of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// A page.
    Page(PageId),
    /// A subsection.
    Section(SectionId),
}

/// The sections of `pages` (which it extends with made-up section pages), and the reading order.
pub fn build(
    pages: &mut Vec<Page>,
    site_title: &str,
) -> (Vec<Section>, Vec<PageId>, Vec<Diagnostic>) {
    // Every folder holding a page, and all its ancestors, is a section.
    let mut dirs: BTreeMap<String, Option<PageId>> = BTreeMap::new();
    dirs.insert(String::new(), None);
    for (id, page) in pages.iter().enumerate() {
        let id = PageId(id);
        let dir = url::parent_dir(&page.rel_path);
        let mut ancestor = dir;
        loop {
            dirs.entry(ancestor.to_string()).or_insert(None);
            match ancestor.rsplit_once('/') {
                Some((up, _)) => ancestor = up,
                None if !ancestor.is_empty() => ancestor = "",
                None => break,
            }
        }
        if page.is_section_index {
            dirs.insert(dir.to_string(), Some(id));
        }
    }

    // Room for the folders without an `_index.md`, so that the pages are not copied to grow.
    pages.reserve(dirs.values().filter(|index| index.is_none()).count());
    let mut sections = Vec::with_capacity(dirs.len());
    let mut section_of_dir: BTreeMap<&str, SectionId> = BTreeMap::new();
    for (dir, index) in &dirs {
        let index = index.unwrap_or_else(|| {
            pages.push(made_up_section_page(dir, site_title));
            PageId(pages.len() - 1)
        });
        let parent = (!dir.is_empty()).then(|| section_of_dir[url::parent_dir(dir)]);
        section_of_dir.insert(dir, SectionId(sections.len()));
        sections.push(Section {
            dir: dir.clone(),
            index,
            parent,
            children: Vec::new(),
        });
    }

    for (id, page) in pages.iter_mut().enumerate() {
        let dir = url::parent_dir(&page.rel_path);
        page.section = section_of_dir[dir];
        if !page.is_section_index {
            sections[page.section]
                .children
                .push(Child::Page(PageId(id)));
        }
    }
    for id in (1..sections.len()).map(SectionId) {
        if let Some(parent) = sections[id].parent {
            sections[parent].children.push(Child::Section(id));
        }
    }
    for id in (0..sections.len()).map(SectionId) {
        let mut children = std::mem::take(&mut sections[id].children);
        children.sort_by_cached_key(|child| {
            let page = &pages[match *child {
                Child::Page(p) => p,
                Child::Section(s) => sections[s].index,
            }];
            (
                page.weight.is_none(),
                page.weight,
                page.title.to_lowercase(),
                page.rel_path.clone(),
            )
        });
        sections[id].children = children;
    }

    let order = reading_order(&sections, pages.len());
    let clashes = url_clashes(pages);
    (sections, order, clashes)
}

/// Depth first: a section's page, then its children in order. Walked with an explicit stack,
/// so that no depth of folders is too deep.
fn reading_order(sections: &[Section], pages: usize) -> Vec<PageId> {
    let mut order = Vec::with_capacity(pages);
    let mut stack = vec![Child::Section(SectionId::ROOT)];
    while let Some(child) = stack.pop() {
        match child {
            Child::Page(p) => order.push(p),
            Child::Section(s) => {
                order.push(sections[s].index);
                stack.extend(sections[s].children.iter().rev().copied());
            }
        }
    }
    order
}

fn made_up_section_page(dir: &str, site_title: &str) -> Page {
    let rel_path = if dir.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{dir}/_index.md")
    };
    let title = match dir.rsplit('/').next() {
        Some(name) if !name.is_empty() => humanize(name),
        _ => site_title.to_string(),
    };
    Page {
        display_path: PathBuf::from(CONTENT_DIR).join(&rel_path),
        url: url::section_url(dir),
        rel_path,
        source: None,
        title,
        description: None,
        date: None,
        updated: None,
        weight: None,
        tags: Vec::new(),
        draft: false,
        template: None,
        cites: None,
        content: "".into(),
        markdown: crate::markdown::Settings::default(),
        headings: Default::default(),
        links: Default::default(),
        body_offset: 0,
        section: SectionId::ROOT,
        is_section_index: true,
        backlinks: Vec::new(),
        front_matter_offset: 0,
        raw_subject: None,
        raw_facts: Default::default(),
        compare_blocks: Default::default(),
        quotes: Default::default(),
        raw_decision: None,
        extra: Default::default(),
        fingerprint: 0,
    }
}

/// A folder name as a title: `getting-started` → `Getting started`.
fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Two files that would be published at the same URL.
fn url_clashes(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    let mut errors = Vec::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.url, page) {
            let (a, b) = if first.rel_path < page.rel_path {
                (first, page)
            } else {
                (page, first)
            };
            errors.push(
                Diagnostic::error(
                    &b.display_path,
                    format!(
                        "this page would be published at `{}`, like `{}`",
                        b.url,
                        crate::diag::display_path(&a.display_path)
                    ),
                )
                .with_help("rename one of the two files"),
            );
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanized_folder_names() {
        assert_eq!(humanize("getting-started"), "Getting started");
        assert_eq!(humanize("faq"), "Faq");
    }
}
