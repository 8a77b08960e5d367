//! Generates a deterministic benchmark site: `cargo run --release --example corpus -- PAGES DIR [SEED]`.
//!
//! The site has sections of 100 pages of realistic Markdown (headings, inline markup, lists, a
//! GFM table, a fenced code block, 3–6 links to other pages, some with anchors), tags, 20
//! subjects, a schema of 30 criteria, facts on a third of the pages, a compare block on every
//! 25th page and one decision tree. The same input always gives the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so the corpus needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "request",
    "worker",
    "thread",
    "event",
    "loop",
    "connection",
    "database",
    "query",
    "cache",
    "template",
    "router",
    "session",
    "token",
    "queue",
    "schema",
    "index",
    "latency",
    "throughput",
    "deploy",
    "server",
    "client",
    "socket",
    "stream",
    "buffer",
    "handler",
    "module",
    "package",
    "runtime",
    "process",
    "memory",
];
const SUBJECTS: usize = 20;
const CRITERIA: usize = 30;
const SECTION_SIZE: usize = 100;
const RATINGS: &[&str] = &["low", "medium", "high"];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(10);
    let mut s = String::new();
    for i in 0..n {
        let word = rng.pick(WORDS);
        match (i, rng.below(12)) {
            (0, _) => {
                let mut c = word.chars();
                s.push_str(
                    &c.next()
                        .unwrap()
                        .to_uppercase()
                        .chain(c)
                        .collect::<String>(),
                );
            }
            (_, 0) => write!(s, " *{word}*").unwrap(),
            (_, 1) => write!(s, " **{word}**").unwrap(),
            (_, 2) => write!(s, " `{word}`").unwrap(),
            _ => write!(s, " {word}").unwrap(),
        }
    }
    s.push('.');
    s
}

fn page_path(index: usize) -> String {
    format!(
        "s{:03}/p{:03}.md",
        index / SECTION_SIZE,
        index % SECTION_SIZE
    )
}

/// A value of criterion `c` for `subject`. Sources mostly agree, as they do on real sites: each
/// subject has one agreed value per criterion, and about one fact in eight states another.
fn criterion_value(rng: &mut Rng, subject: usize, c: usize) -> String {
    let mut agreed = Rng((subject as u64 + 1) * 7919 + c as u64 * 104_729);
    let source = if rng.below(8) == 0 { rng } else { &mut agreed };
    match c % 5 {
        0 => format!("\"{}\"", source.pick(WORDS)),
        1 => format!("{}", source.below(5) * 1000),
        2 => format!("{}", 2000 + source.below(4)),
        3 => format!("\"{}\"", source.pick(RATINGS)),
        _ => format!("[\"{}\", \"{}\"]", source.pick(WORDS), source.pick(WORDS)),
    }
}

fn page(rng: &mut Rng, index: usize, pages: usize) -> String {
    let mut text = String::new();
    writeln!(text, "+++").unwrap();
    writeln!(
        text,
        "title = \"Page {index}: {} {}\"",
        rng.pick(WORDS),
        rng.pick(WORDS)
    )
    .unwrap();
    writeln!(
        text,
        "description = \"{}\"",
        sentence(rng).replace(['*', '`'], "")
    )
    .unwrap();
    writeln!(text, "weight = {}", index % SECTION_SIZE).unwrap();
    writeln!(
        text,
        "tags = [\"{}\", \"{}\"]",
        rng.pick(WORDS),
        rng.pick(WORDS)
    )
    .unwrap();
    if index.is_multiple_of(3) {
        let first = rng.below(SUBJECTS);
        let second = (first + 1 + rng.below(SUBJECTS - 1)) % SUBJECTS;
        for subject in [first, second] {
            writeln!(text, "[facts.subject{subject}]").unwrap();
            let mut chosen: Vec<usize> = (0..4).map(|_| rng.below(CRITERIA)).collect();
            chosen.sort_unstable();
            chosen.dedup();
            for c in chosen {
                writeln!(text, "c{c} = {}", criterion_value(rng, subject, c)).unwrap();
            }
        }
    }
    writeln!(text, "+++\n").unwrap();
    for h in 0..4 {
        if h == 0 {
            writeln!(text, "## Overview\n").unwrap();
        } else {
            writeln!(text, "## Part {h}: {}\n", rng.pick(WORDS)).unwrap();
        }
        for _ in 0..2 {
            let paragraph: Vec<String> = (0..3).map(|_| sentence(rng)).collect();
            writeln!(text, "{}\n", paragraph.join(" ")).unwrap();
        }
        if h == 1 {
            for _ in 0..4 {
                writeln!(text, "- {}", sentence(rng)).unwrap();
            }
            writeln!(
                text,
                "\n| {} | {} |\n|---|---|\n| {} | {} |\n",
                rng.pick(WORDS),
                rng.pick(WORDS),
                rng.below(100),
                rng.below(100)
            )
            .unwrap();
        }
        if h == 2 {
            writeln!(
                text,
                "```rust\nfn {}() -> u32 {{ {} }}\n```\n",
                rng.pick(WORDS),
                rng.below(100)
            )
            .unwrap();
        }
    }
    let here = page_path(index);
    let depth = "../";
    for _ in 0..3 + rng.below(4) {
        let target = page_path(rng.below(pages));
        if target == here {
            continue;
        }
        // Every page has an "Overview" heading, so half the links can point into it.
        let anchor = if rng.below(2) == 0 { "" } else { "#overview" };
        write!(text, "See [another page]({depth}{target}{anchor}). ").unwrap();
    }
    text.push('\n');
    if index.is_multiple_of(25) {
        writeln!(
            text,
            "\n```compare\nsubjects = [\"subject{}\", \"subject{}\"]\n```",
            index % SUBJECTS,
            (index + 1) % SUBJECTS
        )
        .unwrap();
    }
    text
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pages), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: corpus PAGES DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64)
        | 1;
    let root = Path::new(dir);
    let content = root.join("content");
    if root.exists() {
        eprintln!("{} exists; give a new folder", root.display());
        std::process::exit(2);
    }
    fs::create_dir_all(&content).unwrap();
    fs::write(root.join("book.toml"), "title = \"Benchmark corpus\"\n").unwrap();
    let mut schema =
        String::from("[groups.a]\nlabel = \"Group A\"\n\n[groups.b]\nlabel = \"Group B\"\n\n");
    for c in 0..CRITERIA {
        let kind = ["text", "number", "year", "rating", "list"][c % 5];
        write!(
            schema,
            "[criteria.c{c}]\nlabel = \"Criterion {c}\"\ntype = \"{kind}\"\ngroup = \"{}\"\n",
            if c % 2 == 0 { "a" } else { "b" }
        )
        .unwrap();
        match kind {
            "number" => schema.push_str("unit = \"ms\"\nbetter = \"lower\"\n"),
            "rating" => {
                schema.push_str("scale = [\"low\", \"medium\", \"high\"]\nbetter = \"higher\"\n")
            }
            _ => {}
        }
        schema.push('\n');
    }
    fs::write(content.join("criteria.toml"), schema).unwrap();
    fs::create_dir_all(content.join("subjects")).unwrap();
    for s in 0..SUBJECTS {
        fs::write(
            content.join(format!("subjects/subject{s}.md")),
            format!("+++\ntitle = \"Subject {s}\"\n[subject]\nname = \"Subject {s}\"\n+++\nAbout subject {s}.\n"),
        )
        .unwrap();
    }
    fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Benchmark corpus\"\n\n[decision]\nstart = \"q\"\n[[decision.questions]]\nid = \"q\"\nask = \"Which?\"\nanswers = [{ label = \"First\", next = \"a\" }, { label = \"Second\", next = \"b\" }]\n[[decision.outcomes]]\nid = \"a\"\nrecommend = [\"subject0\"]\nsummary = \"The first.\"\nbecause = [\"c0\", \"c3\"]\n[[decision.outcomes]]\nid = \"b\"\nrecommend = [\"subject1\"]\nsummary = \"The second.\"\nbecause = [\"c1\"]\n+++\nA generated site.\n",
    )
    .unwrap();
    let mut rng = Rng(seed);
    for index in 0..pages {
        let path = content.join(page_path(index));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, page(&mut rng, index, pages)).unwrap();
    }
    println!("wrote {pages} pages to {}", root.display());
}
