//! Fenced code highlighted at build time: syntect marks each token with class names (`hl-…`,
//! from the grammar's scopes) that the theme colours, so light and dark both read and no
//! script runs in the reader's browser.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The grammars bat curates (syntect's own set has no TOML), read on the first fenced block
/// that names a language, so sites without code never pay for them.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// What every class name the highlighter writes starts with.
const CLASS_PREFIX: &str = "hl-";

/// The grammar a fenced block's language names, by file extension or name, ignoring case
/// (`rs`, `rust`, `TOML`, `sh`); none for plain text and languages it does not know, which
/// are shown as they are.
pub(super) fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    if language.is_empty() {
        return None;
    }
    let found = SYNTAXES.find_syntax_by_token(language)?;
    (found.name != "Plain Text").then_some(found)
}

/// `code` as HTML, every token in spans of its scopes' classes; none if the grammar fails
/// on it (the block is then shown plain, never lost).
pub(super) fn highlight(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let style = ClassStyle::SpacedPrefixed {
        prefix: CLASS_PREFIX,
    };
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, style);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}
