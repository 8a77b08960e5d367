//! Turns a `toml` deserialisation error into a [`Diagnostic`] positioned in the author's file.
//!
//! toml reports a byte span into the text it was given and a serde message. Front matter is only
//! part of a file, so the span is shifted by where that text starts; serde's wording ("expected
//! i64", "a sequence") is reworded for authors, and an unknown key gets a did-you-mean hint.

use std::path::Path;

use crate::diag::{Diagnostic, did_you_mean_help};

/// A diagnostic for `err`, raised while deserialising the TOML that starts at byte `offset` of
/// `file_text` (the whole file at `path`).
pub fn toml_diagnostic(
    path: &Path,
    file_text: &str,
    offset: usize,
    err: &toml::de::Error,
) -> Diagnostic {
    let span = err
        .span()
        .map_or(offset..offset, |s| (s.start + offset)..(s.end + offset));
    let (message, help) = explain(err.message());
    Diagnostic::error_at(path, file_text, span, message).with_help_opt(help)
}

/// Rewords a serde/toml message; returns the message and an optional hint.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, expected)) = rest.split_once('`')
    {
        let known = expected_names(expected);
        let help = did_you_mean_help(name, known.iter().copied()).or_else(|| {
            (!known.is_empty()).then(|| format!("allowed keys here: {}", known.join(", ")))
        });
        return (format!("unknown key `{name}`"), help);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let (expected_text, help) = describe_expected(expected);
        // A number in quotes, where a number belongs: the quotes are the mistake.
        let quoted_number = found
            .strip_prefix("string \"")
            .and_then(|s| s.strip_suffix('"'))
            .is_some_and(|s| s.parse::<f64>().is_ok());
        let help = match (quoted_number, expected_text.contains("number")) {
            (true, true) => Some("write numbers without quotes".to_string()),
            _ => help.map(str::to_string),
        };
        return (
            format!("wrong type: expected {expected_text}, found {found}"),
            help,
        );
    }
    // A bare word starting like `true` or `false` (`type = text`) is read as a boolean.
    if message.starts_with("invalid boolean") {
        return (
            "text must be in double quotes".to_string(),
            Some("write \"…\", or true or false for a yes-or-no value".to_string()),
        );
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return (
            format!("missing key `{field}` in this table"),
            Some(format!("add `{field} = …`")),
        );
    }
    // The parser's limit on arrays and tables inside one another.
    if message.starts_with("cannot recurse further") {
        return (
            "arrays and tables are nested too deeply here".to_string(),
            Some(
                "flatten the value: arrays and tables inside one another are read only so deep"
                    .to_string(),
            ),
        );
    }
    if message == "duplicate key" {
        return (
            "this key is set twice".to_string(),
            Some("remove one of the two".to_string()),
        );
    }
    (message.to_string(), None)
}

/// The names in serde's "expected one of `a`, `b`" / "expected `a` or `b`" tail.
fn expected_names(expected: &str) -> Vec<&str> {
    expected.split('`').skip(1).step_by(2).collect()
}

fn describe_expected(expected: &str) -> (&str, Option<&'static str>) {
    match expected {
        "i64" | "u64" | "i32" | "u32" | "usize" => ("a whole number", None),
        "u16" => ("a whole number from 0 to 65535", None),
        "u8" => ("a whole number from 0 to 255", None),
        "f64" => ("a number", None),
        "a boolean" => ("`true` or `false`", None),
        "a sequence" => ("an array", Some("write a list as [\"a\", \"b\"]")),
        "a string" => ("a string", Some("put text in double quotes")),
        "a TOML datetime" => (
            "a date",
            Some("write dates without quotes, like 2025-03-01"),
        ),
        other => (other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_gets_did_you_mean() {
        let (msg, help) = explain("unknown field `titel`, expected one of `title`, `weight`");
        assert_eq!(msg, "unknown key `titel`");
        assert_eq!(help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_field_without_a_close_name_lists_the_allowed_keys() {
        let (_, help) = explain("unknown field `zzz`, expected `title` or `url`");
        assert_eq!(help.as_deref(), Some("allowed keys here: title, url"));
    }

    #[test]
    fn invalid_type_is_reworded() {
        let (msg, help) = explain("invalid type: string \"2020\", expected a TOML datetime");
        assert_eq!(msg, "wrong type: expected a date, found string \"2020\"");
        assert_eq!(
            help.as_deref(),
            Some("write dates without quotes, like 2025-03-01")
        );
    }

    #[test]
    fn a_quoted_number_is_told_to_lose_its_quotes() {
        let (msg, help) = explain("invalid type: string \"3100\", expected u16");
        assert_eq!(
            msg,
            "wrong type: expected a whole number from 0 to 65535, found string \"3100\""
        );
        assert_eq!(help.as_deref(), Some("write numbers without quotes"));
    }

    #[test]
    fn a_bare_word_read_as_a_boolean_is_told_to_take_quotes() {
        let (msg, help) = explain("invalid boolean, expected `true`");
        assert_eq!(msg, "text must be in double quotes");
        assert!(help.unwrap().starts_with("write \"…\""));
    }

    #[test]
    fn too_deep_a_value_says_so() {
        let error =
            toml::from_str::<toml::Value>(&format!("x = {}1{}", "[".repeat(200), "]".repeat(200)))
                .expect_err("too deep");
        let (msg, help) = explain(error.message());
        assert_eq!(msg, "arrays and tables are nested too deeply here");
        assert!(help.unwrap().starts_with("flatten the value"));
    }

    #[test]
    fn other_messages_pass_through() {
        let (msg, help) = explain("string values must be quoted, expected literal string");
        assert_eq!(msg, "string values must be quoted, expected literal string");
        assert_eq!(help, None);
    }
}
