//! A seeded mutation harness over whole sites, with the oracle every input must satisfy: no
//! panic, no stall, exit code 0, 1 or 2 only, content errors name a file, a failed build
//! leaves the previous site as it was, and `check` agrees with `build`.
//!
//! CI runs a few cases; run more with, for example,
//! `FACTBOOK_FUZZ_CASES=2000 cargo test --release --test testsuite fuzz`. A failing case is
//! shrunk by proptest and kept in `tests/proptest-regressions/`, so that it runs first next
//! time.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::site_test::SiteTest;

/// Pieces of text that mean something to one stage or another, to splice into files.
const SNIPPETS: &[&str] = &[
    "+++",
    "\n+++\n",
    "[facts.django]\n",
    "[facts.nobody]\nx = 1\n",
    "title = ",
    "realtime = \"excellent\"\n",
    "first_release = \"soon\"\n",
    "[[decision.questions]]\nid = \"q\"\nask = \"?\"\nanswers = []\n",
    "next = \"start\"",
    "{{ page.titel }}",
    "{% if %}",
    "```compare\nsubjects = [\"django\"]\n```\n",
    "```compare\n",
    "[link](../nowhere.md#none)",
    "[self](#missing)",
    "## Heading\n## Heading\n",
    "<script>alert(1)</script>",
    "\u{0}",
    "\u{feff}",
    "é\u{301}𝓍",
    "[subject]\nname = \"\"\n",
    "weight = -1\n",
    "date = 2025-13-40\n",
    "tags = [\"\", \"a/b\"]\n",
    "template = \"../../etc/passwd\"\n",
    "[[[",
    "\"\"\"",
];

/// Openings that nest (block quotes, lists, emphasis, links, HTML, TOML arrays and tables),
/// repeated to nest deeply.
const NESTINGS: &[&str] = &["> ", "- ", "1. ", "*", "[", "<div>", "<ul><li>", "{a="];

/// One change to one file of the site.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace a byte.
    Flip(usize, usize, u8),
    /// Splice a snippet in.
    Insert(usize, usize, usize),
    /// Cut the file short.
    Truncate(usize, usize),
    /// Repeat a line many times.
    Repeat(usize, usize, u16),
    /// Splice in an opening repeated many times.
    Nest(usize, usize, usize, u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>(), any::<u8>()).prop_map(|(f, p, b)| Mutation::Flip(f, p, b)),
        (any::<usize>(), any::<usize>(), 0..SNIPPETS.len())
            .prop_map(|(f, p, s)| Mutation::Insert(f, p, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(f, p)| Mutation::Truncate(f, p)),
        (any::<usize>(), any::<usize>(), 1..2000u16)
            .prop_map(|(f, l, n)| Mutation::Repeat(f, l, n)),
        (
            any::<usize>(),
            any::<usize>(),
            0..NESTINGS.len(),
            1..20_000u16
        )
            .prop_map(|(f, p, k, n)| Mutation::Nest(f, p, k, n)),
    ]
}

/// The site's files a mutation may pick, sorted: `book.toml` and everything in `content/`.
fn files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = crate::site_test::read_tree(&root.join("content"))
        .into_keys()
        .map(|rel| format!("content/{rel}"))
        .collect();
    files.push("book.toml".into());
    files.sort();
    files
}

/// Applies `mutation` to the site in `root`.
fn apply(root: &Path, mutation: &Mutation) {
    let files = files(root);
    let (Mutation::Flip(f, ..)
    | Mutation::Insert(f, ..)
    | Mutation::Truncate(f, _)
    | Mutation::Repeat(f, ..)
    | Mutation::Nest(f, ..)) = *mutation;
    let path = root.join(&files[f % files.len()]);
    let bytes = fs::read(&path).unwrap();
    let at = |p: usize| if bytes.is_empty() { 0 } else { p % bytes.len() };
    let mutated: Vec<u8> = match *mutation {
        Mutation::Flip(_, p, b) => {
            let mut bytes = bytes.clone();
            if !bytes.is_empty() {
                let i = at(p);
                bytes[i] = b;
            }
            bytes
        }
        Mutation::Insert(_, p, s) => {
            let i = at(p);
            [&bytes[..i], SNIPPETS[s].as_bytes(), &bytes[i..]].concat()
        }
        Mutation::Truncate(_, p) => bytes[..at(p)].to_vec(),
        Mutation::Repeat(_, l, n) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            let line = lines.get(l % lines.len().max(1)).copied().unwrap_or("");
            format!("{text}\n{}", format!("{line}\n").repeat(n.into())).into_bytes()
        }
        Mutation::Nest(_, p, k, n) => {
            let i = at(p);
            let nesting = NESTINGS[k].repeat(n.into());
            [&bytes[..i], nesting.as_bytes(), b"x", &bytes[i..]].concat()
        }
    };
    fs::write(path, mutated).unwrap();
}

/// Runs `factbook ARGS` in the site's folder, failing if it takes longer than a minute.
fn run(site: &SiteTest, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factbook"))
        .args(args)
        .current_dir(&site.root)
        .env_clear()
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`factbook {}` stalled", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (status.code().unwrap_or(-1), reader.join().unwrap())
}

fn cases() -> u32 {
    std::env::var("FACTBOOK_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn no_input_crashes_stalls_or_damages_the_previous_site(
        mutations in proptest::collection::vec(mutation(), 1..5)
    ) {
        let site = SiteTest::fixture("decision");
        prop_assert_eq!(run(&site, &["build"]).0, 0);
        let before = site.tree("site");
        for mutation in &mutations {
            apply(&site.root, mutation);
        }
        let (check, check_err) = run(&site, &["check"]);
        let (build, build_err) = run(&site, &["build"]);
        for (code, stderr) in [(check, &check_err), (build, &build_err)] {
            prop_assert!([0, 1, 2].contains(&code), "exit {}: {}", code, stderr);
            prop_assert!(!stderr.contains("panicked"), "{}", stderr);
            if code == 1 {
                prop_assert!(
                    ["content/", "book.toml", "theme/"].iter().any(|p| stderr.contains(p)),
                    "a content error names no file: {}", stderr
                );
            }
        }
        prop_assert_eq!(check, build, "check and build disagree:\n{}\n---\n{}", check_err, build_err);
        if build != 0 {
            prop_assert!(site.tree("site") == before, "a failed build changed the site");
        }
    }
}
