//! The bundled knowledge base is written in its own words: no run of eight words may match the
//! source articles, except the articles' titles (cited by name) and technical identifiers.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

const RUN: usize = 8;

/// Phrases that must match the articles: titles cited by name, and header names.
const ALLOWED: &[&str] = &["X-Content-Type-Options, X-Frame-Options and Strict-Transport-Security"];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_sentence_is_copied_from_the_source_articles() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED no_sentence_is_copied_from_the_source_articles: no {}",
            seeds.display()
        );
        return;
    };
    let mut runs = HashSet::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let words = words(&std::fs::read_to_string(&path).unwrap());
            for run in words.windows(RUN) {
                runs.insert(run.join(" "));
            }
        }
    }
    assert!(runs.len() > 1000, "the seeds were read");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut copied = Vec::new();
    for (rel, bytes) in crate::site_test::read_tree(&content) {
        if !rel.ends_with(".md") {
            continue;
        }
        let mut text = String::from_utf8(bytes).unwrap();
        // Titles of the articles are citations: drop the `title = "…"` lines of [source] tables.
        text = text
            .lines()
            .filter(|line| !line.starts_with("title = \""))
            .collect::<Vec<_>>()
            .join("\n");
        for allowed in ALLOWED {
            text = text.replace(allowed, " ");
        }
        for run in words(&text).windows(RUN) {
            let run = run.join(" ");
            if runs.contains(&run) {
                copied.push(format!("{rel}: {run}"));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "runs of {RUN} words copied from the articles:\n{}",
        copied.join("\n")
    );
}
