//! Generates a deterministic benchmark site:
//! `cargo run --release --example corpus -- PAGES DIR [SEED] [--for factbook|hugo|mdbook]`.
//!
//! The site has sections of 100 pages of realistic Markdown (headings, inline markup, lists, a
//! GFM table, a fenced code block, 3–6 links to other pages, some with anchors), tags, 20
//! subjects, a schema of 30 criteria, facts on a third of the pages, a compare block on every
//! 25th page and one decision tree. The same input always gives the same files.
//!
//! `--for hugo` and `--for mdbook` write the same page bodies laid out for those tools, so that
//! one corpus can be built by all three (see `bench/compare.py`).

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

/// A generated page: its title, its front matter (TOML, without the `+++` lines) and its
/// Markdown body.
struct Page {
    title: String,
    front: String,
    body: String,
}

fn page(rng: &mut Rng, index: usize, pages: usize) -> Page {
    let mut text = String::new();
    let title = format!("Page {index}: {} {}", rng.pick(WORDS), rng.pick(WORDS));
    writeln!(text, "title = \"{title}\"").unwrap();
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
    let front = std::mem::take(&mut text);
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
    Page {
        title,
        front,
        body: text,
    }
}

/// Which tool the corpus is laid out for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Factbook,
    Hugo,
    Mdbook,
}

fn usage() -> ! {
    eprintln!("usage: corpus PAGES DIR [SEED] [--for factbook|hugo|mdbook]");
    std::process::exit(2);
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut layout = Layout::Factbook;
    if let Some(at) = args.iter().position(|a| a == "--for") {
        layout = match args.get(at + 1).map(String::as_str) {
            Some("factbook") => Layout::Factbook,
            Some("hugo") => Layout::Hugo,
            Some("mdbook") => Layout::Mdbook,
            _ => usage(),
        };
        args.drain(at..at + 2);
    }
    let (Some(pages), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        usage();
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64)
        | 1;
    let root = Path::new(dir);
    if root.exists() {
        eprintln!("{} exists; give a new folder", root.display());
        std::process::exit(2);
    }
    match layout {
        Layout::Factbook => factbook_site(root, pages, seed),
        Layout::Hugo => hugo_site(root, pages, seed),
        Layout::Mdbook => mdbook_site(root, pages, seed),
    }
    println!("wrote {pages} pages to {}", root.display());
}

/// Writes every page with `write(path, page)`, `path` relative to the content folder.
fn each_page(pages: usize, seed: u64, mut write: impl FnMut(&str, Page)) {
    let mut rng = Rng(seed);
    for index in 0..pages {
        write(&page_path(index), page(&mut rng, index, pages));
    }
}

/// Writes every page as TOML front matter between `+++` lines and its body, as factbook and
/// Hugo both read them.
fn write_pages_with_front_matter(content: &Path, pages: usize, seed: u64) {
    each_page(pages, seed, |path, page| {
        write_file(
            &content.join(path),
            &format!("+++\n{}+++\n\n{}", page.front, page.body),
        );
    });
}

fn write_file(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn factbook_site(root: &Path, pages: usize, seed: u64) {
    let content = root.join("content");
    write_file(&root.join("book.toml"), "title = \"Benchmark corpus\"\n");
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
    write_file(&content.join("criteria.toml"), &schema);
    for s in 0..SUBJECTS {
        write_file(
            &content.join(format!("subjects/subject{s}.md")),
            &format!(
                "+++\ntitle = \"Subject {s}\"\n[subject]\nname = \"Subject {s}\"\n+++\nAbout subject {s}.\n"
            ),
        );
    }
    write_file(
        &content.join("_index.md"),
        "+++\ntitle = \"Benchmark corpus\"\n\n[decision]\nstart = \"q\"\n[[decision.questions]]\nid = \"q\"\nask = \"Which?\"\nanswers = [{ label = \"First\", next = \"a\" }, { label = \"Second\", next = \"b\" }]\n[[decision.outcomes]]\nid = \"a\"\nrecommend = [\"subject0\"]\nsummary = \"The first.\"\nbecause = [\"c0\", \"c3\"]\n[[decision.outcomes]]\nid = \"b\"\nrecommend = [\"subject1\"]\nsummary = \"The second.\"\nbecause = [\"c1\"]\n+++\nA generated site.\n",
    );
    write_pages_with_front_matter(&content, pages, seed);
}

/// The same pages for Hugo: its front matter takes the same TOML, and a small theme gives each
/// page what factbook's does — breadcrumbs, a table of contents, tags, previous and next links
/// and a sidebar of the page's own section.
fn hugo_site(root: &Path, pages: usize, seed: u64) {
    write_file(
        &root.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"Benchmark corpus\"\nlanguageCode = \"en\"\ndisableKinds = [\"RSS\"]\n",
    );
    let layouts = root.join("layouts/_default");
    write_file(
        &layouts.join("baseof.html"),
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<nav class="sidebar">
{{ with .CurrentSection }}<ul><li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ul>
</li></ul>{{ end }}
</nav>
</body>
</html>
"#,
    );
    write_file(
        &layouts.join("single.html"),
        r#"{{ define "main" }}
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lede">{{ . }}</p>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .Params.tags }}<p class="tags">{{ range . }}<a href="{{ printf "/tags/%s/" (. | urlize) | relURL }}">{{ . }}</a> {{ end }}</p>{{ end }}
</article>
<nav class="pager">{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"#,
    );
    write_file(
        &layouts.join("list.html"),
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
"#,
    );
    write_file(
        &root.join("static/style.css"),
        "body { font-family: sans-serif; }\n",
    );
    let content = root.join("content");
    write_file(
        &content.join("_index.md"),
        "+++\ntitle = \"Benchmark corpus\"\n+++\nA generated site.\n",
    );
    write_pages_with_front_matter(&content, pages, seed);
}

/// The same page bodies for mdBook: a `SUMMARY.md` lists every page by section, and each page
/// starts with its title as a heading (mdBook reads no front matter).
fn mdbook_site(root: &Path, pages: usize, seed: u64) {
    write_file(
        &root.join("book.toml"),
        "[book]\ntitle = \"Benchmark corpus\"\n\n[output.html.search]\nenable = false\n",
    );
    let src = root.join("src");
    write_file(
        &src.join("README.md"),
        "# Benchmark corpus\n\nA generated site.\n",
    );
    let mut summary = String::from("# Summary\n\n[Introduction](README.md)\n\n");
    each_page(pages, seed, |path, page| {
        let (section, _) = path.split_once('/').unwrap();
        if path.ends_with("/p000.md") {
            let readme = format!("{section}/README.md");
            writeln!(summary, "- [{}]({readme})", section.to_uppercase()).unwrap();
            write_file(
                &src.join(&readme),
                &format!("# {}\n", section.to_uppercase()),
            );
        }
        writeln!(summary, "  - [{}]({path})", page.title).unwrap();
        write_file(
            &src.join(path),
            &format!("# {}\n\n{}", page.title, page.body),
        );
    });
    write_file(&src.join("SUMMARY.md"), &summary);
}
