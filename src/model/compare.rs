//! ```` ```compare ```` blocks: which subjects and criteria a comparison table shows.
//!
//! ````markdown
//! ```compare
//! subjects = ["django", "nodejs"]
//! criteria = ["concurrency_model", "realtime"]   # or: groups = ["performance"]
//! caption = "How they handle connections"        # optional
//! ```
//! ````
//!
//! Without `criteria` or `groups` the table shows every criterion with a fact about any of the
//! subjects. Rows always follow the schema's group and criterion order.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean_help};
use crate::markdown::CompareBlock;
use crate::model::facts::Facts;
use crate::model::page::Page;
use crate::source::SourceFile;
use crate::toml_error::toml_diagnostic;

/// A checked comparison table: what to show, not yet how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Table {
    /// Columns: subject indices.
    pub subjects: Vec<usize>,
    /// Rows: criterion indices, in schema order (grouped).
    pub criteria: Vec<usize>,
    /// The table's caption; a default is made from the subjects' names.
    pub caption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompare {
    subjects: Spanned<Vec<Spanned<String>>>,
    criteria: Option<Vec<Spanned<String>>>,
    groups: Option<Spanned<Vec<Spanned<String>>>>,
    caption: Option<String>,
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
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error_at(
            &page.display_path,
            &src.text,
            span.start + offset..span.end + offset,
            message,
        )
    };
    let schema = &facts.schema;
    let mut errors = Vec::new();

    let mut subjects = Vec::new();
    for name in raw.subjects.get_ref() {
        match facts.subject(name.get_ref()) {
            Some(s) if subjects.contains(&s) => {
                errors.push(at(
                    name.span(),
                    format!("`{}` is listed twice", name.get_ref()),
                ));
            }
            Some(s) => subjects.push(s),
            None => errors.push(
                at(
                    name.span(),
                    format!("no subject `{}` is declared", name.get_ref()),
                )
                .with_help_opt(did_you_mean_help(name.get_ref(), facts.subject_ids())),
            ),
        }
    }
    if raw.subjects.get_ref().is_empty() {
        errors.push(at(
            raw.subjects.span(),
            "a comparison needs at least one subject".into(),
        ));
    }

    let has_facts = |c: usize| subjects.iter().any(|&s| facts.cells.contains_key(&(s, c)));
    let mut criteria: Vec<usize> = match (&raw.criteria, &raw.groups) {
        (Some(_), Some(groups)) => {
            errors.push(
                at(
                    groups.span(),
                    "give either `criteria` or `groups`, not both".into(),
                )
                .with_help("`groups` picks whole groups; `criteria` picks rows one by one"),
            );
            Vec::new()
        }
        (Some(list), None) => {
            let mut chosen = Vec::new();
            for name in list {
                match schema.find(name.get_ref()) {
                    Some(c) => chosen.push(c),
                    None => errors.push(
                        at(
                            name.span(),
                            format!("no criterion `{}` in the schema", name.get_ref()),
                        )
                        .with_help_opt(did_you_mean_help(name.get_ref(), schema.ids())),
                    ),
                }
            }
            chosen
        }
        (None, Some(groups)) => {
            let mut chosen_groups = Vec::new();
            for name in groups.get_ref() {
                match schema
                    .groups
                    .iter()
                    .position(|g| !g.id.is_empty() && g.id == *name.get_ref())
                {
                    Some(g) => chosen_groups.push(g),
                    None => errors.push(
                        at(
                            name.span(),
                            format!("no group `{}` in the schema", name.get_ref()),
                        )
                        .with_help_opt(did_you_mean_help(
                            name.get_ref(),
                            schema.groups.iter().map(|g| g.id.as_str()),
                        )),
                    ),
                }
            }
            (0..schema.criteria.len())
                .filter(|&c| chosen_groups.contains(&schema.criteria[c].group) && has_facts(c))
                .collect()
        }
        (None, None) => (0..schema.criteria.len())
            .filter(|&c| has_facts(c))
            .collect(),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    criteria.sort_by_key(|&c| (schema.criteria[c].group, c));
    criteria.dedup();
    Ok(Table {
        subjects,
        criteria,
        caption: raw.caption,
    })
}
