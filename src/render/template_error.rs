//! Template failures as diagnostics: the template and line where the failing expression is
//! written (the site's own `theme/templates/…` or the built-in one), the line itself, Tera's
//! explanation, the page being rendered and, for a misspelt variable, the likely intended name.

use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;

use tera::ErrorKind;

use crate::diag::{self, Diagnostic};
use crate::render::macro_depth;
use crate::render::theme::{self, Theme};

/// A failure to render `template` for `what` (the page or file, described) with `context`.
pub fn render_failure(
    theme: &Theme,
    template: &str,
    error: &tera::Error,
    context: &tera::Context,
    what: &str,
) -> Diagnostic {
    let (cause, token) = cause_of(error);
    let found = token.as_ref().and_then(|token| match token {
        Token::Macro(_, defined_in) => locate(theme, defined_in, token),
        _ => locate(theme, template, token),
    });
    let Some((name, text, span)) = found else {
        return Diagnostic::site_error(format!(
            "while rendering {what} with `{template}`: {}",
            theme::template_error(error)
        ));
    };
    let suggestion = match &token {
        Some(Token::Variable(path)) => suggest_variable(path, context),
        _ => None,
    };
    let while_rendering = format!("while rendering {what}");
    let help = match (suggestion, &token) {
        (Some(s), _) => format!("did you mean `{s}`? (found {while_rendering})"),
        (None, Some(Token::Macro(..))) => format!(
            "a macro may call itself only under a condition that stops the calls (found {while_rendering})"
        ),
        (None, _) => format!("found {while_rendering}"),
    };
    let path = template_path(&theme.overridden, &name);
    Diagnostic::error_at(&path, &text, span, cause).with_help(help)
}

/// A template that does not parse, at the line and column Tera gives, with what Tera expected
/// there. `sources` are the templates' names and texts, `overridden` the site's own.
pub fn parse_failure(
    sources: &[(String, String)],
    overridden: &BTreeSet<String>,
    error: &tera::Error,
) -> Diagnostic {
    let top = error.to_string();
    let detail = std::error::Error::source(error).map(|cause| cause.to_string());
    let located = (|| {
        let name = top.split('\'').nth(1)?;
        let (_, text) = sources.iter().find(|(n, _)| n == name)?;
        let detail = detail.as_deref()?;
        let position = detail.split("--> ").nth(1)?.split_whitespace().next()?;
        let (line, column) = position.split_once(':')?;
        let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
        let line_start = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        let rest = text.get(line_start..)?;
        let at = line_start
            + rest
                .char_indices()
                .nth(column - 1)
                .map_or(rest.len(), |(i, _)| i);
        let expected = detail
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("= "));
        let message = format!(
            "template error: {}",
            expected.unwrap_or("the template does not parse")
        );
        let path = template_path(overridden, name);
        Some(Diagnostic::error_at(&path, text, at..at + 1, message))
    })();
    located.unwrap_or_else(|| Diagnostic::site_error(theme::template_error(error)))
}

/// Where template `name` is, as the author would look for it.
pub fn template_path(overridden: &BTreeSet<String>, name: &str) -> PathBuf {
    if overridden.contains(name) {
        PathBuf::from(format!("theme/templates/{name}"))
    } else {
        PathBuf::from(format!("built-in templates/{name}"))
    }
}

/// What the failing expression names, as it is written in a template.
#[derive(Debug, PartialEq)]
enum Token {
    Variable(String),
    Filter(String),
    Function(String),
    Test(String),
    Template(String),
    /// A macro that called itself without end: its name and the template that defines it.
    Macro(String, String),
}

/// The innermost of Tera's causes, as one line, and what it names.
fn cause_of(error: &tera::Error) -> (String, Option<Token>) {
    let mut innermost = error;
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(tera_error) = cause.downcast_ref::<tera::Error>() {
            innermost = tera_error;
        }
        source = cause.source();
    }
    let message = innermost.to_string();
    let token = match &innermost.kind {
        ErrorKind::Msg(text) if macro_depth::called_itself(text).is_some() => {
            macro_depth::called_itself(text).map(|(template, name)| Token::Macro(name, template))
        }
        ErrorKind::Msg(text) if text.starts_with("Variable `") => text
            .split('`')
            .nth(1)
            .map(|path| Token::Variable(path.to_string())),
        ErrorKind::FilterNotFound(name) | ErrorKind::CallFilter(name) => {
            Some(Token::Filter(name.clone()))
        }
        ErrorKind::FunctionNotFound(name) | ErrorKind::CallFunction(name) => {
            Some(Token::Function(name.clone()))
        }
        ErrorKind::TestNotFound(name) | ErrorKind::CallTest(name) => {
            Some(Token::Test(name.clone()))
        }
        // An include of a list of names says `[a.html, b.html]`.
        ErrorKind::TemplateNotFound(names) => names
            .trim_matches(['[', ']'])
            .split(", ")
            .next()
            .map(|name| Token::Template(name.to_string())),
        _ => None,
    };
    // Tera names the template it was asked to render, which may not be the one at fault.
    let message = match message.split_once(" in context while rendering") {
        Some((head, _)) => head.to_string(),
        None => message,
    };
    (format!("template error: {message}"), token)
}

/// The first place `token` is written in `template` or the templates it extends and includes
/// (nearest first): the template's name, text and the token's byte range.
fn locate(
    theme: &Theme,
    template: &str,
    token: &Token,
) -> Option<(String, String, std::ops::Range<usize>)> {
    let source = |name: &str| {
        theme
            .sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
    };
    let mut queue = VecDeque::from([template.to_string()]);
    let mut seen = BTreeSet::new();
    while let Some(name) = queue.pop_front() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(text) = source(&name) else { continue };
        if let Some(span) = find(text, token) {
            return Some((name, text.clone(), span));
        }
        queue.extend(theme::references(text).into_iter().map(String::from));
    }
    None
}

/// Where `token` is written in `text`, as a whole name inside a tag or expression.
fn find(text: &str, token: &Token) -> Option<std::ops::Range<usize>> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let (name, before, after): (&str, &[&str], &[&str]) = match token {
        Token::Variable(path) => (path, &[], &[]),
        Token::Filter(name) => (name, &["|"], &[]),
        Token::Function(name) => (name, &[], &["("]),
        Token::Test(name) => (name, &["is", "is not"], &[]),
        Token::Template(name) => (name, &["\"", "'"], &[]),
        Token::Macro(name, _) => (name, &["macro"], &["("]),
    };
    let mut from = 0;
    while let Some(at) = text[from..].find(name).map(|i| i + from) {
        from = at + name.len();
        let head = &text[..at];
        let tail = &text[from..];
        let whole = !head.ends_with(is_name) && !tail.starts_with(is_name);
        let head = head.trim_end();
        let tail = tail.trim_start();
        let led = before.is_empty() || before.iter().any(|b| head.ends_with(b));
        let followed = after.is_empty() || after.iter().any(|a| tail.starts_with(a));
        if (whole || matches!(token, Token::Template(_))) && led && followed {
            return Some(at..from);
        }
    }
    None
}

/// `path` with its first missing part replaced by the closest name the context has there.
fn suggest_variable(path: &str, context: &tera::Context) -> Option<String> {
    let json = context.clone().into_json();
    let parts: Vec<&str> = path.split('.').collect();
    let mut here = &json;
    for (i, part) in parts.iter().enumerate() {
        let object = here.as_object()?;
        match object.get(*part) {
            Some(next) => here = next,
            None => {
                let close = diag::did_you_mean(part, object.keys().map(String::as_str))?;
                let mut fixed: Vec<&str> = parts.clone();
                fixed[i] = close;
                return Some(fixed.join("."));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_where_they_are_written() {
        let text = "{{ page.title }}{{ page.titel | uppercse }}{% if x is odd %}{{ nowz() }}";
        let at = |t: Token| find(text, &t).map(|r| &text[r]);
        assert_eq!(at(Token::Variable("page.titel".into())), Some("page.titel"));
        assert_eq!(at(Token::Variable("page.tit".into())), None);
        assert_eq!(at(Token::Filter("uppercse".into())), Some("uppercse"));
        assert_eq!(at(Token::Test("odd".into())), Some("odd"));
        assert_eq!(at(Token::Function("nowz".into())), Some("nowz"));
        assert_eq!(at(Token::Function("page".into())), None);
    }

    #[test]
    fn a_misspelt_variable_gets_the_name_the_context_has() {
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({ "title": "T", "tags": [] }));
        assert_eq!(
            suggest_variable("page.titel", &context).as_deref(),
            Some("page.title")
        );
        assert_eq!(
            suggest_variable("pgae.title", &context).as_deref(),
            Some("page.title")
        );
        assert_eq!(suggest_variable("page.zzzzzz", &context), None);
    }
}
