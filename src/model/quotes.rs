//! Facts quoted in prose: `[=django.first_release]` in a page's text, checked against the
//! site's facts once they are all known.
//!
//! A quote names a declared subject and a criterion of the schema that some page states for
//! it; anything else is an error at the quote, with the nearest name. A quote of a fact the
//! sources disagree on is fine, but `check` lists it, so that the sentence around it can be
//! read again.

use std::ops::Range;

use crate::diag::{Diagnostic, Severity, did_you_mean_help};
use crate::markdown::Quote;
use crate::model::facts::Facts;
use crate::model::ids::{CriterionId, SubjectId};
use crate::model::page::Page;
use crate::source::SourceFile;

/// A checked quote: the cell whose value it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quoted {
    /// The subject.
    pub subject: SubjectId,
    /// The criterion.
    pub criterion: CriterionId,
}

/// The quotes of `page` (read from `src`), in order, and the notes for those that quote a
/// disputed fact; or every error.
pub fn check(
    page: &Page,
    src: &SourceFile,
    facts: &Facts,
) -> Result<(Vec<Quoted>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut quoted = Vec::with_capacity(page.quotes.len());
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let at = |span: Range<usize>, message: String| {
        Diagnostic::error_at(&page.display_path, &src.text, span, message)
    };
    for quote in page.quotes.iter() {
        match resolve(quote, facts) {
            Ok(q) => {
                if facts
                    .cells
                    .get(&(q.subject, q.criterion))
                    .is_some_and(|c| c.disputed)
                {
                    notes.push(disputed_note(
                        quote,
                        q,
                        facts,
                        at(quote.span.clone(), String::new()),
                    ));
                }
                quoted.push(q);
            }
            Err((message, help)) => {
                errors.push(at(quote.span.clone(), message).with_help_opt(help));
            }
        }
    }
    match errors.is_empty() {
        true => Ok((quoted, notes)),
        false => Err(errors),
    }
}

/// The cell `quote` names, or what is wrong with it and a hint.
fn resolve(quote: &Quote, facts: &Facts) -> Result<Quoted, (String, Option<String>)> {
    let Some((subject_id, criterion_id)) = quote.name.split_once('.') else {
        let message = format!("`[={}]` names no criterion", quote.name);
        let help = "a quote names a subject and a criterion: `[=django.first_release]`";
        return Err((message, Some(help.into())));
    };
    let (subject_id, criterion_id) = (subject_id.trim(), criterion_id.trim());
    let Some(subject) = facts.subject(subject_id) else {
        let message = format!("no subject `{subject_id}` is declared");
        return Err((message, did_you_mean_help(subject_id, facts.subject_ids())));
    };
    let Some(criterion) = facts.schema.find(criterion_id) else {
        let message = format!("no criterion `{criterion_id}` in the schema");
        return Err((message, did_you_mean_help(criterion_id, facts.schema.ids())));
    };
    if !facts.cells.contains_key(&(subject, criterion)) {
        let message = format!("no page states `{criterion_id}` for `{subject_id}`");
        let stated = (facts.schema.criteria.iter().enumerate())
            .filter(|(c, _)| facts.cells.contains_key(&(subject, CriterionId(*c))))
            .map(|(_, c)| c.id.as_str());
        let help = did_you_mean_help(criterion_id, stated).unwrap_or_else(|| {
            format!("state it in a page's `[facts.{subject_id}]` table, or quote another fact")
        });
        return Err((message, Some(help)));
    }
    Ok(Quoted { subject, criterion })
}

/// The note that `quote` shows a fact the sources disagree on, at `at`.
fn disputed_note(quote: &Quote, q: Quoted, facts: &Facts, at: Diagnostic) -> Diagnostic {
    let criterion = &facts.schema.criteria[q.criterion];
    let values: Vec<String> = (facts.cells[&(q.subject, q.criterion)].values.iter())
        .map(|v| v.value.display(criterion, crate::words::english()))
        .collect();
    Diagnostic {
        message: format!(
            "this text quotes `{}`, which sources disagree on",
            quote.name
        ),
        help: Some(format!(
            "the page shows every value ({}); check that the sentence still reads true",
            values.join(" vs ")
        )),
        ..at
    }
    .with_severity(Severity::Note)
}
