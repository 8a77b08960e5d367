//! The dev server's contract: after any sequence of edits, the session's output equals a fresh
//! full build, byte for byte. Checked by a property test over random edit sequences on a site
//! with sections, tags, links, facts, comparison tables and a decision tree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use factbook::Error;
use factbook::emit::Output;
use factbook::session::{Preview, Rebuild, Session};
use proptest::prelude::*;

use crate::site_test::SiteTest;

/// One edit an author might make. Indices pick among the pages there are, modulo their number.
#[derive(Debug, Clone)]
enum Edit {
    /// Append a paragraph to a page's body.
    Body(usize, u8),
    /// Change a page's title.
    Title(usize, u8),
    /// Add a tag to a page.
    Tag(usize, u8),
    /// Add a link to another page (with or without a heading anchor).
    Link(usize, usize),
    /// State a fact about a subject on a page (sometimes disagreeing with others).
    Fact(usize, u8),
    /// Change the value of a fact a page states (sometimes to one of the wrong type).
    FactValue(usize, u8),
    /// Add a new page in a section.
    Add(u8),
    /// Delete a page that is not needed by the fixture's structure.
    Delete(usize),
    /// Rename a page.
    Rename(usize, u8),
    /// Break a page's front matter.
    Break(usize),
    /// Undo every broken front matter and fact.
    Fix,
    /// Save a page without changing it.
    Touch(usize),
    /// Change the site title in book.toml.
    Config(u8),
    /// Override the page template with a variant.
    Template(u8),
    /// Change a criterion's label in the schema.
    Schema(u8),
    /// Create a folder with a page in it.
    Folder(u8),
    /// Remove a folder created by `Folder`, with its page.
    RemoveFolder(u8),
    /// Change the title of the article a page summarises.
    SourceTitle(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::Body(p, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::Title(p, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::Tag(p, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Link(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::Fact(p, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::FactValue(p, n)),
        any::<u8>().prop_map(Edit::Add),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::Rename(p, n)),
        any::<usize>().prop_map(Edit::Break),
        Just(Edit::Fix),
        any::<usize>().prop_map(Edit::Touch),
        any::<u8>().prop_map(Edit::Config),
        any::<u8>().prop_map(Edit::Template),
        any::<u8>().prop_map(Edit::Schema),
        any::<u8>().prop_map(Edit::Folder),
        any::<u8>().prop_map(Edit::RemoveFolder),
        (any::<usize>(), any::<u8>()).prop_map(|(p, n)| Edit::SourceTitle(p, n)),
    ]
}

/// The content pages an edit may pick, sorted. Pages that other parts of the fixture depend on
/// (subjects, the tree's page, section pages) are edited but never deleted or renamed.
fn pages(root: &Path) -> Vec<String> {
    let mut pages: Vec<String> = crate::site_test::read_tree(&root.join("content"))
        .into_keys()
        .filter(|p| p.ends_with(".md"))
        .collect();
    pages.sort();
    pages
}

fn removable(page: &str) -> bool {
    !page.ends_with("_index.md") && !page.starts_with("subjects/") && page != "decide.md"
}

fn read(root: &Path, page: &str) -> String {
    fs::read_to_string(root.join("content").join(page)).unwrap()
}

/// Saves a page the way `sed -i` and many editors do: into a temporary file beside it, renamed
/// over it (see [`changed`], which reports the temporary file too, as a watcher does).
fn write(root: &Path, page: &str, text: &str) {
    let path = root.join("content").join(page);
    let dir = path.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let temporary = dir.join(TEMPORARY);
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, path).unwrap();
}

/// The name of the temporary file a save goes through.
const TEMPORARY: &str = "sedT3mp0";

/// Inserts `line` at the end of the front matter (before the closing `+++`).
fn add_to_front_matter(text: &str, line: &str) -> String {
    let close = text[3..].find("\n+++").map_or(text.len(), |i| i + 3);
    // Keys must come before any [table]; put plain keys right after the opening line.
    if line.starts_with('[') {
        format!("{}\n{line}{}", &text[..close], &text[close..])
    } else {
        format!("+++\n{line}{}", &text[3..])
    }
}

fn apply(root: &Path, edit: &Edit) {
    let all = pages(root);
    let pick = |i: usize| all[i % all.len()].clone();
    match *edit {
        Edit::Body(p, n) => {
            let page = pick(p);
            write(
                root,
                &page,
                &format!("{}\n\nAdded paragraph {n}.\n", read(root, &page)),
            );
        }
        Edit::Title(p, n) => {
            let page = pick(p);
            let text = read(root, &page);
            if let Some(start) = text.find("title = \"") {
                let end = text[start + 9..].find('"').unwrap() + start + 9;
                write(
                    root,
                    &page,
                    &format!("{}title = \"Title {n}{}", &text[..start], &text[end..]),
                );
            }
        }
        Edit::Tag(p, n) => {
            let page = pick(p);
            let text = read(root, &page);
            if !text.contains("tags = ") {
                write(
                    root,
                    &page,
                    &add_to_front_matter(&text, &format!("tags = [\"tag{}\"]", n % 3)),
                );
            }
        }
        Edit::Link(a, b) => {
            let (from, to) = (pick(a), pick(b));
            let depth = from.matches('/').count();
            let target = format!("{}{to}", "../".repeat(depth));
            write(
                root,
                &from,
                &format!("{}\n\nSee [another page]({target}).\n", read(root, &from)),
            );
        }
        Edit::Fact(p, n) => {
            let page = pick(p);
            let text = read(root, &page);
            let subject = if n % 2 == 0 { "django" } else { "nodejs" };
            if !text.contains(&format!("[facts.{subject}]"))
                && !text.contains("[decision]")
                && !text.contains("[[")
            {
                let value = ["\"Python\"", "\"JavaScript\"", "\"Rust\""][n as usize % 3];
                let table = format!(
                    "[facts.{subject}]\nlanguage = {value}\nfirst_release = {}",
                    2000 + n as u32 % 3
                );
                write(root, &page, &add_to_front_matter(&text, &table));
            }
        }
        Edit::FactValue(p, n) => {
            let page = pick(p);
            let text = read(root, &page);
            if let Some(start) = text.find("\nfirst_release = ") {
                let start = start + "\nfirst_release = ".len();
                let end = text[start..].find('\n').map_or(text.len(), |i| i + start);
                let value = match n % 4 {
                    3 => "\"soon\"".to_string(),
                    _ => (2000 + n as u32 % 10).to_string(),
                };
                write(
                    root,
                    &page,
                    &format!("{}{value}{}", &text[..start], &text[end..]),
                );
            }
        }
        Edit::Add(n) => {
            let section = ["sources", "subjects", ""][n as usize % 3];
            let page = if section.is_empty() {
                format!("new{n}.md")
            } else {
                format!("{section}/new{n}.md")
            };
            write(
                root,
                &page,
                &format!("+++\ntitle = \"New {n}\"\nweight = {n}\n+++\n\n## Part {n}\n\nText.\n"),
            );
        }
        Edit::Delete(p) => {
            let page = pick(p);
            if removable(&page) && !linked_to(root, &page) {
                fs::remove_file(root.join("content").join(&page)).unwrap();
            }
        }
        Edit::Rename(p, n) => {
            let page = pick(p);
            if removable(&page) && !linked_to(root, &page) {
                let to = format!(
                    "{}renamed{n}.md",
                    &page[..page.rfind('/').map_or(0, |i| i + 1)]
                );
                if !root.join("content").join(&to).exists() {
                    fs::rename(
                        root.join("content").join(&page),
                        root.join("content").join(to),
                    )
                    .unwrap();
                }
            }
        }
        Edit::Break(p) => {
            let page = pick(p);
            let text = read(root, &page);
            write(root, &page, &text.replacen("+++\n", "+++\nbroken key\n", 1));
        }
        Edit::Fix => {
            for page in pages(root) {
                let text = read(root, &page);
                if text.contains("broken key\n") || text.contains("\"soon\"") {
                    let fixed = text
                        .replace("broken key\n", "")
                        .replace("first_release = \"soon\"", "first_release = 2001");
                    write(root, &page, &fixed);
                }
            }
        }
        Edit::Touch(p) => {
            let page = pick(p);
            write(root, &page, &read(root, &page));
        }
        Edit::Config(n) => {
            fs::write(
                root.join("book.toml"),
                format!("title = \"Facts fixture {n}\"\n"),
            )
            .unwrap();
        }
        Edit::Template(n) => {
            let template = format!(
                "{{% extends \"base.html\" %}}{{% block main %}}<h1 class=\"v{}\">{{{{ page.title }}}}</h1>{{{{ page.content | safe }}}}{{% if decision %}}{{{{ decision | safe }}}}{{% endif %}}{{% endblock main %}}",
                n % 2
            );
            let path = root.join("theme/templates/page.html");
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, template).unwrap();
        }
        Edit::SourceTitle(p, n) => {
            let page = pick(p);
            let text = read(root, &page);
            if let Some(start) = text.find("[source]\ntitle = \"") {
                let start = start + "[source]\ntitle = \"".len();
                let end = text[start..].find('"').unwrap() + start;
                write(
                    root,
                    &page,
                    &format!("{}Article {n}{}", &text[..start], &text[end..]),
                );
            }
        }
        Edit::Folder(n) => {
            write(
                root,
                &format!("folder{}/page.md", n % 3),
                &format!("+++\ntitle = \"In folder {n}\"\n+++\nText.\n"),
            );
        }
        Edit::RemoveFolder(n) => {
            let _ = fs::remove_dir_all(root.join("content").join(format!("folder{}", n % 3)));
        }
        Edit::Schema(n) => {
            let path = root.join("content/criteria.toml");
            let text = fs::read_to_string(&path).unwrap();
            let start = text.find("label = \"Language").unwrap() + 9;
            let end = text[start..].find('"').unwrap() + start;
            fs::write(
                &path,
                format!("{}Language {n}{}", &text[..start], &text[end..]),
            )
            .unwrap();
        }
    }
}

/// Whether another page links to `page` (deleting it would only exercise the link checker).
fn linked_to(root: &Path, page: &str) -> bool {
    let name = page.rsplit('/').next().unwrap();
    pages(root)
        .iter()
        .any(|p| p != page && read(root, p).contains(name))
}

/// Every file of the site's sources, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = crate::site_test::read_tree(&root.join("content"));
    for (path, bytes) in crate::site_test::read_tree(&root.join("theme")) {
        files.insert(format!("../theme/{path}"), bytes);
    }
    if let Ok(bytes) = fs::read(root.join("book.toml")) {
        files.insert("../book.toml".into(), bytes);
    }
    files
}

/// The files that differ between two snapshots, as absolute paths: what a watcher reports,
/// including the temporary file each content file was saved through (gone by now).
fn changed(
    root: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<PathBuf> {
    before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .flat_map(|path| match path.strip_prefix("../") {
            Some(outside) => vec![root.join(outside)],
            None => {
                let path = root.join("content").join(path);
                vec![path.with_file_name(TEMPORARY), path]
            }
        })
        .collect()
}

/// Rebuilds the session after the files at `paths` changed, and compares it with a fresh
/// build of the same files.
fn check(
    session: &mut Session,
    root: &Path,
    step: &str,
    paths: &[PathBuf],
) -> Result<(), TestCaseError> {
    // Every other page of the last output is open in a browser, to be shown first.
    let open: Vec<String> = (session.output().into_iter())
        .flat_map(|output| output.files.keys().cloned().collect::<Vec<_>>())
        .filter(|path| path.ends_with(".html"))
        .step_by(2)
        .collect();
    let mut shown = None;
    let mut show = |output: Arc<Output>, fresh: Vec<String>| shown = Some((output, fresh));
    let mut preview = Preview {
        first: open,
        show: &mut show,
    };
    let rebuilt = session
        .rebuild_showing(paths, Some(&mut preview))
        .map_err(|e| TestCaseError::fail(format!("{step}: {e}")))?;

    match fresh_build(root) {
        Ok(fresh) => {
            prop_assert!(
                !matches!(rebuilt, Rebuild::Failed(_)),
                "{step}: the session failed where a build succeeds"
            );
            // What was shown first is what a build makes.
            if let Some((output, first)) = shown {
                for path in &first {
                    prop_assert!(
                        output.files.get(path) == fresh.files.get(path),
                        "{step}: `{path}`, shown first, differs from a fresh build's"
                    );
                }
            }
            let served = session.output().expect("a good build");
            let differing: Vec<&String> = fresh
                .files
                .iter()
                .filter(|(path, file)| served.files.get(*path) != Some(*file))
                .map(|(path, _)| path)
                .chain(
                    served
                        .files
                        .keys()
                        .filter(|p| !fresh.files.contains_key(*p)),
                )
                .collect();
            prop_assert!(
                differing.is_empty(),
                "{step}: served files differ from a fresh build: {differing:?}"
            );
        }
        Err(Error::Content(_)) => {
            prop_assert!(
                matches!(rebuilt, Rebuild::Failed(_)),
                "{step}: a build fails but the session did not"
            );
        }
        Err(other) => return Err(TestCaseError::fail(format!("{step}: {other}"))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn served_output_always_equals_a_fresh_build(edits in proptest::collection::vec(edit(), 1..10)) {
        let site = SiteTest::fixture("decision");
        let mut session = Session::new(&site.root, false);
        check(&mut session, &site.root, "first build", &[])?;
        let mut before = snapshot(&site.root);
        for (i, edit) in edits.iter().enumerate() {
            apply(&site.root, edit);
            let after = snapshot(&site.root);
            let paths = changed(&site.root, &before, &after);
            check(&mut session, &site.root, &format!("after edit {i} {edit:?}"), &paths)?;
            before = after;
        }
    }
}

#[test]
fn a_save_without_changes_does_nothing_and_a_change_renders_only_what_it_touches() {
    let site = SiteTest::fixture("decision");
    let mut session = Session::new(&site.root, false);
    assert!(matches!(
        session.rebuild().unwrap(),
        Rebuild::Changed { .. }
    ));
    let page = site.root.join("content/sources/c.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, &text).unwrap();
    assert!(
        matches!(session.rebuild().unwrap(), Rebuild::Unchanged),
        "a no-op save changes nothing"
    );

    // A body edit on a page nobody links to changes that page only.
    fs::write(&page, format!("{text}\nA new sentence.\n")).unwrap();
    let Rebuild::Changed { paths, .. } = session.rebuild().unwrap() else {
        panic!("a change")
    };
    assert_eq!(paths, ["sources/c/index.html"]);

    // A fact edit changes every page that shows the fact: the source page, the subject page,
    // the pair comparison, the home page's table, the tree's outcome, those tables' CSVs,
    // facts.json and facts.csv.
    fs::write(
        &page,
        text.replace(
            "async_since = \"<script>alert(1)</script>\"",
            "async_since = \"5.0\"",
        ),
    )
    .unwrap();
    let Rebuild::Changed { paths, .. } = session.rebuild().unwrap() else {
        panic!("a change")
    };
    let fact_pages = [
        "compare-1.csv",
        "compare/django-vs-nodejs/compare-1.csv",
        "compare/django-vs-nodejs/index.html",
        "facts.csv",
        "facts.json",
        "index.html",
        "sources/c/index.html",
        "subjects/nodejs/index.html",
        "subjects/nodejs/subject-facts.csv",
    ];
    assert_eq!(paths, fact_pages);

    // A body edit told to the session as a watcher would tell it (the temporary file, and the
    // page twice) renders that page alone, and the site equals a fresh build.
    let before = session.output().unwrap();
    let text = fs::read_to_string(&page).unwrap();
    write(
        &site.root,
        "sources/c.md",
        &format!("{text}\nOne more sentence.\n"),
    );
    let Rebuild::Changed { paths, .. } = session
        .rebuild_after(&[page.with_file_name(TEMPORARY), page.clone(), page.clone()])
        .unwrap()
    else {
        panic!("a change")
    };
    assert_eq!(paths, ["sources/c/index.html"]);
    let after = session.output().unwrap();
    let fresh = fresh_build(&site.root).unwrap();
    assert_eq!(*after, fresh);
    assert!(after.files["sources/c/index.html"] != before.files["sources/c/index.html"]);

    // A fact edit told the same way (the session keeps its model and gathers the facts again)
    // changes the same pages as before, and the site equals a fresh build.
    let text = fs::read_to_string(&page).unwrap();
    write(
        &site.root,
        "sources/c.md",
        &text.replace("async_since = \"5.0\"", "async_since = \"5.1\""),
    );
    let Rebuild::Changed { paths, .. } = session
        .rebuild_after(&[page.with_file_name(TEMPORARY), page.clone()])
        .unwrap()
    else {
        panic!("a change")
    };
    assert_eq!(paths, fact_pages);
    let fresh = fresh_build(&site.root).unwrap();
    assert_eq!(*session.output().unwrap(), fresh);
}

/// A fresh build in memory, with copied files read as the dev server reads them.
fn fresh_build(root: &Path) -> Result<factbook::emit::Output, Error> {
    let (_, mut fresh) = factbook::render_site(root, false, None)?;
    fresh.read_copies()?;
    Ok(fresh)
}

/// The facts part of a model, to compare a refreshed model with a fresh one.
fn facts_model(site: &factbook::model::Site) -> String {
    format!(
        "{:#?}",
        (
            &site.facts.facts,
            &site.facts.cells,
            &site.notes,
            &site.stated_on,
            &site.facts_by_page,
            &site.tables,
            &site.trees,
        )
    )
}

#[test]
fn a_model_refreshed_after_fact_edits_equals_a_fresh_one() {
    use factbook::config::Config;
    use factbook::model::{CriterionId, ModelOptions, Site, SubjectId};

    let site = SiteTest::fixture("decision");
    let root = &site.root;
    let load = || {
        let sources = factbook::source::load(root).unwrap();
        let fresh = Site::from_sources(
            Config::load(root).unwrap(),
            &sources,
            &ModelOptions::default(),
        )
        .unwrap();
        (sources, fresh)
    };
    let (_, mut kept) = load();
    let edits: [(&str, &str, &str); 6] = [
        // A value changes and a disagreement appears (same number of facts).
        (
            "sources/b.md",
            "first_release = 2009",
            "first_release = 2010",
        ),
        // The disagreement goes away again.
        (
            "sources/b.md",
            "first_release = 2010",
            "first_release = 2009",
        ),
        // A fact moves to another criterion: one cell loses it, another gains it.
        ("sources/a.md", "connections = 50000", "admin = true"),
        // A fact is added: every later fact moves.
        (
            "sources/a.md",
            "admin = true\n",
            "admin = true\nconnections = 100\n",
        ),
        // A page that stated no facts about a subject starts to, and a list grows.
        (
            "sources/b.md",
            "[facts.nodejs]\n",
            "[facts.nodejs]\nusers = [\"Netflix\"]\nlanguage = \"TypeScript\"\n",
        ),
        // A fact is removed.
        ("sources/a.md", "connections = 100\n", ""),
    ];
    for (page, from, to) in edits {
        let path = root.join("content").join(page);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{page} holds `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let (sources, fresh) = load();
        let index = sources
            .pages
            .iter()
            .position(|p| p.rel_path == page)
            .unwrap();
        let mut parsed =
            factbook::model::page::parse(&sources.pages[index], index, kept.config.markdown)
                .unwrap();
        parsed.fingerprint = sources.pages[index].hash;
        let id = kept.pages.iter().position(|p| p.rel_path == page).unwrap();
        let claimed = kept
            .refresh_facts(vec![(factbook::model::PageId(id), parsed)], &sources)
            .unwrap();
        if from == "first_release = 2009" {
            // One value changed: its cell alone, not those of the page's other facts.
            let subject = |name: &str| {
                let subjects = &kept.facts.subjects;
                SubjectId(subjects.iter().position(|s| s.id == name).unwrap())
            };
            let criteria = &kept.facts.schema.criteria;
            let first_release = criteria.iter().position(|c| c.id == "first_release");
            let first_release = CriterionId(first_release.unwrap());
            assert!(claimed.contains(subject("nodejs"), first_release));
            assert!(!claimed.has_subject(subject("django")));
        }
        assert_eq!(
            facts_model(&kept),
            facts_model(&fresh),
            "after `{from}` became `{to}` in {page}"
        );
    }
    assert!(
        !kept.notes.is_empty(),
        "the edits leave a disagreement to note"
    );
}

#[test]
fn a_template_edit_shows_the_open_pages_first_and_then_the_rest() {
    let site = SiteTest::fixture("decision");
    factbook::init::eject::eject(&site.root, &["templates/page.html".into()]).unwrap();
    let mut session = Session::new(&site.root, false);
    session.rebuild().unwrap();
    let (open, other) = ("sources/a/index.html".to_string(), "sources/b/index.html");
    let template = site.root.join("theme/templates/page.html");
    let text = fs::read_to_string(&template).unwrap();
    fs::write(
        &template,
        text.replacen("<article>", "<article data-edited>", 1),
    )
    .unwrap();

    let mut shown = None;
    let mut show = |output: Arc<Output>, fresh: Vec<String>| shown = Some((output, fresh));
    let mut preview = Preview {
        first: vec![open.clone(), "no/such/page.html".into()],
        show: &mut show,
    };
    let rebuilt = session.rebuild_showing(&[template], Some(&mut preview));
    assert!(
        matches!(rebuilt, Ok(Rebuild::Changed { .. })),
        "{rebuilt:?}"
    );
    let (output, fresh) = shown.expect("the open page was shown first");
    let html = |output: &Output, path: &str| match &output.files[path] {
        factbook::emit::OutputFile::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        copy => panic!("{path} is not rendered: {copy:?}"),
    };
    // The open page and the theme's files are current; the rest waits for the whole render.
    assert!(html(&output, &open).contains("data-edited"));
    assert!(!html(&output, other).contains("data-edited"));
    assert!(fresh.contains(&open) && fresh.iter().any(|p| p.ends_with(".css")));
    assert!(!fresh.iter().any(|p| p == other), "{fresh:?}");
    let after = session.output().unwrap();
    assert!(html(&after, other).contains("data-edited"));
    assert_eq!(html(&after, &open), html(&output, &open));

    // A save that changes nothing the open page shows reloads nothing.
    let template = site.root.join("theme/templates/page.html");
    let mut shown = false;
    let mut show = |_, _| shown = true;
    let mut preview = Preview {
        first: vec![open.clone()],
        show: &mut show,
    };
    let rebuilt = session.rebuild_showing(&[template], Some(&mut preview));
    assert!(matches!(rebuilt, Ok(Rebuild::Unchanged)), "{rebuilt:?}");
    assert!(!shown);
}
