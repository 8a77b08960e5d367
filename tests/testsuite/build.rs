//! Whole builds of fixture sites, checked file by file.

use std::fs;

use crate::site_test::{SiteTest, fixtures, main_region};

/// Compares the `<main>` region of every page of the site built into `out` with
/// `<expected>/<page>.html` of the fixture (snapshots: `SNAPSHOTS=overwrite cargo test` writes
/// them after a change is reviewed), and refuses expected files for pages no longer built.
fn check_main_regions(site: &SiteTest, out: &str, fixture: &str, expected: &str) {
    let expected_dir = fixtures().join(fixture).join(expected);
    let output = site.tree(out);
    for (page, bytes) in output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let actual = format!("{}\n", main_region(&html));
        let path = expected_dir.join(page);
        snapbox::assert_data_eq!(actual, snapbox::Data::read_from(&path, None).raw());
    }
    for expected in crate::site_test::read_tree(&expected_dir).keys() {
        assert!(
            output.contains_key(expected),
            "stale expected file {expected}"
        );
    }
}

#[test]
fn basic_site_builds_every_file() {
    let site = SiteTest::fixture("basic");
    let outcome = site.build();
    assert!(
        outcome.stdout.starts_with(
            "Built 7 pages (3 sections, 2 tags), 0 subjects and 0 facts into site in "
        ),
        "{}",
        outcome.stdout
    );
    // The search index's files are named by their contents (tested in search.rs).
    let (index, files): (Vec<String>, Vec<String>) =
        (site.tree("site").into_keys()).partition(|path| path.starts_with("pagefind/"));
    assert!(
        index.contains(&"pagefind/pagefind.js".to_string()),
        "{index:?}"
    );
    assert_eq!(
        files,
        [
            ".factbook-site",
            "404.html",
            "about/index.html",
            "atom.xml",
            "css/style.css",
            "favicon.svg",
            "guide/advanced/index.html",
            "guide/advanced/tuning/index.html",
            "guide/diagram.svg",
            "guide/index.html",
            "guide/install/index.html",
            "guide/usage/index.html",
            "index.html",
            "js/decision.js",
            "js/search.js",
            "js/site.js",
            "robots.txt",
            "sitemap.xml",
            "tags/index.html",
            "tags/meta/index.html",
            "tags/usage/index.html",
        ]
    );
    check_main_regions(&site, "site", "basic", "expected");
    // What users get by default: minified pages.
    site.run(&["build", "--out", "minified"]).assert_code(0);
    check_main_regions(&site, "minified", "basic", "expected-minified");
}

#[test]
fn pages_link_relatively_so_the_site_works_under_any_path() {
    let site = SiteTest::fixture("basic");
    site.build();
    for (path, bytes) in site.tree("site") {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/"] {
            assert!(
                !html.contains(attr),
                "{path} has a root-absolute URL ({attr})"
            );
        }
    }
    let page = site.output("guide/usage/index.html");
    assert!(page.contains(r#"<link rel="stylesheet" href="../../css/style.css">"#));
    assert!(page.contains(r#"<a class="site-title" href="../../">Basic</a>"#));
}

#[test]
fn navigation_breadcrumbs_and_pager_follow_the_section_tree() {
    let site = SiteTest::fixture("basic");
    site.build();
    let page = site.output("guide/usage/index.html");
    // Reading order: home, guide, install, usage, advanced, tuning, about.
    assert!(
        page.contains(
            r#"<a class="prev" href="../install/" rel="prev"><span>Previous</span> Install</a>"#
        ),
        "{page}"
    );
    assert!(
        page.contains(
            r#"<a class="next" href="../advanced/" rel="next"><span>Next</span> Advanced</a>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<li><a href="../../">Basic</a></li><li><a href="../">Guide</a></li><li aria-current="page">Usage</li>"#), "{page}");
    assert!(
        page.contains(r#"<a href="./" aria-current="page">Usage</a>"#),
        "{page}"
    );
    // The sidebar shows the root's entries, in which the way down to this page's section opens
    // on that section's entries, in order: every top-level section is one click away.
    let sidebar = &page[page.find(r#"<nav class="sidebar""#).unwrap()..];
    assert!(
        sidebar.contains(r#"<li class="nav-section open"><a href="../">Guide</a>"#),
        "{sidebar}"
    );
    let install = sidebar
        .find(r#"<a href="../install/">Install</a>"#)
        .unwrap();
    let advanced = sidebar
        .find(r#"<a href="../advanced/">Advanced</a>"#)
        .unwrap();
    let about = sidebar.find(r#"<a href="../../about/">About</a>"#).unwrap();
    assert!(install < advanced && advanced < about, "{sidebar}");
    // The phone menu at the top lists the root's entries, the one on the way marked.
    let menu = &page[page.find(r#"<details class="site-menu">"#).unwrap()..];
    let menu = &menu[..menu.find("</details>").unwrap()];
    assert!(
        menu.contains(r#"<a href="../" class="open">Guide</a>"#),
        "{menu}"
    );
    assert!(
        menu.contains(r#"<a href="../../about/">About</a>"#),
        "{menu}"
    );
    // At the top level, the sidebar lists the root's entries.
    let about = site.output("about/index.html");
    let sidebar = &about[about.find(r#"<nav class="sidebar""#).unwrap()..];
    assert!(
        sidebar.contains(r#"<a href="../guide/">Guide</a>"#),
        "{sidebar}"
    );
}

#[test]
fn backlinks_tags_and_toc_are_shown() {
    let site = SiteTest::fixture("basic");
    site.build();
    let about = site.output("about/index.html");
    assert!(about.contains("Pages that link here"));
    assert!(
        about.contains(
            r#"<li><a href="../">Basic</a></li><li><a href="../guide/install/">Install</a></li>"#
        ),
        "{about}"
    );
    let usage = site.output("guide/usage/index.html").replace('\n', "");
    assert!(
        usage.contains(r##"<li><a href="#run">Running it</a><ol><li><a href="#flags">Flags</a></li></ol></li><li><a href="#stopping-it">Stopping it</a></li>"##),
        "{usage}"
    );
    assert!(
        usage.contains(r#"<a href="../../tags/usage/" rel="tag">Usage</a>"#),
        "{usage}"
    );
    let tag = site.output("tags/meta/index.html");
    assert!(tag.contains(r#"<a href="../../about/">About</a>"#), "{tag}");
    assert!(
        tag.contains(r#"<a href="../../guide/usage/">Usage</a>"#),
        "{tag}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic");
    site.build();
    assert!(!site.root.join("site/guide/draft").exists());
    site.run(&["build", "--drafts"]).assert_code(0);
    assert!(site.output("guide/draft/index.html").contains("Draft"));
}

#[test]
fn sitemap_uses_absolute_urls_from_base_url() {
    let site = SiteTest::fixture("basic");
    site.build();
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://example.org/docs/</loc></url>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<url><loc>https://example.org/docs/guide/usage/</loc><lastmod>2025-04-02</lastmod></url>"), "{sitemap}");
    assert!(
        sitemap.contains("<loc>https://example.org/docs/tags/meta/</loc>"),
        "{sitemap}"
    );
    // The 404 page is served at any address: its links start at the site's path, it sets no
    // <base> (its skip link stays on the page) and names no canonical address.
    let not_found = site.output("404.html");
    assert!(!not_found.contains("<base"), "{not_found}");
    assert!(!not_found.contains("canonical"), "{not_found}");
    assert!(
        not_found.contains(r#"href="/docs/css/style.css""#),
        "{not_found}"
    );
    assert!(
        not_found.contains(r#"<a href="/docs/guide/">"#),
        "{not_found}"
    );
    assert!(not_found.contains(r##"href="#main""##), "{not_found}");
    // robots.txt points at the sitemap.
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/docs/sitemap.xml\n"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let first = site.tree("site");
    site.run(&["build"]).assert_code(0);
    assert_eq!(first, site.tree("site"));
}

#[test]
fn minified_pages_are_smaller_and_keep_their_text() {
    let site = SiteTest::fixture("basic");
    site.build();
    let plain = site.output("guide/usage/index.html");
    site.run(&["build"]).assert_code(0);
    let minified = site.output("guide/usage/index.html");
    assert!(
        minified.len() < plain.len(),
        "{} vs {}",
        minified.len(),
        plain.len()
    );
    assert!(minified.contains("Press a key."));
    assert!(!minified.contains("\n  "));
}

#[test]
fn the_bundled_site_builds() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_factbook"))
        .args(["build", "--root", repo, "--out"])
        .arg(&out_dir)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out_dir.join("index.html").is_file());
    assert!(
        out_dir
            .join("sources/which-backend-2026/index.html")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_leading_outside_the_content_is_not_published() {
    let site = SiteTest::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    fs::write(
        outside.path().join("page.md"),
        "+++\ntitle = \"Outside\"\n+++\nSecret text.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root.join("content/linked")).unwrap();
    // A folder of the site that is not content (here, the output itself) is outside too.
    site.build();
    std::os::unix::fs::symlink(site.root.join("site"), site.root.join("content/mirror")).unwrap();
    let outcome = site.build();
    let published = site.tree("site");
    assert!(
        published
            .keys()
            .all(|p| !p.starts_with("linked") && !p.starts_with("mirror")),
        "{:?}",
        published.keys().collect::<Vec<_>>()
    );
    assert!(
        published
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("Secret text")),
        "a page outside the content was rendered"
    );
    for link in ["content/linked", "content/mirror"] {
        assert!(
            outcome.stderr.contains(&format!(
                "warning: symlink leads outside the site's content; not followed\n--> {link}"
            )),
            "{}",
            outcome.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_site_are_not_followed() {
    let site = SiteTest::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root.join("content/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        site.root.join("content/about.md"),
        site.root.join("content/alias.txt"),
    )
    .unwrap();
    let outcome = site.build();
    assert!(!site.root.join("site/leak.txt").exists());
    assert!(
        site.root.join("site/alias.txt").exists(),
        "a link inside the site is followed"
    );
    assert!(
        outcome.stderr.contains(
            "warning: symlink leads outside the site's content; not followed\n--> content/leak.txt"
        ),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_long_sections_sidebar_shows_the_pages_around_the_current_one() {
    let site = SiteTest::new();
    site.file("content/log/_index.md", "+++\ntitle = \"Log\"\n+++\n");
    for i in 0..50 {
        site.file(
            &format!("content/log/p{i:02}.md"),
            &format!("+++\ntitle = \"Entry {i:02}\"\nweight = {i}\n+++\n"),
        );
    }
    site.run(&["build"]).assert_code(0);
    let page = site.output("log/p25/index.html");
    let start = page.find("class=sidebar").expect("a sidebar");
    let sidebar = &page[start..start + page[start..].find("</nav>").unwrap()];
    let entries: Vec<usize> = (0..50)
        .filter(|i| sidebar.contains(&format!(">Entry {i:02}<")))
        .collect();
    assert_eq!(entries, (15..=35).collect::<Vec<_>>(), "{sidebar}");
    assert!(
        sidebar.contains(r#"<a href="../">15 more in Log</a>"#),
        "{sidebar}"
    );
    assert!(
        sidebar.contains(r#"<a href="../">14 more in Log</a>"#),
        "{sidebar}"
    );
    // The section's own page lists every entry.
    let index = site.output("log/index.html");
    assert!((0..50).all(|i| index.contains(&format!("Entry {i:02}"))));
}

/// A page deep in nested sections links to the top level and the levels just above it, not to
/// every level on the way: what a page repeats stays bounded however deep the folders go.
#[test]
fn a_deep_pages_sidebar_and_breadcrumbs_show_the_top_and_the_levels_above_it() {
    let site = SiteTest::new();
    let mut folder = String::from("content");
    for i in 0..30 {
        folder.push_str(&format!("/s{i:02}"));
        site.file(
            &format!("{folder}/_index.md"),
            &format!("+++\ntitle = \"Level {i:02}\"\n+++\n"),
        );
        site.file(&format!("{folder}/a.md"), "+++\ntitle = \"A page\"\n+++\n");
    }
    site.run(&["build"]).assert_code(0);
    let deepest = folder.strip_prefix("content/").unwrap();
    let page = site.output(&format!("{deepest}/a/index.html"));
    let part = |class: &str| {
        let start = page.find(&format!("class={class}")).expect(class);
        page[start..start + page[start..].find("</nav>").unwrap()].to_string()
    };
    let levels = |html: &str| -> Vec<usize> {
        (0..30)
            .filter(|i| html.contains(&format!("Level {i:02}<")))
            .collect()
    };
    let sidebar = part("sidebar");
    assert_eq!(levels(&sidebar), vec![0, 25, 26, 27, 28, 29], "{sidebar}");
    assert!(
        sidebar.contains("<span aria-hidden=true>… </span>Level 25</a>"),
        "{sidebar}"
    );
    let crumbs = part("breadcrumbs");
    assert_eq!(levels(&crumbs), vec![0, 27, 28, 29], "{crumbs}");
    assert!(crumbs.contains("<li>…</li>"), "{crumbs}");
    // Every list the sidebar opens is closed.
    assert_eq!(
        sidebar.matches("<ul>").count(),
        sidebar.matches("</ul>").count()
    );
}

#[test]
fn base_url_on_the_command_line_publishes_a_deploy_preview() {
    let site = SiteTest::fixture("basic");
    site.run(&["build", "--base-url", "https://preview.example.net/pr-7/"])
        .assert_code(0);
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://preview.example.net/pr-7/guide/usage/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("example.org"), "{sitemap}");
    assert!(
        site.output("404.html")
            .contains(r#"href="/pr-7/css/style.css""#),
        "the 404 page's links start at the preview's path"
    );
    // A relative address is refused before anything is built.
    let refused = site.run(&["build", "--base-url", "pr-7/"]);
    refused.assert_code(2);
    assert!(
        refused.stderr.contains("an absolute http(s) URL"),
        "{}",
        refused.stderr
    );
}

/// The feed is well-formed Atom with what RFC 4287 requires (a feed's id, title, updated and
/// author; each entry's id, title, updated and link), lists the dated pages newest first with
/// absolute addresses, and every page links it from its head. Without `base_url`, there is none.
#[test]
fn the_atom_feed_lists_the_dated_pages_newest_first() {
    let site = SiteTest::fixture("basic");
    site.file(
        "content/guide/news.md",
        "+++\ntitle = \"News & <notes>\"\ndate = 2025-05-01\ndescription = \"What changed\"\n+++\nSee [the install](install.md).\n",
    );
    site.run(&["build"]).assert_code(0);
    let xml = site.output("atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text().map(str::to_string))
    };
    for name in ["id", "title", "updated"] {
        assert!(child(feed, name).is_some(), "the feed has no {name}: {xml}");
    }
    assert!(
        feed.descendants().any(|n| n.tag_name().name() == "author"),
        "{xml}"
    );
    assert_eq!(
        child(feed, "updated").as_deref(),
        Some("2025-05-01T00:00:00Z")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    let ids: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/docs/guide/news/",
            "https://example.org/docs/guide/usage/",
            "https://example.org/docs/guide/install/",
        ]
    );
    for entry in &entries {
        assert!(child(*entry, "title").is_some() && child(*entry, "updated").is_some());
        assert!(
            entry.children().any(|c| c.tag_name().name() == "link"),
            "{xml}"
        );
    }
    assert_eq!(
        child(entries[0], "title").as_deref(),
        Some("News & <notes>")
    );
    let content = entries[0]
        .children()
        .find(|c| c.tag_name().name() == "content")
        .unwrap();
    assert!(
        content.text().unwrap().contains("<a href=\"../install/\">"),
        "{xml}"
    );
    let home = site.output("index.html");
    assert!(
        home.contains(
            r#"<link href="./atom.xml" title="Basic" rel=alternate type=application/atom+xml><link"#
        ),
        "{home}"
    );

    let site = SiteTest::fixture("basic");
    site.file("book.toml", "title = \"No address\"\n");
    site.run(&["build"]).assert_code(0);
    assert!(!site.root.join("site/atom.xml").exists());
    assert!(!site.output("index.html").contains("atom"));
}

/// Pages link to the pages factbook makes — a pair's comparison, the list of comparisons, a
/// tag's page, the data files — by their address, checked like any link; a pair named in the
/// wrong order gets the right one as a suggestion.
#[test]
fn pages_link_to_generated_pages_by_their_address() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/sources/notes.md",
        "+++\ntitle = \"Notes\"\ntags = [\"async\"]\n+++\n[Side by side](../compare/django-vs-nodejs/), [all](../compare/), [tag](../tags/async/), [data](../facts.csv).\n",
    );
    site.run(&["build"]).assert_code(0);
    let notes = site.output("sources/notes/index.html");
    for href in [
        "../../compare/django-vs-nodejs/",
        "../../compare/",
        "../../tags/async/",
        "../../facts.csv",
    ] {
        assert!(
            notes.contains(&format!("href=\"{href}\"")),
            "{href}: {notes}"
        );
    }
    assert!(
        site.root
            .join("site/compare/django-vs-nodejs/index.html")
            .is_file()
    );
    assert!(site.root.join("site/tags/async/index.html").is_file());

    site.file(
        "content/sources/notes.md",
        "+++\ntitle = \"Notes\"\n+++\n[Side by side](../compare/nodejs-vs-django/).\n",
    );
    let stderr = site.build_err();
    assert!(
        stderr.contains("link to a missing section `compare/nodejs-vs-django/`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `compare/django-vs-nodejs/`?"),
        "{stderr}"
    );
}
