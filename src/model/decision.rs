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
//! label, and an outcome that names an undeclared subject or criterion. The links in outcomes'
//! bodies are the page's links (see [`render_bodies`]), checked with the rest.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::markdown::Link;
use crate::model::facts::Facts;
use crate::model::ids::{CriterionId, SubjectId};
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
    pub body: Option<Spanned<String>>,
    /// The body rendered, by [`render_bodies`] when the page is parsed.
    #[serde(skip)]
    pub body_html: Option<String>,
}

/// The anchor of a question or outcome on its page.
pub fn anchor(id: &str) -> String {
    format!("dt-{id}")
}

/// The anchors a tree gives its page: one per question and outcome.
pub fn anchors(raw: &RawDecision) -> impl Iterator<Item = String> + '_ {
    let questions = raw.questions.iter().map(|q| &q.id);
    let ids = questions.chain(raw.outcomes.iter().map(|o| &o.id));
    ids.map(|id| anchor(id.get_ref()))
}

/// What the outcomes' bodies hold that the page must check: their links, and the places
/// where a body quotes a fact or holds a compare block, which an outcome cannot show (its
/// `because` criteria do, in its table), all positioned in the page's file.
#[derive(Debug, Default)]
pub struct Bodies {
    /// The links, checked with the page's own.
    pub links: Vec<Link>,
    /// Quotes and compare blocks, each an error.
    pub misplaced: Vec<Range<usize>>,
}

/// Renders the Markdown of every outcome's body of `raw`, the `[decision]` of the page at
/// content-relative `rel_path` whose front matter is `front_matter`, at byte `offset` of its
/// file.
pub fn render_bodies(
    raw: &mut RawDecision,
    (front_matter, offset): (&str, usize),
    rel_path: &str,
    settings: crate::markdown::Settings,
) -> Bodies {
    let mut bodies = Bodies::default();
    for outcome in &mut raw.outcomes {
        let Some(body) = &outcome.body else { continue };
        let rendered = crate::markdown::render(body.get_ref(), rel_path, settings);
        // At the thing itself when the body is written as it reads (no escapes), else at the
        // whole string.
        let in_file = |span: Range<usize>| match body_start(front_matter, body) {
            Some(start) => span.start + start + offset..span.end + start + offset,
            None => body.span().start + offset..body.span().end + offset,
        };
        let links = rendered.links.into_iter();
        (bodies.links).extend(links.map(|link| Link {
            span: in_file(link.span),
            target: link.target,
        }));
        let blocks = rendered
            .compare_blocks
            .iter()
            .map(|b| b.offset..b.offset + 1);
        let quotes = rendered.quotes.iter().map(|q| q.span.clone());
        bodies.misplaced.extend(quotes.chain(blocks).map(in_file));
        outcome.body_html = Some(rendered.html);
    }
    bodies
}

/// Where the text of `body` starts in `front_matter`, when the string is written as it reads,
/// so that a position in the text is one in the file; `None` for a string with escapes.
fn body_start(front_matter: &str, body: &Spanned<String>) -> Option<usize> {
    let written = front_matter.get(body.span())?;
    let quotes = ["\"\"\"\n", "'''\n", "\"\"\"", "'''", "\"", "'"];
    let quote = quotes.iter().find(|q| written.starts_with(**q))?;
    let text = written.get(quote.len()..)?;
    text.starts_with(body.get_ref().as_str())
        .then(|| body.span().start + quote.len())
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
        recommend: Vec<SubjectId>,
        /// The summary.
        summary: String,
        /// Criterion indices.
        because: Vec<CriterionId>,
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
        self.paths_within(usize::MAX)
    }

    /// The paths from the start to an outcome, depth first in the order written, found in at
    /// most `steps` steps: questions that share later questions can make the paths many more
    /// than the nodes.
    pub fn paths_within(&self, steps: usize) -> Vec<Vec<usize>> {
        let mut paths = Vec::new();
        // Each entry: a node, and the answers taken to reach it.
        let mut stack = vec![(self.start, Vec::new())];
        let mut taken = 0;
        while let Some((node, path)) = stack.pop() {
            taken += 1;
            if taken > steps {
                break;
            }
            match &self.nodes[node].kind {
                NodeKind::Outcome { .. } => paths.push(path),
                NodeKind::Question { answers, .. } => {
                    for (i, answer) in answers.iter().enumerate().rev() {
                        let mut next = path.clone();
                        next.push(i);
                        stack.push((answer.next, next));
                    }
                }
            }
        }
        paths
    }

    /// The node a path (answers' indices from the start) leads to.
    pub fn end_of(&self, path: &[usize]) -> usize {
        path.iter()
            .fold(self.start, |node, &i| match &self.nodes[node].kind {
                NodeKind::Question { answers, .. } => answers[i].next,
                NodeKind::Outcome { .. } => node,
            })
    }
}

/// Checks the tree of `page` against the site's subjects and criteria. (The links in its
/// outcomes' bodies are the page's links, checked with the rest.)
pub fn check(
    page: &Page,
    raw: &RawDecision,
    src: &SourceFile,
    facts: &Facts,
) -> Result<Tree, Vec<Diagnostic>> {
    let mut checker = Checker {
        page,
        src,
        raw,
        errors: Vec::new(),
        index: HashMap::new(),
    };
    checker.index_ids();
    let start = checker.resolve(&raw.start);
    let mut nodes: Vec<Node> = raw.questions.iter().map(|q| checker.question(q)).collect();
    nodes.extend(raw.outcomes.iter().map(|o| checker.outcome(o, facts)));
    let (Some(start), true) = (start, checker.errors.is_empty()) else {
        return Err(checker.errors);
    };
    checker.check_paths(&nodes, start);
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    Ok(Tree {
        title: raw.title.clone(),
        start,
        nodes,
    })
}

/// The checks of one tree, collecting every error.
struct Checker<'a> {
    page: &'a Page,
    src: &'a SourceFile,
    raw: &'a RawDecision,
    errors: Vec<Diagnostic>,
    /// Node index by id: questions first, then outcomes, in the order written.
    index: HashMap<&'a str, usize>,
}

impl<'a> Checker<'a> {
    /// An error at `span` of the front matter.
    fn at(&self, span: Range<usize>, message: String) -> Diagnostic {
        let offset = self.page.front_matter_offset;
        let span = span.start + offset..span.end + offset;
        Diagnostic::error_at(&self.page.display_path, &self.src.text, span, message)
    }

    /// Every node's id, questions first: they share one namespace.
    fn ids(&self) -> Vec<&'a Spanned<String>> {
        let questions = self.raw.questions.iter().map(|q| &q.id);
        questions
            .chain(self.raw.outcomes.iter().map(|o| &o.id))
            .collect()
    }

    /// Indexes the ids, refusing invalid and repeated ones.
    fn index_ids(&mut self) {
        let ids = self.ids();
        for (i, id) in ids.iter().enumerate() {
            if !is_valid_id(id.get_ref()) {
                let error = self.at(id.span(), format!("`{}` is not a valid id", id.get_ref()));
                self.errors
                    .push(error.with_help("ids use lowercase letters, digits, `_` and `-`"));
            }
            let Some(&first) = self.index.get(id.get_ref().as_str()) else {
                self.index.insert(id.get_ref(), i);
                continue;
            };
            let offset = self.page.front_matter_offset;
            let start = ids[first].span().start + offset;
            let line =
                crate::diag::Location::new(&self.page.display_path, &self.src.text, start..start)
                    .line;
            let error = self.at(
                id.span(),
                format!("the id `{}` is used twice", id.get_ref()),
            );
            self.errors.push(error.with_help(format!(
                "it is first used on line {line}; questions and outcomes need different ids"
            )));
        }
    }

    /// The node `name` names, or an error.
    fn resolve(&mut self, name: &Spanned<String>) -> Option<usize> {
        let found = self.index.get(name.get_ref().as_str()).copied();
        if found.is_none() {
            let ids = self.ids();
            let names = ids.iter().map(|id| id.get_ref().as_str());
            let help = did_you_mean_help(name.get_ref(), names);
            let message = format!("no question or outcome `{}` in this tree", name.get_ref());
            let error = self.at(name.span(), message).with_help_opt(help);
            self.errors.push(error);
        }
        found
    }

    fn question(&mut self, question: &RawQuestion) -> Node {
        let answers = question.answers.get_ref();
        if answers.len() < 2 {
            let n = answers.len();
            let plural = if n == 1 { "" } else { "s" };
            let message = format!(
                "the question `{}` has {n} answer{plural}",
                question.id.get_ref()
            );
            let error = self.at(question.id.span(), message);
            self.errors.push(error.with_help("a question needs at least two answers; to go on without asking, point to the next step directly"));
        }
        let mut checked: Vec<Answer> = Vec::new();
        for answer in answers {
            let key = url::slugify(answer.label.get_ref());
            if key.is_empty() {
                let message = "an answer's label needs a letter or digit".to_string();
                self.errors.push(self.at(answer.label.span(), message));
            } else if checked.iter().any(|a| a.key == key) {
                let message = format!("two answers of `{}` read the same", question.id.get_ref());
                let error = self.at(answer.label.span(), message);
                self.errors
                    .push(error.with_help("give each answer a different label"));
            }
            if let Some(next) = self.resolve(&answer.next) {
                let label = answer.label.get_ref().trim().to_string();
                checked.push(Answer { label, key, next });
            }
        }
        Node {
            id: question.id.get_ref().clone(),
            kind: NodeKind::Question {
                ask: question.ask.trim().to_string(),
                help: question.help.clone(),
                answers: checked,
            },
        }
    }

    fn outcome(&mut self, outcome: &RawOutcome, facts: &Facts) -> Node {
        let mut recommend = Vec::new();
        for subject in outcome.recommend.get_ref() {
            match facts.subject(subject.get_ref()) {
                Some(s) => recommend.push(s),
                None => {
                    let message = format!("no subject `{}` is declared", subject.get_ref());
                    let help = did_you_mean_help(subject.get_ref(), facts.subject_ids());
                    let error = self.at(subject.span(), message).with_help_opt(help);
                    self.errors.push(error);
                }
            }
        }
        if outcome.recommend.get_ref().is_empty() {
            let message = format!("the outcome `{}` recommends nothing", outcome.id.get_ref());
            let error = self.at(outcome.recommend.span(), message);
            self.errors
                .push(error.with_help("name one or more subjects"));
        }
        let mut because = Vec::new();
        for criterion in &outcome.because {
            match facts.schema.find(criterion.get_ref()) {
                Some(c) => because.push(c),
                None => {
                    let message = format!("no criterion `{}` in the schema", criterion.get_ref());
                    let help = did_you_mean_help(criterion.get_ref(), facts.schema.ids());
                    let error = self.at(criterion.span(), message).with_help_opt(help);
                    self.errors.push(error);
                }
            }
        }
        Node {
            id: outcome.id.get_ref().clone(),
            kind: NodeKind::Outcome {
                recommend,
                summary: outcome.summary.trim().to_string(),
                because,
                body_html: outcome.body_html.clone(),
            },
        }
    }

    /// Refuses loops and nodes no path from the start reaches.
    fn check_paths(&mut self, nodes: &[Node], start: usize) {
        let answer_spans: Vec<Vec<Range<usize>>> = self
            .raw
            .questions
            .iter()
            .map(|q| q.answers.get_ref().iter().map(|a| a.next.span()).collect())
            .collect();
        let mut loops = Vec::new();
        let state = find_cycles(nodes, start, |from, answer, to| {
            loops.push((from, answer, to))
        });
        for (from, answer, to) in loops {
            let message = format!(
                "this answer of `{}` leads back to `{}`, making a loop",
                nodes[from].id, nodes[to].id
            );
            let error = self.at(answer_spans[from][answer].clone(), message);
            self.errors
                .push(error.with_help("every path must end at an outcome"));
        }
        let ids = self.ids();
        for (i, node) in nodes.iter().enumerate() {
            if state[i] == Visit::New {
                let message = format!("no path from the start reaches `{}`", node.id);
                let help = format!(
                    "point an answer to it with next = \"{}\", or remove it",
                    node.id
                );
                let error = self.at(ids[i].span(), message).with_help(help);
                self.errors.push(error);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

/// Depth-first search from `start`, with an explicit stack so that no chain of questions is
/// too long; reports each answer (node, answer index, target) that leads to a node still open
/// (a back edge), and returns each node's state (`New` for nodes never reached).
fn find_cycles(
    nodes: &[Node],
    start: usize,
    mut report: impl FnMut(usize, usize, usize),
) -> Vec<Visit> {
    let mut state = vec![Visit::New; nodes.len()];
    // Each entry: a node and the index of its next answer to follow.
    let mut stack = vec![(start, 0)];
    state[start] = Visit::Open;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        let answers = match &nodes[node].kind {
            NodeKind::Question { answers, .. } => answers.as_slice(),
            NodeKind::Outcome { .. } => &[],
        };
        let Some(answer) = answers.get(*next) else {
            state[node] = Visit::Done;
            stack.pop();
            continue;
        };
        let a = *next;
        *next += 1;
        match state[answer.next] {
            Visit::Open => report(node, a, answer.next),
            Visit::New => {
                state[answer.next] = Visit::Open;
                stack.push((answer.next, 0));
            }
            Visit::Done => {}
        }
    }
    state
}
