//! Facts: aggregation shown in tables, subject and source pages, facts.json, and every fact
//! error with its exact diagnostic.

use std::fs;

use crate::site_test::SiteTest;

/// The cell of `row` (a criterion label) for the `nth` subject column of the first table in
/// `html` — the text between that row's `<td` and `</td>`.
fn cell<'a>(html: &'a str, row: &str, nth: usize) -> &'a str {
    let row_start = html
        .find(&format!("<th scope=\"row\">{row}"))
        .unwrap_or_else(|| panic!("no row {row}"));
    let row_html = &html[row_start..html[row_start..].find("</tr>").unwrap() + row_start];
    let mut rest = row_html;
    for _ in 0..nth {
        rest = &rest[rest.find("</td>").unwrap() + 5..];
    }
    let start = rest.find("<td").unwrap();
    &rest[start..rest[start..].find("</td>").unwrap() + start]
}

#[test]
fn the_pair_table_shows_consensus_disagreement_lists_and_unknowns() {
    let site = SiteTest::fixture("facts");
    let outcome = site.build();
    assert!(
        outcome.stdout.starts_with(
            "Built 8 pages (3 sections, 0 tags), 2 subjects and 17 facts into site in "
        ),
        "{}",
        outcome.stdout
    );
    let html = site.output("compare/django-vs-nodejs/index.html");
    // Consensus: one value, both sources cited, in table order [1] [2], each citation a link
    // to the page's list of sources.
    let language = cell(&html, "Language", 0);
    assert!(language.contains(r##"<span class="value-text">Python</span><span class="cites"><a class="cite" href="#fb-source-1" aria-label="Source 1: Article A">1</a><a class="cite" href="#fb-source-2" aria-label="Source 2: Article B">2</a></span>"##), "{language}");
    assert!(!language.contains("disputed"));
    // Disagreement: both values, each with its own source, marked in words.
    let async_since = cell(&html, "Async views since", 0);
    assert!(async_since.starts_with(r#"<td data-label="Django" class="disputed"><span class="badge badge-disputed">Disputed</span>"#), "{async_since}");
    assert!(
        async_since.contains(
            r##"<span class="value-text">3.1</span><span class="cites"><a class="cite" href="#fb-source-1""##
        ),
        "{async_since}"
    );
    assert!(
        async_since.contains(
            r##"<span class="value-text">4.1</span><span class="cites"><a class="cite" href="#fb-source-2""##
        ),
        "{async_since}"
    );
    assert!(
        async_since.contains(r#"<span class="fact-note">[2] (as of 2025)</span>"#),
        "{async_since}"
    );
    // A list merges, each item with its sources.
    let users = cell(&html, "Notable users", 0);
    assert!(users.contains(r##"<ul class="values is-list"><li><span class="value-text">Instagram</span><span class="cites"><a class="cite" href="#fb-source-1""##), "{users}");
    assert_eq!(users.matches("<li>").count(), 3, "{users}");
    // Unknown is not "No", and does not make the cell disputed.
    let admin = cell(&html, "Built-in admin", 1);
    assert!(
        admin.contains(r#"<span class="value-text">No</span>"#),
        "{admin}"
    );
    assert!(
        admin.contains(r#"<li class="unknown"><span class="value-text">Unknown</span>"#),
        "{admin}"
    );
    assert!(admin.contains("not discussed"), "{admin}");
    assert!(!admin.contains("disputed"), "{admin}");
    // A rating is text plus a scale; the better value is marked in words.
    let realtime = cell(&html, "Real-time support", 1);
    assert!(
        realtime.starts_with(
            r#"<td data-label="Node.js" class="best"><span class="badge badge-best">Best</span>"#
        ),
        "{realtime}"
    );
    assert!(realtime.contains(r#"excellent</span><span class="scale" aria-hidden="true"><span class="step on"></span><span class="step on"></span><span class="step on"></span><span class="step on"></span></span>"#), "{realtime}");
    assert!(cell(&html, "Concurrent connections", 0).contains("No data"));
    assert!(cell(&html, "Concurrent connections", 1).contains("50,000 connections"));
    // The page's list of sources, numbered as cited.
    assert!(html.contains(r#"<ol><li id="fb-source-1"><a href="../../sources/a/">Article A</a>, on <cite>The first article</cite></li><li id="fb-source-2"><a href="../../sources/b/">Article B</a>, on <cite>The second article</cite></li><li id="fb-source-3"><a href="../../sources/c/">Article C</a></li></ol>"#), "{html}");
    assert!(
        html.contains(
            r#"<caption id="compare-1-caption">Django vs Node.js: where they differ</caption>"#
        ),
        "{html}"
    );
    assert!(
        !html.contains("agreements"),
        "they agree on nothing: {html}"
    );
}

#[test]
fn tables_are_accessible_and_stack_on_phones() {
    let site = SiteTest::fixture("facts");
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    // The page scrolls, not the table (its header row sticks); only a table of many subjects
    // scrolls sideways, as a labelled, focusable region.
    assert!(html.contains(r#"<figure class="compare"><div class="table-wrap"><table class="compare-table" id="compare-1">"#), "{html}");
    assert!(html.contains(
        r#"<caption id="compare-1-caption">Django vs Node.js: where they differ</caption>"#
    ));
    assert!(html.contains(r#"<thead><tr><th scope="col">Criterion</th><th scope="col" data-subject="django"><a href="../../subjects/django/">Django</a></th>"#));
    assert!(html.contains(
        r#"<tr class="group-row"><th scope="colgroup" colspan="3">Performance</th></tr>"#
    ));
    let css = site.output("css/style.css");
    assert!(
        css.contains("td::before { content: attr(data-label);"),
        "cells carry their subject's name for the stacked layout"
    );
}

#[test]
fn a_compare_block_shows_the_chosen_criteria_in_place() {
    let site = SiteTest::fixture("facts");
    site.build();
    let home = site.output("index.html");
    assert!(
        !home.contains("factbook:compare"),
        "the placeholder was replaced"
    );
    assert!(
        home.contains(r#"<caption id="compare-1-caption">Real-time, in short</caption>"#),
        "{home}"
    );
    let rows: Vec<&str> = home
        .match_indices(r#"<th scope="row">"#)
        .map(|(i, _)| &home[i + 16..i + 30])
        .collect();
    assert_eq!(
        rows,
        ["Real-time supp", "Async views si"],
        "only the chosen criteria, in schema order"
    );
    assert!(
        home.contains(r#"<li id="fb-source-1"><a href="sources/a/">Article A</a>"#),
        "the page's sources are linked relative to the page"
    );
}

#[test]
fn subject_and_source_pages_list_their_facts() {
    let site = SiteTest::fixture("facts");
    site.build();
    let django = site.output("subjects/django/index.html");
    assert!(django.contains("<h2 id=\"fb-subject-facts\">Facts about Django</h2>"));
    assert!(django.contains(r#"<caption id="subject-facts-caption">Facts about Django</caption>"#));
    assert!(django.contains(r#"<a href="https://www.djangoproject.com/">Official site</a>"#));
    assert!(
        django.contains(
            r#"<li><a href="../../compare/django-vs-nodejs/">Django vs Node.js</a></li>"#
        )
    );
    assert!(django.contains(r#"<ul><li><a href="../../sources/a/">Article A</a></li><li><a href="../../sources/b/">Article B</a></li></ul>"#), "{django}");
    let b = site.output("sources/b/index.html");
    assert!(b.contains("Facts stated on this page"));
    assert!(b.contains(r#"<tr><th scope="row">Async views since</th><td>4.1 <span class="badge badge-disputed">Disputed</span></td><td> (as of 2025)</td></tr>"#), "{b}");
}

#[test]
fn facts_json_lists_every_fact_with_its_source() {
    let site = SiteTest::fixture("facts");
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["subjects"][1]["id"], "nodejs");
    assert_eq!(json["subjects"][1]["url"], "subjects/nodejs/");
    assert_eq!(json["criteria"][4]["scale"][3], "excellent");
    let facts = json["facts"].as_array().unwrap();
    assert_eq!(facts.len(), 17);
    let find = |subject: &str, criterion: &str, page: &str| {
        facts
            .iter()
            .find(|f| {
                f["subject"] == subject
                    && f["criterion"] == criterion
                    && f["source"]["path"] == page
            })
            .unwrap_or_else(|| panic!("no fact {subject}/{criterion} from {page}"))
    };
    let realtime = find("django", "realtime", "sources/a.md");
    assert_eq!(realtime["value"], "moderate");
    assert_eq!(realtime["note"], "needs Channels");
    assert_eq!(realtime["source"]["title"], "Article A");
    assert_eq!(realtime["source"]["url"], "sources/a/");
    assert_eq!(realtime["source"]["article"], "The first article");
    assert_eq!(
        find("nodejs", "connections", "sources/a.md")["value"],
        50000
    );
    assert_eq!(
        find("django", "first_release", "sources/a.md")["value"],
        2005
    );
    assert_eq!(
        find("django", "async_since", "sources/b.md")["disputed"],
        true
    );
    let unknown = find("nodejs", "admin", "sources/c.md");
    assert_eq!(unknown["value"], serde_json::Value::Null);
    assert_eq!(unknown["unknown"], true);
    assert_eq!(find("nodejs", "admin", "sources/b.md")["value"], false);
    assert_eq!(
        find("django", "users", "sources/b.md")["value"][1],
        "Pinterest"
    );
}

#[test]
fn a_table_cites_each_value_with_links_to_its_source_pages() {
    let site = SiteTest::fixture("facts");
    site.run(&["build"]).assert_code(0);
    let html = site.output("compare/django-vs-nodejs/index.html");
    assert!(html.contains(r##"<span class="value-text">Python</span><span class="cites"><a class="cite" href="#fb-source-1" aria-label="Source 1: Article A">1</a><a class="cite" href="#fb-source-2" aria-label="Source 2: Article B">2</a></span>"##), "{html}");
    assert!(
        html.contains(r#"<li id="fb-source-1"><a href="../../sources/a/">Article A</a>"#),
        "{html}"
    );
}

#[test]
fn the_pair_page_folds_the_criteria_where_the_two_agree() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/sources/d.md",
        "+++\ntitle = \"Article D\"\n[facts.django]\nconnections = 50000\n+++\nD.\n",
    );
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    let folded = html
        .find(r#"<details class="agreements">"#)
        .expect("{html}");
    let (differ, agree) = html.split_at(folded);
    assert!(differ.contains(r#"<th scope="row">Language"#), "{differ}");
    assert!(
        !differ.contains(r#"<th scope="row">Concurrent connections"#),
        "{differ}"
    );
    assert!(
        agree.contains(
            r#"<caption id="compare-2-caption">Django vs Node.js: where they agree</caption>"#
        ),
        "{agree}"
    );
    assert!(
        agree.contains(
            r#"<tr id="compare-2-connections" class="row-same"><th scope="row">Concurrent connections"#
        ),
        "{agree}"
    );
}

#[test]
fn a_source_keeps_its_number_in_every_table_of_a_page() {
    let site = SiteTest::fixture("facts");
    // The second table cites the source the first one cites second, and one more.
    site.file(
        "content/two-tables.md",
        "+++\ntitle = \"Two tables\"\n+++\n```compare\nsubjects = [\"django\"]\ncriteria = [\"language\"]\n```\n\nAnd:\n\n```compare\nsubjects = [\"nodejs\"]\ncriteria = [\"admin\"]\n```\n",
    );
    site.build();
    let html = site.output("two-tables/index.html");
    let second = &html[html.find(r#"id="compare-2""#).expect("the second table")..];
    let cites: Vec<&str> = second
        .split(r#"<a class="cite" href=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(cites, ["#fb-source-2", "#fb-source-3"], "{second}");
    assert_eq!(
        html.matches(r#"<li id="fb-source-"#).count(),
        3,
        "one list, each source once: {html}"
    );
}

#[test]
fn facts_json_holds_every_fact_in_reading_order_however_many() {
    // More facts than one of the parallel pieces facts.json is written in.
    let site = SiteTest::fixture("facts");
    let pages = 700;
    for i in 0..pages {
        site.file(
            &format!("content/sources/many-{i:03}.md"),
            &format!(
                "+++\ntitle = \"Many {i}\"\nweight = {}\n[facts.django]\nconnections = {i}\nlanguage = \"Python & <co>\"\n[facts.nodejs]\nconnections = {}\n+++\n",
                100 + i,
                i + 1
            ),
        );
    }
    site.build().assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let facts = json["facts"].as_array().unwrap();
    let many: Vec<(String, String, serde_json::Value)> = facts
        .iter()
        .filter(|f| f["source"]["path"].as_str().unwrap().contains("many-"))
        .map(|f| {
            (
                f["source"]["path"].as_str().unwrap().to_string(),
                f["criterion"].as_str().unwrap().to_string(),
                f["value"].clone(),
            )
        })
        .collect();
    assert_eq!(many.len(), pages * 3);
    for (i, chunk) in many.chunks(3).enumerate() {
        let path = format!("sources/many-{i:03}.md");
        assert_eq!(chunk[0], (path.clone(), "connections".into(), i.into()));
        assert_eq!(
            chunk[1],
            (path.clone(), "language".into(), "Python & <co>".into())
        );
        assert_eq!(chunk[2], (path, "connections".into(), (i + 1).into()));
    }
    assert!(!site.output("facts.json").contains('<'));
}

#[test]
fn markup_in_facts_is_text_everywhere() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/sources/d.md",
        "+++\ntitle = \"D\"\n[facts.django]\nlanguage = { value = \"</table><b>x</b>\", note = \"<script>alert(2)</script>\" }\n+++\n",
    );
    site.build();
    for page in [
        "compare/django-vs-nodejs/index.html",
        "subjects/django/index.html",
        "sources/d/index.html",
        "sources/c/index.html",
    ] {
        let html = site.output(page);
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("</table><b>"), "{page}");
    }
    assert!(
        site.output("sources/d/index.html")
            .contains("&lt;/table&gt;&lt;b&gt;x&lt;/b&gt;")
    );
    let json = site.output("facts.json");
    assert!(
        !json.contains('<'),
        "facts.json escapes < for consumers that embed it"
    );
    assert!(
        json.contains(r"\u003cscript\u003ealert(1)\u003c/script\u003e"),
        "{json}"
    );
}

#[test]
fn check_lists_disagreements_as_notes() {
    let site = SiteTest::fixture("facts");
    let outcome = site.run(&["check"]);
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "Checked 8 pages and 17 facts: no errors; 1 disagreement between sources to review\n"
    );
    snapbox::assert_data_eq!(
        outcome.stderr,
        snapbox::str![[r#"
note: sources disagree on `async_since` for `django`
  --> content/sources/b.md:10:15
   |
10 | async_since = { value = "4.1", as_of = 2025 }
   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: 3.1 (Article A) vs 4.1 (Article B)


"#]]
    );
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(
        built.stderr.is_empty(),
        "build does not repeat the notes: {}",
        built.stderr
    );
}

#[test]
fn a_fact_that_does_not_apply_is_shown_exported_and_never_a_disagreement() {
    let site = SiteTest::fixture("facts");
    let page = "content/sources/c.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.file(
        page,
        &text.replace(
            r#"admin = { unknown = true, note = "not discussed" }"#,
            r#"admin = { does_not_apply = true, note = "no framework" }"#,
        ),
    );
    let check = site.run(&["check"]);
    check.assert_code(0);
    assert!(!check.stderr.contains("`admin`"), "{}", check.stderr);
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    let node = cell(&html, "Built-in admin", 1);
    assert!(
        node.contains(
            r#"<li class="does-not-apply"><span class="value-text">Does not apply</span>"#
        ),
        "{node}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let fact = json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == "admin" && f["source"]["title"] == "Article C")
        .expect("the fact");
    assert_eq!(fact["does_not_apply"], true);
    assert_eq!(fact["value"], serde_json::Value::Null);
    assert_eq!(fact["unknown"], false);
    assert_eq!(fact["disputed"], false);
}

#[test]
fn a_criterion_limited_to_some_subjects_does_not_apply_to_the_others() {
    let site = SiteTest::fixture("facts");
    let schema = std::fs::read_to_string(site.root.join("content/criteria.toml")).unwrap();
    let limited = schema.replace(
        "[criteria.async_since]\n",
        "[criteria.async_since]\napplies_to = [\"django\"]\n",
    );
    assert_ne!(limited, schema, "the fixture has the criterion");
    site.file("content/criteria.toml", &limited);
    // Article C states it for Node.js.
    let error = site.build_err();
    assert!(
        error.contains("`async_since` does not apply to `nodejs`")
            && error.contains("sources/c.md:"),
        "{error}"
    );
    let c = std::fs::read_to_string(site.root.join("content/sources/c.md")).unwrap();
    site.file(
        "content/sources/c.md",
        &c.replace("async_since = \"<script>alert(1)</script>\"\n", ""),
    );
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    assert!(
        cell(&html, "Async views since", 1)
            .contains(r#"<span class="no-data does-not-apply">Does not apply</span>"#),
        "{}",
        cell(&html, "Async views since", 1)
    );
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let criterion = json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "async_since")
        .unwrap();
    assert_eq!(criterion["applies_to"], serde_json::json!(["django"]));
    // A subject that does not exist is named.
    site.file(
        "content/criteria.toml",
        &limited.replace("[\"django\"]", "[\"djnago\"]"),
    );
    let error = site.build_err();
    assert!(
        error.contains("names `djnago`") && error.contains("did you mean `django`?"),
        "{error}"
    );
}

#[test]
fn a_fact_has_one_value_or_state() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nadmin = { value = true, does_not_apply = true }\n"),
        snapbox::str![[r#"
error: a fact has one of `value`, `unknown = true` and `does_not_apply = true`
 --> content/bad.md:4:9
  |
4 | admin = { value = true, does_not_apply = true }
  |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

error: found 1 error; nothing was written

"#]]
    );
}

/// The fixture with one more page, `content/bad.md`; returns the build's stderr.
fn fact_error(front_matter: &str) -> String {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/bad.md",
        &format!("+++\ntitle = \"Bad\"\n{front_matter}+++\n"),
    );
    site.build_err()
}

#[test]
fn undeclared_subject() {
    snapbox::assert_data_eq!(
        fact_error("[facts.djano]\nlanguage = \"Python\"\n"),
        snapbox::str![[r#"
error: no subject `djano` is declared
 --> content/bad.md:3:8
  |
3 | [facts.djano]
  |        ^^^^^
  |
  = help: did you mean `django`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn undeclared_criterion() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nlangauge = \"Python\"\n"),
        snapbox::str![[r#"
error: no criterion `langauge` in the schema
 --> content/bad.md:4:1
  |
4 | langauge = "Python"
  | ^^^^^^^^
  |
  = help: did you mean `language`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn wrong_value_type() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nconnections = \"50,000\"\n"),
        snapbox::str![[r#"
error: `connections` is a number: expected a number, found text "50,000"
 --> content/bad.md:4:15
  |
4 | connections = "50,000"
  |               ^^^^^^^^
  |
  = help: write the number without quotes: 50000

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn rating_off_its_scale() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nrealtime = { value = \"excelent\", note = \"x\" }\n"),
        snapbox::str![[r#"
error: `excelent` is not on the scale of `realtime`
 --> content/bad.md:4:22
  |
4 | realtime = { value = "excelent", note = "x" }
  |                      ^^^^^^^^^^
  |
  = help: did you mean `excellent`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn list_where_a_scalar_belongs() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nlanguage = [\"Python\", \"C\"]\n"),
        snapbox::str![[r#"
error: `language` is a text: expected a single value, found an array
 --> content/bad.md:4:12
  |
4 | language = ["Python", "C"]
  |            ^^^^^^^^^^^^^^^
  |
  = help: only list criteria take an array; pick one value, or make the criterion a list

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn scalar_where_a_list_belongs() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nusers = \"Instagram\"\n"),
        snapbox::str![[r#"
error: `users` is a list: expected an array, found a single value
 --> content/bad.md:4:9
  |
4 | users = "Instagram"
  |         ^^^^^^^^^^^
  |
  = help: write a list even for one item: ["item"]

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn fact_without_value() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nadmin = { note = \"maybe\" }\n"),
        snapbox::str![[r#"
error: this fact about `admin` has no `value`
 --> content/bad.md:4:9
  |
4 | admin = { note = "maybe" }
  |         ^^^^^^^^^^^^^^^^^^
  |
  = help: add `value = …`, `unknown = true` when the source leaves it open, or `does_not_apply = true` when the criterion has no meaning here

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn unknown_key_in_a_fact() {
    snapbox::assert_data_eq!(
        fact_error("[facts.django]\nadmin = { value = true, nte = \"x\" }\n"),
        snapbox::str![[r#"
error: unknown key `nte` in a fact
 --> content/bad.md:4:31
  |
4 | admin = { value = true, nte = "x" }
  |                               ^^^
  |
  = help: did you mean `note`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn compare_block_errors_point_into_the_markdown() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n\nText.\n\n```compare\nsubjects = [\"django\", \"node\"]\ncriteria = [\"realtim\"]\n```\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: no subject `node` is declared
 --> content/bad.md:8:23
  |
8 | subjects = ["django", "node"]
  |                       ^^^^^^
  |
  = help: did you mean `nodejs`?

error: no criterion `realtim` in the schema
 --> content/bad.md:9:13
  |
9 | criteria = ["realtim"]
  |             ^^^^^^^^^
  |
  = help: did you mean `realtime`?

error: found 2 errors; nothing was written

"#]]
    );
}

#[test]
fn compare_block_toml_errors_point_into_the_markdown() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n\n```compare\nsubjects = [\"django\"\n```\n",
    );
    let stderr = site.build_err();
    assert!(stderr.contains(" --> content/bad.md:6:"), "{stderr}");
}

#[test]
fn schema_errors() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/criteria.toml",
        "[criteria.speed]\nlabel = \"Speed\"\ntype = \"rating\"\n\n[criteria.size]\nlabel = \"Size\"\ntype = \"numbr\"\ngroup = \"perf\"\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: the rating `speed` has no scale
 --> content/criteria.toml:3:8
  |
3 | type = "rating"
  |        ^^^^^^^^
  |
  = help: add `scale = ["low", "medium", "high"]`, lowest first

error: unknown criterion type `numbr`
 --> content/criteria.toml:7:8
  |
7 | type = "numbr"
  |        ^^^^^^^
  |
  = help: did you mean `number`?

error: no group `perf` is declared
 --> content/criteria.toml:8:9
  |
8 | group = "perf"
  |         ^^^^^^
  |
  = help: declare it with [groups.perf] and a label

error: found 3 errors; nothing was written

"#]]
    );
}

#[test]
fn duplicate_subject_ids() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/other/django.md",
        "+++\ntitle = \"Django again\"\n[subject]\nname = \"Django\"\n+++\n",
    );
    let stderr = site.build_err();
    assert!(stderr.starts_with("error: the subject `django` is already declared by `content/subjects/django.md`\n--> content/other/django.md\n"), "{stderr}");
}

#[test]
fn facts_without_a_schema() {
    let site = SiteTest::new();
    site.file("content/django.md", "+++\ntitle = \"Django\"\n[subject]\nname = \"Django\"\n[facts.django]\nlanguage = \"Python\"\n+++\n");
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: facts need a criteria schema, and there is none
 --> content/django.md:5:8
  |
5 | [facts.django]
  |        ^^^^^^
  |
  = help: declare the criteria in content/criteria.toml

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn a_value_stated_by_many_pages_cites_a_few_and_links_to_the_rest() {
    let site = SiteTest::fixture("facts");
    for i in 0..7 {
        site.file(
            &format!("content/notes/n{i}.md"),
            &format!(
                "+++\ntitle = \"Note {i}\"\nweight = {i}\n[facts.django]\nlanguage = \"Python\"\n+++\nA note.\n"
            ),
        );
    }
    site.build();
    // Nine pages say Django is written in Python: the pair table cites five and links on.
    let pair = site.output("compare/django-vs-nodejs/index.html");
    let language = cell(&pair, "Language", 0);
    assert_eq!(
        language.matches(r#"<a class="cite""#).count(),
        5,
        "{language}"
    );
    assert!(
        language.contains(r##"<a class="more-cites" href="../../subjects/django/#fact-language">+4 more<span class="visually-hidden"> sources</span></a>"##),
        "{language}"
    );
    // The subject page's own table cites them all, on the row the link goes to.
    let subject = site.output("subjects/django/index.html");
    let row_start = subject
        .find(r#"<tr id="fact-language">"#)
        .expect("the row's anchor");
    let row = &subject[row_start..row_start + subject[row_start..].find("</tr>").unwrap()];
    assert_eq!(row.matches(r#"<a class="cite""#).count(), 9, "{row}");
    assert!(!row.contains("more-cites"), "{row}");
}

#[test]
fn one_table_on_many_pages_is_the_same_table_and_its_links_lead_somewhere() {
    let site = SiteTest::fixture("facts");
    let block = "```compare\nsubjects = [\"django\", \"nodejs\"]\n```\n";
    // One page beside the sources it cites, one in another section, at the same depth.
    site.file(
        "content/sources/d.md",
        &format!("+++\ntitle = \"Article D\"\n+++\n{block}"),
    );
    site.file(
        "content/notes/e.md",
        &format!("+++\ntitle = \"Note E\"\n+++\n{block}"),
    );
    site.build();
    let table = |page: &str| {
        let html = site.output(page);
        let start = html.find(r#"<figure class="compare">"#).expect("a table");
        let end = start + html[start..].find("</figure>").unwrap();
        html[start..end].to_string()
    };
    let beside = table("sources/d/index.html");
    assert_eq!(beside, table("notes/e/index.html"));
    let hrefs: Vec<&str> = beside
        .split(r#"href=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(hrefs.len() > 5, "{beside}");
    let page_dir = site.root.join("site/sources/d");
    for href in hrefs {
        let path = page_dir.join(href.split('#').next().unwrap());
        assert!(
            path.join("index.html").is_file() || (href.ends_with(".csv") && path.is_file()),
            "{href} leads nowhere"
        );
    }
}

/// A site whose tables use every part of `compare.html`: disputes, best values, lists,
/// ratings, unknowns, notes with and without text, dates, sources that summarise an article,
/// values with more sources than a table shows, an empty description, and markup in names.
fn every_table_feature() -> SiteTest {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/criteria.toml",
        &format!(
            "{}\n[criteria.empty_description]\nlabel = \"Empty <description>\"\ntype = \"text\"\ngroup = \"basics\"\ndescription = \"\"\n",
            std::fs::read_to_string(site.root.join("content/criteria.toml")).unwrap()
        ),
    );
    site.file(
        "content/subjects/tricky.md",
        "+++\ntitle = \"Tricky\"\nweight = 3\n[subject]\nname = \"Q&A \\\"tools\\\" <x>\"\n+++\n",
    );
    for i in 0..8 {
        site.file(
            &format!("content/sources/more-{i}.md"),
            &format!(
                "+++\ntitle = \"More & more {i}\"\nweight = {}\n[source]\ntitle = \"Article 'no. {i}'\"\n[facts.django]\nlanguage = {{ value = \"Python\", note = \"{}\", as_of = 202{} }}\nempty_description = \"<b>{}</b>\"\n[facts.tricky]\nconnections = {}\nrealtime = {}\nusers = [\"A & B\", \"C\"]\n+++\n",
                10 + i,
                if i % 2 == 0 { "" } else { "said <so>" },
                i % 4,
                i % 3,
                1000 * (i + 1),
                if i == 7 { "{ unknown = true }".to_string() } else { "\"good\"".to_string() },
            ),
        );
    }
    site.file(
        "content/all.md",
        "+++\ntitle = \"All\"\n+++\n\n```compare\nsubjects = [\"django\", \"nodejs\", \"tricky\"]\n```\n",
    );
    // Every part of `page.html` and `base.html` besides tables: a lede, dates, a draft, a
    // cited article with every detail, contents with a sub-heading, tags, backlinks, authors,
    // a canonical link, and markup in all of them.
    site.file(
        "book.toml",
        "title = \"Facts & <fixture>\"\ndescription = \"About \\\"facts\\\"\"\nauthors = [\"A & B\", \"C\"]\nbase_url = \"https://example.org/docs\"\n",
    );
    site.file(
        "content/sources/dated.md",
        "+++\ntitle = \"Dated <page> & more\"\ndescription = \"What it's \\\"about\\\"\"\ndate = 2024-01-02\nupdated = 2024-03-04\ndraft = true\ntags = [\"One & two\", \"three\"]\n[source]\ntitle = \"An <article>\"\nurl = \"https://example.org/a?b=1&c=2\"\nauthor = \"Ann & Bo\"\npublisher = \"The \\\"Press\\\"\"\npublished = 2023-12-31\n[facts.django]\nlanguage = \"Python\"\n+++\n\n## First & one\n\nSee [all](../all.md).\n\n### Deeper\n\nText.\n\n## Second\n\nMore.\n",
    );
    site.file(
        "content/sources/updated.md",
        "+++\ntitle = \"Only updated\"\nupdated = 2024-05-06\ntags = [\"three\"]\n[source]\ntitle = \"Bare\"\n+++\n\nSee [the dated page](dated.md).\n",
    );
    // A section inside a section, for the sidebar's open sections.
    site.file(
        "content/sources/deeper/_index.md",
        "+++\ntitle = \"Deeper & <nested>\"\n+++\n",
    );
    site.file(
        "content/sources/deeper/leaf.md",
        "+++\ntitle = \"Leaf\"\ndescription = \"A <leaf> & more\"\ntags = [\"three\"]\n+++\n",
    );
    // A section with nothing in it but its index page.
    site.file(
        "content/empty/_index.md",
        "+++\ntitle = \"Empty\"\ndescription = \"\"\n+++\n\nNothing here.\n",
    );
    site
}

/// Every site's `facts.json` is valid against the `facts.schema.json` published beside it —
/// the bundled site, the init site and one with unknown, not-applicable, noted and dated facts
/// — and the schema refuses a file that breaks it.
#[test]
fn facts_json_is_valid_against_its_published_schema() {
    let mut sites = bundled_and_init_sites();
    sites.push(("every table feature", every_table_feature()));
    for (name, site) in &sites {
        // The last site links to a draft.
        site.run(&["build", "--drafts"]).assert_code(0);
        let read = |file: &str| -> serde_json::Value {
            serde_json::from_str(&site.output(file))
                .unwrap_or_else(|e| panic!("{name}: {file}: {e}"))
        };
        let schema = read("facts.schema.json");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let facts = read("facts.json");
        let errors: Vec<String> = validator
            .iter_errors(&facts)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let mut broken = facts.clone();
        broken["facts"][0]["confidence"] = serde_json::json!("high");
        broken["version"] = serde_json::json!(2);
        assert_eq!(
            validator.iter_errors(&broken).count(),
            2,
            "{name}: the schema is strict"
        );
    }
}

/// The bundled site (the repository's own `book.toml` and `content/`), and the site `init`
/// makes.
fn bundled_and_init_sites() -> Vec<(&'static str, SiteTest)> {
    let bundled = SiteTest::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &bundled.root.join("content"));
    std::fs::copy(repo.join("book.toml"), bundled.root.join("book.toml")).unwrap();
    let init = SiteTest::new();
    // `init` takes an empty folder.
    std::fs::remove_dir_all(init.root.join("content")).unwrap();
    std::fs::remove_file(init.root.join("book.toml")).unwrap();
    init.run(&["init", "."]).assert_code(0);
    vec![("the bundled site", bundled), ("the init site", init)]
}

/// The built-in theme with `from` replaced by `to` in template `name`.
fn builtin_with(name: &str, from: &str, to: &str) -> Vec<(&'static str, &'static str)> {
    let theme = factbook::render::theme::DEFAULT_THEME;
    let mut changed = theme.to_vec();
    let (_, text) = changed.iter_mut().find(|(path, _)| *path == name).unwrap();
    assert!(text.contains(from), "{name} holds `{from}`");
    *text = text.replace(from, to).leak();
    changed
}

/// Each piece of HTML has one implementation: a line added to a built-in template shows in
/// every page that template renders, minified or not.
#[test]
fn a_line_added_to_a_built_in_template_shows_on_every_page_it_renders() {
    let probes = [
        (
            "templates/base.html",
            "<body>",
            "<body><b class=\"probe\">x</b>",
        ),
        (
            "templates/base.html",
            "<nav class=\"sidebar\" aria-label=\"{{ words.frame.sections }}\">",
            "<nav class=\"sidebar\" aria-label=\"{{ words.frame.sections }}\"><b class=\"probe\">y</b>",
        ),
    ];
    let mut sites = bundled_and_init_sites();
    sites.push(("every table feature", every_table_feature()));
    for (name, site) in &sites {
        for (template, from, to) in probes {
            let builtin = builtin_with(template, from, to);
            let theme = factbook::render::Theme::load_over(&builtin, &site.root).unwrap();
            for minify in [true, false] {
                let (model, _) = factbook::load_site(&site.root, true).unwrap();
                let (_, output) = factbook::render_site_with(model, &theme, Some(minify)).unwrap();
                let mut shown = 0;
                for (path, file) in output.files.iter().filter(|(p, _)| p.ends_with(".html")) {
                    let factbook::emit::OutputFile::Bytes(bytes) = file else {
                        panic!("{path} is rendered");
                    };
                    let html = String::from_utf8_lossy(bytes);
                    let probes = html.matches("class=probe").count()
                        + html.matches("class=\"probe\"").count();
                    // Every page has one frame, with one sidebar.
                    assert_eq!(
                        probes, 1,
                        "{name}, minify {minify}: {path} shows the line added to {template} {probes} times"
                    );
                    shown += probes;
                }
                assert!(shown > 0, "{name}: nothing renders {template}");
            }
        }
    }
}

/// Copies the folder `from` into `to`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for (rel, bytes) in crate::site_test::read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn a_type_named_as_other_languages_name_it_gets_our_name_as_a_hint() {
    let site = SiteTest::fixture("facts");
    site.file(
        "content/criteria.toml",
        "[criteria.name]\nlabel = \"Name\"\ntype = \"string\"\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: unknown criterion type `string`
 --> content/criteria.toml:3:8
  |
3 | type = "string"
  |        ^^^^^^^^
  |
  = help: did you mean `text`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn the_home_page_answers_at_a_glance_from_the_facts() {
    let site = SiteTest::fixture("facts");
    site.build();
    let home = site.output("index.html");
    let glance = &home[home.find(r#"<section class="glance""#).expect("the glance")..];
    let glance = &glance[..glance.find("</section>").unwrap()];
    // Where each subject ranks first, linked to the row that cites its sources.
    let node = &glance[glance
        .find(r#"<a href="subjects/nodejs/">Node.js</a>"#)
        .unwrap()..];
    assert!(
        node.contains(r##"<li><a href="subjects/nodejs/#fact-realtime">Real-time support</a>: excellent</li>"##),
        "{glance}"
    );
    // Every disputed cell, with how many sources give each value.
    assert!(
        glance.contains(r##"<a href="subjects/django/#fact-async_since">Django: Async views since</a>: 3.1 (1 source), 4.1 (1 source)"##),
        "{glance}"
    );
    // One sentence made of both, above them.
    assert!(
        glance.contains(r#"<p class="glance-verdict">In short: Node.js is rated higher on real-time support. The sources disagree on 1 fact, below.</p>"#),
        "{glance}"
    );
    // Another subject ranking first on another criterion joins the sentence.
    let schema = std::fs::read_to_string(site.root.join("content/criteria.toml")).unwrap();
    site.file(
        "content/criteria.toml",
        &schema.replace("type = \"year\"", "type = \"year\"\nbetter = \"lower\""),
    );
    site.build();
    let home = site.output("index.html");
    assert!(
        home.contains("In short: Django is rated higher on first release; Node.js is rated higher on real-time support."),
        "{home}"
    );
    // No page but the home page has one.
    assert!(
        !site
            .output("subjects/django/index.html")
            .contains(r#"class="glance""#)
    );
}

/// `only = "differences"` keeps the rows where the subjects differ, `only = "disputed"` those
/// a source disputes, and each table says how many rows it left out; another rule is an error
/// at the key.
#[test]
fn a_compare_block_can_show_only_differences_or_disputes() {
    let site = SiteTest::fixture("facts");
    // Django's connections now equal Node.js's: the one row on which they agree.
    site.file(
        "content/sources/d.md",
        "+++\ntitle = \"Article D\"\n[facts.django]\nconnections = 50000\n+++\n",
    );
    let block = |only: &str| {
        format!("```compare\nsubjects = [\"django\", \"nodejs\"]\nonly = \"{only}\"\n```\n")
    };
    site.file(
        "content/only.md",
        &format!(
            "+++\ntitle = \"Only\"\n+++\n{}\n{}",
            block("differences"),
            block("disputed")
        ),
    );
    site.run(&["build"]).assert_code(0);
    let page = site.output("only/index.html");
    let rows = |table: &str| -> Vec<String> {
        let from = page
            .find(&format!("<table class=\"compare-table\" id=\"{table}\""))
            .unwrap();
        let html = &page[from..from + page[from..].find("</figure>").unwrap()];
        let mut rows = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find("<tr id=\"") {
            rest = &rest[at + 8..];
            rows.push(rest[..rest.find('"').unwrap()].to_string());
        }
        rows
    };
    let differ = rows("compare-1");
    assert!(
        !differ.contains(&"compare-1-connections".to_string()),
        "{differ:?}"
    );
    assert!(
        differ.contains(&"compare-1-language".to_string()),
        "{differ:?}"
    );
    assert_eq!(rows("compare-2"), ["compare-2-async_since"]);
    assert!(
        page.contains("<p>1 more criterion, on which they agree, is not shown.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p>6 more criteria, on which the sources agree, are not shown.</p>"),
        "{page}"
    );

    site.file(
        "content/only.md",
        &format!("+++\ntitle = \"Only\"\n+++\n{}", block("diferences")),
    );
    let stderr = site.build_err();
    assert!(stderr.starts_with("error: `only` is \"differences\" or \"disputed\", not \"diferences\"\n --> content/only.md:6:8\n"), "{stderr}");
    assert!(
        stderr.contains("= help: did you mean `differences`?"),
        "{stderr}"
    );
}

/// With `[facts] stale_after` and a fixed `today`, a fact dated longer ago is a warning at the
/// fact, marked where it shows and flagged in facts.json; a fact within the age, or without
/// a date, is not; an age factbook cannot read is an error in book.toml.
#[test]
fn facts_older_than_stale_after_are_warned_of_and_marked() {
    let site = SiteTest::fixture("facts");
    let book =
        "title = \"Facts fixture\"\n[facts]\nstale_after = \"18 months\"\ntoday = 2026-12-01\n";
    site.file("book.toml", book);
    // 2025 ends within 18 months of the day: fresh.
    site.run(&["build"]).assert_code(0);
    assert!(!site.output("facts.json").contains("\"stale\""));
    let page = site.root.join("content/sources/b.md");
    let text = fs::read_to_string(&page).unwrap();
    site.file(
        "content/sources/b.md",
        &text.replace("as_of = 2025", "as_of = 2024"),
    );
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(
        built.stderr.starts_with("warning: `async_since` of `django` is as of 2024, older than `stale_after` allows\n  --> content/sources/b.md:10:15\n"),
        "{}",
        built.stderr
    );
    let marked = r#"<span class="stale">(as of 2024: may be out of date)</span>"#;
    assert!(site.output("subjects/django/index.html").contains(marked));
    assert!(
        site.output("sources/b/index.html")
            .contains("<span class=stale>(as of 2024: may be out of date)</span>")
    );
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let stale: Vec<&serde_json::Value> = (json["facts"].as_array().unwrap().iter())
        .filter(|f| f["stale"] == true)
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["as_of"], "2024");

    // With every side of a disagreement dated, the newest value comes first.
    let a = site.root.join("content/sources/a.md");
    let text = fs::read_to_string(&a).unwrap();
    assert!(text.contains("async_since = \"3.1\""), "{text}");
    site.file(
        "content/sources/a.md",
        &text.replace(
            "async_since = \"3.1\"",
            "async_since = { value = \"3.1\", as_of = 2020 }",
        ),
    );
    site.run(&["build"]).assert_code(0);
    let django = site.output("subjects/django/index.html");
    let row = &django[django.find(r#"<tr id="fact-async_since""#).unwrap()..];
    let (newer, older) = (row.find(">4.1<").unwrap(), row.find(">3.1<").unwrap());
    assert!(newer < older, "{row}");

    site.file("book.toml", &book.replace("18 months", "18 monts"));
    let stderr = site.build_err();
    assert!(stderr.contains("`18 monts` is not an age"), "{stderr}");
    assert!(stderr.contains(" --> book.toml:3:15"), "{stderr}");
}

#[test]
fn the_better_of_two_low_ratings_is_not_marked_best() {
    let site = SiteTest::fixture("facts");
    // Real-time support (basic, moderate, good, excellent): moderate against basic.
    site.file(
        "content/sources/a.md",
        &std::fs::read_to_string(site.root.join("content/sources/a.md"))
            .unwrap()
            .replace(r#"realtime = "excellent""#, r#"realtime = "basic""#),
    );
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    let django = cell(&html, "Real-time support", 0);
    assert!(django.contains("moderate"), "{django}");
    assert!(
        !django.contains("best"),
        "moderate beats basic but is no recommendation: {django}"
    );
}

#[test]
fn facts_csv_has_one_row_per_fact_as_facts_json_has() {
    let site = SiteTest::fixture("facts");
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let csv = site.output("facts.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "subject",
            "criterion",
            "label",
            "value",
            "unit",
            "state",
            "disputed",
            "note",
            "as_of",
            "source",
            "source_page"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let facts = json["facts"].as_array().unwrap();
    assert_eq!(rows.len(), facts.len());
    for (row, fact) in rows.iter().zip(facts) {
        assert_eq!(row[0], fact["subject"], "{row:?}");
        assert_eq!(row[1], fact["criterion"], "{row:?}");
    }
    let row = |criterion: &str, source: &str| {
        rows.iter()
            .find(|r| &r[1] == criterion && &r[9] == source)
            .unwrap_or_else(|| panic!("{criterion} from {source}"))
            .iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("connections", "The first article"),
        [
            "nodejs",
            "connections",
            "Concurrent connections",
            "50000",
            "connections",
            "stated",
            "no",
            "",
            "",
            "The first article",
            "sources/a/"
        ]
    );
    assert_eq!(row("users", "The first article")[3], "Instagram; Mozilla");
    assert_eq!(row("admin", "Article C")[5], "unknown");
    // Markup in a fact is text in a CSV too: a spreadsheet sees the characters.
    assert_eq!(
        row("async_since", "Article C")[3],
        "<script>alert(1)</script>"
    );
}

#[test]
fn every_comparison_table_links_to_a_csv_of_itself() {
    let site = SiteTest::fixture("facts");
    site.run(&["build"]).assert_code(0);
    // Every table of every page links to its own CSV, which holds the table's rows.
    for page in [
        "index.html",
        "compare/django-vs-nodejs/index.html",
        "subjects/django/index.html",
    ] {
        let html = site.output(page);
        let folder = page.trim_end_matches("index.html");
        let ids: Vec<&str> = html
            .split("<table class=\"compare-table\" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert!(!ids.is_empty(), "{page} shows a table");
        for id in ids {
            assert!(
                html.contains(&format!(
                    "<a href=\"{id}.csv\" download>This table as CSV</a>"
                )),
                "{page}: {id}"
            );
            let table = &html[html.find(&format!("id=\"{id}\"")).unwrap()..];
            let table = &table[..table.find("</table>").unwrap()];
            let rows = table.matches("<tr id=").count();
            let csv = site.output(&format!("{folder}{id}.csv"));
            let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
            assert_eq!(records, rows, "{page}: {id}\n{csv}");
        }
    }
    // The home page's compare block: a disputed cell gives each value with its own sources, a
    // list one value with every source of an item.
    assert_eq!(
        site.output("compare-1.csv"),
        "group,criterion,label,unit,django,django sources,nodejs,nodejs sources\n\
         Performance,realtime,Real-time support,,moderate,The first article,excellent,The first article\n\
         Performance,async_since,Async views since,,3.1 | 4.1,The first article | The second article,<script>alert(1)</script>,Article C\n"
    );
    let django = site.output("subjects/django/subject-facts.csv");
    assert!(
        django.contains(
            "\nBasics,users,Notable users,,Instagram; Mozilla; Pinterest,The first article; The second article\n"
        ),
        "{django}"
    );
    let pair = site.output("compare/django-vs-nodejs/compare-1.csv");
    assert!(
        pair.contains("\nBasics,admin,Built-in admin,,yes,The first article,no | Unknown,The second article | Article C\n"),
        "{pair}"
    );
}

/// A fact without `as_of` is as of the date its article was published (`[source] published`,
/// a date or a year): in facts.json and facts.csv, and for `stale_after`; tables give that
/// date once, in the page's list of sources, not at every value, unless it makes a fact stale.
#[test]
fn facts_take_their_articles_date_unless_they_give_their_own() {
    let site = SiteTest::fixture("facts");
    let a = fs::read_to_string(site.root.join("content/sources/a.md")).unwrap();
    let dated = a.replace(
        "title = \"The first article\"\n",
        "title = \"The first article\"\npublished = 2024\n",
    );
    site.file("content/sources/a.md", &dated);
    site.run(&["build"]).assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let facts = json["facts"].as_array().unwrap();
    let from = |title: &str| {
        (facts.iter())
            .filter(|f| f["source"]["article"] == title)
            .collect::<Vec<_>>()
    };
    let first = from("The first article");
    assert!(!first.is_empty());
    assert!(first.iter().all(|f| f["as_of"] == "2024"), "{first:?}");
    // The second article's own date stays its own; its undated facts have none.
    let second = from("The second article");
    assert!(second.iter().any(|f| f["as_of"] == "2025"), "{second:?}");
    assert!(second.iter().any(|f| f["as_of"].is_null()), "{second:?}");
    let csv = site.output("facts.csv");
    assert!(
        csv.contains(",2024,The first article,sources/a/\n"),
        "{csv}"
    );
    let home = site.output("index.html");
    assert!(
        home.contains(
            "on <cite>The first article</cite>, <time datetime=\"2024\">2024</time></li>"
        ),
        "{home}"
    );
    assert!(!home.contains("as of 2024"), "{home}");

    // Two years later, every fact of the article is stale, and says so where it shows.
    let book =
        "title = \"Facts fixture\"\n[facts]\nstale_after = \"18 months\"\ntoday = 2026-12-01\n";
    site.file("book.toml", book);
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(
        built.stderr.contains("warning: `realtime` of `django` is as of 2024, older than `stale_after` allows\n  --> content/sources/a.md:"),
        "{}",
        built.stderr
    );
    assert!(
        site.output("index.html")
            .contains("(as of 2024: may be out of date)"),
        "stale facts are marked"
    );

    // `published` is a date or a year.
    site.file(
        "content/sources/a.md",
        &a.replace(
            "title = \"The first article\"\n",
            "title = \"The first article\"\npublished = \"soon\"\n",
        ),
    );
    let stderr = site.build_err();
    assert!(
        stderr.starts_with(
            "error: `published` is a date or a year, not string\n --> content/sources/a.md:6:13\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write a date, like 2025-03-01, or a year, like 2025"),
        "{stderr}"
    );
}

/// The fixture's schema with a shared scale for `realtime`, a range-valued `mvp` and a
/// version-valued `orm_since`, and a fourth article stating them.
fn site_with_ranges_and_versions(article: &str) -> SiteTest {
    let site = SiteTest::fixture("facts");
    let schema =
        fs::read_to_string(crate::site_test::fixtures().join("facts/content/criteria.toml"))
            .unwrap()
            .replace(
                "scale = [\"basic\", \"moderate\", \"good\", \"excellent\"]",
                "scale = \"support\"",
            );
    site.file(
        "content/criteria.toml",
        &format!(
            "[scales]\nsupport = [\"basic\", \"moderate\", \"good\", \"excellent\"]\n\n{schema}\n\
             [criteria.mvp]\nlabel = \"Time to an MVP\"\ntype = \"number\"\nunit = \"weeks\"\n\
             group = \"basics\"\nbetter = \"lower\"\n\n\
             [criteria.orm_since]\nlabel = \"Async ORM since\"\ntype = \"version\"\ngroup = \"basics\"\n"
        ),
    );
    site.file(
        "content/sources/d.md",
        &format!("+++\ntitle = \"Article D\"\nweight = 4\n[source]\ntitle = \"The fourth article\"\n{article}+++\n"),
    );
    site
}

#[test]
fn a_scale_no_criterion_uses_is_a_warning() {
    let site = site_with_ranges_and_versions("");
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(!built.stderr.contains("scale"), "{}", built.stderr);

    let schema = fs::read_to_string(site.root.join("content/criteria.toml")).unwrap();
    site.file(
        "content/criteria.toml",
        &format!(
            "[scales]\nfit = [\"poor\", \"good\"]\n{}",
            &schema["[scales]\n".len()..]
        ),
    );
    let built = site.run(&["build"]);
    built.assert_code(0);
    assert!(
        built
            .stderr
            .contains("warning: no criterion uses the scale `fit`")
            && built.stderr.contains("criteria.toml:2:1")
            && built
                .stderr
                .contains("name it in a rating (`scale = \"fit\"`), or remove it"),
        "{}",
        built.stderr
    );
}

#[test]
fn ranges_versions_and_shared_scales() {
    let site = site_with_ranges_and_versions(
        "[facts.django]\nmvp = [6, 8]\norm_since = \"4.1.0\"\nrealtime = \"good\"\n\
         [facts.nodejs]\nmvp = { value = [8, 12], note = \"more set-up\" }\n",
    );
    site.file(
        "content/sources/e.md",
        "+++\ntitle = \"Article E\"\nweight = 5\n[facts.django]\norm_since = \"4.1\"\n+++\n",
    );
    site.build();
    let html = site.output("compare/django-vs-nodejs/index.html");
    // A range reads as one, in the unit, and ranks by its middle: 6–8 weeks is the shorter.
    let django = cell(&html, "Time to an MVP", 0);
    assert!(django.contains("6–8 weeks"), "{django}");
    assert!(django.contains("badge-best"), "{django}");
    let nodejs = cell(&html, "Time to an MVP", 1);
    assert!(
        nodejs.contains("8–12 weeks") && !nodejs.contains("badge-best"),
        "{nodejs}"
    );
    // "4.1.0" and "4.1" are one release: no disagreement; the value shows as first written.
    let orm = cell(&html, "Async ORM since", 0);
    assert!(orm.contains("4.1.0") && !orm.contains("disputed"), "{orm}");
    // A named scale is the criterion's scale: "good" is on it, and disputes "moderate".
    assert!(cell(&html, "Real-time support", 0).contains("disputed"));
    let json: serde_json::Value = serde_json::from_str(&site.output("facts.json")).unwrap();
    let mvp = json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == "mvp" && f["subject"] == "django")
        .unwrap();
    assert_eq!(mvp["value"], serde_json::json!({ "min": 6, "max": 8 }));
    assert!(
        site.output("facts.csv")
            .contains("django,mvp,Time to an MVP,6–8,weeks,")
    );
}

#[test]
fn range_and_version_errors() {
    let site = site_with_ranges_and_versions(
        "[facts.django]\nmvp = [8, 6]\norm_since = \"Django 4.1\"\n[facts.nodejs]\nmvp = [8, \"12\"]\norm_since = 4.1\n",
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: `mvp` is a range from 8 to 6: the lower bound comes first
 --> content/sources/d.md:7:7
  |
7 | mvp = [8, 6]
  |       ^^^^^^
  |
  = help: write [6, 8]

error: `orm_since` is a version: expected a release number such as "4.1", found text "Django 4.1"
 --> content/sources/d.md:8:13
  |
8 | orm_since = "Django 4.1"
  |             ^^^^^^^^^^^^
  |
  = help: write only the number: "4.1"; say more in a note

error: `mvp` is a number: an array must be a range of two numbers, lowest first
  --> content/sources/d.md:10:7
   |
10 | mvp = [8, "12"]
   |       ^^^^^^^^^
   |
   = help: write one number, or a range such as [6, 8]; the unit comes from the schema

error: `orm_since` is a version: expected a release number in quotes, found the number 4.1
  --> content/sources/d.md:11:13
   |
11 | orm_since = 4.1
   |             ^^^
   |
   = help: write it in quotes (a bare 4.10 reads as 4.1): "4.1"

error: found 4 errors; nothing was written

"#]]
    );
}

#[test]
fn an_undeclared_scale_is_an_error_with_the_nearest_name() {
    let site = site_with_ranges_and_versions("");
    let schema = fs::read_to_string(site.root.join("content/criteria.toml")).unwrap();
    site.file(
        "content/criteria.toml",
        &schema.replace("scale = \"support\"", "scale = \"suport\""),
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: no scale `suport` is declared
  --> content/criteria.toml:33:9
   |
33 | scale = "suport"
   |         ^^^^^^^^
   |
   = help: did you mean `support`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn a_scale_that_is_neither_steps_nor_a_name_is_an_error_at_it() {
    let site = site_with_ranges_and_versions("");
    let schema = fs::read_to_string(site.root.join("content/criteria.toml")).unwrap();
    site.file(
        "content/criteria.toml",
        &schema.replace("scale = \"support\"", "scale = 5"),
    );
    snapbox::assert_data_eq!(
        site.build_err(),
        snapbox::str![[r#"
error: `scale` takes the steps, lowest first (["low", "high"]), or the name of a scale declared under [scales]
  --> content/criteria.toml:33:9
   |
33 | scale = 5
   |         ^

error: found 1 error; nothing was written

"#]]
    );
}
