//! The plan for each kind of save, on the decision fixture site.

use std::path::Path;

use super::{Changed, Edit, Plan, plan};
use crate::config::Config;
use crate::model::{ModelOptions, Site};
use crate::source::{self, SourceFile, Sources};

/// The fixture's sources and model.
fn fixture() -> (Sources, Site) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/decision");
    let sources = source::load(&root).unwrap();
    let config = Config::load(&root).unwrap();
    let site = Site::from_sources(config, &sources, &ModelOptions::default()).unwrap();
    (sources, site)
}

/// Page `rel` of `sources` saved with `edit` applied to its text.
fn saved(sources: &Sources, rel: &str, edit: impl Fn(&str) -> String) -> Changed {
    let old = sources.pages.iter().find(|p| p.rel_path == rel).unwrap();
    let text = edit(&old.text);
    Changed::Page(SourceFile {
        hash: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
        text,
        ..old.clone()
    })
}

/// What the plan says, in a word, with the edit of each page.
fn outcome(plan: Plan) -> String {
    match plan {
        Plan::Nothing => "nothing".into(),
        Plan::Full => "full".into(),
        Plan::Pages(updates) => updates
            .iter()
            .map(|u| match u.edit {
                Edit::Body => format!("body {}", u.source.rel_path),
                Edit::Facts => format!("facts {}", u.source.rel_path),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[test]
fn each_kind_of_save_gets_its_plan() {
    let (sources, site) = fixture();
    let a = "sources/a.md";
    let replace = |from: &'static str, to: &'static str| {
        move |text: &str| {
            assert!(text.contains(from), "the page holds `{from}`");
            text.replacen(from, to, 1)
        }
    };
    let cases: Vec<(&str, Vec<Changed>, &str)> = vec![
        (
            "a body edit",
            vec![saved(&sources, a, |t| format!("{t}\nA new paragraph.\n"))],
            "body sources/a.md",
        ),
        (
            "a fact edit",
            vec![saved(
                &sources,
                a,
                replace("connections = 50000", "connections = 60000"),
            )],
            "facts sources/a.md",
        ),
        (
            "a body and a fact edit in two pages",
            vec![
                saved(
                    &sources,
                    a,
                    replace("connections = 50000", "connections = 1"),
                ),
                saved(&sources, "sources/b.md", |t| format!("{t}\nMore.\n")),
            ],
            "facts sources/a.md, body sources/b.md",
        ),
        (
            "one save reported twice",
            vec![
                saved(&sources, a, |t| format!("{t}\nOnce.\n")),
                saved(&sources, a, |t| format!("{t}\nOnce.\n")),
            ],
            "body sources/a.md",
        ),
        (
            "a front-matter edit",
            vec![saved(
                &sources,
                a,
                replace("title = \"Article A\"", "title = \"A\""),
            )],
            "full",
        ),
        (
            "a new heading (other pages can link to it)",
            vec![saved(&sources, a, |t| format!("{t}\n## New heading\n"))],
            "full",
        ),
        (
            "a fact and a body edit in one page",
            vec![saved(&sources, a, |t| {
                format!(
                    "{}\nMore.\n",
                    t.replacen("connections = 50000", "connections = 2", 1)
                )
            })],
            "full",
        ),
        (
            "a save of the same text",
            vec![saved(&sources, a, str::to_string)],
            "nothing",
        ),
        (
            "an editor's temporary file, gone",
            vec![Changed::Gone("sources/.a.md.swp".into())],
            "nothing",
        ),
        ("a page removed", vec![Changed::Gone(a.into())], "full"),
        (
            "a page added",
            vec![Changed::Page(SourceFile {
                rel_path: "sources/new.md".into(),
                ..sources.pages[0].clone()
            })],
            "full",
        ),
        (
            "the schema, book.toml, a template or a copied file",
            vec![Changed::Other],
            "full",
        ),
        ("no paths (a fresh start)", vec![], "full"),
    ];
    for (name, changed, expected) in cases {
        assert_eq!(outcome(plan(&changed, &sources, &site)), expected, "{name}");
    }
}
