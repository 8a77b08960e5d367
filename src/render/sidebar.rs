//! The sidebar, rendered once per section instead of once per page.
//!
//! A page's sidebar lists the sections from the root down to the page's own section, and that
//! section's entries. Every page of a section therefore has the same sidebar, with the same
//! hrefs (they sit at the same depth, and the sidebar writes a link to the current page the way
//! its siblings write it, `../name/`), except for the mark on the current entry. Rendering
//! `sidebar.html` for each of a section's hundred pages would be most of the cost of rendering
//! them, so it is rendered once per section without a current entry, and each page gets that
//! HTML with its own entry marked.
//!
//! How to mark an entry is learned from the theme, not assumed: the sidebar is rendered a second
//! time with the section's first page current, and the difference (for the default theme, an
//! `aria-current="page"` attribute) is what gets inserted next to each page's link. If the
//! difference is not a single insertion beside that link, or a page's link cannot be found
//! exactly once, the page's sidebar is rendered in full — the shortcut never changes the output.
//!
//! While the theme keeps the default `sidebar.html` and `macros.html` and pages come out
//! minified, the sidebar is written in Rust rather than by Tera, byte for byte as the minified
//! template writes it (the test that builds sites both ways holds it to the template).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::error::Error;
use crate::model::{Child, PageId, SectionId, Site};
use crate::render::markup::Html;
use crate::render::theme::{self, Engine, escape_html};
use crate::url;

/// The template of the sidebar.
pub const SIDEBAR_TEMPLATE: &str = "sidebar.html";

/// An entry of the sidebar navigation.
#[derive(Debug, Serialize, Hash)]
pub struct NavItem<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Where it goes.
    pub href: String,
    /// This is the page being shown.
    pub current: bool,
    /// A section on the path to the current page (its children are listed).
    pub open: bool,
    /// A section rather than a page.
    pub is_section: bool,
    /// The entries of an open section.
    pub children: Vec<NavItem<'a>>,
}

/// The context of `sidebar.html`.
#[derive(Serialize)]
struct SidebarView<'a> {
    /// The sections down to the page's section, and that section's entries.
    nav: Vec<NavItem<'a>>,
    /// The home page's href.
    home: String,
    /// Whether the page is the home page.
    at_home: bool,
}

/// Sidebars kept between the builds of a session: they stay valid while the navigation, the
/// theme and the minify setting do (the *generation*), so an edit that changes no title or
/// section renders no sidebar.
#[derive(Debug, Default)]
pub struct SidebarStore {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    generation: u128,
    /// Per section: the sidebar shared by its pages (not its index page), made once.
    shared: HashMap<SectionId, Arc<OnceLock<Result<Shared, String>>>>,
    /// Sidebars without a current entry (tag pages, comparisons), by section and folder.
    plain: HashMap<(SectionId, String), Arc<str>>,
}

/// The sidebars of one build, rendered on demand and shared between pages; safe to use from
/// many threads.
pub struct Sidebars<'a> {
    site: &'a Site,
    engine: &'a Engine<'a>,
    store: &'a SidebarStore,
}

/// A section's sidebar without a current entry, and how to mark one.
#[derive(Debug)]
struct Shared {
    html: String,
    /// Where its links' hrefs are, to find a page's own among them.
    starts: ValueStarts,
    mark: Option<Mark>,
}

/// Where `href` attribute values start in a piece of HTML: just after each `href=`, and after
/// its quote when it has one. Looking for one value among these is much cheaper than searching
/// the whole sidebar for it, once per page.
#[derive(Debug)]
struct ValueStarts(Vec<(usize, Option<u8>)>);

/// What the theme inserts to mark the current entry, and where, relative to that entry's href.
#[derive(Debug)]
struct Mark {
    text: String,
    at: Anchor,
}

/// A position relative to where an href's value is written.
#[derive(Debug, Clone, Copy)]
enum Anchor {
    /// This many bytes before the value starts.
    BeforeValue(usize),
    /// This many bytes after the value ends.
    AfterValue(usize),
}

impl SidebarStore {
    /// The generation of the sidebars kept.
    pub fn generation(&self) -> u128 {
        self.kept.lock().map_or(0, |kept| kept.generation)
    }
}

impl<'a> Sidebars<'a> {
    /// Sidebars for `site`, rendered with `engine`, kept in `store` under `generation` (a hash
    /// of everything a sidebar is made from: the navigation, the theme, the minify setting);
    /// what the store kept under another generation is dropped.
    pub fn new(
        site: &'a Site,
        engine: &'a Engine<'a>,
        store: &'a SidebarStore,
        generation: u128,
    ) -> Sidebars<'a> {
        if let Ok(mut kept) = store.kept.lock()
            && kept.generation != generation
        {
            *kept = Kept {
                generation,
                ..Kept::default()
            };
        }
        Sidebars {
            site,
            engine,
            store,
        }
    }

    /// The sidebar of a page at site URL `url` that sits in `section`; `current` is the page
    /// itself when it is part of the navigation.
    pub fn html(
        &self,
        url: &str,
        section: SectionId,
        current: Option<PageId>,
    ) -> Result<String, Error> {
        match current {
            None => self.plain(url, section).map(|html| html.to_string()),
            Some(id) if self.is_shared(id, section, url) => {
                let cell = match self.store.kept.lock() {
                    Ok(mut kept) => kept.shared.entry(section).or_default().clone(),
                    Err(_) => Arc::default(),
                };
                let shared = cell
                    .get_or_init(|| self.learn(id).map_err(|e| e.to_string()))
                    .as_ref()
                    .map_err(|message| Error::Template(message.clone()))?;
                match shared.mark(&nav_href(url, url)) {
                    Some(html) => Ok(html),
                    None => self.render(url, section, current),
                }
            }
            Some(_) => self.render(url, section, current),
        }
    }

    /// Whether page `id` shows the sidebar its section's pages share: it is one of them, shown
    /// at its own URL.
    fn is_shared(&self, id: PageId, section: SectionId, url: &str) -> bool {
        let page = &self.site.pages[id];
        !page.is_section_index && page.section == section && page.url == url
    }

    /// A sidebar with no current entry, rendered once for all pages in one folder.
    fn plain(&self, url: &str, section: SectionId) -> Result<Arc<str>, Error> {
        // Pages in one folder link to every entry with the same href, except to entries inside
        // themselves, which the sidebar (listing siblings and ancestors) never has.
        let key = (section, parent_folder(url));
        let kept = |kept: &Kept| kept.plain.get(&key).cloned();
        if let Some(html) = self.store.kept.lock().ok().and_then(|k| kept(&k)) {
            return Ok(html);
        }
        let html: Arc<str> = self.render(url, section, None)?.into();
        if let Ok(mut kept) = self.store.kept.lock() {
            kept.plain.insert(key, html.clone());
        }
        Ok(html)
    }

    /// Renders the section's sidebar for its page `first` with and without that page current,
    /// and learns from the difference how the theme marks the current entry.
    fn learn(&self, first: PageId) -> Result<Shared, Error> {
        let page = &self.site.pages[first];
        let html = self.render(&page.url, page.section, None)?;
        let marked = self.render(&page.url, page.section, Some(first))?;
        let mut shared = Shared::new(html);
        shared.mark = learn_mark(&shared.html, &marked, &nav_href(&page.url, &page.url));
        // Trust the mark only if it reproduces the sidebar it was learned from.
        if shared.mark.is_some() && shared.mark(&nav_href(&page.url, &page.url)) != Some(marked) {
            shared.mark = None;
        }
        Ok(shared)
    }

    /// Renders `sidebar.html` for one page.
    fn render(
        &self,
        url: &str,
        section: SectionId,
        current: Option<PageId>,
    ) -> Result<String, Error> {
        let site = self.site;
        let mut open = site.ancestors(section);
        open.remove(0);
        let view = SidebarView {
            nav: self.nav_items(url, 0, section, &open, current),
            home: url::relative_href(url, ""),
            at_home: current == Some(site.sections[0].index),
        };
        if self.engine.native.sidebars {
            return Ok(write(&view));
        }
        let context = tera::Context::from_serialize(&view)
            .map_err(|e| Error::Template(theme::template_error(&e)))?;
        self.engine
            .tera
            .render(SIDEBAR_TEMPLATE, &context)
            .map_err(|e| {
                Error::Template(format!(
                    "while rendering the sidebar with `{SIDEBAR_TEMPLATE}`: {}",
                    theme::template_error(&e)
                ))
            })
    }

    /// The entries of `section` shown in the sidebar of a page in section `shown`: all of them
    /// in `shown` itself, elsewhere only the open section on the way down to it. The sidebar
    /// thus grows with the depth of the page and the size of its own section, never with the
    /// size of the site.
    fn nav_items(
        &self,
        url: &str,
        section: SectionId,
        shown: SectionId,
        open: &[SectionId],
        current: Option<PageId>,
    ) -> Vec<NavItem<'a>> {
        let site = self.site;
        let listed = section == shown;
        site.sections[section]
            .children
            .iter()
            .filter_map(|child| match *child {
                Child::Page(p) => listed.then(|| NavItem {
                    title: &site.pages[p].title,
                    href: nav_href(url, &site.pages[p].url),
                    current: current == Some(p),
                    open: false,
                    is_section: false,
                    children: Vec::new(),
                }),
                Child::Section(s) => {
                    let index = site.sections[s].index;
                    let is_open = open.contains(&s);
                    (listed || is_open).then(|| NavItem {
                        title: &site.pages[index].title,
                        href: nav_href(url, &site.pages[index].url),
                        current: current == Some(index),
                        open: is_open,
                        is_section: true,
                        children: if is_open {
                            self.nav_items(url, s, shown, open, current)
                        } else {
                            Vec::new()
                        },
                    })
                }
            })
            .collect()
    }
}

/// `view` as the default theme's minified `sidebar.html` writes it (see
/// [`crate::render::page_html`] for why, and the test that holds it to the template).
fn write(view: &SidebarView<'_>) -> String {
    let mut html = Html::new(256 + 128 * view.nav.len(), true);
    html.raw(
        "<nav aria-label=Sections class=sidebar><h2 class=sidebar-title>Contents</h2><ul><li><a href=\"",
    );
    html.text(&view.home);
    html.raw(current_attr(view.at_home));
    html.raw("Home</a></ul>");
    html.nav_list(&view.nav);
    html.raw("</nav>");
    html.out
}

/// The end of an entry's start tag, marking it current or not.
fn current_attr(current: bool) -> &'static str {
    if current {
        "\" aria-current=\"page\">"
    } else {
        "\">"
    }
}

impl Html {
    /// `macros::nav`: nothing for no entries.
    fn nav_list(&mut self, items: &[NavItem<'_>]) {
        if items.is_empty() {
            return;
        }
        self.raw("<ul>");
        for item in items {
            self.raw(match (item.is_section, item.open) {
                (false, _) => "<li><a href=\"",
                (true, false) => "<li class=\"nav-section\"><a href=\"",
                (true, true) => "<li class=\"nav-section open\"><a href=\"",
            });
            self.text(&item.href);
            self.raw(current_attr(item.current));
            self.text(item.title);
            self.raw("</a>");
            self.nav_list(&item.children);
            self.raw("</li>");
        }
        self.raw("</ul>");
    }
}

impl Shared {
    /// `html`, not knowing yet how to mark an entry.
    fn new(html: String) -> Shared {
        Shared {
            starts: ValueStarts::of(&html),
            html,
            mark: None,
        }
    }

    /// The sidebar with the entry whose href is `href` marked current, if that entry is found
    /// exactly once.
    fn mark(&self, href: &str) -> Option<String> {
        let mark = self.mark.as_ref()?;
        let [(start, end)] = self.starts.find(&self.html, href)[..] else {
            return None;
        };
        let at = match mark.at {
            Anchor::BeforeValue(n) => start.checked_sub(n)?,
            Anchor::AfterValue(n) => end + n,
        };
        if !self.html.is_char_boundary(at) {
            return None;
        }
        let mut html = String::with_capacity(self.html.len() + mark.text.len());
        html.push_str(&self.html[..at]);
        html.push_str(&mark.text);
        html.push_str(&self.html[at..]);
        Some(html)
    }
}

/// The href the sidebar gives a link from the page at `from` to the page at `to`. A link to the
/// page itself is written as from a sibling (`../name/`, not `./`), so that all pages of a
/// section share one sidebar.
fn nav_href(from: &str, to: &str) -> String {
    match from.strip_suffix('/').and_then(|f| f.rsplit('/').next()) {
        Some(last) if from == to => format!("../{last}/"),
        _ => url::relative_href(from, to),
    }
}

/// The folder a page URL sits in, with its depth implied (`a/b/` → `a/`, `a/` → ``, `` → ``,
/// told apart from `a/` by the depth prefix).
fn parent_folder(url: &str) -> String {
    let depth = url.matches('/').count();
    let folder = url
        .strip_suffix('/')
        .map_or("", |u| u.rsplit_once('/').map_or("", |(dir, _)| dir));
    format!("{depth}:{folder}")
}

/// Where `href`, escaped as templates print it, is written as the value of an `href`
/// attribute in `html`: (start, end) of each value.
fn href_values(html: &str, href: &str) -> Vec<(usize, usize)> {
    ValueStarts::of(html).find(html, href)
}

impl ValueStarts {
    fn of(html: &str) -> ValueStarts {
        ValueStarts(
            html.match_indices("href=")
                .map(|(i, name)| {
                    let at = i + name.len();
                    match html.as_bytes().get(at) {
                        Some(&quote @ (b'"' | b'\'')) => (at + 1, Some(quote)),
                        _ => (at, None),
                    }
                })
                .collect(),
        )
    }

    /// Where `href`, escaped as templates print it, is the whole value of an `href` attribute
    /// of `html` (the HTML these starts were found in): (start, end) of each value.
    fn find(&self, html: &str, href: &str) -> Vec<(usize, usize)> {
        let value = escape_html(href);
        let html = html.as_bytes();
        self.0
            .iter()
            .filter_map(|&(start, quote)| {
                let end = start + value.len();
                let ends = |c: &u8| match quote {
                    Some(quote) => *c == quote,
                    None => *c == b'>' || c.is_ascii_whitespace(),
                };
                (html.get(start..end)? == value.as_bytes() && html.get(end).is_some_and(ends))
                    .then_some((start, end))
            })
            .collect()
    }
}

/// How `marked` differs from `plain` — one inserted run of text — located relative to the
/// value of the one `href` attribute in `plain` that holds `href`.
fn learn_mark(plain: &str, marked: &str, href: &str) -> Option<Mark> {
    if marked.len() <= plain.len() {
        return None;
    }
    let inserted = marked.len() - plain.len();
    let prefix = plain
        .bytes()
        .zip(marked.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = plain
        .bytes()
        .rev()
        .zip(marked.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    if prefix + suffix < plain.len() {
        return None;
    }
    // The insertion could sit anywhere in [plain.len() - suffix, prefix]; take the first spot,
    // as a theme writes its mark before or after the href.
    let at = plain.len() - suffix.min(plain.len());
    let text = marked.get(at..at + inserted)?.to_string();
    let [(start, end)] = href_values(plain, href)[..] else {
        return None;
    };
    let at = if at <= start {
        Anchor::BeforeValue(start - at)
    } else if at >= end {
        Anchor::AfterValue(at - end)
    } else {
        return None;
    };
    Some(Mark { text, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every page's shared sidebar equals its sidebar rendered in full, for the default theme
    /// (minified or not) and for themes that mark the current entry otherwise.
    #[test]
    fn shared_sidebars_equal_sidebars_rendered_per_page() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for site_root in [
            root.join("tests/testsuite/fixtures/basic"),
            root.to_path_buf(),
        ] {
            let (site, theme) = crate::load_site(&site_root, false).unwrap();
            let mut themes: Vec<(Engine<'_>, bool)> = vec![
                (theme.engine(true).unwrap(), true),
                (theme.engine(false).unwrap(), true),
            ];
            let mut li_class = theme.written().unwrap().clone();
            li_class
                .add_raw_template(
                    SIDEBAR_TEMPLATE,
                    r#"{% for i in nav %}<li{% if i.current %} class="here"{% endif %}><a href="{{ i.href }}">{{ i.title }}</a>{% for c in i.children %}<li{% if c.current %} class="here"{% endif %}><a href="{{ c.href }}">{{ c.title }}</a>{% endfor %}{% endfor %}"#,
                )
                .unwrap();
            let mut two_marks = theme.written().unwrap().clone();
            two_marks
                .add_raw_template(
                    SIDEBAR_TEMPLATE,
                    r#"{% for i in nav %}{% for c in i.children %}<a href="{{ c.href }}"{% if c.current %} aria-current="page"{% endif %}>{{ c.title }}{% if c.current %} (here){% endif %}</a>{% endfor %}{% endfor %}"#,
                )
                .unwrap();
            themes.push((Engine::new(&li_class, false, false), true));
            themes.push((Engine::new(&two_marks, false, false), false));
            for (engine, learnable) in &themes {
                let store = SidebarStore::default();
                let sidebars = Sidebars::new(&site, engine, &store, 0);
                let mut shared = 0;
                for (id, page) in site.pages.iter().enumerate() {
                    let fast = sidebars.html(&page.url, page.section, Some(id)).unwrap();
                    let full = sidebars.render(&page.url, page.section, Some(id)).unwrap();
                    assert_eq!(fast, full, "sidebar of {}", page.url);
                    shared += usize::from(sidebars.is_shared(id, page.section, &page.url));
                }
                assert!(shared > 2, "{shared} pages share a sidebar");
                for tag in &site.tags {
                    let url = format!("tags/{}/", tag.slug);
                    let fast = sidebars.html(&url, 0, None).unwrap();
                    assert_eq!(
                        fast,
                        sidebars.render(&url, 0, None).unwrap(),
                        "sidebar of {url}"
                    );
                }
                let learned = store
                    .kept
                    .lock()
                    .unwrap()
                    .shared
                    .values()
                    .filter_map(|s| s.get())
                    .any(|s| s.as_ref().is_ok_and(|s| s.mark.is_some()));
                assert_eq!(learned, *learnable);
            }
        }
    }

    #[test]
    fn a_link_to_the_page_itself_is_written_as_from_a_sibling() {
        assert_eq!(nav_href("guide/intro/", "guide/intro/"), "../intro/");
        assert_eq!(nav_href("guide/intro/", "guide/more/"), "../more/");
        assert_eq!(nav_href("guide/", "guide/"), "../guide/");
        assert_eq!(nav_href("", ""), "./");
    }

    #[test]
    fn folders_of_different_depth_are_told_apart() {
        assert_eq!(parent_folder("a/b/"), parent_folder("a/c/"));
        assert_ne!(parent_folder(""), parent_folder("tags/"));
        assert_ne!(parent_folder("a/b/"), parent_folder("b/b/"));
    }

    #[test]
    fn href_values_are_found_quoted_and_unquoted_but_not_as_prefixes() {
        let html =
            r#"<a href="../a/">A</a><a href=../b/>B</a><a href='../c/'>C</a><a href="../a/x/">"#;
        assert_eq!(href_values(html, "../a/").len(), 1);
        assert_eq!(href_values(html, "../b/").len(), 1);
        assert_eq!(href_values(html, "../c/").len(), 1);
        assert!(href_values(html, "../d/").is_empty());
        assert!(href_values("<p>../a/</p>", "../a/").is_empty());
    }

    fn shared(plain: &str, marked: &str, href: &str) -> Shared {
        Shared {
            mark: learn_mark(plain, marked, href),
            ..Shared::new(plain.to_string())
        }
    }

    #[test]
    fn a_mark_after_the_href_is_applied_to_any_entry() {
        let plain = r#"<li><a href="../a/">A</a><li><a href="../bb/">B</a>"#;
        let marked = r#"<li><a href="../a/" aria-current="page">A</a><li><a href="../bb/">B</a>"#;
        let s = shared(plain, marked, "../a/");
        assert_eq!(s.mark("../a/").as_deref(), Some(marked));
        assert_eq!(
            s.mark("../bb/").as_deref(),
            Some(r#"<li><a href="../a/">A</a><li><a href="../bb/" aria-current="page">B</a>"#)
        );
    }

    #[test]
    fn a_mark_before_the_href_is_applied_to_any_entry() {
        // minify-html sorts attributes, so the mark comes first.
        let plain = "<li><a href=../a/>A</a><li><a href=../bb/>B</a>";
        let marked = "<li><a aria-current=page href=../a/>A</a><li><a href=../bb/>B</a>";
        let s = shared(plain, marked, "../a/");
        assert_eq!(s.mark("../a/").as_deref(), Some(marked));
        assert_eq!(
            s.mark("../bb/").as_deref(),
            Some("<li><a href=../a/>A</a><li><a aria-current=page href=../bb/>B</a>")
        );
    }

    #[test]
    fn a_theme_that_marks_more_than_one_spot_gets_no_shortcut() {
        let plain = r#"<li><a href="../a/">A</a></li>"#;
        let marked = r#"<li class="on"><a href="../a/">A</a><b>here</b></li>"#;
        assert!(learn_mark(plain, marked, "../a/").is_none());
        // Nor one that marks nothing, or an entry whose link is not where the mark is.
        assert!(learn_mark(plain, plain, "../a/").is_none());
        assert!(learn_mark(plain, marked, "../z/").is_none());
    }

    #[test]
    fn an_entry_whose_link_is_not_found_once_gets_no_shortcut() {
        let plain = r#"<a href="../a/">A</a><a href="../b/">B</a><a href="../b/">B again</a>"#;
        let marked = r#"<a href="../a/" class="current">A</a><a href="../b/">B</a><a href="../b/">B again</a>"#;
        let s = shared(plain, marked, "../a/");
        assert!(s.mark("../a/").is_some());
        assert!(s.mark("../b/").is_none());
        assert!(s.mark("../c/").is_none());
    }
}
