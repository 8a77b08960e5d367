//! Decision trees: questions whose answers lead to further questions or to outcomes that
//! recommend subjects, checked at build time.
//!
//! ```toml
//! [decision]
//! title = "Which backend fits?"          # optional heading
//! start = "realtime"
//!
//! [[decision.questions]]
//! id = "realtime"
//! ask = "Is live, two-way communication the core of the product?"
//! help = "Chat, multiplayer state, live auctions."   # optional
//! answers = [
//!   { label = "Yes", next = "nodejs" },
//!   { label = "No", next = "django" },
//! ]
//!
//! [[decision.outcomes]]
//! id = "nodejs"
//! recommend = ["nodejs"]                  # subject ids, one or more
//! summary = "Node.js keeps many connections open cheaply."
//! because = ["concurrency_model", "realtime"]   # criterion ids
//! body = "Optional longer text, in Markdown."
//! ```
//!
//! The build rejects a `next` or `start` that names nothing, a duplicate id, a cycle, a question
//! or outcome no path reaches, a question with fewer than two answers, two answers with the same
//! label, and an outcome that names an undeclared subject or criterion.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::model::facts::Facts;
use crate::model::page::Page;
use crate::model::schema::is_valid_id;
use crate::source::SourceFile;
use crate::url;

/// `[decision]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    /// The tree's heading.
    pub title: Option<String>,
    /// The first question's id.
    pub start: Spanned<String>,
    /// The questions.
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    /// The outcomes.
    #[serde(default)]
    pub outcomes: Vec<RawOutcome>,
}

/// A question as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// Its id.
    pub id: Spanned<String>,
    /// The question.
    pub ask: String,
    /// A hint shown under it.
    pub help: Option<String>,
    /// The answers.
    pub answers: Spanned<Vec<RawAnswer>>,
}

/// An answer as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    /// Its text.
    pub label: Spanned<String>,
    /// The id of the question or outcome it leads to.
    pub next: Spanned<String>,
}

/// An outcome as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    /// Its id.
    pub id: Spanned<String>,
    /// The subjects it recommends.
    pub recommend: Spanned<Vec<Spanned<String>>>,
    /// One or two sentences.
    pub summary: String,
    /// The criteria that justify it.
    #[serde(default)]
    pub because: Vec<Spanned<String>>,
    /// Longer Markdown text.
    pub body: Option<String>,
}

/// A checked tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// The heading.
    pub title: Option<String>,
    /// Index of the first node.
    pub start: usize,
    /// Questions first, then outcomes, each in the order written.
    pub nodes: Vec<Node>,
}

/// A question or an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
}

/// The two kinds of node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A question.
    Question {
        /// The question.
        ask: String,
        /// A hint.
        help: Option<String>,
        /// The answers.
        answers: Vec<Answer>,
    },
    /// An outcome.
    Outcome {
        /// Subject indices.
        recommend: Vec<usize>,
        /// The summary.
        summary: String,
        /// Criterion indices.
        because: Vec<usize>,
        /// The body as HTML.
        body_html: Option<String>,
    },
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Its text.
    pub label: String,
    /// Its key in the URL (`?question=key`): a slug of the label.
    pub key: String,
    /// The node it leads to.
    pub next: usize,
}

impl Tree {
    /// Every path from the start to an outcome, as the answers' indices taken at each question
    /// (the tree has no cycles, so this ends).
    pub fn paths(&self) -> Vec<Vec<usize>> {
        let mut paths = Vec::new();
        self.walk(self.start, &mut Vec::new(), &mut paths);
        paths
    }

    fn walk(&self, node: usize, path: &mut Vec<usize>, paths: &mut Vec<Vec<usize>>) {
        match &self.nodes[node].kind {
            NodeKind::Outcome { .. } => paths.push(path.clone()),
            NodeKind::Question { answers, .. } => {
                for (i, answer) in answers.iter().enumerate() {
                    path.push(i);
                    self.walk(answer.next, path, paths);
                    path.pop();
                }
            }
        }
    }
}

/// Checks the tree of `page` against the site's subjects and criteria; `page_exists` tells
/// whether a content path is a page, for the links in outcomes' bodies.
pub fn check(
    page: &Page,
    raw: &RawDecision,
    src: &SourceFile,
    facts: &Facts,
    page_exists: &dyn Fn(&str) -> bool,
) -> Result<Tree, Vec<Diagnostic>> {
    let offset = page.front_matter_offset;
    let at = |span: Range<usize>, message: String| {
        Diagnostic::error_at(
            &page.display_path,
            &src.text,
            span.start + offset..span.end + offset,
            message,
        )
    };
    let mut errors = Vec::new();

    // Ids: questions and outcomes share one namespace.
    let ids: Vec<&Spanned<String>> = raw
        .questions
        .iter()
        .map(|q| &q.id)
        .chain(raw.outcomes.iter().map(|o| &o.id))
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if !is_valid_id(id.get_ref()) {
            errors.push(
                at(id.span(), format!("`{}` is not a valid id", id.get_ref()))
                    .with_help("ids use lowercase letters, digits, `_` and `-`"),
            );
        }
        if let Some(&first) = index.get(id.get_ref().as_str()) {
            let line = crate::diag::Location::new(
                &page.display_path,
                &src.text,
                ids[first].span().start + offset..ids[first].span().start + offset,
            )
            .line;
            errors.push(
                at(
                    id.span(),
                    format!("the id `{}` is used twice", id.get_ref()),
                )
                .with_help(format!(
                    "it is first used on line {line}; questions and outcomes need different ids"
                )),
            );
        } else {
            index.insert(id.get_ref(), i);
        }
    }
    let names: Vec<&str> = ids.iter().map(|id| id.get_ref().as_str()).collect();
    let resolve = |name: &Spanned<String>, errors: &mut Vec<Diagnostic>| -> Option<usize> {
        let found = index.get(name.get_ref().as_str()).copied();
        if found.is_none() {
            errors.push(
                at(
                    name.span(),
                    format!("no question or outcome `{}` in this tree", name.get_ref()),
                )
                .with_help_opt(did_you_mean_help(name.get_ref(), names.iter().copied())),
            );
        }
        found
    };
    let start = resolve(&raw.start, &mut errors);

    let mut nodes = Vec::with_capacity(ids.len());
    for question in &raw.questions {
        let answers = question.answers.get_ref();
        if answers.len() < 2 {
            errors.push(
                at(question.id.span(), format!("the question `{}` has {} answer{}", question.id.get_ref(), answers.len(), if answers.len() == 1 { "" } else { "s" }))
                    .with_help("a question needs at least two answers; to go on without asking, point to the next step directly"),
            );
        }
        let mut checked = Vec::new();
        for answer in answers {
            let key = url::slugify(answer.label.get_ref());
            if key.is_empty() {
                errors.push(at(
                    answer.label.span(),
                    "an answer's label needs a letter or digit".into(),
                ));
            } else if checked.iter().any(|a: &Answer| a.key == key) {
                errors.push(
                    at(
                        answer.label.span(),
                        format!("two answers of `{}` read the same", question.id.get_ref()),
                    )
                    .with_help("give each answer a different label"),
                );
            }
            if let Some(next) = resolve(&answer.next, &mut errors) {
                checked.push(Answer {
                    label: answer.label.get_ref().trim().to_string(),
                    key,
                    next,
                });
            }
        }
        nodes.push(Node {
            id: question.id.get_ref().clone(),
            kind: NodeKind::Question {
                ask: question.ask.trim().to_string(),
                help: question.help.clone(),
                answers: checked,
            },
        });
    }
    for outcome in &raw.outcomes {
        let mut recommend = Vec::new();
        for subject in outcome.recommend.get_ref() {
            match facts.subject(subject.get_ref()) {
                Some(s) => recommend.push(s),
                None => errors.push(
                    at(
                        subject.span(),
                        format!("no subject `{}` is declared", subject.get_ref()),
                    )
                    .with_help_opt(did_you_mean_help(subject.get_ref(), facts.subject_ids())),
                ),
            }
        }
        if outcome.recommend.get_ref().is_empty() {
            errors.push(
                at(
                    outcome.recommend.span(),
                    format!("the outcome `{}` recommends nothing", outcome.id.get_ref()),
                )
                .with_help("name one or more subjects"),
            );
        }
        let mut because = Vec::new();
        for criterion in &outcome.because {
            match facts.schema.find(criterion.get_ref()) {
                Some(c) => because.push(c),
                None => errors.push(
                    at(
                        criterion.span(),
                        format!("no criterion `{}` in the schema", criterion.get_ref()),
                    )
                    .with_help_opt(did_you_mean_help(criterion.get_ref(), facts.schema.ids())),
                ),
            }
        }
        let body = outcome
            .body
            .as_deref()
            .map(|b| crate::markdown::render(b, &page.rel_path));
        for link in body.iter().flat_map(|b| &b.links) {
            if let crate::markdown::LinkTarget::Page { path, .. } = &link.target
                && !page_exists(path)
            {
                errors.push(
                    at(
                        outcome.id.span(),
                        format!(
                            "the body of `{}` links to a missing page `{path}`",
                            outcome.id.get_ref()
                        ),
                    )
                    .with_help(
                        "links in a body are relative to this page's folder, like links in the page itself",
                    ),
                );
            }
        }
        nodes.push(Node {
            id: outcome.id.get_ref().clone(),
            kind: NodeKind::Outcome {
                recommend,
                summary: outcome.summary.trim().to_string(),
                because,
                body_html: body.map(|b| b.html),
            },
        });
    }
    let (Some(start), true) = (start, errors.is_empty()) else {
        return Err(errors);
    };

    // Cycles and unreachable nodes, by a depth-first walk from the start.
    let answer_spans: Vec<Vec<Range<usize>>> = raw
        .questions
        .iter()
        .map(|q| q.answers.get_ref().iter().map(|a| a.next.span()).collect())
        .collect();
    let mut state = vec![Visit::New; nodes.len()];
    find_cycles(
        &nodes,
        start,
        &mut state,
        &answer_spans,
        &mut |span, from, to| {
            errors.push(
                at(
                    span,
                    format!(
                        "this answer of `{}` leads back to `{}`, making a loop",
                        nodes[from].id, nodes[to].id
                    ),
                )
                .with_help("every path must end at an outcome"),
            );
        },
    );
    for (i, node) in nodes.iter().enumerate() {
        if state[i] == Visit::New {
            errors.push(
                at(
                    ids[i].span(),
                    format!("no path from the start reaches `{}`", node.id),
                )
                .with_help(format!(
                    "point an answer to it with next = \"{}\", or remove it",
                    node.id
                )),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Tree {
        title: raw.title.clone(),
        start,
        nodes,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

/// Depth-first search; reports each answer that leads to a node still open (a back edge).
fn find_cycles(
    nodes: &[Node],
    node: usize,
    state: &mut [Visit],
    answer_spans: &[Vec<Range<usize>>],
    report: &mut dyn FnMut(Range<usize>, usize, usize),
) {
    state[node] = Visit::Open;
    if let NodeKind::Question { answers, .. } = &nodes[node].kind {
        for (a, answer) in answers.iter().enumerate() {
            match state[answer.next] {
                Visit::Open => report(answer_spans[node][a].clone(), node, answer.next),
                Visit::New => find_cycles(nodes, answer.next, state, answer_spans, report),
                Visit::Done => {}
            }
        }
    }
    state[node] = Visit::Done;
}
