//! Compiler-style diagnostics: `error: message`, `--> path:line:col`, the source line, a caret
//! under the span and a `help:` hint.
//!
//! Content problems are the author's to fix, so they are collected across every file and printed
//! together rather than stopping at the first one. A [`Diagnostic`] keeps only what it needs to
//! be printed later (the line's text, not the whole file), so it can outlive the sources and be
//! sent to the browser overlay by the dev server.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a diagnostic is. Only errors fail a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The site cannot be built until this is fixed.
    Error,
    /// Something was skipped or looks wrong; the build goes on.
    Warning,
    /// Information for the author to review (for example a disagreement between sources).
    Note,
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root (as the author would type it).
    pub path: PathBuf,
    /// 1-based line number in the file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of that line, without its line ending.
    pub line_text: String,
    /// Byte range of the highlighted part within `line_text`.
    pub highlight: Range<usize>,
}

impl Location {
    /// Locates byte range `span` of the file `text` (a file's full text, BOM removed). A span
    /// that runs over several lines is highlighted on its first line only; an empty span
    /// highlights one character.
    pub fn new(path: &Path, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let line = text[..line_start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let from = start - line_start;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end)) - line_start;
        let end = end.min(line_text.len());
        let highlight = if end > from {
            from..end
        } else {
            // An empty span still deserves a caret: point at one character (or past the end).
            let next = line_text[from.min(line_text.len())..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            from..(from + next)
        };
        Location {
            path: path.to_path_buf(),
            line,
            column,
            line_text: line_text.to_string(),
            highlight,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem found in the author's content or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What is wrong, in one sentence without a full stop.
    pub message: String,
    /// The file (and position) it is about; `None` for whole-site problems.
    pub path: Option<PathBuf>,
    /// The exact position, when known (boxed: most results carry no diagnostic, so `Result`s
    /// holding one stay small).
    pub location: Option<Box<Location>>,
    /// How to fix it, or the likely intended name.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file, with no position.
    pub fn error(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: Some(path.to_path_buf()),
            location: None,
            help: None,
        }
    }

    /// An error at byte range `span` of `text`, the full text of the file at `path`.
    pub fn error_at(
        path: &Path,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            location: Some(Box::new(Location::new(path, text, span))),
            ..Diagnostic::error(path, message)
        }
    }

    /// An error about the site as a whole.
    pub fn site_error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            location: None,
            help: None,
        }
    }

    /// The same diagnostic with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint only when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// Renders the diagnostic as a compiler would, with or without colour.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path_text;
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        if let Some(loc) = &self.location {
            path_text = display_path(&loc.path);
            group = group.element(
                Snippet::source(loc.line_text.as_str())
                    .line_start(loc.line)
                    .path(path_text.as_str())
                    .annotation(AnnotationKind::Primary.span(loc.highlight.clone())),
            );
        } else if let Some(path) = &self.path {
            path_text = display_path(path);
            group = group.element(annotate_snippets::Origin::path(path_text.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let report: [Group<'_>; 1] = [group];
        renderer.render(&report).to_string()
    }
}

/// Paths are shown with forward slashes on every platform, so messages and tests agree.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The closest candidate to a misspelt `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A "did you mean" hint, or `None` when nothing is close.
pub fn did_you_mean_help<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests;
