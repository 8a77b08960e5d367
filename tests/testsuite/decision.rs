//! Decision trees: the static HTML, and every validation error with its exact diagnostic.

use crate::site_test::SiteTest;

#[test]
fn every_step_is_an_anchored_section_and_every_answer_a_link() {
    let site = SiteTest::fixture("decision");
    site.build();
    let html = site.output("decide/index.html");
    assert!(html.contains(r#"<script src="../js/decision.js" defer></script>"#));
    assert!(html.contains(r#"<section class="decision-step decision-question" id="dt-realtime" data-node="realtime" aria-labelledby="dt-realtime-ask">"#));
    assert!(html.contains(r##"<li><a href="#dt-load" data-answer="yes">Yes</a></li><li><a href="#dt-team" data-answer="no">No</a></li>"##));
    assert!(html.contains(
        r#"<h3 id="dt-both-title" tabindex="-1">Recommendation: Django and Node.js</h3>"#
    ));
    assert!(html.contains(r#"Read more: <a href="../subjects/django/">Django</a>, <a href="../subjects/nodejs/">Node.js</a>"#));
    // The outcome's facts are the comparison table of its `because` criteria, with citations.
    assert!(
        html.contains(r#"<caption id="dt-node-facts-caption">Why Node.js: the facts</caption>"#)
    );
    let node = &html[html.find(r#"id="dt-node""#).unwrap()..];
    let node = &node[..node.find("</section>").unwrap()];
    assert!(
        node.contains(r#"<th scope="row">Real-time support"#)
            && node.contains(r#"<th scope="row">Concurrent connections"#)
    );
    assert!(
        node.contains(r##"<a class="cite" href="#fb-source-1""##),
        "{node}"
    );
    // Every subject is shown, not only the recommended one: the reader sees why.
    assert!(
        node.contains(r#"<th scope="col" data-subject="django"><a href="../subjects/django/">Django</a></th><th scope="col" data-subject="nodejs"><a href="../subjects/nodejs/">Node.js</a></th>"#),
        "{node}"
    );
    // No page without a tree loads the script.
    assert!(!site.output("index.html").contains("decision.js"));
    assert!(site.root.join("site/js/decision.js").is_file());
}

#[test]
fn text_in_the_tree_cannot_escape_the_data_script() {
    let site = SiteTest::fixture("decision");
    site.build();
    let html = site.output("decide/index.html");
    let data = &html[html
        .find(r#"<script type="application/json" id="decision-data">"#)
        .unwrap()..];
    let data = &data[..data.find("</script>").unwrap()];
    assert!(!data.contains("</"), "{data}");
    assert!(
        data.contains(r"\u003c/script\u003e\u003cb\u003ebold"),
        "{data}"
    );
    assert!(
        html.contains("What does the team write today? &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;")
    );
}

/// The decision fixture with its tree replaced by `tree` (TOML under `[decision]`).
fn tree_error(tree: &str) -> String {
    let site = SiteTest::fixture("decision");
    site.file(
        "content/decide.md",
        &format!("+++\ntitle = \"Decide\"\n\n[decision]\n{tree}+++\n"),
    );
    site.build_err()
}

const TWO_OUTCOMES: &str = "
[[decision.outcomes]]
id = \"node\"
recommend = [\"nodejs\"]
summary = \"Node.\"

[[decision.outcomes]]
id = \"django\"
recommend = [\"django\"]
summary = \"Django.\"
";

#[test]
fn next_that_names_nothing() {
    let tree = format!(
        "start = \"q\"\n[[decision.questions]]\nid = \"q\"\nask = \"Q?\"\nanswers = [{{ label = \"A\", next = \"nod\" }}, {{ label = \"B\", next = \"django\" }}]\n{TWO_OUTCOMES}"
    );
    snapbox::assert_data_eq!(
        tree_error(&tree),
        snapbox::str![[r#"
error: no question or outcome `nod` in this tree
 --> content/decide.md:9:34
  |
9 | answers = [{ label = "A", next = "nod" }, { label = "B", next = "django" }]
  |                                  ^^^^^
  |
  = help: did you mean `node`?

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn start_that_names_nothing() {
    let stderr = tree_error(&format!("start = \"begin\"\n{TWO_OUTCOMES}"));
    assert!(
        stderr.starts_with(
            "error: no question or outcome `begin` in this tree\n --> content/decide.md:5:9\n"
        ),
        "{stderr}"
    );
}

#[test]
fn duplicate_ids() {
    let tree = format!(
        "start = \"node\"\n[[decision.questions]]\nid = \"node\"\nask = \"Q?\"\nanswers = [{{ label = \"A\", next = \"django\" }}, {{ label = \"B\", next = \"django\" }}]\n{TWO_OUTCOMES}"
    );
    snapbox::assert_data_eq!(
        tree_error(&tree),
        snapbox::str![[r#"
error: the id `node` is used twice
  --> content/decide.md:12:6
   |
12 | id = "node"
   |      ^^^^^^
   |
   = help: it is first used on line 7; questions and outcomes need different ids

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn a_cycle() {
    let tree = format!(
        "start = \"a\"
[[decision.questions]]
id = \"a\"
ask = \"A?\"
answers = [{{ label = \"Yes\", next = \"b\" }}, {{ label = \"No\", next = \"node\" }}]
[[decision.questions]]
id = \"b\"
ask = \"B?\"
answers = [{{ label = \"Yes\", next = \"a\" }}, {{ label = \"No\", next = \"django\" }}]
{TWO_OUTCOMES}"
    );
    snapbox::assert_data_eq!(
        tree_error(&tree),
        snapbox::str![[r#"
error: this answer of `b` leads back to `a`, making a loop
  --> content/decide.md:13:36
   |
13 | answers = [{ label = "Yes", next = "a" }, { label = "No", next = "django" }]
   |                                    ^^^
   |
   = help: every path must end at an outcome

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn unreachable_steps() {
    let tree = format!(
        "start = \"q\"\n[[decision.questions]]\nid = \"q\"\nask = \"Q?\"\nanswers = [{{ label = \"A\", next = \"node\" }}, {{ label = \"B\", next = \"node\" }}]\n{TWO_OUTCOMES}"
    );
    snapbox::assert_data_eq!(
        tree_error(&tree),
        snapbox::str![[r#"
error: no path from the start reaches `django`
  --> content/decide.md:17:6
   |
17 | id = "django"
   |      ^^^^^^^^
   |
   = help: point an answer to it with next = "django", or remove it

error: found 1 error; nothing was written

"#]]
    );
}

#[test]
fn a_question_with_one_answer() {
    let tree = format!(
        "start = \"q\"\n[[decision.questions]]\nid = \"q\"\nask = \"Q?\"\nanswers = [{{ label = \"A\", next = \"node\" }}]\n{TWO_OUTCOMES}"
    );
    let stderr = tree_error(&tree);
    assert!(
        stderr.starts_with("error: the question `q` has 1 answer\n --> content/decide.md:7:6\n  |\n7 | id = \"q\"\n  |      ^^^\n  |\n  = help: a question needs at least two answers; to go on without asking, point to the next step directly\n"),
        "{stderr}"
    );
}

#[test]
fn an_outcome_naming_an_undeclared_subject_or_criterion() {
    let tree = "start = \"q\"
[[decision.questions]]
id = \"q\"
ask = \"Q?\"
answers = [{ label = \"A\", next = \"x\" }, { label = \"B\", next = \"x\" }]
[[decision.outcomes]]
id = \"x\"
recommend = [\"djang\"]
summary = \"X.\"
because = [\"realtim\"]
";
    snapbox::assert_data_eq!(
        tree_error(tree),
        snapbox::str![[r#"
error: no subject `djang` is declared
  --> content/decide.md:12:14
   |
12 | recommend = ["djang"]
   |              ^^^^^^^
   |
   = help: did you mean `django`?

error: no criterion `realtim` in the schema
  --> content/decide.md:14:12
   |
14 | because = ["realtim"]
   |            ^^^^^^^^^
   |
   = help: did you mean `realtime`?

error: found 2 errors; nothing was written

"#]]
    );
}

#[test]
fn unknown_keys_in_a_tree() {
    let stderr = tree_error(&format!("start = \"node\"\nquestoins = []\n{TWO_OUTCOMES}"));
    assert!(
        stderr.starts_with("error: unknown key `questoins`\n --> content/decide.md:6:1\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: did you mean `questions`?"),
        "{stderr}"
    );
}

#[test]
fn links_in_an_outcome_body_are_checked() {
    let tree = "start = \"q\"
[[decision.questions]]
id = \"q\"
ask = \"Q?\"
answers = [{ label = \"A\", next = \"x\" }, { label = \"B\", next = \"x\" }]
[[decision.outcomes]]
id = \"x\"
recommend = [\"django\"]
summary = \"X.\"
body = \"See [the page](subjects/djang.md).\"
";
    let stderr = tree_error(tree);
    // At the link inside the string, as a page's own broken link is, with a suggestion.
    assert!(
        stderr.starts_with(
            "error: link to a missing page `subjects/djang.md`\n  --> content/decide.md:14:24\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `subjects/django.md`?"),
        "{stderr}"
    );
}

/// Every kind of link a page's body may hold is checked in an outcome's body too, by the same
/// rules: sections, files, anchors on this page (a step's `#dt-` anchor among them) and links
/// that leave the content folder; and a page it links to lists this one among its backlinks.
#[test]
fn an_outcome_body_is_checked_as_a_page_body_is() {
    let tree = "start = \"q\"
[[decision.questions]]
id = \"q\"
ask = \"Q?\"
answers = [{ label = \"A\", next = \"x\" }, { label = \"B\", next = \"x\" }]
[[decision.outcomes]]
id = \"x\"
recommend = [\"django\"]
summary = \"X.\"
body = \"[a](subject/) [b](logo.png) [c](#dt-y) [d](../../etc/passwd) [e](#dt-q)\"
";
    snapbox::assert_data_eq!(
        tree_error(tree),
        snapbox::str![[r#"
error: link to a missing section `subject/`
  --> content/decide.md:14:13
   |
14 | body = "[a](subject/) [b](logo.png) [c](#dt-y) [d](../../etc/passwd) [e](#dt-q)"
   |             ^^^^^^^^
   |
   = help: did you mean `subjects/`?

error: link to a missing file `logo.png`
  --> content/decide.md:14:27
   |
14 | body = "[a](subject/) [b](logo.png) [c](#dt-y) [d](../../etc/passwd) [e](#dt-q)"
   |                           ^^^^^^^^
   |
   = help: link to pages by their `.md` file name

error: no heading `#dt-y` on this page
  --> content/decide.md:14:41
   |
14 | body = "[a](subject/) [b](logo.png) [c](#dt-y) [d](../../etc/passwd) [e](#dt-q)"
   |                                         ^^^^^
   |
   = help: did you mean `dt-q`?

error: link `../../etc/passwd` leads outside the content folder
  --> content/decide.md:14:52
   |
14 | body = "[a](subject/) [b](logo.png) [c](#dt-y) [d](../../etc/passwd) [e](#dt-q)"
   |                                                    ^^^^^^^^^^^^^^^^

error: found 4 errors; nothing was written

"#]]
    );
}

/// An outcome's body cannot show a quoted fact or a compare block (the outcome's table shows
/// its facts): each is an error at the place, never a value silently missing.
#[test]
fn an_outcome_body_that_quotes_a_fact_or_holds_a_table_is_refused() {
    let tree = "start = \"q\"
[[decision.questions]]
id = \"q\"
ask = \"Q?\"
answers = [{ label = \"A\", next = \"x\" }, { label = \"B\", next = \"x\" }]
[[decision.outcomes]]
id = \"x\"
recommend = [\"django\"]
summary = \"X.\"
body = \"\"\"
Since [=django.first_release].

```compare
subjects = [\"django\"]
```
\"\"\"
";
    let stderr = tree_error(tree);
    let message = "error: an outcome's body cannot quote facts or hold a compare block\n";
    assert!(
        stderr.starts_with(&format!("{message}  --> content/decide.md:15:7\n")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{message}  --> content/decide.md:18:1\n")),
        "{stderr}"
    );
    assert!(stderr.contains("found 2 errors"), "{stderr}");
}

#[test]
fn a_page_an_outcome_links_to_lists_it_among_its_backlinks() {
    let site = SiteTest::fixture("decision");
    let decide = std::fs::read_to_string(site.root.join("content/decide.md")).unwrap();
    let body = "body = \"See [Django](subjects/django.md).\"\nsummary = ";
    site.file("content/decide.md", &decide.replacen("summary = ", body, 1));
    site.run(&["build"]).assert_code(0);
    let django = site.output("subjects/django/index.html");
    let backlinks = &django[django.find("Pages that link here").expect("backlinks")..];
    assert!(
        backlinks.contains("<a href=\"../../decide/\">Decide</a>"),
        "{backlinks}"
    );
}

/// A chain of questions as long as an author could write (or a generator could) is checked
/// without running out of stack: every walk over a tree is iterative.
#[test]
fn a_very_long_chain_of_questions_is_checked() {
    let n = 30_000;
    let mut tree = String::from("title = \"Long\"\nstart = \"q0\"\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("q{}", i + 1)
        } else {
            "node".into()
        };
        tree.push_str(&format!(
            "[[decision.questions]]\nid = \"q{i}\"\nask = \"Step {i}?\"\nanswers = [{{ label = \"On\", next = \"{next}\" }}, {{ label = \"Stop\", next = \"django\" }}]\n"
        ));
    }
    // A loop at the far end, so that the walk has to reach it.
    tree.push_str("[[decision.questions]]\nid = \"back\"\nask = \"Back?\"\nanswers = [{ label = \"A\", next = \"q0\" }, { label = \"B\", next = \"node\" }]\n");
    tree.push_str(TWO_OUTCOMES);
    let stderr = tree_error(&tree);
    assert!(
        stderr.contains("no path from the start reaches `back`"),
        "{stderr}"
    );
}
