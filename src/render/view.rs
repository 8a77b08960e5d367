//! Typed, borrowed views handed to the templates.
//!
//! Every template gets a [`Frame`] (site, root prefix, navigation, breadcrumbs) plus the data of
//! its kind of page. Everything a template shows is computed here — hrefs are already relative to
//! the page — so templates stay free of logic and a site's own templates cannot get URLs wrong.

use std::borrow::Cow;

use serde::Serialize;

use crate::markdown::Heading;
use crate::model::{Child, CitedSource, Page, PageId, SectionId, Site};
use crate::render::facts_json::escape_for_html;
use crate::render::facts_pages::{NamedLink, StatedGroup, SubjectView};
use crate::search::{self, Filter};
use crate::url;
use crate::words::Words;

/// Site-wide values, the same for every page.
#[derive(Debug, Serialize, Hash)]
pub struct SiteView<'a> {
    /// The site title.
    pub title: &'a str,
    /// The site description.
    pub description: &'a str,
    /// The content language.
    pub language: &'a str,
    /// The authors.
    pub authors: &'a [String],
    /// Pages offer search (`[search] enabled`).
    pub search: bool,
    /// `[extra]` of `book.toml`.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The site has an Atom feed (`atom.xml`): `base_url` is set and some page is dated.
    pub feed: bool,
}

impl<'a> SiteView<'a> {
    /// The view of `site`'s configuration.
    pub fn new(site: &'a Site) -> SiteView<'a> {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            authors: &config.authors,
            search: config.search.enabled,
            extra: &config.extra,
            feed: crate::render::feed::exists(site),
        }
    }
}

/// A link as shown: a title and an href relative to the current page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LinkView<'a> {
    /// The text.
    pub title: &'a str,
    /// Where it goes.
    pub href: String,
}

/// What every page template gets.
#[derive(Debug, Serialize, Hash)]
pub struct Frame<'a> {
    /// Site-wide values.
    pub site: &'a SiteView<'a>,
    /// The words the scripts show, as JSON to write in a `<script type="application/json">`:
    /// the `[script]` group, with the `[search]` group as `search` when the site has search.
    pub script_words: &'a str,
    /// The prefix from this page to the site root (`./`, `../../`); prepend it to asset paths.
    pub root: String,
    /// The document title of this page.
    pub title: &'a str,
    /// The page description, or the site's.
    pub description: &'a str,
    /// The absolute URL of this page, when `base_url` is set.
    pub canonical: Option<String>,
    /// The sidebar's entries (see [`SidebarEntry`]): the root's, in which the section on the
    /// way down holds its own, and so on down to this page's section. Its link home is `home`.
    /// Templates get them as HTML, `sidebar`, each entry written by `nav-entry.html`
    /// ([`crate::render::Renderer`] renders them), so they are not handed over as values.
    #[serde(skip)]
    pub nav: Vec<SidebarEntry<'a>>,
    /// The phone menu: the home page's entries (at most [`MENU_ENTRIES`]), the one this page
    /// is in marked `open`.
    pub menu: Vec<NavItem<'a>>,
    /// Links from the home page down to (not including) this page; below sections nested
    /// deeper than [`BREADCRUMBS`], a `None` stands for the sections left out in the middle.
    pub breadcrumbs: Vec<Option<LinkView<'a>>>,
    /// The home page's href.
    pub home: String,
    /// Whether this is the home page.
    pub at_home: bool,
    /// What search results can be filtered by on this page (see [`crate::search`]); empty
    /// for a page that is not indexed.
    pub filters: Vec<Filter<'a>>,
}

impl<'a> Frame<'a> {
    /// The frame with these search filters (for generated pages, which have no page of
    /// their own to take them from).
    pub fn with_filters(mut self, filters: Vec<Filter<'a>>) -> Frame<'a> {
        self.filters = filters;
        self
    }
}

/// An entry of the sidebar, which `nav-entry.html` writes as a list item; a section on the way
/// to the page holds its own entries (`children`), written inside it.
#[derive(Debug, Hash)]
pub struct SidebarEntry<'a> {
    /// What the template shows of the entry itself.
    pub link: SidebarLink<'a>,
    /// The section's own entries, for a section on the way down.
    pub children: Vec<SidebarEntry<'a>>,
}

/// What `nav-entry.html` shows of a sidebar entry, besides the entries inside it. It reads the
/// same on every page of one folder but the current one, so each is rendered once per build.
#[derive(Debug, Hash, Serialize)]
pub struct SidebarLink<'a> {
    /// The page's title, or for an entry standing for entries left out, how many and where.
    pub title: Cow<'a, str>,
    /// Where it goes.
    pub href: String,
    /// This is the page being shown.
    pub current: bool,
    /// A section on the path to the current page.
    pub open: bool,
    /// A section rather than a page.
    pub is_section: bool,
    /// Not 0 for the entry that stands for this many entries of a long section left out of the
    /// sidebar; it links to the section's page, which lists them all.
    pub more: usize,
    /// Not 0 for a section entered below this many levels of sections left out on the way
    /// down (sections nested deeper than [`NAV_LEVELS`]).
    pub levels_left_out: usize,
}

/// A sidebar entry as `nav-entry.html` gets it, as `entry`: its link's fields, and its
/// section's entries already written (`children`, HTML).
#[derive(Debug, Hash, Serialize)]
pub struct SidebarEntryHtml<'e, 'a> {
    /// The entry's own fields.
    #[serde(flatten)]
    pub link: &'e SidebarLink<'a>,
    /// Its section's entries, each written by `nav-entry.html`; empty for most entries.
    pub children: &'e str,
}

/// An entry of the phone menu: one of the home page's entries, or the link to the home page
/// standing for the rest. A [`plain`](NavItem::plain) entry is handed to templates as its
/// `title`, `href` and `plain` alone.
#[derive(Debug, Hash)]
pub struct NavItem<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Where it goes.
    pub href: String,
    /// This is the page being shown.
    pub current: bool,
    /// The section the page being shown is in.
    pub open: bool,
    /// Not 0 for the entry that stands for this many entries left out of the menu.
    pub more: usize,
    /// None of the above: a link and nothing more, which most entries are. The template
    /// writes these without asking the other fields, because each field a Tera template reads
    /// costs a path lookup.
    pub plain: bool,
}

/// Plain entries leave out the fields that are all false or 0 for them.
impl Serialize for NavItem<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut item = serializer.serialize_struct("NavItem", if self.plain { 3 } else { 6 })?;
        item.serialize_field("title", self.title)?;
        item.serialize_field("href", &self.href)?;
        item.serialize_field("plain", &self.plain)?;
        if !self.plain {
            item.serialize_field("current", &self.current)?;
            item.serialize_field("open", &self.open)?;
            item.serialize_field("more", &self.more)?;
        }
        item.end()
    }
}

/// How many levels of sections the sidebar shows at most: the top level and the levels just
/// above the page. Without a bound, a page deep in nested sections would list every level,
/// each entry a link as long as the page is deep.
pub const NAV_LEVELS: usize = 6;

/// How many sections the breadcrumbs show at most: the first two and the last three, with a
/// gap between.
pub const BREADCRUMBS: usize = 6;

/// How many entries of a long section the sidebar shows on either side of the current one: a
/// page's sidebar stays the same size however large its section grows (a section's own page
/// lists every entry).
pub const NAV_NEIGHBOURS: usize = 10;

/// How many entries the sidebar shows on either side of the section on the way down at the
/// levels between the top and the page's own section: they give the page's place, the top
/// level and the page's section give the choices.
pub const NAV_BETWEEN_NEIGHBOURS: usize = 3;

/// How many of the home page's entries the phone menu lists; a last entry links to the home
/// page for the rest.
pub const MENU_ENTRIES: usize = 12;

/// Which of a level's `len` entries the sidebar shows around entry `at`: `around` on either
/// side, as many near either end as in the middle; and a link that would stand for a single
/// entry gives way to that entry, which takes the same room.
fn nav_window(at: usize, around: usize, len: usize) -> std::ops::Range<usize> {
    let shown = 2 * around + 1;
    let mut start = at.saturating_sub(around).min(len.saturating_sub(shown));
    let mut end = (start + shown).min(len);
    if start == 1 {
        start = 0;
    }
    if len - end == 1 {
        end = len;
    }
    start..end
}

/// A table-of-contents entry, nested by heading level.
#[derive(Debug, Serialize, Hash)]
pub struct TocItem<'a> {
    /// The anchor.
    pub id: &'a str,
    /// The heading text.
    pub text: &'a str,
    /// Sub-headings.
    pub children: Vec<TocItem<'a>>,
}

/// An entry of a section's or a tag's list of pages.
#[derive(Debug, Serialize, Hash)]
pub struct EntryView<'a> {
    /// The title.
    pub title: &'a str,
    /// Where it goes.
    pub href: String,
    /// Its description.
    pub description: Option<&'a str>,
    /// A section rather than a page.
    pub is_section: bool,
}

/// The page being rendered.
#[derive(Debug, Serialize, Hash)]
pub struct PageInfo<'a> {
    /// The title.
    pub title: &'a str,
    /// The description.
    pub description: Option<&'a str>,
    /// Written on.
    pub date: Option<&'a str>,
    /// Last changed on.
    pub updated: Option<&'a str>,
    /// The rendered Markdown with its comparison tables (already HTML: print it with `| safe`).
    pub content: Cow<'a, str>,
    /// The external article the page summarises.
    pub source: Option<&'a CitedSource>,
    /// Whether the page is a draft (only built with `--drafts`).
    pub draft: bool,
    /// `[extra]` of the front matter.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// The context of `page.html`, `section.html` and templates chosen in front matter.
#[derive(Debug, Serialize, Hash)]
pub struct PageView<'a> {
    /// The frame.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// The page.
    pub page: PageInfo<'a>,
    /// Table of contents (empty for short pages).
    pub toc: Vec<TocItem<'a>>,
    /// The previous page in reading order.
    pub prev: Option<LinkView<'a>>,
    /// The next page in reading order.
    pub next: Option<LinkView<'a>>,
    /// Pages that link here.
    pub backlinks: Vec<LinkView<'a>>,
    /// The page's tags, linked to their index pages.
    pub tags: Vec<LinkView<'a>>,
    /// For a section's page: its pages and subsections.
    pub children: Vec<EntryView<'a>>,
    /// For a subject page: the subject and every fact about it.
    pub subject: Option<SubjectView<'a>>,
    /// The facts this page states, by subject.
    pub stated: Vec<StatedGroup<'a>>,
    /// The page's decision tree (HTML).
    pub decision: Option<String>,
    /// The list of the sources its tables cite, numbered as the citations are (HTML).
    pub sources: Option<String>,
    /// On the home page of a site with subjects: the answer at a glance, from the facts.
    pub glance: Option<crate::render::glance::GlanceView<'a>>,
}

/// The context of `comparison.html`: a generated comparison of two subjects.
#[derive(Debug, Serialize, Hash)]
pub struct ComparisonView<'a> {
    /// The frame.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// The table of the criteria where the two differ (HTML), if any.
    pub table: Option<String>,
    /// The table of the criteria where they agree (HTML), if any.
    pub agreements: Option<String>,
    /// How many criteria they agree on.
    pub agreed: usize,
    /// The two subjects' pages.
    pub subjects: Vec<NamedLink>,
    /// The list of the sources the tables cite, numbered as the citations are (HTML).
    pub sources: Option<String>,
}

/// The context of `comparisons.html`: the list of generated comparisons.
#[derive(Debug, Serialize, Hash)]
pub struct ComparisonsView<'a> {
    /// The frame.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// One link per pair of subjects.
    pub pairs: Vec<NamedLink>,
}

/// The context of `tag.html`.
#[derive(Debug, Serialize, Hash)]
pub struct TagView<'a> {
    /// The frame.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// The tag's name.
    pub name: &'a str,
    /// The pages with the tag.
    pub pages: Vec<EntryView<'a>>,
}

/// A tag in the list of all tags.
#[derive(Debug, Serialize, Hash)]
pub struct TagEntry<'a> {
    /// The name.
    pub name: &'a str,
    /// Its index page.
    pub href: String,
    /// How many pages carry it.
    pub count: usize,
}

/// The context of `tags.html`.
#[derive(Debug, Serialize, Hash)]
pub struct TagsView<'a> {
    /// The frame.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// Every tag.
    pub tags: Vec<TagEntry<'a>>,
}

/// The context of `404.html`.
#[derive(Debug, Serialize, Hash)]
pub struct NotFoundView<'a> {
    /// The frame, its links written from the host's root (`/` or the path of `base_url`):
    /// the 404 page is served at any depth.
    #[serde(flatten)]
    pub frame: Frame<'a>,
}

pub use crate::url::TAGS_URL;

/// The words the scripts show (see [`Frame::script_words`]).
pub fn script_words(words: &Words, search: bool) -> String {
    let mut script = words.group("script").cloned().unwrap_or_default();
    if let (Some(object), true) = (script.as_object_mut(), search) {
        let search = words.group("search").cloned().unwrap_or_default();
        object.insert("search".into(), search);
    }
    escape_for_html(&script.to_string())
}

/// Builds views for one site; holds what is shared by all pages.
pub struct Views<'a> {
    site: &'a Site,
    site_view: &'a SiteView<'a>,
    words: &'a Words,
    script_words: &'a str,
}

impl<'a> Views<'a> {
    /// Views of `site`, in `words` (of which [`script_words`] made `script_words`).
    pub fn new(
        site: &'a Site,
        site_view: &'a SiteView<'a>,
        words: &'a Words,
        script_words: &'a str,
    ) -> Views<'a> {
        Views {
            site,
            site_view,
            words,
            script_words,
        }
    }

    /// The site has an Atom feed.
    pub fn has_feed(&self) -> bool {
        self.site_view.feed
    }

    /// The frame of a page at site URL `url` that sits in `section`. `current` is the page
    /// itself when it is part of the navigation.
    pub fn frame(
        &self,
        url: &str,
        title: &'a str,
        description: Option<&'a str>,
        section: SectionId,
        current: Option<PageId>,
    ) -> Frame<'a> {
        let site = self.site;
        let mut chain = site.ancestors(section);
        if current.is_some_and(|c| site.pages[c].is_section_index) {
            chain.pop();
        }
        let crumb = |&s: &SectionId| Some(self.link(url, site.sections[s].index));
        let breadcrumbs = if chain.len() > BREADCRUMBS {
            let tail = &chain[chain.len() - (BREADCRUMBS - 3)..];
            let head = chain[..2].iter().map(crumb);
            head.chain([None]).chain(tail.iter().map(crumb)).collect()
        } else {
            chain.iter().map(crumb).collect()
        };
        let at_home = current == Some(site.sections[0].index);
        Frame {
            site: self.site_view,
            script_words: self.script_words,
            root: url::root_prefix(url),
            title,
            description: description.unwrap_or(&site.config.description),
            canonical: site
                .config
                .base_url_slash()
                .map(|base| format!("{base}{url}")),
            menu: self.menu(url, section, current),
            nav: self.nav_items(url, section, current),
            breadcrumbs,
            home: url::relative_href(url, ""),
            at_home,
            filters: current.map_or_else(Vec::new, |page| {
                search::page_filters(site, self.words, page)
            }),
        }
    }

    /// The sidebar's entries for a page at `url` in section `shown`: the entries of the root
    /// section, in which the section on the way to `shown` holds its own entries, and so on
    /// down to `shown`. Each level shows at most [`NAV_NEIGHBOURS`] entries on either side of
    /// the one on the way (or the current page), so the sidebar grows with the depth of the
    /// page, never with the size of a section or of the site. Levels in between show
    /// [`NAV_BETWEEN_NEIGHBOURS`] either side.
    fn nav_items(
        &self,
        url: &str,
        shown: SectionId,
        current: Option<PageId>,
    ) -> Vec<SidebarEntry<'a>> {
        let chain = self.site.ancestors(shown);
        self.nav_level(url, &chain, 0, current)
    }

    /// The page a section's child stands for, and whether it is a section.
    fn child_page(&self, child: &Child) -> (PageId, bool) {
        match *child {
            Child::Page(p) => (p, false),
            Child::Section(s) => (self.site.sections[s].index, true),
        }
    }

    /// The entry for `page` (a section's page if `is_section`) in the sidebar of a page at
    /// `url`: `current` is the page shown, `open` the section on the way to it.
    fn nav_entry(
        &self,
        url: &str,
        (page, is_section): (PageId, bool),
        current: Option<PageId>,
        open: Option<PageId>,
    ) -> SidebarEntry<'a> {
        let to = &self.site.pages[page];
        let link = SidebarLink {
            title: Cow::Borrowed(&to.title),
            href: url::relative_href(url, &to.url),
            current: current == Some(page),
            open: open == Some(page),
            is_section,
            more: 0,
            levels_left_out: 0,
        };
        SidebarEntry {
            link,
            children: Vec::new(),
        }
    }

    /// The entry standing for `more` entries of `section` left out of the sidebar of a page
    /// at `url`; it links to the section's page, which lists them all.
    fn nav_more(&self, url: &str, section: SectionId, more: usize) -> SidebarEntry<'a> {
        let index = self.site.sections[section].index;
        let mut entry = self.nav_entry(url, (index, false), None, None);
        let (n, name) = (more.to_string(), &self.site.pages[index].title);
        let title = (self.words).fill("frame.more_in", &[("n", &n), ("section", name)]);
        (entry.link.title, entry.link.more) = (Cow::Owned(title), more);
        entry
    }

    /// The phone menu of a page at `url` in section `shown`.
    fn menu(&self, url: &str, shown: SectionId, current: Option<PageId>) -> Vec<NavItem<'a>> {
        let site = self.site;
        let chain = site.ancestors(shown);
        let on_the_way = chain.get(1).map(|&s| site.sections[s].index);
        let root = &site.sections[SectionId::ROOT];
        let item = |page: PageId, more: usize| {
            let to = &site.pages[page];
            let current = more == 0 && current == Some(page);
            let open = more == 0 && on_the_way == Some(page);
            NavItem {
                title: &to.title,
                href: url::relative_href(url, &to.url),
                current,
                open,
                more,
                plain: !(current || open || more > 0),
            }
        };
        let mut items: Vec<NavItem<'a>> = (root.children.iter().take(MENU_ENTRIES))
            .map(|child| item(self.child_page(child).0, 0))
            .collect();
        if root.children.len() > MENU_ENTRIES {
            items.push(item(root.index, root.children.len() - MENU_ENTRIES));
        }
        items
    }

    /// The entries of section `chain[level]`, around the one on the way down (the next
    /// section of `chain`, which holds its own entries) or the current page.
    fn nav_level(
        &self,
        url: &str,
        chain: &[SectionId],
        level: usize,
        current: Option<PageId>,
    ) -> Vec<SidebarEntry<'a>> {
        let site = self.site;
        let section = chain[level];
        let next = chain.get(level + 1).map(|&s| site.sections[s].index);
        let children = &site.sections[section].children;
        let at = (next.or(current))
            .and_then(|c| {
                children
                    .iter()
                    .position(|child| self.child_page(child).0 == c)
            })
            .unwrap_or(0);
        let around = if level == 0 || level + 1 == chain.len() {
            NAV_NEIGHBOURS
        } else {
            NAV_BETWEEN_NEIGHBOURS
        };
        let window = nav_window(at, around, children.len());
        let mut entries = Vec::with_capacity(window.len() + 2);
        if window.start > 0 {
            entries.push(self.nav_more(url, section, window.start));
        }
        for child in &children[window.clone()] {
            let mut entry = self.nav_entry(url, self.child_page(child), current, next);
            if entry.link.open {
                entry.children = self.nav_below(url, chain, level, current);
            }
            entries.push(entry);
        }
        if window.end < children.len() {
            entries.push(self.nav_more(url, section, children.len() - window.end));
        }
        entries
    }

    /// The entries inside the open entry of level `level`: the next level's. Below the top
    /// level, a page deeper than [`NAV_LEVELS`] goes on at the levels just above it, entered
    /// through the section whose entries they are, with the levels between left out.
    fn nav_below(
        &self,
        url: &str,
        chain: &[SectionId],
        level: usize,
        current: Option<PageId>,
    ) -> Vec<SidebarEntry<'a>> {
        if level > 0 || chain.len() <= NAV_LEVELS {
            // Recursion as deep as the levels shown.
            return self.nav_level(url, chain, level + 1, current);
        }
        let deeper = chain.len() + 1 - NAV_LEVELS;
        let section = (self.site.sections[chain[deeper]].index, true);
        let mut entered = self.nav_entry(url, section, current, None);
        entered.link.open = true;
        entered.link.levels_left_out = deeper - 1;
        entered.children = self.nav_level(url, chain, deeper, current);
        vec![entered]
    }

    /// A link from the page at `from` to page `to`.
    pub fn link(&self, from: &str, to: PageId) -> LinkView<'a> {
        let page = &self.site.pages[to];
        LinkView {
            title: &page.title,
            href: url::relative_href(from, &page.url),
        }
    }

    /// A list entry from the page at `from` to page `to`.
    pub fn entry(&self, from: &str, to: PageId) -> EntryView<'a> {
        let page = &self.site.pages[to];
        EntryView {
            title: &page.title,
            href: url::relative_href(from, &page.url),
            description: page.description.as_deref(),
            is_section: page.is_section_index,
        }
    }

    /// The view of page `id`.
    pub fn page(&self, id: PageId) -> PageView<'a> {
        let site = self.site;
        let page: &'a Page = &site.pages[id];
        let url = page.url.as_str();
        let position = site.position[id];
        let children = if page.is_section_index {
            site.sections[page.section]
                .children
                .iter()
                .map(|c| match *c {
                    Child::Page(p) => self.entry(url, p),
                    Child::Section(s) => self.entry(url, site.sections[s].index),
                })
                .collect()
        } else {
            Vec::new()
        };
        PageView {
            frame: self.frame(
                url,
                &page.title,
                page.description.as_deref(),
                page.section,
                Some(id),
            ),
            page: PageInfo {
                title: &page.title,
                description: page.description.as_deref(),
                date: page.date.as_deref(),
                updated: page.updated.as_deref(),
                content: Cow::Borrowed(&page.content),
                source: page.cites.as_ref(),
                draft: page.draft,
                extra: &page.extra,
            },
            toc: toc(&page.headings),
            prev: position
                .checked_sub(1)
                .map(|p| self.link(url, site.reading_order[p])),
            next: site
                .reading_order
                .get(position + 1)
                .map(|&p| self.link(url, p)),
            backlinks: page.backlinks.iter().map(|&p| self.link(url, p)).collect(),
            tags: page
                .tags
                .iter()
                .map(|t| LinkView {
                    title: t,
                    href: url::relative_href(url, &url::tag_url(&url::slugify(t))),
                })
                .collect(),
            children,
            subject: None,
            stated: Vec::new(),
            decision: None,
            sources: None,
            glance: None,
        }
    }
}

/// The table of contents: level-2 headings with their level-3 headings, when there are at least
/// two of them (a single heading needs no contents).
pub fn toc(headings: &[Heading]) -> Vec<TocItem<'_>> {
    let mut items: Vec<TocItem<'_>> = Vec::new();
    for h in headings {
        let item = TocItem {
            id: &h.id,
            text: &h.text,
            children: Vec::new(),
        };
        match (h.level, items.last_mut()) {
            (2, _) => items.push(item),
            (3, Some(parent)) => parent.children.push(item),
            _ => {}
        }
    }
    let count: usize = items.iter().map(|i| 1 + i.children.len()).sum();
    if count < 2 { Vec::new() } else { items }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(open: bool) -> NavItem<'static> {
        NavItem {
            title: "Guide",
            href: "guide/".into(),
            current: false,
            open,
            more: 0,
            plain: !open,
        }
    }

    fn fields(item: &NavItem<'_>) -> Vec<String> {
        let value = serde_json::to_value(item).unwrap();
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_plain_menu_entry_hands_templates_its_link_alone_and_others_every_field() {
        assert_eq!(fields(&entry(false)), ["href", "plain", "title"]);
        let all = ["current", "href", "more", "open", "plain", "title"];
        assert_eq!(fields(&entry(true)), all);
    }

    #[test]
    fn the_sidebar_window_keeps_its_size_and_never_leaves_out_a_single_entry() {
        assert_eq!(nav_window(0, 10, 5), 0..5);
        assert_eq!(nav_window(50, 10, 100), 40..61);
        assert_eq!(nav_window(3, 10, 100), 0..21);
        assert_eq!(nav_window(99, 10, 100), 79..100);
        // A window starting at the second entry shows the first too; one ending before the
        // last shows the last.
        assert_eq!(nav_window(11, 10, 100), 0..22);
        assert_eq!(nav_window(88, 10, 100), 78..100);
    }
}
