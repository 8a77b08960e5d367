//! The decision tree in a real browser: `tests/gui/decision.mjs` drives Debian's Chromium through
//! playwright-core, walking every root-to-outcome path that factbook's own model enumerates.
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

#[test]
fn decision_tree_works_in_chromium_with_and_without_javascript() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let gui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gui");
    if let Some(why) = missing(&chromium, &gui) {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser tests are required in CI, but: {why}"
        );
        // Written past the test harness's capture, so the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED decision_tree_works_in_chromium_with_and_without_javascript: {why}"
        );
        return;
    }

    let site = SiteTest::fixture("decision");
    site.build();
    let (model, _) = factbook::load_site(&site.root, false).expect("the fixture loads");
    let (page, tree) = model
        .trees
        .iter()
        .enumerate()
        .find_map(|(id, tree)| tree.as_ref().map(|t| (id, t)))
        .expect("the fixture has a tree");
    let schema = &model.facts.schema;
    let paths: Vec<_> = tree
        .paths()
        .into_iter()
        .map(|choices| {
            let mut node = tree.start;
            let mut answers = Vec::new();
            for choice in choices {
                let NodeKind::Question { answers: options, .. } = &tree.nodes[node].kind else {
                    unreachable!("a path's steps are questions")
                };
                let answer = &options[choice];
                answers.push(json!({ "question": tree.nodes[node].id, "key": answer.key, "label": answer.label }));
                node = answer.next;
            }
            let NodeKind::Outcome { because, summary, .. } = &tree.nodes[node].kind else {
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
    assert_eq!(paths.len(), 4, "the fixture's tree has four paths");

    let spec = json!({
        "site": site.root.join("site"),
        "page": model.pages[page].url,
        "chromium": chromium,
        "paths": paths,
    });
    let spec_path = site.root.join("gui-spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let output = Command::new("node")
        .arg(gui.join("decision.mjs"))
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
