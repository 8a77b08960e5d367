//! The default theme's `page.html`, `section.html`, `tag.html` and `comparison.html` (with
//! `base.html` around them), written in Rust.
//!
//! Almost every file of a site is a page, and Tera looks each variable up by name through a
//! context that is first copied out of the view: rendering the default page frame was a third
//! of the CPU of a build. When the theme leaves `base.html`, `macros.html` and a page's template as
//! they are and pages come out minified (the default), the page is written here instead, byte
//! for byte as the minified templates write it. Unminified builds, other templates and a
//! theme's own templates are rendered through Tera as before.
//!
//! The templates stay the reference: `tests/testsuite/facts.rs` builds sites both ways and
//! compares every file, so a change to a template that is not made here fails the tests.

use crate::render::facts_pages::SubjectView;
use crate::render::markup::{Html, given};
use crate::render::view::{ComparisonView, EntryView, Frame, PageView, TagView, TocItem};

/// `view` as the minified `page.html` renders it.
pub fn write(view: &PageView<'_>) -> String {
    write_page(view, false)
}

/// `view` as the minified `section.html` renders it: `page.html` with the section's entries.
pub fn write_section(view: &PageView<'_>) -> String {
    write_page(view, true)
}

fn write_page(view: &PageView<'_>, section: bool) -> String {
    let decision = given(view.decision.as_deref());
    let size = view.page.content.len() + view.frame.sidebar.len() + 4096;
    Html::frame(&view.frame, decision.is_some(), size, |html| {
        html.main(view, decision, section);
    })
}

/// `view` as the minified `tag.html` renders it.
pub fn write_tag(view: &TagView<'_>) -> String {
    let size = view.frame.sidebar.len() + 4096 + 256 * view.pages.len();
    Html::frame(&view.frame, false, size, |html| {
        html.raw(" <h1>Tagged “");
        html.text(view.name);
        html.raw("”</h1><p>");
        html.number(view.pages.len());
        html.raw(if view.pages.len() == 1 {
            " page"
        } else {
            " pages"
        });
        html.raw(". <a href=\"");
        html.text(&view.frame.root);
        html.raw("tags/\">All tags</a></p>");
        html.entries(&view.pages);
        html.raw(" ");
    })
}

/// `view` as the minified `comparison.html` renders it.
pub fn write_comparison(view: &ComparisonView<'_>) -> String {
    let size = view.table.len() + view.frame.sidebar.len() + 4096;
    Html::frame(&view.frame, false, size, |html| {
        html.raw(" <h1>");
        html.text(view.frame.title);
        html.raw("</h1><p>Every fact the site's pages state about ");
        for (i, subject) in view.subjects.iter().enumerate() {
            if i > 0 {
                html.raw(" and ");
            }
            html.link(&subject.title, &subject.href);
        }
        html.raw(", side by side, each with its sources.</p>");
        html.raw(&view.table);
        html.raw(" <p><a href=\"");
        html.text(&view.frame.root);
        html.raw("compare/\">All comparisons</a></p>");
    })
}

impl Html {
    /// `<ul>` of `<li><a href="…">title</a></li>`.
    fn link_list<'a>(&mut self, links: impl IntoIterator<Item = (&'a str, &'a str)>) {
        self.raw("<ul>");
        for (title, href) in links {
            self.raw("<li>");
            self.link(title, href);
            self.raw("</li>");
        }
        self.raw("</ul>");
    }

    /// `base.html` around the `main` block `main` writes, in a string of about `size` bytes.
    fn frame(
        frame: &Frame<'_>,
        decision: bool,
        size: usize,
        main: impl FnOnce(&mut Html),
    ) -> String {
        let mut html = Html::new(size, true);
        html.head(frame, decision);
        html.raw("<div class=layout><main id=main tabindex=-1>");
        html.breadcrumbs(frame);
        main(&mut html);
        html.raw("</main>");
        html.raw(&frame.sidebar);
        html.raw("</div><footer class=site-footer><p>");
        html.text(frame.site.title);
        if !frame.site.authors.is_empty() {
            html.raw(" · ");
            html.text(&frame.site.authors.join(", "));
        }
        html.raw("</footer>");
        html.out
    }

    /// From the doctype to the site header.
    fn head(&mut self, frame: &Frame<'_>, decision: bool) {
        self.raw("<!doctype html><html lang=\"");
        self.text(frame.site.language);
        self.raw("\"><head><meta charset=utf-8><meta content=\"width=device-width,initial-scale=1\" name=viewport><title>");
        if frame.title != frame.site.title {
            self.text(frame.title);
            self.raw(" · ");
        }
        self.text(frame.site.title);
        self.raw("</title><meta content=\"");
        self.text(frame.description);
        self.raw("\" name=description><meta content=\"light dark\" name=color-scheme>");
        if let Some(canonical) = given(frame.canonical.as_deref()) {
            self.raw("<link href=\"");
            self.text(canonical);
            self.raw("\" rel=canonical>");
        }
        if decision {
            self.raw("<script src=\"");
            self.text(&frame.root);
            self.raw("js/decision.js\" defer></script>");
        }
        self.raw("<link href=\"");
        self.text(&frame.root);
        self.raw("css/style.css\" rel=stylesheet><body><a class=skip-link href=#main>Skip to content</a><header class=site-header><a href=\"");
        self.text(&frame.home);
        self.raw("\" class=site-title>");
        self.text(frame.site.title);
        self.raw("</a></header>");
    }

    fn breadcrumbs(&mut self, frame: &Frame<'_>) {
        if frame.breadcrumbs.is_empty() {
            return;
        }
        self.raw("<nav aria-label=Breadcrumb class=breadcrumbs><ol>");
        for crumb in &frame.breadcrumbs {
            self.raw("<li>");
            self.link(crumb.title, &crumb.href);
            self.raw("</li>");
        }
        self.raw("<li aria-current=page>");
        self.text(frame.title);
        self.raw("</ol></nav>");
    }

    /// `macros::entries`.
    fn entries(&mut self, entries: &[EntryView<'_>]) {
        self.raw("<ul class=entries>");
        for entry in entries {
            self.raw("<li>");
            self.link(entry.title, &entry.href);
            if entry.is_section {
                self.raw(" <span class=kind>section</span>");
            }
            if let Some(description) = given(entry.description) {
                self.raw("<p>");
                self.text(description);
                self.raw("</p>");
            }
            self.raw("</li>");
        }
        self.raw("</ul>");
    }

    /// `page.html`'s `main` block, with `section.html`'s `after_content` block if `section`.
    fn main(&mut self, view: &PageView<'_>, decision: Option<&str>, section: bool) {
        self.article_header(view);
        if !view.toc.is_empty() {
            self.raw("<nav aria-labelledby=fb-toc class=toc><h2 id=fb-toc>On this page</h2>");
            self.toc(&view.toc);
            self.raw("</nav>");
        }
        self.raw("<div class=content>");
        self.raw(&view.page.content);
        self.raw("</div>");
        if let Some(decision) = decision {
            self.raw(decision);
        }
        if let Some(subject) = &view.subject {
            self.subject(subject);
        }
        if section {
            self.raw(" ");
            if !view.children.is_empty() {
                self.raw("<section aria-labelledby=fb-in-section class=section-entries><h2 id=fb-in-section>In this section</h2>");
                self.entries(&view.children);
                self.raw("</section>");
            }
            self.raw(" ");
        }
        self.stated(view);
        if !view.tags.is_empty() {
            self.raw("<p class=tags><span>Tags:</span> ");
            for (i, tag) in view.tags.iter().enumerate() {
                if i > 0 {
                    self.raw(", ");
                }
                self.raw("<a href=\"");
                self.text(&tag.href);
                self.raw("\" rel=tag>");
                self.text(tag.title);
                self.raw("</a>");
            }
            self.raw("</p>");
        }
        if !view.backlinks.is_empty() {
            self.raw("<section aria-labelledby=fb-backlinks class=backlinks><h2 id=fb-backlinks>Pages that link here</h2>");
            self.link_list(view.backlinks.iter().map(|l| (l.title, l.href.as_str())));
            self.raw("</section>");
        }
        self.raw("</article>");
        if view.prev.is_some() || view.next.is_some() {
            self.raw("<nav aria-label=\"Previous and next pages\" class=pager>");
            if let Some(prev) = &view.prev {
                self.raw("<a href=\"");
                self.text(&prev.href);
                self.raw("\" class=prev rel=prev><span>Previous</span> ");
                self.text(prev.title);
                self.raw("</a>");
            }
            self.raw(" ");
            if let Some(next) = &view.next {
                self.raw("<a href=\"");
                self.text(&next.href);
                self.raw("\" class=next rel=next><span>Next</span> ");
                self.text(next.title);
                self.raw("</a>");
            }
            self.raw("</nav>");
        }
    }

    /// The page's title, lede, dates and cited article.
    fn article_header(&mut self, view: &PageView<'_>) {
        let page = &view.page;
        self.raw("<article><header class=page-header><h1>");
        self.text(page.title);
        self.raw("</h1>");
        if let Some(description) = given(page.description) {
            self.raw("<p class=lede>");
            self.text(description);
            self.raw("</p>");
        }
        let (date, updated) = (given(page.date), given(page.updated));
        if date.is_some() || updated.is_some() || page.draft {
            self.raw("<p class=meta>");
            if page.draft {
                self.raw("<strong class=draft>Draft</strong>");
            }
            self.raw(" ");
            if let Some(date) = date {
                self.raw("Written ");
                self.time(date);
            }
            self.raw(" ");
            if let Some(updated) = updated {
                if date.is_some() {
                    self.raw(" · ");
                }
                self.raw("Updated ");
                self.time(updated);
            }
            self.raw("</p>");
        }
        if let Some(source) = page.source {
            self.raw(
                "<aside aria-label=\"Source article\" class=cited-source><p>Summarises <cite>",
            );
            match given(source.url.as_deref()) {
                Some(url) => self.link(&source.title, url),
                None => self.text(&source.title),
            }
            self.raw("</cite>");
            if let Some(author) = given(source.author.as_deref()) {
                self.raw(" by ");
                self.text(author);
            }
            if let Some(publisher) = given(source.publisher.as_deref()) {
                self.raw(", published by ");
                self.text(publisher);
            }
            if let Some(published) = given(source.published.as_deref()) {
                self.raw(", ");
                self.time(published);
            }
            self.raw(".</aside>");
        }
        self.raw("</header>");
    }

    /// `<time datetime="d">d</time>`.
    fn time(&mut self, date: &str) {
        self.raw("<time datetime=\"");
        self.text(date);
        self.raw("\">");
        self.text(date);
        self.raw("</time>");
    }

    /// `macros::toc`.
    fn toc(&mut self, items: &[TocItem<'_>]) {
        self.raw("<ol>");
        for item in items {
            self.raw("<li><a href=\"#");
            self.text(item.id);
            self.raw("\">");
            self.text(item.text);
            self.raw("</a>");
            if !item.children.is_empty() {
                self.toc(&item.children);
            }
            self.raw("</li>");
        }
        self.raw("</ol>");
    }

    /// A subject page's facts, comparisons and sources.
    fn subject(&mut self, subject: &SubjectView<'_>) {
        self.raw("<section aria-labelledby=fb-subject-facts class=subject-facts><h2 id=fb-subject-facts>Facts about ");
        self.text(subject.name);
        self.raw("</h2>");
        let (summary, homepage) = (given(subject.summary), given(subject.homepage));
        if summary.is_some() || homepage.is_some() {
            self.raw("<p class=subject-meta>");
            if let Some(summary) = summary {
                self.text(summary);
            }
            if let Some(homepage) = homepage {
                self.raw(" <a href=\"");
                self.text(homepage);
                self.raw("\">Official site</a>");
            }
            self.raw("</p>");
        }
        self.raw(" ");
        if subject.table.is_empty() {
            self.raw("<p>No page states a fact about ");
            self.text(subject.name);
            self.raw(" yet.</p>");
        } else {
            self.raw(&subject.table);
        }
        self.raw(" ");
        if !subject.compare_with.is_empty() {
            self.raw("<h3>Compare ");
            self.text(subject.name);
            self.raw(" with</h3>");
            self.link_list(
                subject
                    .compare_with
                    .iter()
                    .map(|l| (l.title.as_str(), l.href.as_str())),
            );
        }
        self.raw(" ");
        if !subject.stated_on.is_empty() {
            self.raw("<h3>Pages with facts about ");
            self.text(subject.name);
            self.raw("</h3>");
            self.link_list(
                subject
                    .stated_on
                    .iter()
                    .map(|l| (l.title.as_str(), l.href.as_str())),
            );
        }
        self.raw("</section>");
    }

    /// The facts the page states, a table per subject.
    fn stated(&mut self, view: &PageView<'_>) {
        if view.stated.is_empty() {
            return;
        }
        self.raw("<section aria-labelledby=fb-facts-here class=facts-here><h2 id=fb-facts-here>Facts stated on this page</h2>");
        for group in &view.stated {
            self.raw("<table><caption>");
            self.link(group.subject, &group.href);
            self.raw("</caption><thead><tr><th scope=col>Criterion<th scope=col>Value<th scope=col>Note<tbody>");
            for fact in &group.facts {
                self.raw("<tr><th scope=row>");
                self.text(fact.criterion);
                self.raw("<td>");
                self.text(&fact.value);
                if fact.disputed {
                    self.raw(" <span class=\"badge badge-disputed\">Disputed</span>");
                }
                self.raw("<td>");
                if let Some(note) = given(fact.note) {
                    self.text(note);
                }
                if let Some(as_of) = given(fact.as_of) {
                    self.raw(" (as of ");
                    self.text(as_of);
                    self.raw(")");
                }
                self.raw("</tr>");
            }
            self.raw("</table>");
        }
        self.raw("</section>");
    }
}
