//! The commands as a user runs them: init, check, exit codes.

use crate::site_test::SiteTest;

#[test]
fn init_scaffolds_a_site_that_builds_and_checks() {
    let site = SiteTest::new();
    let outcome = site.run(&["init", "new-site"]);
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "Created a new site in `new-site`. Next: factbook serve --root new-site\n"
    );
    let checked = site.run(&["check", "--root", "new-site"]);
    checked.assert_code(0);
    assert!(
        checked
            .stderr
            .starts_with("note: sources disagree on `caffeine` for `tea`"),
        "the scaffold shows a disagreement: {}",
        checked.stderr
    );
    let built = site.run(&["build", "--root", "new-site"]);
    built.assert_code(0);
    assert!(
        built
            .stdout
            .starts_with("Built 10 pages (3 sections, 2 tags), 3 subjects and 21 facts"),
        "{}",
        built.stdout
    );
    assert!(built.stderr.is_empty(), "{}", built.stderr);
    let out = site.root.join("new-site/site");
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let home = read("index.html");
    assert!(
        home.contains(
            r#"<caption id="compare-1-caption">Tea, Coffee compared with Hot chocolate</caption>"#
        ),
        "{home}"
    );
    // Two drinks tie on the one rating with `better`: they are named together.
    assert!(
        home.contains("In short: Tea and Hot chocolate come first on ease of making at home."),
        "{home}"
    );
    assert!(home.contains("Disputed"), "{home}");
    assert!(read("drinks/tea/index.html").contains("Facts about Tea"));
    assert!(read("compare/tea-vs-coffee/index.html").contains("Caffeine per cup"));
    assert!(read("facts.json").contains("\"subject\":\"coffee\""));
    assert!(read("choose/index.html").contains("Recommendation: Coffee"));
}

#[test]
fn init_refuses_a_folder_with_files() {
    let site = SiteTest::new();
    site.file("taken/notes.txt", "mine");
    let outcome = site.run(&["init", "taken"]);
    outcome.assert_code(2);
    snapbox::assert_data_eq!(
        outcome.stderr,
        snapbox::str![[r#"
error: `taken` is not empty; `init` only writes into a new or empty folder

"#]]
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("taken/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::fixture("basic");
    let outcome = site.run(&["check"]);
    outcome.assert_code(0);
    assert_eq!(outcome.stdout, "Checked 7 pages and 0 facts: no errors\n");
    assert!(!site.root.join("site").exists());
}

#[test]
fn check_reports_errors_with_exit_1() {
    let site = SiteTest::fixture("basic");
    site.file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n[x](nope.md)\n",
    );
    let outcome = site.run(&["check"]);
    outcome.assert_code(1);
    assert!(
        outcome
            .stderr
            .contains("error: link to a missing page `nope.md`\n --> content/about.md:4:5"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_folder_without_book_toml_is_a_usage_error() {
    let site = SiteTest::new();
    let outcome = site.run(&["build", "--root", "content"]);
    outcome.assert_code(2);
    snapbox::assert_data_eq!(
        outcome.stderr,
        snapbox::str![[r#"
error: no book.toml in `content`: this is not a factbook site (run `factbook init DIR` to create one, or pass --root)

"#]]
    );
}

#[test]
fn unknown_flags_are_usage_errors() {
    let site = SiteTest::new();
    site.run(&["build", "--fast"]).assert_code(2);
    site.run(&["frobnicate"]).assert_code(2);
}

#[test]
fn build_timings_list_every_stage() {
    let site = SiteTest::fixture("basic");
    let outcome = site.run(&["build", "--timings"]);
    outcome.assert_code(0);
    let line = outcome.stdout.lines().nth(1).expect("a timings line");
    for stage in [
        "load ",
        " parse ",
        " model ",
        " render ",
        " ms CPU) ",
        " write ",
    ] {
        assert!(line.contains(stage), "{stage} missing in: {line}");
    }
}
