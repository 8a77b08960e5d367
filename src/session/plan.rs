//! What a save needs redone: [`plan`], a pure function from the changed files (as read now)
//! and the kept sources and model to a [`Plan`]. [`super::Session`] reads the files, asks for
//! the plan, then applies it; nothing here reads the disk or changes state.

use std::collections::BTreeMap;

use crate::markdown::LinkTarget;
use crate::model::{Page, PageId, Site};
use crate::source::front_matter::split;
use crate::source::{SourceFile, Sources};

/// One changed path, as the dev server read it after the save.
#[derive(Debug, Clone)]
pub enum Changed {
    /// A Markdown file under `content/`, with its text now.
    Page(SourceFile),
    /// A path under `content/` (relative to it) that no longer exists.
    Gone(String),
    /// Anything else: `book.toml`, a theme file, the schema, a copied file, a folder, a page
    /// that cannot be read.
    Other,
}

/// What to redo.
#[derive(Debug)]
pub enum Plan {
    /// Nothing the site is made of changed (a save of the same text, an editor's temporary
    /// file gone).
    Nothing,
    /// Pages changed, each in one of the ways [`Edit`] names; the rest of the model stays.
    Pages(Vec<Update>),
    /// Load and model the site again (each page is parsed again only if its text changed).
    Full,
}

/// A page to take into the kept model.
#[derive(Debug)]
pub struct Update {
    /// Its index in [`Sources::pages`].
    pub index: usize,
    /// Its id in the model.
    pub id: PageId,
    /// Its new source.
    pub source: SourceFile,
    /// The new source, parsed.
    pub page: Page,
    /// How it changed.
    pub edit: Edit,
}

/// How a page changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Its body, in ways no other page can see: the same front matter, heading ids, other ids,
    /// link targets and compare blocks. Only this page is rendered again.
    Body,
    /// Only its `[facts.*]` tables: the facts are gathered again and every output is checked
    /// against the cache.
    Facts,
}

/// The plan for `changed`, given the sources and the model of the last good build.
pub fn plan(changed: &[Changed], sources: &Sources, site: &Site) -> Plan {
    if changed.is_empty() {
        return Plan::Full;
    }
    // A watcher may report one save as several events.
    let mut pages: BTreeMap<&str, &SourceFile> = BTreeMap::new();
    for change in changed {
        match change {
            Changed::Page(source) => {
                pages.insert(&source.rel_path, source);
            }
            // An editor's temporary file, already renamed over the page it saved.
            Changed::Gone(rel) if !sources.knows(rel) => {}
            Changed::Gone(_) | Changed::Other => return Plan::Full,
        }
    }
    let mut updates = Vec::new();
    for (rel, new) in pages {
        let Ok(index) = sources
            .pages
            .binary_search_by(|p| p.rel_path.as_str().cmp(rel))
        else {
            // A new page.
            return Plan::Full;
        };
        let old = &sources.pages[index];
        if new.hash == old.hash && new.text == old.text {
            continue;
        }
        match update(index, old, new, site) {
            Some(update) => updates.push(update),
            None => return Plan::Full,
        }
    }
    if updates.is_empty() {
        Plan::Nothing
    } else {
        Plan::Pages(updates)
    }
}

/// How page `index` changed from `old` to `new`, if the kept model can take it in.
fn update(index: usize, old: &SourceFile, new: &SourceFile, site: &Site) -> Option<Update> {
    let (old_split, new_split) = (split(&old.text).ok()?, split(&new.text).ok()?);
    let id = PageId(site.pages.iter().position(|p| p.rel_path == new.rel_path)?);
    let mut page = crate::model::page::parse(new, index, site.config.markdown).ok()?;
    page.fingerprint = new.hash;
    let same_front_matter = old_split.front_matter == new_split.front_matter
        && old_split.front_matter_offset == new_split.front_matter_offset
        && old_split.body_offset == new_split.body_offset;
    let same_body = old.text[old_split.body_offset..] == new.text[new_split.body_offset..];
    let edit = if same_front_matter && same_outside(&site.pages[id], &page) {
        Edit::Body
    } else if same_body
        && site.diagnostics.is_empty()
        && same_but_facts(old_split.front_matter, new_split.front_matter)
    {
        // The model's warnings cannot be told apart by stage, so a site with any takes the
        // full path, which makes them all again.
        Edit::Facts
    } else {
        return None;
    };
    Some(Update {
        index,
        id,
        source: new.clone(),
        page,
        edit,
    })
}

/// Whether two parses of a page with the same front matter look the same from other pages:
/// the anchors they can link to, where the page links, its comparison tables and the facts
/// it quotes (which are checked with the whole site).
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
        && (old.quotes.iter().map(|q| &q.name)).eq(new.quotes.iter().map(|q| &q.name))
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

#[cfg(test)]
mod tests;
