//! ```` ```compare ```` blocks: which subjects and criteria a comparison table shows.
//!
//! ````markdown
//! ```compare
//! subjects = ["django", "nodejs"]
//! criteria = ["concurrency_model", "realtime"]   # or: groups = ["performance"]
//! caption = "How they handle connections"        # optional
//! only = "differences"                           # optional: or "disputed"
//! ```
//! ````
//!
//! Without `criteria` or `groups` the table shows every criterion with a fact about any of the
//! subjects. Rows always follow the schema's group and criterion order. `only` keeps the rows
//! where the subjects differ, or those a source disputes, and the table says how many it left
//! out.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::markdown::CompareBlock;
use crate::model::facts::Facts;
use crate::model::ids::{CriterionId, SubjectId};
use crate::model::page::Page;
use crate::source::SourceFile;
use crate::toml_error::toml_diagnostic;

/// A checked comparison table: what to show, not yet how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Table {
    /// Columns: subject indices.
    pub subjects: Vec<SubjectId>,
    /// Rows: criterion indices, in schema order (grouped).
    pub criteria: Vec<CriterionId>,
    /// The table's caption; a default is made from the subjects' names.
    pub caption: Option<String>,
    /// The rows `only` left out: which rule, and how many.
    pub left_out: Option<(Only, usize)>,
}

/// Which rows a compare block's `only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Only {
    /// Those where the subjects' values differ (or some are unknown or disputed).
    Differences,
    /// Those where some source disagrees with another.
    Disputed,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompare {
    subjects: Spanned<Vec<Spanned<String>>>,
    criteria: Option<Vec<Spanned<String>>>,
    groups: Option<Spanned<Vec<Spanned<String>>>>,
    caption: Option<String>,
    only: Option<Spanned<String>>,
}

/// Checks one block of `page` (read from `src`).
pub fn check(
    page: &Page,
    block: &CompareBlock,
    src: &SourceFile,
    facts: &Facts,
) -> Result<Table, Vec<Diagnostic>> {
    let offset = page.body_offset + block.offset;
    let raw: RawCompare = toml::from_str(&block.toml)
        .map_err(|e| vec![toml_diagnostic(&page.display_path, &src.text, offset, &e)])?;
    let mut check = Check {
        page,
        src,
        offset,
        facts,
        errors: Vec::new(),
    };
    let subjects = check.subjects(&raw.subjects);
    let has_facts = |c: CriterionId| subjects.iter().any(|&s| facts.cells.contains_key(&(s, c)));
    let all = (0..facts.schema.criteria.len()).map(CriterionId);
    let mut criteria: Vec<CriterionId> = match (&raw.criteria, &raw.groups) {
        (Some(_), Some(groups)) => {
            let message = "give either `criteria` or `groups`, not both".into();
            let help = "`groups` picks whole groups; `criteria` picks rows one by one";
            let error = check.at(groups.span(), message).with_help(help);
            check.errors.push(error);
            Vec::new()
        }
        (Some(list), None) => check.criteria(list),
        (None, Some(groups)) => {
            let chosen = check.groups(groups.get_ref());
            let in_chosen = |c: &CriterionId| chosen.contains(&facts.schema.criteria[*c].group);
            all.filter(in_chosen).filter(|&c| has_facts(c)).collect()
        }
        (None, None) => all.filter(|&c| has_facts(c)).collect(),
    };
    let only = raw.only.as_ref().and_then(|only| check.only(only));
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    criteria.sort_by_key(|&c| (facts.schema.criteria[c].group, c));
    criteria.dedup();
    let left_out = only.map(|only| {
        let before = criteria.len();
        criteria.retain(|&c| match only {
            Only::Differences => !facts.agree(&subjects, c),
            Only::Disputed => facts.disputed(&subjects, c),
        });
        (only, before - criteria.len())
    });
    Ok(Table {
        subjects,
        criteria,
        caption: raw.caption,
        left_out,
    })
}

/// The checks of one block, collecting every error.
struct Check<'a> {
    page: &'a Page,
    src: &'a SourceFile,
    /// Where the block's TOML starts in the file.
    offset: usize,
    facts: &'a Facts,
    errors: Vec<Diagnostic>,
}

impl Check<'_> {
    /// The rule `only` names.
    fn only(&mut self, only: &Spanned<String>) -> Option<Only> {
        match only.get_ref().as_str() {
            "differences" => Some(Only::Differences),
            "disputed" => Some(Only::Disputed),
            other => {
                let message = format!("`only` is \"differences\" or \"disputed\", not \"{other}\"");
                let help = did_you_mean_help(other, ["differences", "disputed"]);
                self.errors
                    .push(self.at(only.span(), message).with_help_opt(help));
                None
            }
        }
    }

    fn at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        let span = span.start + self.offset..span.end + self.offset;
        Diagnostic::error_at(&self.page.display_path, &self.src.text, span, message)
    }

    fn subjects(&mut self, names: &Spanned<Vec<Spanned<String>>>) -> Vec<SubjectId> {
        let mut subjects = Vec::new();
        for name in names.get_ref() {
            match self.facts.subject(name.get_ref()) {
                Some(s) if subjects.contains(&s) => {
                    let message = format!("`{}` is listed twice", name.get_ref());
                    self.errors.push(self.at(name.span(), message));
                }
                Some(s) => subjects.push(s),
                None => {
                    let message = format!("no subject `{}` is declared", name.get_ref());
                    let help = did_you_mean_help(name.get_ref(), self.facts.subject_ids());
                    let error = self.at(name.span(), message).with_help_opt(help);
                    self.errors.push(error);
                }
            }
        }
        if names.get_ref().is_empty() {
            let message = "a comparison needs at least one subject".into();
            self.errors.push(self.at(names.span(), message));
        }
        subjects
    }

    fn criteria(&mut self, names: &[Spanned<String>]) -> Vec<CriterionId> {
        let schema = &self.facts.schema;
        let mut chosen = Vec::new();
        for name in names {
            match schema.find(name.get_ref()) {
                Some(c) => chosen.push(c),
                None => {
                    let message = format!("no criterion `{}` in the schema", name.get_ref());
                    let help = did_you_mean_help(name.get_ref(), schema.ids());
                    let error = self.at(name.span(), message).with_help_opt(help);
                    self.errors.push(error);
                }
            }
        }
        chosen
    }

    /// The groups `names` names (the ungrouped criteria's group has no name).
    fn groups(&mut self, names: &[Spanned<String>]) -> Vec<usize> {
        let groups = &self.facts.schema.groups;
        let mut chosen = Vec::new();
        for name in names {
            let found = groups
                .iter()
                .position(|g| !g.id.is_empty() && g.id == *name.get_ref());
            match found {
                Some(g) => chosen.push(g),
                None => {
                    let message = format!("no group `{}` in the schema", name.get_ref());
                    let ids = groups.iter().map(|g| g.id.as_str());
                    let help = did_you_mean_help(name.get_ref(), ids);
                    let error = self.at(name.span(), message).with_help_opt(help);
                    self.errors.push(error);
                }
            }
        }
        chosen
    }
}
