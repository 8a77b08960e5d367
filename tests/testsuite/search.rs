//! Search: what goes into the Pagefind index (read back from its fragments, one per page or
//! record), the filters from the model, `[search]` settings, deterministic output, and the
//! dev server's index equal to a build's.

use std::collections::BTreeMap;
use std::io::Read;

use factbook::session::{Rebuild, Session};
use serde_json::Value;

use crate::site_test::SiteTest;

/// Every fragment of the index under `out` (relative to the site root), by URL: what Pagefind
/// stored of each page or record (its text, filters and meta).
fn fragments(site: &SiteTest, out: &str) -> BTreeMap<String, Value> {
    let mut found = BTreeMap::new();
    for (path, bytes) in site.tree(&format!("{out}/pagefind/fragment")) {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("a Pagefind fragment");
        let fragment: Value = serde_json::from_str(json).unwrap();
        found.insert(fragment["url"].as_str().unwrap().to_string(), fragment);
    }
    found
}

fn content(fragment: &Value) -> &str {
    fragment["content"].as_str().unwrap()
}

#[test]
fn pages_are_indexed_by_their_main_content_with_their_filters() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/sources/a.md",
        &std::fs::read_to_string(site.root.join("content/sources/a.md"))
            .unwrap()
            .replace("A summary of the first article.", "Zanzibar quokkas agree."),
    );
    site.run(&["build"]).assert_code(0);
    let found = fragments(&site, "site");
    let page = &found["/sources/a/"];
    assert!(content(page).contains("Zanzibar quokkas agree."), "{page}");
    // The header, sidebar and footer are not the page's text: other pages' titles are there.
    assert!(!content(page).contains("Facts fixture"), "{page}");
    assert!(!content(page).contains("Article B"), "{page}");
    assert_eq!(page["meta"]["title"], "Article A");
    assert_eq!(page["filters"]["kind"], serde_json::json!(["Source"]));
    assert_eq!(
        page["filters"]["subject"],
        serde_json::json!(["Django", "Node.js"])
    );
    assert_eq!(
        found["/subjects/django/"]["filters"]["kind"],
        serde_json::json!(["Subject"])
    );
    let pair = &found["/compare/django-vs-nodejs/"];
    assert_eq!(pair["filters"]["kind"], serde_json::json!(["Comparison"]));
    // Facts are indexed once, as criterion records, not in every table that shows them.
    assert!(!content(pair).contains("Instagram"), "{pair}");
    assert!(!found.contains_key("/404.html"));
    // Lists of links are not results: the tag pages, the tags index, the list of comparisons.
    assert!(
        found.keys().all(|u| !u.starts_with("/tags/")),
        "{:?}",
        found.keys()
    );
    assert!(!found.contains_key("/compare/"));
}

#[test]
fn each_criterion_is_a_record_that_links_to_its_row() {
    let site = SiteTest::fixture("facts");
    site.run(&["build"]).assert_code(0);
    let found = fragments(&site, "site");
    let (url, record) = found
        .iter()
        .find(|(_, f)| f["meta"]["title"] == "Notable users")
        .expect("a record of the criterion");
    let (page, anchor) = url.split_once('#').expect("a link to a row");
    assert_eq!(page, "/compare/django-vs-nodejs/");
    let html = site.output("compare/django-vs-nodejs/index.html");
    assert!(html.contains(&format!("<tr id=\"{anchor}\"")), "{anchor}");
    let text = content(record);
    assert_eq!(
        text,
        "Notable users. Django: Instagram (The first article, The second article); \
         Mozilla (The first article); Pinterest (The second article). Node.js: not stated."
    );
    assert_eq!(record["filters"]["kind"], serde_json::json!(["Criterion"]));
    assert_eq!(record["meta"]["section"], "Django vs Node.js");
}

#[test]
fn excluded_pages_and_sections_are_left_out_and_search_can_be_off() {
    let site = SiteTest::fixture("facts");
    let book = std::fs::read_to_string(site.root.join("book.toml")).unwrap();
    site.file(
        "book.toml",
        &format!("{book}\n[search]\nexclude = [\"sources/\", \"subjects/nodejs.md\"]\n"),
    );
    site.run(&["build"]).assert_code(0);
    let found = fragments(&site, "site");
    assert!(
        found.keys().all(|u| !u.starts_with("/sources/")),
        "{:?}",
        found.keys()
    );
    assert!(!found.contains_key("/subjects/nodejs/"));
    assert!(found.contains_key("/subjects/django/"));
    // An excluded page carries no filters for the index either.
    assert!(
        !site
            .output("sources/a/index.html")
            .contains("data-pagefind-filter")
    );

    // A misspelt entry is a warning with a suggestion; the build goes on.
    site.file(
        "book.toml",
        &format!("{book}\n[search]\nexclude = [\"sourcs/\"]\n"),
    );
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(
        built
            .stderr
            .contains("`[search] exclude` names `sourcs/`, which is no page or folder")
            && built.stderr.contains("did you mean `sources/`?"),
        "{}",
        built.stderr
    );

    site.file("book.toml", &format!("{book}\n[search]\nenabled = false\n"));
    site.run(&["build"]).assert_code(0);
    assert!(!site.root.join("site/pagefind").exists());
    let home = site.output("index.html");
    assert!(
        !home.contains("data-search"),
        "no search button without an index"
    );
}

#[test]
fn two_builds_write_the_same_index_and_serve_indexes_the_same() {
    let site = SiteTest::fixture("facts");
    site.run(&["build", "--out", "one"]).assert_code(0);
    site.run(&["build", "--out", "two"]).assert_code(0);
    let one = site.tree("one/pagefind");
    assert!(
        one.keys().any(|p| p.starts_with("index/")),
        "{:?}",
        one.keys()
    );
    assert!(one.contains_key("pagefind.js"));
    assert_eq!(one, site.tree("two/pagefind"));

    let mut session = Session::new(&site.root, false);
    assert!(matches!(session.rebuild(), Ok(Rebuild::Changed { .. })));
    let input = session
        .search_input()
        .expect("the first build has an index to make");
    let served: BTreeMap<String, Vec<u8>> = factbook::search::index(&input)
        .unwrap()
        .into_iter()
        .map(|(path, bytes)| {
            (
                path.strip_prefix("pagefind/").unwrap().to_string(),
                bytes.to_vec(),
            )
        })
        .collect();
    assert_eq!(served, one);
}
