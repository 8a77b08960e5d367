//! The comparison table's HTML: the product's one table writer.
//!
//! Tables are written here rather than by a theme template because they are the bulk of a
//! comparison site's output and Tera looks every nested variable up by path: a template made
//! tables more than half of a build's render time. Themes style tables with CSS; the markup and
//! its classes are documented in the README ("Comparison tables").

use std::fmt::Write as _;

use crate::render::tables::{CellView, TableView, ValueView};
use crate::render::theme::escape_html_into;

/// HTML being written, with text escaped as the templates escape it.
struct Html(String);

impl Html {
    fn raw(&mut self, markup: &str) {
        self.0.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        escape_html_into(&mut self.0, text);
    }

    fn number(&mut self, n: usize) {
        let _ = write!(self.0, "{n}");
    }

    /// `<a href="…">text</a>`.
    fn link(&mut self, href: &str, text: &str) {
        self.raw("<a href=\"");
        self.text(href);
        self.raw("\">");
        self.text(text);
        self.raw("</a>");
    }
}

/// The HTML of `table`.
pub fn write(table: &TableView<'_>) -> String {
    let mut html = Html(String::with_capacity(4096));
    let id = &table.id;
    html.raw("<figure class=\"compare\"><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
    html.text(id);
    html.raw("-caption\"><table class=\"compare-table\" id=\"");
    html.text(id);
    html.raw("\"><caption id=\"");
    html.text(id);
    html.raw("-caption\">");
    html.text(&table.caption);
    html.raw("</caption><thead><tr><th scope=\"col\">Criterion</th>");
    for subject in &table.subjects {
        html.raw("<th scope=\"col\">");
        html.link(&subject.href, subject.name);
        html.raw("</th>");
    }
    html.raw("</tr></thead>");
    for group in &table.groups {
        html.raw("<tbody><tr class=\"group-row\"><th scope=\"colgroup\" colspan=\"");
        html.number(table.subjects.len() + 1);
        html.raw("\">");
        html.text(group.label);
        html.raw("</th></tr>");
        for row in &group.rows {
            html.raw("<tr");
            if let Some(anchor) = &row.anchor {
                html.raw(" id=\"");
                html.text(anchor);
                html.raw("\"");
            }
            html.raw("><th scope=\"row\">");
            html.text(row.label);
            if let Some(description) = row.description.filter(|d| !d.is_empty()) {
                html.raw("<span class=\"criterion-description\">");
                html.text(description);
                html.raw("</span>");
            }
            html.raw("</th>");
            for cell in &row.cells {
                write_cell(&mut html, cell);
            }
            html.raw("</tr>");
        }
        html.raw("</tbody>");
    }
    html.raw("</table></div><figcaption class=\"table-notes\">");
    if table.has_disputes {
        html.raw("<p><span class=\"badge badge-disputed\">Disputed</span> sources give different values; each value is shown with its own sources.</p>");
    }
    if !table.sources.is_empty() {
        html.raw("<p class=\"sources-title\">Sources</p><ol class=\"table-sources\">");
        for source in &table.sources {
            html.raw("<li>");
            html.link(&source.href, source.title);
            if let Some(article) = source.article {
                html.raw(", on <cite>");
                html.text(article);
                html.raw("</cite>");
            }
            html.raw("</li>");
        }
        html.raw("</ol>");
    }
    html.raw("</figcaption></figure>");
    html.0
}

fn write_cell(html: &mut Html, cell: &CellView<'_>) {
    html.raw("<td data-label=\"");
    html.text(cell.subject);
    html.raw(match (cell.disputed, cell.best) {
        (true, true) => "\" class=\"disputed best\">",
        (true, false) => "\" class=\"disputed\">",
        (false, true) => "\" class=\"best\">",
        (false, false) => "\">",
    });
    if cell.disputed {
        html.raw("<span class=\"badge badge-disputed\">Disputed</span>");
    }
    if cell.best {
        html.raw("<span class=\"badge badge-best\">Best</span>");
    }
    if cell.values.is_empty() {
        html.raw("<span class=\"no-data\">No data</span>");
    } else {
        html.raw(if cell.is_list {
            "<ul class=\"values is-list\">"
        } else {
            "<ul class=\"values\">"
        });
        for value in &cell.values {
            write_value(html, value);
        }
        html.raw("</ul>");
    }
    html.raw("</td>");
}

fn write_value(html: &mut Html, value: &ValueView<'_>) {
    html.raw(if value.unknown {
        "<li class=\"unknown\">"
    } else {
        "<li>"
    });
    html.raw("<span class=\"value-text\">");
    html.text(&value.text);
    html.raw("</span>");
    if !value.scale.is_empty() {
        html.raw("<span class=\"scale\" aria-hidden=\"true\">");
        for &on in &value.scale {
            html.raw(if on {
                "<span class=\"step on\"></span>"
            } else {
                "<span class=\"step\"></span>"
            });
        }
        html.raw("</span>");
    }
    for cite in &value.cites {
        html.raw("<sup class=\"cite\"><a href=\"");
        html.text(&cite.href);
        html.raw("\" title=\"");
        html.text(cite.title);
        html.raw("\" aria-label=\"source ");
        html.number(cite.n);
        html.raw(": ");
        html.text(cite.title);
        html.raw("\">[");
        html.number(cite.n);
        html.raw("]</a></sup>");
    }
    if let Some(more) = &value.more {
        html.raw(" <a class=\"more-cites\" href=\"");
        html.text(&more.href);
        html.raw("\">+");
        html.number(more.count);
        html.raw(" more<span class=\"visually-hidden\"> sources</span></a>");
    }
    for note in &value.notes {
        html.raw("<span class=\"fact-note\">[");
        html.number(note.n);
        html.raw("]");
        if let Some(text) = note.text.filter(|t| !t.is_empty()) {
            html.raw(" ");
            html.text(text);
        }
        if let Some(as_of) = note.as_of.filter(|t| !t.is_empty()) {
            html.raw(" (as of ");
            html.text(as_of);
            html.raw(")");
        }
        html.raw("</span>");
    }
    html.raw("</li>");
}
