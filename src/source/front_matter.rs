//! Splits a page into its `+++` TOML front matter and its Markdown body.
//!
//! The splitter works line by line (no regex) and records the byte offset where each part
//! starts, so that every position reported later — a TOML error, a broken link in the body — is
//! relative to the file the author edits. It accepts CRLF line endings, blank lines before the
//! opening `+++`, and trailing spaces or tabs after either delimiter. (Zola's regex splitter got
//! these wrong in #1287 and #3146.) The byte-order mark is removed before the text gets here.

use std::ops::Range;

/// A page split into front matter and body, with the offset of each within the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the delimiters (without them).
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `+++` line.
    Missing {
        /// The first non-blank line (or an empty range for an empty file).
        first_line: Range<usize>,
    },
    /// The file starts with `---`: YAML front matter, which factbook does not read.
    Yaml {
        /// The `---` line.
        opening: Range<usize>,
    },
    /// The opening `+++` has no closing `+++`.
    Unclosed {
        /// The opening `+++` line.
        opening: Range<usize>,
    },
}

/// Each line of `text` as (byte range without the line ending, byte offset of the next line).
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let (end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let content_end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let line = (start..content_end, next);
        start = next;
        Some(line)
    })
}

fn is_delimiter(line: &str, delimiter: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == delimiter
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = lines(text).skip_while(|(range, _)| text[range.clone()].trim().is_empty());
    let Some((opening, after_opening)) = lines.next() else {
        return Err(SplitError::Missing {
            first_line: text.len()..text.len(),
        });
    };
    if is_delimiter(&text[opening.clone()], "---") {
        return Err(SplitError::Yaml { opening });
    }
    if !is_delimiter(&text[opening.clone()], "+++") {
        return Err(SplitError::Missing {
            first_line: opening,
        });
    }
    for (range, next) in lines {
        if is_delimiter(&text[range.clone()], "+++") {
            return Ok(Split {
                front_matter: &text[after_opening..range.start],
                front_matter_offset: after_opening,
                body: &text[next..],
                body_offset: next,
            });
        }
    }
    Err(SplitError::Unclosed { opening })
}

#[cfg(test)]
mod tests;
