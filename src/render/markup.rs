//! The writer behind the templates written in Rust ([`super::table_html`],
//! [`super::page_html`]): fixed markup, escaped text, and Tera's idea of an empty value.

use std::fmt::Write as _;

use crate::render::theme::escape_html_into;

/// Markup being written, as the template writes it or as its minified form does.
pub(super) struct Html {
    pub(super) out: String,
    pub(super) minified: bool,
}

impl Html {
    /// A writer with room for about `size` bytes.
    pub(super) fn new(size: usize, minified: bool) -> Html {
        Html {
            out: String::with_capacity(size),
            minified,
        }
    }

    /// Fixed markup: as the template has it, or as the minified template has it.
    pub(super) fn tag(&mut self, written: &str, minified: &str) {
        self.out
            .push_str(if self.minified { minified } else { written });
    }

    /// Markup that is the same in both forms.
    pub(super) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// `{{ text }}`: escaped.
    pub(super) fn text(&mut self, text: &str) {
        escape_html_into(&mut self.out, text);
    }

    /// `{{ number }}`.
    pub(super) fn number(&mut self, n: usize) {
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{n}");
    }

    /// `<a href="…">title</a>`.
    pub(super) fn link(&mut self, title: &str, href: &str) {
        self.raw("<a href=\"");
        self.text(href);
        self.raw("\">");
        self.text(title);
        self.raw("</a>");
    }
}

/// Tera's truth for an optional string: present and not empty.
pub(super) fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}
