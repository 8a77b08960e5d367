//! The output folder: atomic replacement, and never deleting the author's files.

use std::fs;

use crate::site_test::SiteTest;

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = SiteTest::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = site.tree("site");
    site.file(
        "content/guide/usage.md",
        "+++\ntitle = \"Usage\"\n+++\n[broken](nowhere.md)\n",
    );
    site.build_err();
    assert_eq!(before, site.tree("site"), "the previous site changed");
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("factbook"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_stale_files() {
    let site = SiteTest::fixture("basic");
    site.file("content/extra.md", "+++\ntitle = \"Extra\"\n+++\n");
    site.build();
    assert!(site.root.join("site/extra/index.html").is_file());
    fs::remove_file(site.root.join("content/extra.md")).unwrap();
    site.build();
    assert!(
        !site.root.join("site/extra").exists(),
        "a deleted page's output stayed"
    );
}

#[test]
fn dangerous_output_folders_are_refused_and_nothing_is_deleted() {
    let site = SiteTest::fixture("basic");
    site.file("notes/todo.txt", "keep me");
    fs::create_dir_all(site.root.join("empty")).unwrap();
    let before = site.tree(".");
    for (out, why) in [
        (".", "it is the site's own folder"),
        ("..", "it contains the site's own folder"),
        ("content", "it is inside `content/`"),
        ("content/guide/out", "it is inside `content/`"),
        ("theme/out", "it is inside `theme/`"),
        ("book.toml", "it is a file"),
        (
            "notes",
            "it holds files but no index.html, so it does not look like a built site (it would be replaced); pick another --out or empty it",
        ),
    ] {
        let outcome = site.run(&["build", "--out", out]);
        outcome.assert_code(2);
        assert_eq!(
            outcome.stderr,
            format!("error: refusing to write the site to `{out}`: {why}\n"),
            "--out {out}"
        );
    }
    assert_eq!(
        before,
        site.tree("."),
        "a refused build changed the author's files"
    );
    site.run(&["build", "--out", "empty"]).assert_code(0);
    assert!(
        site.root.join("empty/index.html").is_file(),
        "an empty folder is a fine output"
    );
}

#[test]
fn out_can_be_outside_the_site() {
    let site = SiteTest::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("public");
    site.run(&["build", "--out", out.to_str().unwrap()])
        .assert_code(0);
    assert!(out.join("guide/usage/index.html").is_file());
    site.run(&["build", "--out", out.to_str().unwrap()])
        .assert_code(0);
}
