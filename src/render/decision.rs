//! Decision trees as static HTML plus data for the enhancing script.
//!
//! Every question and outcome is a section with its own anchor, and every answer is a plain
//! link to the next one, so the tree works — and prints — with JavaScript off. An outcome shows
//! the recommended subjects and, for its `because` criteria, the same aggregated, cited facts
//! as the comparison tables. The script (`js/decision.js`) only shows one step at a time and
//! keeps the answers in the URL; it reads the tree from JSON embedded in the page, escaped so
//! that no text in it can close the `<script>` element.

use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::model::decision::{Answer, Node, NodeKind, Tree, anchor};
use crate::model::{PageId, Site, SubjectId, Table};
use crate::render::facts_json::escape_for_html;
use crate::render::facts_pages::{NamedLink, render_table};
use crate::render::tables::{Citations, PageSources};
use crate::render::theme::Engine;
use crate::url;
use crate::words::Words;

/// A tree, ready for `decision.html`.
#[derive(Debug, Serialize, Hash)]
pub struct DecisionView<'a> {
    /// The heading.
    pub title: &'a str,
    /// The anchor of the first question.
    pub start: String,
    /// The questions.
    pub questions: Vec<QuestionView<'a>>,
    /// The outcomes.
    pub outcomes: Vec<OutcomeView<'a>>,
    /// The tree as JSON for the script, safe inside `<script>`.
    pub data: String,
}

/// A question.
#[derive(Debug, Serialize, Hash)]
pub struct QuestionView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its anchor.
    pub anchor: String,
    /// The question.
    pub ask: &'a str,
    /// The hint.
    pub help: Option<&'a str>,
    /// The answers.
    pub answers: Vec<AnswerView<'a>>,
}

/// An answer: a link to the next step.
#[derive(Debug, Serialize, Hash)]
pub struct AnswerView<'a> {
    /// Its text.
    pub label: &'a str,
    /// Its key in the URL.
    pub key: &'a str,
    /// `#` and the next step's anchor.
    pub href: String,
}

/// An outcome.
#[derive(Debug, Serialize, Hash)]
pub struct OutcomeView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its anchor.
    pub anchor: String,
    /// "Django and Node.js".
    pub names: String,
    /// Links to the recommended subjects.
    pub recommend: Vec<NamedLink>,
    /// The summary.
    pub summary: &'a str,
    /// The body (HTML).
    pub body: Option<&'a str>,
    /// The facts behind it: a comparison table of the `because` criteria (HTML).
    pub table: String,
    /// Answers that lead here (the first few paths), for readers without the script.
    pub paths: Vec<Vec<StepView<'a>>>,
}

/// A question answered on the way to an outcome.
#[derive(Debug, Serialize, Hash)]
pub struct StepView<'a> {
    /// The question.
    pub ask: &'a str,
    /// The answer given.
    pub label: &'a str,
}

/// How many paths to an outcome it lists.
const PATHS_SHOWN: usize = 3;

/// How many steps the search for paths may take: trees whose questions share later questions
/// can have many more paths than nodes.
const PATH_STEPS: usize = 10_000;

/// The first [`PATHS_SHOWN`] paths to each node of `tree`, as the questions and answers.
fn paths_by_outcome(tree: &Tree) -> Vec<Vec<Vec<StepView<'_>>>> {
    let mut by_node: Vec<Vec<Vec<StepView<'_>>>> = tree.nodes.iter().map(|_| Vec::new()).collect();
    for path in tree.paths_within(PATH_STEPS) {
        let end = tree.end_of(&path);
        if by_node[end].len() == PATHS_SHOWN {
            continue;
        }
        let mut node = tree.start;
        let mut steps = Vec::with_capacity(path.len());
        for &i in &path {
            if let NodeKind::Question { ask, answers, .. } = &tree.nodes[node].kind {
                steps.push(StepView {
                    ask,
                    label: &answers[i].label,
                });
                node = answers[i].next;
            }
        }
        by_node[end].push(steps);
    }
    by_node
}

/// The view of the tree of page `id`, the citations of its outcomes' tables numbered on from
/// `cited`.
pub fn decision_view<'a>(
    site: &'a Site,
    words: &'a Words,
    id: PageId,
    tree: &'a Tree,
    cited: &mut PageSources,
) -> Result<DecisionView<'a>, Error> {
    let from = &site.pages[id].url;
    let mut questions = Vec::new();
    let mut outcomes = Vec::new();
    // What js/decision.js reads: each node by id.
    let mut nodes = serde_json::Map::new();
    let mut paths = paths_by_outcome(tree);
    for (n, node) in tree.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Question { ask, help, answers } => {
                let answer_json = |a: &Answer| json!({ "key": a.key, "label": a.label, "next": tree.nodes[a.next].id });
                let answers_json: Vec<_> = answers.iter().map(answer_json).collect();
                let question = json!({ "type": "question", "ask": ask, "answers": answers_json });
                nodes.insert(node.id.clone(), question);
                let answer = |a: &'a Answer| AnswerView {
                    label: &a.label,
                    key: &a.key,
                    href: format!("#{}", anchor(&tree.nodes[a.next].id)),
                };
                questions.push(QuestionView {
                    id: &node.id,
                    anchor: anchor(&node.id),
                    ask,
                    help: help.as_deref(),
                    answers: answers.iter().map(answer).collect(),
                });
            }
            NodeKind::Outcome { .. } => {
                let Some(mut outcome) = outcome_view(site, words, from, node, cited) else {
                    continue;
                };
                outcome.paths = std::mem::take(&mut paths[n]);
                let json = json!({ "type": "outcome", "recommend": outcome.names });
                nodes.insert(node.id.clone(), json);
                outcomes.push(outcome);
            }
        }
    }
    let script_words = words.group("decision_script");
    let data = json!({ "start": tree.nodes[tree.start].id, "nodes": nodes, "words": script_words });
    Ok(DecisionView {
        title: (tree.title.as_deref()).unwrap_or_else(|| words.get("decision.title")),
        start: anchor(&tree.nodes[tree.start].id),
        questions,
        outcomes,
        data: escape_for_html(&data.to_string()),
    })
}

/// The view of an outcome, on the page at `from`, with the table of the facts behind it for
/// every subject (the reader sees why this one and not the others); `None` for a question.
fn outcome_view<'a>(
    site: &'a Site,
    words: &Words,
    from: &str,
    node: &'a Node,
    cited: &mut PageSources,
) -> Option<OutcomeView<'a>> {
    let NodeKind::Outcome {
        recommend,
        summary,
        body_html,
        ..
    } = &node.kind
    else {
        return None;
    };
    let subjects = &site.facts.subjects;
    let names = recommended_names(site, words, recommend);
    let table = outcome_table(site, words, node).map_or_else(String::new, |(id, table)| {
        render_table(site, words, &table, from, id, Citations::Some, cited)
    });
    let link = |&s: &SubjectId| NamedLink {
        title: subjects[s].name.clone(),
        href: url::relative_href(from, &site.pages[subjects[s].page].url),
    };
    Some(OutcomeView {
        id: &node.id,
        anchor: anchor(&node.id),
        names,
        recommend: recommend.iter().map(link).collect(),
        summary,
        body: body_html.as_deref(),
        table,
        paths: Vec::new(),
    })
}

/// "Django", "Django and Node.js": the subjects an outcome recommends.
fn recommended_names(site: &Site, words: &Words, recommend: &[SubjectId]) -> String {
    let subjects = &site.facts.subjects;
    let names: Vec<&str> = recommend
        .iter()
        .map(|&s| subjects[s].name.as_str())
        .collect();
    match names.as_slice() {
        [init @ .., last] if !init.is_empty() => {
            let init = init.join(words.get("table.list_separator"));
            format!("{init}{}{last}", words.get("decision.and"))
        }
        _ => names.join(""),
    }
}

/// The table of the facts behind outcome `node`, for every subject, with its id on the page;
/// `None` for a question, or an outcome that names no facts.
pub fn outcome_table(site: &Site, words: &Words, node: &Node) -> Option<(String, Table)> {
    let NodeKind::Outcome {
        recommend, because, ..
    } = &node.kind
    else {
        return None;
    };
    if because.is_empty() {
        return None;
    }
    let names = recommended_names(site, words, recommend);
    let table = Table {
        subjects: (0..site.facts.subjects.len()).map(SubjectId).collect(),
        criteria: because.clone(),
        caption: Some(words.fill("decision.why", &[("subjects", &names)])),
        left_out: None,
    };
    Some((format!("dt-{}-facts", node.id), table))
}

/// The tree of page `id` rendered with the theme's `decision.html`, if the page has one; its
/// tables' citations numbered on from `cited`.
pub fn render_decision(
    site: &Site,
    engine: &Engine<'_>,
    id: PageId,
    cited: &mut PageSources,
) -> Result<Option<String>, Error> {
    let Some(tree) = &site.trees[id] else {
        return Ok(None);
    };
    let view = decision_view(site, engine.words, id, tree, cited)?;
    engine
        .render_partial(
            "decision.html",
            "decision",
            &view,
            || &view,
            true,
            "a decision tree",
        )
        .map(|html| Some(html.to_string()))
}
