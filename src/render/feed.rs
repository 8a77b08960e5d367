//! `atom.xml`: an Atom feed (RFC 4287) of the site's dated pages, newest first. Feed readers
//! need absolute addresses, so a site has a feed only when `base_url` is set.

use crate::model::{PageId, Site};
use crate::render::escape::xml_into as escape_into;

/// The feed's path in the output.
pub const FEED: &str = "atom.xml";

/// How many pages the feed lists: the newest.
pub const FEED_LIMIT: usize = 50;

/// The pages of the feed, newest first (by `updated`, else `date`; ties in reading order);
/// none without a `base_url`.
pub fn entries(site: &Site) -> Vec<PageId> {
    if site.config.base_url.is_none() {
        return Vec::new();
    }
    let mut dated: Vec<(&str, usize, PageId)> = site
        .reading_order
        .iter()
        .enumerate()
        .filter_map(|(order, &id)| Some((changed(site, id)?, order, id)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(&b.1)));
    dated
        .into_iter()
        .take(FEED_LIMIT)
        .map(|(_, _, id)| id)
        .collect()
}

/// Whether `site` has a feed: a `base_url` and a dated page (without sorting them).
pub fn exists(site: &Site) -> bool {
    site.config.base_url.is_some()
        && site
            .pages
            .iter()
            .any(|p| p.date.is_some() || p.updated.is_some())
}

/// When page `id` last changed, as its front matter says (`YYYY-MM-DD`).
fn changed(site: &Site, id: PageId) -> Option<&str> {
    let page = &site.pages[id];
    page.updated.as_deref().or(page.date.as_deref())
}

/// The feed of `site`, if it has one. Its `updated` is the newest entry's, never the time of
/// the build, so the same site always gives the same bytes.
pub fn render(site: &Site) -> Option<String> {
    let entries = entries(site);
    let base = site.config.base_url_slash()?;
    let newest = changed(site, *entries.first()?)?;
    let config = &site.config;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    escape_into(&mut xml, &config.language);
    xml.push_str("\">\n");
    element(&mut xml, "  ", "title", &config.title);
    if !config.description.is_empty() {
        element(&mut xml, "  ", "subtitle", &config.description);
    }
    link(
        &mut xml,
        "  ",
        "self",
        "application/atom+xml",
        &format!("{base}{FEED}"),
    );
    link(&mut xml, "  ", "alternate", "text/html", &base);
    element(&mut xml, "  ", "id", &base);
    element(&mut xml, "  ", "updated", &timestamp(newest));
    // Atom wants an author for the feed or for every entry: the site's authors, or its title.
    let authors = match config.authors.is_empty() {
        true => std::slice::from_ref(&config.title),
        false => config.authors.as_slice(),
    };
    for name in authors {
        xml.push_str("  <author>");
        element(&mut xml, "", "name", name);
        xml.push_str("</author>\n");
    }
    for id in entries {
        entry(&mut xml, site, &base, id);
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// One page as an entry: its address, dates, description and text. Links in the text are
/// relative to the page, which `xml:base` says.
fn entry(xml: &mut String, site: &Site, base: &str, id: PageId) {
    let page = &site.pages[id];
    let url = format!("{base}{}", page.url);
    xml.push_str("  <entry>\n");
    element(xml, "    ", "title", &page.title);
    link(xml, "    ", "alternate", "text/html", &url);
    element(xml, "    ", "id", &url);
    if let Some(date) = &page.date {
        element(xml, "    ", "published", &timestamp(date));
    }
    let changed = changed(site, id).unwrap_or_default();
    element(xml, "    ", "updated", &timestamp(changed));
    if let Some(description) = &page.description {
        element(xml, "    ", "summary", description);
    }
    xml.push_str("    <content type=\"html\" xml:base=\"");
    escape_into(xml, &url);
    xml.push_str("\">");
    escape_into(xml, &page.content);
    xml.push_str("</content>\n  </entry>\n");
}

/// A front-matter date (`YYYY-MM-DD`) as an Atom date: midnight, UTC.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn element(xml: &mut String, indent: &str, name: &str, text: &str) {
    xml.push_str(indent);
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    escape_into(xml, text);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
    if !indent.is_empty() {
        xml.push('\n');
    }
}

fn link(xml: &mut String, indent: &str, rel: &str, kind: &str, href: &str) {
    xml.push_str(indent);
    xml.push_str("<link rel=\"");
    xml.push_str(rel);
    xml.push_str("\" type=\"");
    xml.push_str(kind);
    xml.push_str("\" href=\"");
    escape_into(xml, href);
    xml.push_str("\"/>\n");
}
