//! HTML minification, in one place.
//!
//! The settings stay spec-compliant (closing tags and attribute quotes that browsers and
//! validators need are kept); inline CSS and JS are minified too.

use std::sync::LazyLock;

static CFG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg
});

/// Minifies an HTML document.
pub fn html(input: &str) -> Vec<u8> {
    minify_html::minify(input.as_bytes(), &CFG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_whitespace_and_comments_but_keeps_text() {
        let input = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <title>T</title>\n  </head>\n  <body>\n    <!-- comment -->\n    <p>Some   text</p>\n  </body>\n</html>\n";
        let out = String::from_utf8(html(input)).unwrap();
        assert!(!out.contains("comment"), "{out}");
        assert!(!out.contains("\n  "), "{out}");
        assert!(out.contains("<p>Some text"), "{out}");
        assert!(out.len() < input.len() / 2, "{out}");
    }

    #[test]
    fn keeps_preformatted_text() {
        let out = String::from_utf8(html("<pre>a\n    b</pre>")).unwrap();
        assert!(out.contains("a\n    b"), "{out}");
    }
}
