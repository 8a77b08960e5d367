//! Facts quoted in prose: `[=subject.criterion]` written into a sentence with its citations,
//! checked like every other reference, listed by `check` when disputed, and kept fresh by
//! the dev server.

use std::fs;

use factbook::session::{Rebuild, Session};

use crate::site_test::SiteTest;

/// The facts fixture with `text` added to the sources section's page.
fn quoting(text: &str) -> SiteTest {
    let site = SiteTest::fixture("facts");
    let page = site.root.join("content/sources/_index.md");
    let before = fs::read_to_string(&page).unwrap();
    site.file("content/sources/_index.md", &format!("{before}\n{text}\n"));
    site
}

#[test]
fn a_quote_shows_the_value_with_its_citations_and_a_dispute_shows_every_side() {
    let site = quoting(
        "Django first shipped in [=django.first_release]; async views came in \
         [=django.async_since]. It serves [=django.users]. `[=django.admin]` stays code.",
    );
    site.run(&["build"]).assert_code(0);
    let page = site.output("sources/index.html");
    let expected = [
        // A value with the citation of the page that states it, numbered with the page's
        // tables.
        r##"Django first shipped in <span class="fact-quote"><span class="value-text">2005</span><span class="cites"><a class="cite" href="#fb-source-1" aria-label="Source 1: Article A">1</a></span></span>;"##,
        // Each side of a disagreement with its own source, and the marker in words.
        r##"<span class="fact-quote disputed"><span class="value-text">3.1</span><span class="cites"><a class="cite" href="#fb-source-1" aria-label="Source 1: Article A">1</a></span> or <span class="value-text">4.1</span><span class="cites"><a class="cite" href="#fb-source-2" aria-label="Source 2: Article B">2</a></span> <span class="badge badge-disputed">Disputed</span></span>."##,
        // A list, its items with their sources.
        r##"<span class="value-text">Instagram</span><span class="cites"><a class="cite" href="#fb-source-1" aria-label="Source 1: Article A">1</a><a class="cite" href="#fb-source-2" aria-label="Source 2: Article B">2</a></span>, <span class="value-text">Mozilla</span>"##,
        "<code>[=django.admin]</code> stays code.",
        // The sources the quotes cite are listed on the page.
        r#"<li id="fb-source-2"><a href="../sources/b/">Article B</a>, on <cite>The second article</cite></li>"#,
    ];
    for text in expected {
        assert!(page.contains(text), "missing {text}\n\n{page}");
    }
    // The subject's page names the quoting page, and counts it among its backlinks.
    let django = site.output("subjects/django/index.html");
    let quoting = &django[django
        .find("Pages that quote facts about Django")
        .expect("list")..];
    assert!(
        quoting.contains(r#"<a href="../../sources/">Sources</a>"#),
        "{quoting}"
    );
    let backlinks = &django[django.find("Pages that link here").expect("backlinks")..];
    assert!(
        backlinks.contains(r#"<a href="../../sources/">Sources</a>"#),
        "{backlinks}"
    );
}

#[test]
fn a_quote_of_nothing_is_an_error_at_the_quote() {
    let site =
        quoting("[=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]");
    let expected = snapbox::str![[r#"
error: no subject `djang` is declared
 --> content/sources/_index.md:6:1
  |
6 | [=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]
  | ^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `django`?

error: no criterion `first_relase` in the schema
 --> content/sources/_index.md:6:24
  |
6 | [=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]
  |                        ^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `first_release`?

error: `[=django]` names no criterion
 --> content/sources/_index.md:6:47
  |
6 | [=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]
  |                                               ^^^^^^^^^
  |
  = help: a quote names a subject and a criterion: `[=django.first_release]`

error: no page states `users` for `nodejs`
 --> content/sources/_index.md:6:57
  |
6 | [=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]
  |                                                         ^^^^^^^^^^^^^^^
  |
  = help: state it in a page's `[facts.nodejs]` table, or quote another fact

error: no subject `a` is declared
 --> content/sources/_index.md:6:73
  |
6 | [=djang.first_release] [=django.first_relase] [=django] [=nodejs.users] [=a.b.c]
  |                                                                         ^^^^^^^^

error: found 5 errors

"#]];
    let check = site.run(&["check"]);
    check.assert_code(1);
    snapbox::assert_data_eq!(check.stderr.clone(), expected);
    // `build` says the same.
    assert_eq!(
        site.build_err(),
        check
            .stderr
            .replace("found 5 errors", "found 5 errors; nothing was written")
    );
}

#[test]
fn check_lists_the_quotes_of_disputed_facts() {
    let site = quoting("Async views came in [=django.async_since].");
    let check = site.run(&["check"]);
    check.assert_code(0);
    assert!(
        check.stderr.contains(
            "note: this text quotes `django.async_since`, which sources disagree on\n --> content/sources/_index.md:6:21\n"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("= help: the page shows every value (3.1 vs 4.1)"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stdout
            .ends_with("to review, and 1 quote of a disputed fact\n"),
        "{}",
        check.stdout
    );
}

/// A fact edit in `serve` renders again every page that quotes the fact, and the site is what
/// a fresh build makes.
#[test]
fn serve_rewrites_a_quoting_page_when_its_fact_changes() {
    let site = quoting("Django first shipped in [=django.first_release].");
    let mut session = Session::new(&site.root, false);
    assert!(matches!(
        session.rebuild().unwrap(),
        Rebuild::Changed { .. }
    ));
    let source = site.root.join("content/sources/a.md");
    let text = fs::read_to_string(&source).unwrap();
    assert!(text.contains("first_release = 2005"), "{text}");
    fs::write(
        &source,
        text.replace("first_release = 2005", "first_release = 2004"),
    )
    .unwrap();
    let Rebuild::Changed { paths, .. } = session.rebuild().unwrap() else {
        panic!("a change")
    };
    assert!(paths.iter().any(|p| p == "sources/index.html"), "{paths:?}");
    let served = session.output().unwrap();
    let factbook::emit::OutputFile::Bytes(bytes) = &served.files["sources/index.html"] else {
        panic!("a page is rendered bytes")
    };
    let page = String::from_utf8_lossy(bytes);
    assert!(
        page.contains(r#"<span class="value-text">2004</span>"#),
        "{page}"
    );
    let (_, mut fresh) = factbook::render_site(&site.root, false, None).unwrap();
    fresh.read_copies().unwrap();
    assert_eq!(*served, fresh);
}
