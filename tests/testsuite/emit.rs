//! The output folder: atomic replacement, and never deleting the author's files.

use std::fs;

use crate::site_test::SiteTest;

/// Asserts that no build left a staging folder beside the site.
#[track_caller]
fn assert_nothing_staged_left(site: &SiteTest) {
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
    assert_nothing_staged_left(&site);
}

#[test]
fn a_build_that_fails_while_writing_pages_leaves_the_previous_site_untouched() {
    // Pages are written as they are rendered; a template that fails on one page must still
    // leave the site as it was, with nothing staged left behind.
    let site = SiteTest::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = site.tree("site");
    site.file(
        "content/guide/usage.md",
        "+++\ntitle = \"Usage\"\ntemplate = \"broken.html\"\n+++\nNew text.\n",
    );
    site.file("theme/templates/broken.html", "{{ no_such_value.field }}");
    site.build_err();
    assert_eq!(before, site.tree("site"), "the previous site changed");
    assert_nothing_staged_left(&site);
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
    // A folder that holds an index.html is not therefore a site factbook wrote.
    site.file("looks-built/index.html", "<p>mine</p>");
    site.file("looks-built/README.md", "my notes");
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
            "it holds files that factbook did not write (it has no `.factbook-site`), and it would be replaced; pick another --out, or empty it",
        ),
        (
            "looks-built",
            "it holds files that factbook did not write (it has no `.factbook-site`), and it would be replaced; pick another --out, or empty it",
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

#[test]
fn a_rebuild_writes_only_the_files_that_changed() {
    let site = SiteTest::fixture("basic");
    site.run(&["build"]).assert_code(0);
    // Date every output file in the past, so that a rewrite shows.
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    for path in site.tree("site").keys() {
        let file = fs::File::options()
            .write(true)
            .open(site.root.join("site").join(path))
            .unwrap();
        file.set_modified(past).unwrap();
    }
    let modified = |rel: &str| {
        fs::metadata(site.root.join("site").join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let nothing = site.run(&["build", "--timings"]);
    nothing.assert_code(0);
    assert!(
        nothing.stdout.contains("(0 written, "),
        "{}",
        nothing.stdout
    );
    let usage = fs::read_to_string(site.root.join("content/guide/usage.md")).unwrap();
    site.file(
        "content/guide/usage.md",
        &usage.replace("Press a key.", "Press any key."),
    );
    let one = site.run(&["build", "--timings"]);
    one.assert_code(0);
    // The page, the feed (which holds the text of this dated page), and the files of the
    // search index that hold its words (named by their contents, so new files, and the old
    // ones removed).
    let index = site.tree("site/pagefind").len() - 3; // the script, its web assembly (2)
    let written: usize = (one.stdout.split_once(" written"))
        .and_then(|(before, _)| before.rsplit('(').next()?.parse().ok())
        .unwrap_or_else(|| panic!("{}", one.stdout));
    assert!((3..=2 + index).contains(&written), "{}", one.stdout);
    for (path, _) in site.tree("site") {
        let changed = modified(&path) != past;
        let expected = path == "guide/usage/index.html"
            || path == "atom.xml"
            || path.starts_with("pagefind/")
            || path == factbook::emit::MARKER;
        assert!(!changed || expected, "{path} was written again");
    }
    assert!(
        site.output("guide/usage/index.html")
            .contains("Press any key.")
    );
    assert_ne!(modified("guide/usage/index.html"), past);
    assert_eq!(modified("about/index.html"), past);
    assert_eq!(modified("css/style.css"), past);
}

#[test]
fn a_file_and_a_folder_can_trade_places() {
    let site = SiteTest::fixture("basic");
    site.file("content/notes", "a static file\n");
    site.run(&["build"]).assert_code(0);
    assert_eq!(site.output("notes"), "a static file\n");
    fs::remove_file(site.root.join("content/notes")).unwrap();
    site.file(
        "content/notes.md",
        "+++\ntitle = \"Notes\"\n+++\nA page now.\n",
    );
    site.run(&["build"]).assert_code(0);
    assert!(site.output("notes/index.html").contains("A page now."));
    fs::remove_file(site.root.join("content/notes.md")).unwrap();
    site.file("content/notes", "a file again\n");
    site.run(&["build"]).assert_code(0);
    assert_eq!(site.output("notes"), "a file again\n");
    // And the result is what a build into an empty folder gives.
    let incremental = site.tree("site");
    fs::remove_dir_all(site.root.join("site")).unwrap();
    site.run(&["build"]).assert_code(0);
    assert_eq!(incremental, site.tree("site"));
}

#[test]
fn a_build_marks_its_folder_and_replaces_it_next_time() {
    let site = SiteTest::fixture("basic");
    site.run(&["build", "--out", "public"]).assert_code(0);
    assert!(site.root.join("public/.factbook-site").is_file());
    site.run(&["build", "--out", "public"]).assert_code(0);
    assert_nothing_staged_left(&site);
}

/// Builds started together into one folder never interleave: each either builds or is refused
/// with a clear message, and the site is whole afterwards.
#[test]
fn builds_into_one_folder_at_once_are_refused_not_interleaved() {
    let site = SiteTest::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let expected = site.tree("site");
    for _ in 0..5 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_factbook"))
                    .arg("build")
                    .current_dir(&site.root)
                    .env("NO_COLOR", "1")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => {}
                Some(2) => assert!(
                    stderr.contains("another build is writing") && stderr.contains("right now"),
                    "{stderr}"
                ),
                other => panic!("exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(site.tree("site"), expected, "the site is not whole");
    }
    assert_nothing_staged_left(&site);
}

/// A build killed at any moment leaves the old site or the new one, whole, and the next build
/// removes what it left behind.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_whole() {
    let site = SiteTest::fixture("basic");
    for i in 0..300 {
        site.file(
            &format!("content/many/p{i}.md"),
            &format!("+++\ntitle = \"Page {i}\"\n+++\nText {i}.\n"),
        );
    }
    site.run(&["build"]).assert_code(0);
    let old = site.tree("site");
    site.file(
        "content/many/p0.md",
        "+++\ntitle = \"Page 0, edited\"\n+++\nNew.\n",
    );
    site.run(&["build", "--out", "new-site"]).assert_code(0);
    let new = site.tree("new-site");
    for delay in [0, 5, 10, 20, 40, 80] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_factbook"))
            .arg("build")
            .current_dir(&site.root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = site.tree("site");
        assert!(
            now == old || now == new,
            "after a kill at {delay} ms: a mix"
        );
    }
    site.run(&["build"]).assert_code(0);
    assert_eq!(site.tree("site"), new);
    assert_nothing_staged_left(&site);
}

/// An output folder inside `content/` is refused when `content/` is a symlink too.
#[cfg(unix)]
#[test]
fn an_out_inside_a_symlinked_content_folder_is_refused() {
    let site = SiteTest::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("content");
    fs::rename(site.root.join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, site.root.join("content")).unwrap();
    let out = real.join("out");
    let outcome = site.run(&["build", "--out", out.to_str().unwrap()]);
    outcome.assert_code(2);
    assert!(
        outcome.stderr.contains("it is inside `content/`"),
        "{}",
        outcome.stderr
    );
    assert!(!out.exists());
}
