//! The site in a real browser: `tests/gui/decision.mjs` drives Debian's Chromium through
//! playwright-core, walking every root-to-outcome path that factbook's own model enumerates;
//! `tests/gui/pages.mjs` puts every kind of page through axe-core, a 320 px screen, a weight
//! budget and a crawl of its links under a sub-path.
//!
//! Needs Chromium (`CHROMIUM`, default `/usr/bin/chromium`), Node.js, and `npm ci` in `tests/gui`.
//! In CI (`CI` set) they are required; elsewhere the test says on the terminal that it skipped.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use factbook::model::decision::NodeKind;
use serde_json::json;

use crate::site_test::SiteTest;

/// Why the browser test cannot run here, if it cannot.
fn missing(chromium: &str, gui: &Path) -> Option<String> {
    if !Path::new(chromium).is_file() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)"
        ));
    }
    if !gui.join("node_modules/playwright-core").is_dir()
        || !gui.join("node_modules/axe-core").is_dir()
    {
        return Some("no playwright-core and axe-core in tests/gui (run `npm ci` there)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no `node` on the PATH".into());
    }
    None
}

/// Chromium's path and the browser scripts' folder, or `None` (said on the terminal) when the
/// browser tests cannot run here; in CI they must.
pub(crate) fn browser(test: &str) -> Option<(String, std::path::PathBuf)> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let gui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gui");
    if let Some(why) = missing(&chromium, &gui) {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser tests are required in CI, but: {why}"
        );
        // Written past the test harness's capture, so the skip is seen.
        let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
        return None;
    }
    Some((chromium, gui))
}

/// Runs `script` of `gui` with `spec` and fails the test unless every check passed.
pub(crate) fn run_script(gui: &Path, script: &str, spec: &serde_json::Value) {
    let scratch = tempfile::tempdir().unwrap();
    let spec_path = scratch.path().join("gui-spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let output = Command::new("node")
        .arg(gui.join(script))
        .arg(&spec_path)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

/// Runs the browser checks on the tree of the site at `root`, built into `out`; `expected_paths`
/// is how many root-to-outcome paths the tree has.
fn check_in_chromium(test: &str, root: &Path, out: &Path, expected_paths: usize) {
    let Some((chromium, gui)) = browser(test) else {
        return;
    };
    let (model, _) = factbook::load_site(root, false).expect("the site loads");
    let (page, tree) = model
        .trees
        .iter()
        .enumerate()
        .find_map(|(id, tree)| tree.as_ref().map(|t| (id, t)))
        .expect("the site has a tree");
    let schema = &model.facts.schema;
    let paths: Vec<_> = tree
        .paths()
        .into_iter()
        .map(|choices| {
            let mut node = tree.start;
            let mut answers = Vec::new();
            for choice in choices {
                let NodeKind::Question {
                    answers: options, ..
                } = &tree.nodes[node].kind
                else {
                    unreachable!("a path's steps are questions")
                };
                let answer = &options[choice];
                answers.push(json!({ "question": tree.nodes[node].id, "key": answer.key, "label": answer.label }));
                node = answer.next;
            }
            let NodeKind::Outcome {
                because, summary, ..
            } = &tree.nodes[node].kind
            else {
                unreachable!("a path ends at an outcome")
            };
            json!({
                "answers": answers,
                "outcome": tree.nodes[node].id,
                "summary": summary,
                "because": because.iter().map(|&c| schema.criteria[c].label.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    assert_eq!(paths.len(), expected_paths, "paths of the tree");

    let spec = json!({
        "site": out,
        "page": model.pages[page].url,
        "chromium": chromium,
        "paths": paths,
    });
    run_script(&gui, "decision.mjs", &spec);
}

#[test]
fn the_fixture_tree_works_in_chromium_with_and_without_javascript() {
    let site = SiteTest::fixture("decision");
    site.build();
    check_in_chromium(
        "the_fixture_tree_works_in_chromium_with_and_without_javascript",
        &site.root,
        &site.root.join("site"),
        4,
    );
}

/// The bundled site built by the binary into a temporary folder (kept while the first value
/// lives), and the path of the built site.
fn build_bundled_site() -> (tempfile::TempDir, std::path::PathBuf) {
    build_site(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// The user guide (`docs/`), built the same way.
fn build_user_guide() -> (tempfile::TempDir, std::path::PathBuf) {
    build_site(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"))
}

fn build_site(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_factbook"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out_dir)
        .status()
        .unwrap();
    assert!(status.success());
    (out, out_dir)
}

/// The guide's pages are held to the bundled site's gates: its longest table, its most code.
#[test]
fn the_user_guides_pages_pass_axe_fit_a_phone_and_stay_light() {
    let test = "the_user_guides_pages_pass_axe_fit_a_phone_and_stay_light";
    let Some((chromium, gui)) = browser(test) else {
        return;
    };
    let (_out, out_dir) = build_user_guide();
    let pages = json!([
        { "name": "guide: home", "path": "" },
        { "name": "guide: templates", "path": "themes/" },
        { "name": "guide: errors", "path": "errors/" },
        { "name": "guide: deploying", "path": "deploy/" },
    ]);
    let spec = json!({ "site": out_dir, "chromium": chromium, "pages": pages });
    run_script(&gui, "pages.mjs", &spec);
}

#[test]
fn the_bundled_sites_tree_works_in_chromium_with_and_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, out_dir) = build_bundled_site();
    check_in_chromium(
        "the_bundled_sites_tree_works_in_chromium_with_and_without_javascript",
        root,
        &out_dir,
        22,
    );
}

#[test]
fn every_kind_of_page_of_the_bundled_site_passes_axe_fits_a_phone_and_stays_light() {
    let test = "every_kind_of_page_of_the_bundled_site_passes_axe_fits_a_phone_and_stays_light";
    let Some((chromium, gui)) = browser(test) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, out_dir) = build_bundled_site();
    let (model, _) = factbook::load_site(root, false).expect("the site loads");
    // One page of each kind, found from the model rather than named by hand.
    let url = |id: factbook::model::PageId| model.pages[id].url.clone();
    let subject = model.facts.subjects[factbook::model::SubjectId(0)].page;
    let source = (0..model.pages.len())
        .map(factbook::model::PageId)
        .find(|&p| model.pages[p].cites.is_some())
        .expect("a source page");
    let tree = (0..model.pages.len())
        .map(factbook::model::PageId)
        .find(|&p| model.trees[p].is_some())
        .expect("a decision page");
    let outcome = model.trees[tree]
        .as_ref()
        .unwrap()
        .nodes
        .last()
        .unwrap()
        .id
        .clone();
    let section = (0..model.pages.len())
        .map(factbook::model::PageId)
        .find(|&p| model.pages[p].is_section_index && !model.pages[p].url.is_empty())
        .expect("a section");
    let compare = (0..model.pages.len())
        .map(factbook::model::PageId)
        .find(|&p| !model.tables[p].is_empty() && model.pages[p].url != url(subject))
        .expect("a page with a comparison table");
    let tag = format!("tags/{}/", model.tags[0].slug);
    // Highlighted code, coloured by the theme: its contrast is axe's to check.
    let code = "about/";
    let about = std::fs::read_to_string(out_dir.join(code).join("index.html")).unwrap();
    assert!(
        about.contains("<span class=\"hl-"),
        "{code} shows no highlighted code"
    );
    let pages = json!([
        { "name": "home", "path": "" },
        { "name": "section", "path": url(section) },
        { "name": "source", "path": url(source) },
        { "name": "subject", "path": url(subject) },
        { "name": "comparison page", "path": url(compare) },
        { "name": "pair page", "path": "compare/django-vs-nodejs/" },
        { "name": "pairs", "path": "compare/" },
        { "name": "decision, at a question", "path": url(tree) },
        { "name": "decision, at an outcome", "path": format!("{}#dt-{outcome}", url(tree)) },
        { "name": "tags", "path": "tags/" },
        { "name": "tag", "path": tag },
        { "name": "FAQ", "path": "faq/" },
        { "name": "highlighted code", "path": code },
        { "name": "404", "path": "no/such/page/" },
    ]);
    let spec = json!({ "site": out_dir, "chromium": chromium, "pages": pages });
    run_script(&gui, "pages.mjs", &spec);
}

#[test]
fn every_html_file_of_the_bundled_init_and_guide_sites_passes_the_nu_html_checker() {
    let test = "every_html_file_of_the_bundled_init_and_guide_sites_passes_the_nu_html_checker";
    let gui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gui");
    let jar = gui.join("node_modules/vnu-jar/build/dist/vnu.jar");
    let why = if !jar.is_file() {
        Some("no vnu-jar in tests/gui (run `npm ci` there)".to_string())
    } else if Command::new("java").arg("-version").output().is_err() {
        Some("no `java` on the PATH (apt-get install default-jre-headless)".to_string())
    } else {
        None
    };
    if let Some(why) = why {
        assert!(
            std::env::var_os("CI").is_none(),
            "the HTML checker is required in CI, but: {why}"
        );
        let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
        return;
    }
    let (_out, bundled) = build_bundled_site();
    let (_guide_out, guide) = build_user_guide();
    let scratch = tempfile::tempdir().unwrap();
    let init = scratch.path().join("init");
    for args in [
        vec!["init".as_ref(), init.as_os_str()],
        vec!["build".as_ref(), "--root".as_ref(), init.as_os_str()],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_factbook"))
            .args(&args)
            .status()
            .unwrap();
        assert!(status.success(), "factbook {args:?}");
    }
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&bundled)
        .arg(&guide)
        .arg(init.join("site"))
        .output()
        .expect("run the Nu HTML Checker");
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn search_on_the_bundled_site_finds_pages_facts_and_criteria_in_chromium() {
    let test = "search_on_the_bundled_site_finds_pages_facts_and_criteria_in_chromium";
    let Some((chromium, gui)) = browser(test) else {
        return;
    };
    let (_out, out_dir) = build_bundled_site();
    let spec = json!({
        "site": out_dir,
        "chromium": chromium,
        "page": "sources/",
        "queries": [
            // A company named among the real-world examples.
            { "query": "Instagram", "first": "examples/" },
            // A word in criteria's labels and many pages: a result named by it comes first.
            { "query": "async", "title": "async" },
            // A criterion's label: its row of the comparison table.
            { "query": "real-time support", "first": "compare/django-vs-nodejs/#compare-1-realtime" },
        ],
        "filter": { "query": "Python", "name": "subject", "value": "Node.js", "absent": "subjects/django/" },
        "kind": { "query": "Django", "value": "Source" },
        // Pagefind's English web assembly alone is 60 KB and its script 13 KB (see BENCHMARKS.md).
        "budget_kb": 100,
    });
    run_script(&gui, "search.mjs", &spec);
}

/// The init scaffold's home page compares three drinks: the reader picks the columns.
#[test]
fn readers_choose_the_columns_of_a_three_subject_table_in_chromium() {
    let test = "readers_choose_the_columns_of_a_three_subject_table_in_chromium";
    let Some((chromium, gui)) = browser(test) else {
        return;
    };
    let site = SiteTest::new();
    // `init` takes an empty folder.
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::fs::remove_file(site.root.join("book.toml")).unwrap();
    site.run(&["init", "."]).assert_code(0);
    site.run(&["build"]).assert_code(0);
    let spec = json!({
        "site": site.root.join("site"),
        "chromium": chromium,
        "page": "",
        "table": "compare-1",
        "subjects": ["tea", "coffee", "cocoa"],
    });
    run_script(&gui, "columns.mjs", &spec);
}
