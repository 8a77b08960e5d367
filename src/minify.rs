//! HTML minification, in one place.
//!
//! The settings stay spec-compliant (attribute quotes that browsers and validators need are
//! kept); inline CSS and JS are minified too. Closing tags are kept (about 0.5 % of a page,
//! a few bytes gzipped): a page read by a tool that does not know HTML's optional end tags —
//! the search indexer among them — would run a table's cells into one word.
//!
//! Minifying every page costs more than rendering it, so templates are minified once instead
//! ([`template`]): the fixed markup of a theme is then already small, and pages rendered from it
//! are written as they come. Only the Markdown's own HTML, which pulldown-cmark writes compactly,
//! is left as it is.

use std::sync::LazyLock;

static CFG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg
});

static TEMPLATE_CFG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = CFG.clone();
    cfg.preserve_brace_template_syntax = true;
    cfg
});

/// Minifies an HTML document.
pub fn html(input: &str) -> Vec<u8> {
    minify_html::minify(input.as_bytes(), &CFG)
}

/// Minifies a Tera template, or returns `None` when that cannot be done safely.
///
/// minify-html keeps template tags as they are, but it reorders attributes, so a tag *inside*
/// a start tag (`<li{% if open %} class="open"{% endif %}>`) would be torn apart. Each such run
/// of tags and the attributes between them is set aside behind a placeholder attribute first
/// and put back afterwards. Anything unusual — an unterminated tag, a block opened in one start
/// tag and closed outside it, a template tag changed by minifying — gives `None`, and the
/// caller minifies whole pages instead.
pub fn template(source: &str) -> Option<String> {
    let (protected, kept) = protect_start_tags(source)?;
    let minified =
        String::from_utf8(minify_html::minify(protected.as_bytes(), &TEMPLATE_CFG)).ok()?;
    let mut restored = minified;
    for (i, text) in kept.iter().enumerate() {
        // minify-html writes every attribute behind one space.
        let placeholder = format!(" {}", placeholder(i));
        if restored.matches(&placeholder).count() != 1 {
            return None;
        }
        restored = restored.replacen(&placeholder, text, 1);
    }
    // Statements must stay in order; expressions may move with the attributes they are in.
    let tags = |text: &str| -> Option<(Vec<String>, Vec<String>)> {
        let (mut expressions, statements): (Vec<String>, Vec<String>) = tera_tags(text)?
            .into_iter()
            .map(|span| text[span].to_string())
            .partition(|tag| tag.starts_with("{{"));
        expressions.sort_unstable();
        Some((statements, expressions))
    };
    (tags(source)? == tags(&restored)?).then_some(restored)
}

fn placeholder(i: usize) -> String {
    format!("data-factbook-kept-{i}-end")
}

/// The byte ranges of every Tera tag (`{{ }}`, `{% %}`, `{# #}`) in `text`, or `None` when one
/// is not closed.
fn tera_tags(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if let Some(end) = tera_tag_end(text, i) {
            tags.push(i..end?);
            i = end?;
        } else {
            i += 1;
        }
    }
    Some(tags)
}

/// If a Tera tag opens at `at`: `Some(end)` with the byte after its closing delimiter, or
/// `Some(None)` when it is never closed. `None` when no tag opens there.
fn tera_tag_end(text: &str, at: usize) -> Option<Option<usize>> {
    let close: &[u8] = match text.as_bytes().get(at..at + 2)? {
        b"{{" => b"}}",
        b"{%" => b"%}",
        b"{#" => b"#}",
        _ => return None,
    };
    Some(find(&text.as_bytes()[at + 2..], close).map(|end| at + 2 + end + 2))
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How a `{% %}` tag changes block nesting: +1 for an opening tag, -1 for an `end…` tag.
fn nesting(tag: &str) -> i32 {
    let inner = tag[2..tag.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
    let word = inner.split_whitespace().next().unwrap_or("");
    match word {
        "if" | "for" | "block" | "macro" | "filter" | "raw" => 1,
        w if w.starts_with("end") => -1,
        _ => 0,
    }
}

/// Replaces every run of template tags inside an HTML start tag by a placeholder attribute.
/// Returns the new text and the runs set aside, in placeholder order.
fn protect_start_tags(source: &str) -> Option<(String, Vec<String>)> {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut kept = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = tera_tag_end(source, i) {
            i = end?;
            continue;
        }
        if bytes[i..].starts_with(b"<!--") {
            i += find(&bytes[i..], b"-->")? + 3;
            continue;
        }
        let is_start_tag =
            bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if !is_start_tag {
            i += 1;
            continue;
        }
        // Inside a start tag: find its end, and the first and last template tag outside quotes.
        let name_end = source[i + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .map_or(bytes.len(), |n| i + 1 + n);
        let name = source[i + 1..name_end].to_ascii_lowercase();
        let mut j = name_end;
        let mut quote: Option<u8> = None;
        let mut run: Option<(usize, usize)> = None;
        let mut depth = 0;
        loop {
            let &b = bytes.get(j)?;
            if let Some(end) = tera_tag_end(source, j) {
                let end = end?;
                if quote.is_none() {
                    depth += nesting(&source[j..end]);
                    run = Some((run.map_or(j, |(start, _)| start), end));
                }
                j = end;
                continue;
            }
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        if depth != 0 {
            return None;
        }
        if let Some((start, end)) = run {
            out.push_str(&source[copied..start]);
            out.push(' ');
            out.push_str(&placeholder(kept.len()));
            out.push(' ');
            // The run goes back behind a space only if it stood behind one: `<li{% if %} class`
            // carries its own.
            let spaced = source[..start].ends_with(|c: char| c.is_ascii_whitespace());
            let space = if spaced { " " } else { "" };
            kept.push(format!("{space}{}", &source[start..end]));
            copied = end;
        }
        i = j + 1;
        // The text of these elements is not HTML; skip to their end tag.
        if matches!(name.as_str(), "script" | "style" | "textarea") {
            let close = format!("</{name}");
            i += find(&bytes[i..].to_ascii_lowercase(), close.as_bytes())?;
        }
    }
    out.push_str(&source[copied..]);
    Some((out, kept))
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
        assert!(
            out.contains("<p>Some text</p>"),
            "closing tags are kept: {out}"
        );
        assert!(out.len() < input.len() * 2 / 3, "{out}");
    }

    fn render(template: &str, open: bool) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", template).unwrap();
        let mut context = tera::Context::new();
        context.insert("open", &open);
        context.insert("href", "a b");
        tera.render("t.html", &context).unwrap()
    }

    #[test]
    fn template_tags_inside_start_tags_survive() {
        let source = "<ul>\n  <li{% if open %} class=\"open\"{% endif %}>\n    <a href=\"{{ href }}\" {% if open %}aria-current=\"page\"{% endif %}>Go</a>\n  </li>\n</ul>\n";
        let minified = template(source).expect("minifiable");
        assert!(!minified.contains('\n'), "{minified}");
        for open in [true, false] {
            let expected = String::from_utf8(html(&render(source, open))).unwrap();
            let got = String::from_utf8(html(&render(&minified, open))).unwrap();
            assert_eq!(got, expected, "open = {open}: {minified}");
        }
        assert!(
            render(&minified, true).contains(r#"<li class="open">"#),
            "{minified}"
        );
        let closed = render(&minified, false);
        assert!(closed.contains(r#"<li><a href="a b""#), "{closed}");
        assert!(!closed.contains("aria-current"), "{closed}");
    }

    #[test]
    fn gives_up_on_what_it_cannot_keep_whole() {
        // A block opened in one start tag and closed outside it.
        assert_eq!(
            template("<a {% if x %}href=\"a\">A{% else %}>B{% endif %}</a>"),
            None
        );
        // Tags that are never closed.
        assert_eq!(template("<p>{{ x </p>"), None);
        assert_eq!(template("<p {% if x"), None);
        assert_eq!(template("<!-- <p>"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(source in "[<>{}%#\"'a-z =/!-]{0,60}") {
            let _ = template(&source);
        }

        #[test]
        fn many_runs_are_all_put_back(n in 1usize..30) {
            let source: String = (0..n)
                .map(|i| format!("<p{{% if open %}} id=\"p{i}\"{{% endif %}}>{i}</p>\n"))
                .collect();
            let minified = template(&source).expect("minifiable");
            proptest::prop_assert_eq!(render(&minified, true).matches(" id=").count(), n);
        }
    }

    #[test]
    fn every_default_template_minifies() {
        for (path, text) in crate::render::theme::DEFAULT_THEME {
            if path.ends_with(".html") {
                let minified = template(text);
                assert!(minified.is_some(), "{path} could not be minified");
            }
        }
    }

    #[test]
    fn keeps_preformatted_text() {
        let out = String::from_utf8(html("<pre>a\n    b</pre>")).unwrap();
        assert!(out.contains("a\n    b"), "{out}");
    }
}
