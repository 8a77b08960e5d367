use super::*;

/// `body` rendered with the default options.
fn render(body: &str, rel_path: &str) -> Rendered {
    super::render(body, rel_path, Settings::default())
}

#[test]
fn headings_get_unique_slug_ids_and_custom_ids_win() {
    let r = render(
        "# Intro\n\n## Why async?\n\n## Why async?\n\n## Custom {#mine}\n",
        "guide/a.md",
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["intro", "why-async", "why-async-1", "mine"]);
    assert!(
        r.html.contains(r#"<h2 id="why-async-1">Why async?</h2>"#),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(r#"<h2 id="mine">Custom</h2>"#),
        "{}",
        r.html
    );
}

#[test]
fn many_headings_with_one_text_get_ids_in_turn() {
    // An id a custom one took is skipped; the count goes on after it.
    let mut text = String::from("## Step {#step-2}\n\n");
    for _ in 0..20_000 {
        text.push_str("## Step\n\n");
    }
    let r = render(&text, "a.md");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids[..5], ["step-2", "step", "step-1", "step-3", "step-4"]);
    assert_eq!(ids.last(), Some(&"step-20000"));
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn heading_text_includes_inline_code() {
    let r = render("## The `async` keyword\n", "a.md");
    assert_eq!(r.headings[0].text, "The async keyword");
    assert_eq!(r.headings[0].id, "the-async-keyword");
}

#[test]
fn page_links_are_rewritten_relative_to_the_page() {
    let body = "See [b](b.md), [sec](../other/b.md#part) and [up](../_index.md).\n";
    let r = render(body, "guide/a.md");
    assert!(r.html.contains(r#"href="../b/""#), "{}", r.html);
    assert!(
        r.html.contains(r#"href="../../other/b/#part""#),
        "{}",
        r.html
    );
    assert!(r.html.contains(r#"href="../../""#), "{}", r.html);
    assert_eq!(
        r.links[1].target,
        LinkTarget::Page {
            path: "other/b.md".into(),
            anchor: Some("part".into())
        }
    );
    assert_eq!(&body[r.links[1].span.clone()], "../other/b.md#part");
}

#[test]
fn static_files_and_sections_are_rewritten() {
    let r = render("![logo](img/logo.png) [g](../guide/)\n", "guide/a.md");
    assert!(r.html.contains(r#"src="../img/logo.png""#), "{}", r.html);
    assert!(r.html.contains(r#"href="../""#), "{}", r.html);
    assert_eq!(
        r.links[0].target,
        LinkTarget::Static {
            path: "guide/img/logo.png".into()
        }
    );
    assert_eq!(
        r.links[1].target,
        LinkTarget::Section {
            dir: "guide".into()
        }
    );
}

#[test]
fn external_links_are_left_alone() {
    let r = render(
        "[a](https://x.org/a.md) [m](mailto:a@b.c) [p](//cdn.x/a.md)\n",
        "a.md",
    );
    assert!(r.links.is_empty());
    assert!(r.html.contains(r#"href="https://x.org/a.md""#));
}

#[test]
fn same_page_anchors_are_recorded_and_kept() {
    let r = render("[x](#later)\n", "a.md");
    assert_eq!(
        r.links[0].target,
        LinkTarget::SamePage {
            anchor: "later".into()
        }
    );
    assert!(r.html.contains(r##"href="#later""##));
}

#[test]
fn links_that_climb_out_are_recorded() {
    let r = render("[x](../../etc/passwd)\n", "a.md");
    assert!(matches!(r.links[0].target, LinkTarget::Outside { .. }));
}

#[test]
fn gfm_extensions_are_on() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        "a.md",
    );
    for needle in ["<table>", "<del>old</del>", "checkbox", "footnote"] {
        assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
    }
}

#[test]
fn compare_blocks_become_placeholders() {
    let body = "Intro.\n\n```compare\nsubjects = [\"a\", \"b\"]\n```\n\n```rust\nlet x = 1;\n```\n";
    let r = render(body, "p.md");
    assert_eq!(r.compare_blocks.len(), 1);
    assert_eq!(r.compare_blocks[0].toml, "subjects = [\"a\", \"b\"]\n");
    assert_eq!(&body[r.compare_blocks[0].offset..][..8], "subjects");
    assert!(r.html.contains("<!--factbook:compare:0-->"), "{}", r.html);
    assert!(
        r.html.contains("<code class=\"language-rust\">") && r.html.contains(">let</span>"),
        "other code blocks stay: {}",
        r.html
    );
}

#[test]
fn fenced_code_in_a_known_language_is_highlighted_with_classes() {
    let html = render(
        "```toml\n[facts.django]\nfirst_release = 2005\n```\n",
        "a.md",
    )
    .html;
    assert!(
        html.starts_with("<pre tabindex=\"0\"><code class=\"language-toml\">"),
        "{html}"
    );
    assert!(html.contains("<span class=\"hl-"), "{html}");
    assert!(html.contains("2005"), "{html}");
    assert!(html.trim_end().ends_with("</code></pre>"), "{html}");
}

#[test]
fn highlighted_code_is_escaped() {
    let html = render(
        "```js\nif (a < b) { s = \"</code><script>\"; }\n```\n",
        "a.md",
    )
    .html;
    assert!(html.contains("&lt;/code&gt;&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
}

#[test]
fn plain_and_unknown_languages_are_shown_as_written() {
    for info in ["", "text", "no-such-language"] {
        let html = render(&format!("```{info}\na < b\n```\n"), "a.md").html;
        assert!(!html.contains("hl-"), "{info}: {html}");
        assert!(html.contains("a &lt; b"), "{info}: {html}");
    }
}

#[test]
fn every_code_block_can_be_reached_by_the_keyboard_to_scroll_it() {
    for block in [
        "```\nplain\n```\n",
        "    indented\n",
        "```x\"><b>\nodd\n```\n",
    ] {
        let html = render(block, "a.md").html;
        assert!(html.starts_with("<pre tabindex=\"0\"><code"), "{html}");
        assert!(html.trim_end().ends_with("</code></pre>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}

#[test]
fn tables_scroll_in_a_box_the_keyboard_can_reach() {
    let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n", "a.md").html;
    assert!(
        html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
}

#[test]
fn highlighting_can_be_turned_off() {
    let off = Settings { highlight: false };
    let html = super::render("```toml\na = 1\n```\n", "a.md", off).html;
    assert_eq!(
        html,
        "<pre tabindex=\"0\"><code class=\"language-toml\">a = 1\n</code></pre>\n"
    );
}
