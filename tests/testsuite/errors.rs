//! Every kind of content error, with its exact diagnostic.

use crate::site_test::SiteTest;

/// Builds a site whose only page is `content/page.md` with `text`; returns stderr.
fn page_error(text: &str) -> String {
    let site = SiteTest::new();
    site.file("content/page.md", text);
    site.build_err()
}

#[test]
fn unknown_front_matter_key() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitel = \"A\"\n+++\n"),
        snapbox::str![[r#"
error: unknown key `titel`
 --> content/page.md:2:1
  |
2 | titel = "A"
  | ^^^^^
  |
  = help: did you mean `title`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn wrong_type() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"A\"\nweight = \"first\"\n+++\n"),
        snapbox::str![[r#"
error: wrong type: expected a whole number, found string "first"
 --> content/page.md:3:10
  |
3 | weight = "first"
  |          ^^^^^^^

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn quoted_date() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"A\"\ndate = \"2025-03-01\"\n+++\n"),
        snapbox::str![[r#"
error: wrong type: expected a date, found string "2025-03-01"
 --> content/page.md:3:8
  |
3 | date = "2025-03-01"
  |        ^^^^^^^^^^^^
  |
  = help: write dates without quotes, like 2025-03-01

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn missing_title() {
    snapbox::assert_data_eq!(
        page_error("+++\ndescription = \"x\"\n+++\n"),
        snapbox::str![[r#"
error: the page has no title
 --> content/page.md:1:1
  |
1 | +++
  | ^^^
  |
  = help: add `title = "…"` to the front matter

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn empty_title() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"  \"\n+++\n"),
        snapbox::str![[r#"
error: the title is empty
 --> content/page.md:2:9
  |
2 | title = "  "
  |         ^^^^
  |
  = help: every page needs a title

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn unclosed_front_matter() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"A\"\n\nBody.\n"),
        snapbox::str![[r#"
error: the front matter is never closed
 --> content/page.md:1:1
  |
1 | +++
  | ^^^
  |
  = help: add a line with `+++` after the last front matter key

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn no_front_matter() {
    snapbox::assert_data_eq!(
        page_error("# Just a heading\n"),
        snapbox::str![[r#"
error: the page has no front matter
 --> content/page.md:1:1
  |
1 | # Just a heading
  | ^^^^^^^^^^^^^^^^
  |
  = help: start the file with a `+++` line, then `title = "…"`, then another `+++` line

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn yaml_front_matter() {
    let stderr = page_error("---\ntitle: A\n---\n");
    assert!(
        stderr.starts_with(
            "error: YAML front matter (`---`) is not supported\n --> content/page.md:1:1\n"
        ),
        "{stderr}"
    );
}

#[test]
fn toml_syntax_error() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"A\n+++\n"),
        snapbox::str![[r#"
error: invalid basic string, expected `"`
 --> content/page.md:2:11
  |
2 | title = "A
  |           ^

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn positions_are_relative_to_the_file_with_crlf_and_bom() {
    let stderr = page_error("\u{feff}\r\n+++ \r\ntitle = \"A\"\r\nweigth = 1\r\n+++\r\n");
    assert!(stderr.starts_with("error: unknown key `weigth`\n --> content/page.md:4:1\n  |\n4 | weigth = 1\n  | ^^^^^^\n"), "{stderr}");
}

#[test]
fn broken_links_point_at_the_link() {
    let site = SiteTest::new();
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n\n## Real heading\n",
    );
    site.file(
        "content/b.md",
        "+++\ntitle = \"B\"\n+++\n\nSee [a](a.md#real-headin), [c](c.md),\n[img](pic.png), [up](../../x.md) and [self](#nowhere).\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: no heading `#real-headin` in `a.md`
 --> content/b.md:5:9
  |
5 | See [a](a.md#real-headin), [c](c.md),
  |         ^^^^^^^^^^^^^^^^
  |
  = help: did you mean `real-heading`?

error: link to a missing page `c.md`
 --> content/b.md:5:32
  |
5 | See [a](a.md#real-headin), [c](c.md),
  |                                ^^^^
  |
  = help: did you mean `a.md`?

error: link to a missing file `pic.png`
 --> content/b.md:6:7
  |
6 | [img](pic.png), [up](../../x.md) and [self](#nowhere).
  |       ^^^^^^^
  |
  = help: link to pages by their `.md` file name

error: link `../../x.md` leads outside the content folder
 --> content/b.md:6:22
  |
6 | [img](pic.png), [up](../../x.md) and [self](#nowhere).
  |                      ^^^^^^^^^^

error: no heading `#nowhere` on this page
 --> content/b.md:6:45
  |
6 | [img](pic.png), [up](../../x.md) and [self](#nowhere).
  |                                             ^^^^^^^^

error: found 5 errors; nothing was written

"#]]
    );
}

#[test]
fn link_to_a_draft() {
    let site = SiteTest::new();
    site.file(
        "content/wip.md",
        "+++\ntitle = \"WIP\"\ndraft = true\n+++\n",
    );
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n[wip](wip.md)\n");
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: `wip.md` is a draft, left out of this build
 --> content/a.md:4:7
  |
4 | [wip](wip.md)
  |       ^^^^^^
  |
  = help: build with --drafts, or remove the link

error: found 1 error; nothing was written

"#]]
    );
    site.run(&["build", "--drafts"]).assert_code(0);
}

#[test]
fn unknown_template() {
    snapbox::assert_data_eq!(
        page_error("+++\ntitle = \"A\"\ntemplate = \"pgae.html\"\n+++\n"),
        snapbox::str![[r#"
error: the theme has no template `pgae.html`
 --> content/page.md:3:12
  |
3 | template = "pgae.html"
  |            ^^^^^^^^^^^
  |
  = help: did you mean `page.html`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn two_files_with_one_url() {
    let site = SiteTest::new();
    site.file("content/a/b.md", "+++\ntitle = \"B\"\n+++\n");
    site.file("content/a/b/_index.md", "+++\ntitle = \"B section\"\n+++\n");
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: this page would be published at `a/b/`, like `content/a/b.md`
--> content/a/b/_index.md
 = help: rename one of the two files

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn a_static_file_clashing_with_a_page() {
    let site = SiteTest::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file("content/a/index.html", "<p>hand-written</p>");
    let stderr = site.build_err();
    assert!(stderr.starts_with("error: two files would be written to `a/index.html`: content/a.md and content/a/index.html\n"), "{stderr}");
}

#[test]
fn invalid_utf8() {
    let site = SiteTest::new();
    std::fs::write(
        site.root.join("content/bin.md"),
        b"+++\ntitle = \"\xff\"\n+++\n",
    )
    .unwrap();
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: the file is not valid UTF-8 (at byte 13)
--> content/bin.md
 = help: save the file as UTF-8

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn bad_book_toml() {
    let site = SiteTest::new();
    site.file(
        "book.toml",
        "title = \"T\"\nbase_ulr = \"https://x.org/\"\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: unknown key `base_ulr`
 --> book.toml:2:1
  |
2 | base_ulr = "https://x.org/"
  | ^^^^^^^^
  |
  = help: did you mean `base_url`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn errors_from_all_files_are_reported_together() {
    let site = SiteTest::new();
    site.file("content/a.md", "+++\ntitel = \"A\"\n+++\n");
    site.file("content/b.md", "+++\ntitle = \"B\"\n+++\n[x](missing.md)\n");
    site.file("content/c.md", "no front matter\n");
    let stderr = site.build_err();
    assert!(stderr.contains("--> content/a.md:2:1"), "{stderr}");
    assert!(stderr.contains("--> content/b.md:4:5"), "{stderr}");
    assert!(stderr.contains("--> content/c.md:1:1"), "{stderr}");
    assert!(
        stderr.ends_with("error: found 3 errors; nothing was written\n"),
        "{stderr}"
    );
}

/// Damaged inputs of every shape: each must give a clean content error, never a panic.
#[test]
fn damaged_pages_never_panic() {
    let cases: &[&[u8]] = &[
        b"",
        b"+++",
        b"+++\n",
        b"+++\n+++",
        b"+++\n+++\n",
        b"+++\n\xe2\x82\n+++\n",
        b"+++\ntitle = 1\n+++\n",
        b"+++\ntitle = \"A\"\ntags = [1, 2]\n+++\n",
        b"+++\ntitle = \"A\"\ntags = [\"!!!\"]\n+++\n",
        b"+++\ntitle = \"A\"\ndate = 12:00:00\n+++\n",
        b"+++\ntitle = \"A\"\n[source]\n+++\n",
        b"+++\ntitle = \"A\"\n[[title]]\n+++\n",
        b"+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n",
        b"+++\ntitle = \"A\"\n+++\n[x](\xc3\xa9.md#\xc3\xa9)\n",
        b"+++\ntitle = \"A\"\n+++\n[x](../)\n",
        b"+++\ntitle = \"A\"\n+++\n[x](/../../a.md)\n",
        b"\xef\xbb\xbf",
        b"\r\n\r\n",
    ];
    for (i, case) in cases.iter().enumerate() {
        let site = SiteTest::new();
        std::fs::write(site.root.join("content/page.md"), case).unwrap();
        let outcome = site.run(&["build"]);
        assert_eq!(
            outcome.code,
            1,
            "case {i} {:?}:\n{}",
            String::from_utf8_lossy(case),
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("panicked"),
            "case {i}: {}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("content/page.md"),
            "case {i} names no file: {}",
            outcome.stderr
        );
    }
}

#[test]
fn links_to_a_page_with_broken_front_matter_are_not_reported_again() {
    let site = SiteTest::new();
    site.file("content/a.md", "+++\ntitel = \"A\"\n+++\n## Part\n");
    site.file("content/b.md", "+++\ntitle = \"B\"\n+++\n[a](a.md#part)\n");
    let stderr = site.build_err();
    assert!(
        stderr.starts_with("error: unknown key `titel`\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: found 1 error; nothing was written\n"),
        "{stderr}"
    );
}

#[test]
fn links_to_generated_files_are_fine() {
    let site = SiteTest::new();
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n[data](facts.json) and [map](sitemap.xml)\n",
    );
    site.run(&["check"]).assert_code(0);
}

/// `check` renders everything in memory, so it finds what only rendering finds, with the same
/// message as `build`.
/// Names the file system cannot hold (a tag's folder, a pair of subjects' folder) are errors
/// at the front matter that makes them, in `check` as in `build`, not failures to write.
#[test]
fn names_too_long_for_a_folder_are_errors_where_they_are_written() {
    let long_tag = "t".repeat(300);
    let long_id = "s".repeat(120);
    for (file, text, message) in [
        (
            "content/tagged.md",
            format!("+++\ntitle = \"Tagged\"\ntags = [\"{long_tag}\"]\n+++\n"),
            "error: this tag is too long for the name of its page's folder (300 bytes; at most 255)\n --> content/tagged.md:3:9",
        ),
        (
            "content/subjects/long.md",
            format!("+++\ntitle = \"Long\"\n[subject]\nid = \"{long_id}\"\nname = \"Long\"\n+++\n"),
            "error: the subject id is 120 bytes long; at most 100 fit in the names of comparison pages\n --> content/subjects/long.md:4:6",
        ),
    ] {
        let site = SiteTest::fixture("decision");
        site.file(file, &text);
        for command in ["check", "build"] {
            let outcome = site.run(&[command]);
            outcome.assert_code(1);
            assert!(
                outcome.stderr.starts_with(message),
                "{command}: {}",
                outcome.stderr
            );
        }
    }
}

#[test]
fn check_finds_what_build_finds() {
    for (file, text) in [
        // Its page would be written where the list of comparisons is.
        ("content/compare.md", "+++\ntitle = \"Compare\"\n+++\n"),
        // A template that fails only when it renders.
        (
            "theme/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.titel.x }}{% endblock main %}",
        ),
    ] {
        let site = SiteTest::fixture("decision");
        site.file(file, text);
        let check = site.run(&["check"]);
        check.assert_code(1);
        let build = site.build_err();
        let first_line = |text: &str| text.lines().next().unwrap_or("").to_string();
        assert_eq!(first_line(&check.stderr), first_line(&build), "{file}");
        assert!(
            !site.root.join("site").exists(),
            "{file}: build wrote a site"
        );
    }
}
