//! `sitemap.xml`: every page and tag index, with absolute URLs when `base_url` is set.

use crate::model::Site;
use crate::render::escape::xml_into as escape_into;
use crate::render::view::TAGS_URL;

/// The sitemap of `site`, in reading order, then the tag pages.
pub fn render(site: &Site) -> String {
    // Without a base URL, locations stay relative to the sitemap itself.
    let base = site
        .config
        .base_url_slash()
        .unwrap_or_else(|| "./".to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut push = |url: &str, lastmod: Option<&str>| {
        xml.push_str("  <url><loc>");
        escape_into(&mut xml, &base);
        escape_into(&mut xml, url);
        xml.push_str("</loc>");
        if let Some(date) = lastmod {
            xml.push_str("<lastmod>");
            escape_into(&mut xml, date);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    for &id in &site.reading_order {
        let page = &site.pages[id];
        push(&page.url, page.updated.as_deref().or(page.date.as_deref()));
    }
    let pairs = crate::render::facts_pages::pairs(site);
    if !pairs.is_empty() {
        push(crate::render::facts_pages::COMPARE_URL, None);
        for pair in &pairs {
            push(&pair.url, None);
        }
    }
    if !site.tags.is_empty() {
        push(TAGS_URL, None);
        for tag in &site.tags {
            push(&crate::url::tag_url(&tag.slug), None);
        }
    }
    xml.push_str("</urlset>\n");
    xml
}
