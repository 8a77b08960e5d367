//! The default theme's `compare.html`, written in Rust.
//!
//! Tables are the largest part of a comparison site's pages, and Tera looks up every variable
//! by name through its context: rendering the default template cost more than everything
//! else in a build of a thousand pages, and most of a fact edit's rebuild. When the site's
//! theme leaves `compare.html` as it is, tables are written here instead, byte for byte as the
//! template writes them — as written, or as the minified template does. A theme that overrides
//! `compare.html` is rendered through Tera as before.
//!
//! The template stays the reference: `tests/testsuite/facts.rs` renders tables both ways and
//! compares them, so a change to the template that is not made here fails the tests.

use crate::render::markup::{Html, given};
use crate::render::tables::{CellView, TableView, ValueView};

/// `table` as `compare.html` renders it; `minified` for the minified template.
pub fn write(table: &TableView<'_>, minified: bool) -> String {
    let mut html = Html::new(4096, minified);
    html.write_table(table);
    html.out
}

impl Html {
    fn write_table(&mut self, table: &TableView<'_>) {
        self.tag(
            // Tera keeps the whitespace after the template's opening comment.
            "\n<figure class=\"compare\">\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"",
            " <figure class=compare><div aria-labelledby=\"",
        );
        self.text(&table.id);
        self.tag(
            "-caption\">\n<table class=\"compare-table\" id=\"",
            "-caption\" class=table-scroll role=region tabindex=0><table id=\"",
        );
        self.text(&table.id);
        self.tag(
            "\">\n<caption id=\"",
            "\" class=compare-table><caption id=\"",
        );
        self.text(&table.id);
        self.raw("-caption\">");
        self.text(&table.caption);
        self.tag(
            "</caption>\n<thead><tr><th scope=\"col\">Criterion</th>",
            "</caption><thead><tr><th scope=col>Criterion</th>",
        );
        for subject in &table.subjects {
            self.tag("<th scope=\"col\">", "<th scope=col>");
            self.link(subject.name, &subject.href);
            self.raw("</th>");
        }
        self.tag("</tr></thead>\n", "</thead>");
        for group in &table.groups {
            self.tag(
                "<tbody>\n<tr class=\"group-row\"><th scope=\"colgroup\" colspan=\"",
                "<tbody><tr class=group-row><th colspan=\"",
            );
            self.number(table.subjects.len() + 1);
            self.tag("\">", "\" scope=colgroup>");
            self.text(group.label);
            self.tag("</th></tr>\n", "</tr>");
            for row in &group.rows {
                self.raw("<tr");
                if let Some(anchor) = given(row.anchor.as_deref()) {
                    self.raw(" id=\"");
                    self.text(anchor);
                    self.raw("\"");
                }
                self.tag(">\n<th scope=\"row\">", "><th scope=row>");
                self.text(row.label);
                if let Some(description) = given(row.description) {
                    self.tag(
                        "<span class=\"criterion-description\">",
                        "<span class=criterion-description>",
                    );
                    self.text(description);
                    self.raw("</span>");
                }
                self.tag("</th>\n", "</th>");
                for cell in &row.cells {
                    self.write_cell(cell);
                }
                self.tag("\n</tr>\n", "</tr>");
            }
            self.tag("</tbody>\n", "</tbody>");
        }
        self.tag(
            "</table>\n</div>\n<figcaption class=\"table-notes\">\n",
            "</table></div><figcaption class=table-notes>",
        );
        if table.has_disputes {
            self.raw("<p><span class=\"badge badge-disputed\">Disputed</span> sources give different values; each value is shown with its own sources.</p>");
        }
        self.tag("\n", " ");
        if !table.sources.is_empty() {
            self.tag(
                "<p class=\"sources-title\">Sources</p>\n<ol class=\"table-sources\">",
                "<p class=sources-title>Sources</p> <ol class=table-sources>",
            );
            for source in &table.sources {
                self.raw("<li>");
                self.link(source.title, &source.href);
                if let Some(article) = given(source.article) {
                    self.raw(", on <cite>");
                    self.text(article);
                    self.raw("</cite>");
                }
                self.raw("</li>");
            }
            self.raw("</ol>");
        }
        self.tag("\n</figcaption>\n</figure>\n", "</figcaption></figure>");
    }

    fn write_cell(&mut self, cell: &CellView<'_>) {
        self.raw("<td data-label=\"");
        self.text(cell.subject);
        self.raw(match (cell.disputed, cell.best) {
            (true, true) => "\" class=\"disputed best\">",
            (true, false) => "\" class=\"disputed\">",
            (false, true) => "\" class=\"best\">",
            (false, false) => "\">",
        });
        if cell.disputed {
            self.raw("<span class=\"badge badge-disputed\">Disputed</span>");
        }
        if cell.best {
            self.raw("<span class=\"badge badge-best\">Best</span>");
        }
        if cell.values.is_empty() {
            self.tag(
                "<span class=\"no-data\">No data</span>",
                "<span class=no-data>No data</span>",
            );
        } else {
            self.raw(if cell.is_list {
                "<ul class=\"values is-list\">"
            } else {
                "<ul class=\"values\">"
            });
            for value in &cell.values {
                self.write_value(value);
            }
            self.raw("</ul>");
        }
        self.raw("</td>");
    }

    fn write_value(&mut self, value: &ValueView<'_>) {
        self.raw(if value.unknown {
            "<li class=\"unknown\">"
        } else {
            "<li>"
        });
        self.tag("<span class=\"value-text\">", "<span class=value-text>");
        self.text(&value.text);
        self.raw("</span>");
        if !value.scale.is_empty() {
            self.tag(
                "<span class=\"scale\" aria-hidden=\"true\">",
                "<span aria-hidden=true class=scale>",
            );
            for &on in &value.scale {
                self.raw(if on {
                    "<span class=\"step on\"></span>"
                } else {
                    "<span class=\"step\"></span>"
                });
            }
            self.raw("</span>");
        }
        self.raw(&value.cites);
        if let Some(more) = &value.more {
            self.tag(" <a class=\"more-cites\" href=\"", " <a href=\"");
            self.text(&more.href);
            self.tag("\">+", "\" class=more-cites>+");
            self.number(more.count);
            self.tag(
                " more<span class=\"visually-hidden\"> sources</span></a>",
                " more<span class=visually-hidden> sources</span></a>",
            );
        }
        for note in &value.notes {
            self.tag("<span class=\"fact-note\">[", "<span class=fact-note>[");
            self.number(note.n);
            self.raw("]");
            if let Some(text) = given(note.text) {
                self.raw(" ");
                self.text(text);
            }
            if let Some(as_of) = given(note.as_of) {
                self.raw(" (as of ");
                self.text(as_of);
                self.raw(")");
            }
            self.raw("</span>");
        }
        self.raw("</li>");
    }
}
