//! The user guide (`docs/`): it checks clean, and every example on its errors page prints
//! exactly the message the page shows. `SNAPSHOTS=overwrite cargo test` writes the messages
//! factbook prints into the page, for review.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::site_test::SiteTest;

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

#[test]
fn the_user_guide_checks_without_an_error_or_a_warning() {
    let output = Command::new(env!("CARGO_BIN_EXE_factbook"))
        .args(["check", "--root"])
        .arg(docs())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// A fenced block of the errors page: its info string and its text, with where the text is.
struct Block {
    info: String,
    text: String,
    at: Range<usize>,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (event, range) in Parser::new(page).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                open = Some(Block {
                    info: info.to_string(),
                    text: String::new(),
                    at: range.end..range.end,
                });
            }
            Event::Text(text) => {
                if let Some(block) = open.as_mut() {
                    if block.text.is_empty() {
                        block.at.start = range.start;
                    }
                    block.text.push_str(&text);
                    block.at.end = range.end;
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

/// Each example is the files shown before a ```` ```text ```` block (a block whose info
/// string names a language and a path: ```` ```toml content/criteria.toml ````), in a site
/// whose `book.toml` has a title unless the example gives one; the text block is what
/// `factbook check` prints.
#[test]
fn every_example_on_the_errors_page_prints_what_the_page_shows() {
    let path = docs().join("content/errors.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut site = SiteTest::new();
    let (mut examples, mut wrong, mut replaced) = (0, Vec::new(), Vec::new());
    for block in blocks(&page) {
        let words: Vec<&str> = block.info.split_whitespace().collect();
        match words[..] {
            [_, file] => {
                site.file(file, &block.text);
            }
            ["text"] => {
                let printed = site.run(&["check"]).stderr;
                examples += 1;
                if printed != block.text {
                    wrong.push(format!("page:\n{}\nprinted:\n{printed}", block.text));
                    replaced.push((block.at.clone(), printed));
                }
                site = SiteTest::new();
            }
            _ => {}
        }
    }
    assert!(examples >= 10, "only {examples} examples");
    if overwrite && !replaced.is_empty() {
        let mut page = page;
        for (at, printed) in replaced.into_iter().rev() {
            page.replace_range(at, &printed);
        }
        std::fs::write(&path, page).unwrap();
    } else {
        assert!(wrong.is_empty(), "{}", wrong.join("\n---\n"));
    }
}
