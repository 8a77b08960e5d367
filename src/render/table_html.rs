//! The comparison table's HTML: the product's one table writer.
//!
//! Tables are written here rather than by a theme template because they are the bulk of a
//! comparison site's output and Tera looks every nested variable up by path: a template made
//! tables more than half of a build's render time. Themes style tables with CSS; the markup and
//! its classes are documented in the README ("Comparison tables").

use std::fmt::Write as _;

use crate::model::compare::Only;
use crate::render::table_csv::csv_href;
use crate::render::tables::{CellView, RowView, SourceRef, TableView, ValueView, source_anchor};
use crate::render::theme::escape_html_into;
use crate::words::{self, Words};

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

/// Tables of at least this many rows get a link past them and, with three groups or more,
/// links to each group.
const LONG: usize = 12;

/// Tables of at least this many subjects may be wider than the page: they scroll sideways in
/// their own box, and lose the header row that sticks to the top of the window.
const WIDE: usize = 4;

/// The HTML of `table`.
pub fn write(table: &TableView<'_>) -> String {
    let w = table.words;
    let mut html = Html(String::with_capacity(4096));
    let id = &table.id;
    let long = table.rows() >= LONG;
    let wide = table.subjects.len() >= WIDE;
    html.raw(if wide {
        "<figure class=\"compare wide\">"
    } else {
        "<figure class=\"compare\">"
    });
    if long {
        write_jumps(&mut html, table);
    }
    if wide {
        html.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
        html.text(id);
        html.raw("-caption\">");
    } else {
        html.raw("<div class=\"table-wrap\">");
    }
    html.raw("<table class=\"compare-table\" id=\"");
    html.text(id);
    html.raw("\"><caption id=\"");
    html.text(id);
    html.raw("-caption\">");
    html.text(&table.caption);
    html.raw("</caption><thead><tr><th scope=\"col\">");
    html.text(w.get("table.criterion"));
    html.raw("</th>");
    for subject in &table.subjects {
        html.raw("<th scope=\"col\" data-subject=\"");
        html.text(subject.id);
        html.raw("\">");
        html.link(&subject.href, subject.name);
        html.raw("</th>");
    }
    html.raw("</tr></thead>");
    for (g, group) in table.groups.iter().enumerate() {
        html.raw("<tbody id=\"");
        html.text(id);
        html.raw("-g");
        html.number(g + 1);
        html.raw("\"><tr class=\"group-row\"><th scope=\"colgroup\" colspan=\"");
        html.number(table.subjects.len() + 1);
        html.raw("\">");
        html.text(group.label);
        html.raw("</th></tr>");
        for row in &group.rows {
            write_row(&mut html, row, w);
        }
        html.raw("</tbody>");
    }
    html.raw("</table></div>");
    write_notes(&mut html, table, long);
    html.raw("</figure>");
    html.0
}

/// The page's list of the sources its tables cite, which their citations link to; `None`
/// when they cite none.
pub fn write_sources(sources: &[SourceRef<'_>], w: &Words) -> Option<String> {
    if sources.is_empty() {
        return None;
    }
    let mut html = Html(String::with_capacity(64 * sources.len() + 128));
    html.raw(
        "<section class=\"page-sources\" aria-labelledby=\"fb-sources\"><h2 id=\"fb-sources\">",
    );
    html.text(w.get("table.sources_cited"));
    html.raw("</h2><ol>");
    for source in sources {
        html.raw("<li id=\"");
        html.text(&source_anchor(source.n));
        html.raw("\">");
        html.link(&source.href, source.title);
        if let Some(article) = source.article {
            html.raw(", ");
            html.text(w.get("table.on"));
            html.raw(" <cite>");
            html.text(article);
            html.raw("</cite>");
            if let Some(published) = source.published {
                html.raw(", <time datetime=\"");
                html.text(published);
                html.raw("\">");
                html.text(published);
                html.raw("</time>");
            }
        }
        html.raw("</li>");
    }
    html.raw("</ol></section>");
    Some(html.0)
}

/// The link past a long table and, with three groups or more, links to each group.
fn write_jumps(html: &mut Html, table: &TableView<'_>) {
    let id = &table.id;
    html.raw("<a class=\"skip-table\" href=\"#");
    html.text(id);
    html.raw("-end\">");
    html.text(table.words.get("table.skip_table"));
    html.raw("</a>");
    if table.groups.len() < 3 {
        return;
    }
    html.raw("<nav class=\"table-groups\" aria-label=\"");
    html.text(table.words.get("table.groups"));
    html.raw("\"><ul>");
    for (g, group) in table.groups.iter().enumerate() {
        html.raw("<li><a href=\"#");
        html.text(id);
        html.raw("-g");
        html.number(g + 1);
        html.raw("\">");
        html.text(group.label);
        html.raw("</a></li>");
    }
    html.raw("</ul></nav>");
}

fn write_row(html: &mut Html, row: &RowView<'_>, w: &Words) {
    html.raw("<tr id=\"");
    html.text(&row.anchor);
    html.raw("\"");
    // What the script's filters read: rows where the subjects agree, rows sources dispute.
    if row.same {
        html.raw(" class=\"row-same\"");
    } else if row.disputed {
        html.raw(" class=\"row-disputed\"");
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
        write_cell(html, cell, w);
    }
    html.raw("</tr>");
}

fn write_cell(html: &mut Html, cell: &CellView<'_>, w: &Words) {
    html.raw("<td data-label=\"");
    html.text(cell.subject);
    html.raw(match (cell.disputed, cell.best) {
        (true, true) => "\" class=\"disputed best\">",
        (true, false) => "\" class=\"disputed\">",
        (false, true) => "\" class=\"best\">",
        (false, false) => "\">",
    });
    if cell.disputed {
        html.raw("<span class=\"badge badge-disputed\">");
        html.text(w.get("table.disputed"));
        html.raw("</span>");
    }
    if cell.best {
        html.raw("<span class=\"badge badge-best\">");
        html.text(w.get("table.best"));
        html.raw("</span>");
    }
    if cell.values.is_empty() && cell.does_not_apply {
        html.raw("<span class=\"no-data does-not-apply\">");
        html.text(w.get("table.does_not_apply"));
        html.raw("</span>");
    } else if cell.values.is_empty() {
        html.raw("<span class=\"no-data\">");
        html.text(w.get("table.no_data"));
        html.raw("</span>");
    } else {
        html.raw(if cell.is_list {
            "<ul class=\"values is-list\">"
        } else {
            "<ul class=\"values\">"
        });
        for value in &cell.values {
            write_value(html, value, w);
        }
        html.raw("</ul>");
    }
    html.raw("</td>");
}

fn write_value(html: &mut Html, value: &ValueView<'_>, w: &Words) {
    html.raw(if value.unknown {
        "<li class=\"unknown\">"
    } else if value.does_not_apply {
        "<li class=\"does-not-apply\">"
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
    write_cites(html, value, w);
    for note in &value.notes {
        html.raw("<span class=\"fact-note\">[");
        html.number(note.n);
        html.raw("]");
        if let Some(text) = note.text.filter(|t| !t.is_empty()) {
            html.raw(" ");
            html.text(text);
        }
        if let Some(as_of) = note.as_of.filter(|t| !t.is_empty()) {
            let key = if note.stale {
                "table.as_of_stale"
            } else {
                "table.as_of"
            };
            html.raw(if note.stale {
                " <span class=\"stale\">("
            } else {
                " ("
            });
            html.text(&w.fill(key, &[("date", as_of)]));
            html.raw(if note.stale { ")</span>" } else { ")" });
        }
        html.raw("</span>");
    }
    html.raw("</li>");
}

/// The notes under a table: how many rows `only` left out, what *Disputed* means, or (for a
/// long table) where its skip link lands; then the link to the table's CSV.
fn write_notes(html: &mut Html, table: &TableView<'_>, long: bool) {
    let (w, id) = (table.words, &table.id);
    let left_out = table.left_out.filter(|(_, n)| *n > 0);
    html.raw("<figcaption class=\"table-notes\" id=\"");
    html.text(id);
    html.raw("-end\">");
    if let Some((only, n)) = left_out {
        let key = match only {
            Only::Differences => "table.left_out_same",
            Only::Disputed => "table.left_out_undisputed",
        };
        html.raw("<p>");
        html.text(&w.count(key, n));
        html.raw("</p>");
    }
    if table.has_disputes {
        html.raw("<p><span class=\"badge badge-disputed\">");
        html.text(w.get("table.disputed"));
        html.raw("</span> ");
        html.text(w.get("table.disputed_note"));
        html.raw("</p>");
    } else if long && left_out.is_none() {
        html.raw("<span class=\"visually-hidden\">");
        html.text(w.get("table.end_of_table"));
        html.raw("</span>");
    }
    html.raw("<p class=\"table-export\"><a href=\"");
    html.text(&csv_href(id));
    html.raw("\" download>");
    html.text(w.get("table.csv"));
    html.raw("</a></p></figcaption>");
}

/// A value's citations, and the link to the rest when some are left out.
fn write_cites(html: &mut Html, value: &ValueView<'_>, w: &Words) {
    if !value.cites.is_empty() {
        let source_n = w.get("table.source_n");
        html.raw("<span class=\"cites\">");
        for cite in &value.cites {
            html.raw("<a class=\"cite\" href=\"#");
            html.text(&source_anchor(cite.n));
            html.raw("\" aria-label=\"");
            html.text(&words::fill(source_n, &[("n", &cite.n.to_string())]));
            html.raw(": ");
            html.text(cite.title);
            html.raw("\">");
            html.number(cite.n);
            html.raw("</a>");
        }
        html.raw("</span>");
    }
    if let Some(more) = &value.more {
        html.raw(" <a class=\"more-cites\" href=\"");
        html.text(&more.href);
        html.raw("\">+");
        html.text(&w.fill("table.more_sources", &[("n", &more.count.to_string())]));
        html.raw("<span class=\"visually-hidden\">");
        html.text(w.get("table.more_sources_hidden"));
        html.raw("</span></a>");
    }
}

/// The HTML of a quoted fact, inline in a sentence: its value (each value, when sources
/// disagree, and a *disputed* marker) with its citations.
pub fn write_quote(cell: &CellView<'_>, w: &Words) -> String {
    let mut html = Html(String::with_capacity(256));
    html.raw(if cell.disputed {
        "<span class=\"fact-quote disputed\">"
    } else {
        "<span class=\"fact-quote\">"
    });
    let between = match cell.is_list {
        true => w.get("table.list_separator"),
        false => w.get("table.or"),
    };
    for (i, value) in cell.values.iter().enumerate() {
        if i > 0 {
            html.text(between);
        }
        html.raw("<span class=\"value-text\">");
        html.text(&value.text);
        html.raw("</span>");
        write_cites(&mut html, value, w);
    }
    if cell.disputed {
        html.raw(" <span class=\"badge badge-disputed\">");
        html.text(w.get("table.disputed"));
        html.raw("</span>");
    }
    html.raw("</span>");
    html.0
}
