//! A fact's value, checked against its criterion's type.
//!
//! A fact is written either as a bare value or as an inline table that adds a note and a date:
//!
//! ```toml
//! [facts.django]
//! first_release = 2005
//! realtime = { value = "moderate", note = "needs Channels, an ASGI server and Redis" }
//! mvp_time = [6, 8]            # a number criterion takes a range, lowest first
//! async_views_since = "3.1"    # a version criterion takes a release number
//! hiring_pool = { unknown = true, note = "the article gives no figure" }
//! ```
//!
//! `unknown = true` records that a source leaves the value open; it is shown as *Unknown*, which
//! is not the same as `false` (the same distinction as `null` and `false` in MDN's
//! browser-compat-data). `does_not_apply = true` records that the criterion has no meaning for
//! the subject (a JavaScript engine for a Python framework): shown as *Does not apply*, neither
//! unknown nor no, and never a disagreement with a source that gives a value.

use crate::model::schema::{Criterion, Kind};
use crate::words::Words;

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A range of numbers, lowest first, as an article gives "6 to 8 weeks".
    Range(f64, f64),
    /// A release number such as "4.1", as written.
    Version(String),
    /// A year.
    Year(i64),
    /// Yes or no.
    Bool(bool),
    /// A step of the criterion's scale (its index, lowest first).
    Rating(usize),
    /// List items.
    List(Vec<String>),
    /// The source says it does not know.
    Unknown,
    /// The criterion has no meaning for the subject.
    DoesNotApply,
}

impl Value {
    /// A key under which equal values are equal: text compares without case and surrounding
    /// spaces, so "Python" and "python " are one claim.
    pub fn key(&self) -> String {
        match self {
            Value::Text(t) => format!("t:{}", t.trim().to_lowercase()),
            Value::Number(n) => format!("n:{n}"),
            Value::Range(low, high) => format!("n:{low}-{high}"),
            Value::Version(v) => format!("v:{}", version_key(v)),
            Value::Year(y) => format!("y:{y}"),
            Value::Bool(b) => format!("b:{b}"),
            Value::Rating(r) => format!("r:{r}"),
            Value::List(items) => format!(
                "l:{}",
                items
                    .iter()
                    .map(|i| i.trim().to_lowercase())
                    .collect::<Vec<_>>()
                    .join("\u{1f}")
            ),
            Value::Unknown => "?".to_string(),
            Value::DoesNotApply => "-".to_string(),
        }
    }

    /// The value as a reader sees it, with the criterion's unit, in `words`.
    pub fn display(&self, criterion: &Criterion, words: &Words) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(_) | Value::Range(..) => match &criterion.unit {
                Some(unit) => format!("{} {unit}", self.plain_number()),
                None => self.plain_number(),
            },
            Value::Version(v) => v.clone(),
            Value::Year(y) => y.to_string(),
            Value::Bool(true) => words.get("table.yes").to_string(),
            Value::Bool(false) => words.get("table.no").to_string(),
            Value::Rating(i) => match &criterion.kind {
                Kind::Rating(scale) => scale.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            },
            Value::List(items) => items.join(", "),
            Value::Unknown => words.get("table.unknown").to_string(),
            Value::DoesNotApply => words.get("table.does_not_apply").to_string(),
        }
    }

    /// Whether this is a value a source states (not *Unknown*, not *Does not apply*): only
    /// such values can disagree.
    pub fn is_stated(&self) -> bool {
        !matches!(self, Value::Unknown | Value::DoesNotApply)
    }

    /// A number or a range without its unit, with thousands separators: `6–8`.
    pub fn plain_number(&self) -> String {
        match self {
            Value::Number(n) => format_number(*n),
            Value::Range(low, high) => format!("{}–{}", format_number(*low), format_number(*high)),
            _ => String::new(),
        }
    }

    /// A number to rank by, for criteria with `better`: a range ranks by its middle.
    pub fn score(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Range(low, high) => Some((low + high) / 2.0),
            Value::Year(y) => Some(*y as f64),
            Value::Rating(r) => Some(*r as f64),
            _ => None,
        }
    }
}

/// A release number's parts without leading zeros and without trailing zero parts, so "4.1",
/// "4.01" and "4.1.0" are one claim. Parts stay text: a checked version holds only digits and
/// dots, and no part is too long to compare.
fn version_key(version: &str) -> String {
    let mut parts: Vec<&str> = version
        .split('.')
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            digits => digits,
        })
        .collect();
    while parts.len() > 1 && parts.last() == Some(&"0") {
        parts.pop();
    }
    parts.join(".")
}

/// A number with thousands separators and no needless decimals: `50000` → `50,000`.
pub fn format_number(n: f64) -> String {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return n.to_string();
    }
    let digits = format!("{}", n.abs() as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why a value does not fit its criterion: the message and a hint.
pub type Mismatch = (String, Option<String>);

/// Checks a bare value (not the inline-table form) against `criterion`.
pub fn check(value: &toml::Value, criterion: &Criterion) -> Result<Value, Mismatch> {
    use toml::Value as T;
    match (&criterion.kind, value) {
        (Kind::List, _) => check_list(value, criterion),
        (Kind::Number, T::Array(bounds)) => check_range(bounds, criterion),
        (_, T::Array(_)) => Err((
            format!(
                "`{}` is a {}: expected a single value, found an array",
                criterion.id,
                criterion.kind.name()
            ),
            Some(
                "only list criteria take an array; pick one value, or make the criterion a list"
                    .into(),
            ),
        )),
        (Kind::Text, T::String(s)) if !s.trim().is_empty() => Ok(Value::Text(s.trim().to_string())),
        (Kind::Text, T::String(_)) => Err((format!("`{}` is empty", criterion.id), None)),
        (Kind::Text, _) => Err(expected(criterion, value, "text in quotes")),
        (Kind::Number, _) => check_number(value, criterion),
        (Kind::Year, _) => check_year(value, criterion),
        (Kind::Version, _) => check_version(value, criterion),
        (Kind::Bool, T::Boolean(b)) => Ok(Value::Bool(*b)),
        (Kind::Bool, T::String(s)) => Err((
            expected(criterion, value, "true or false").0,
            Some(match s.trim().to_lowercase().as_str() {
                "yes" | "true" => "write true without quotes".into(),
                "no" | "false" => "write false without quotes".into(),
                _ => "for a value the source leaves open, write { unknown = true }".into(),
            }),
        )),
        (Kind::Bool, _) => Err(expected(criterion, value, "true or false")),
        (Kind::Rating(scale), _) => check_rating(value, criterion, scale),
    }
}

/// "`x` is a number: expected …, found …", with no hint.
fn expected(criterion: &Criterion, value: &toml::Value, what: &str) -> Mismatch {
    let message = format!(
        "`{}` is a {}: expected {what}, found {}",
        criterion.id,
        criterion.kind.name(),
        describe(value)
    );
    (message, None)
}

fn check_list(value: &toml::Value, criterion: &Criterion) -> Result<Value, Mismatch> {
    use toml::Value as T;
    let item = |item: &T| match item {
        T::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err((
            format!(
                "`{}` is a list of text: found {} in it",
                criterion.id,
                describe(item)
            ),
            None,
        )),
    };
    match value {
        T::Array(items) => items
            .iter()
            .map(item)
            .collect::<Result<_, _>>()
            .map(Value::List),
        T::String(_) => Err((
            format!(
                "`{}` is a list: expected an array, found a single value",
                criterion.id
            ),
            Some("write a list even for one item: [\"item\"]".into()),
        )),
        _ => Err(expected(criterion, value, "an array of text")),
    }
}

fn check_number(value: &toml::Value, criterion: &Criterion) -> Result<Value, Mismatch> {
    use toml::Value as T;
    match value {
        T::Integer(i) => Ok(Value::Number(*i as f64)),
        T::Float(f) if f.is_finite() => Ok(Value::Number(*f)),
        T::String(s) => Err((
            expected(criterion, value, "a number").0,
            Some(match s.replace([',', '_', ' '], "").parse::<f64>() {
                Ok(n) => format!(
                    "write the number without quotes: {}",
                    format_number(n).replace(',', "")
                ),
                Err(_) => {
                    "write a plain number without quotes; the unit comes from the schema".into()
                }
            }),
        )),
        _ => Err(expected(criterion, value, "a number")),
    }
}

fn check_range(bounds: &[toml::Value], criterion: &Criterion) -> Result<Value, Mismatch> {
    let number = |v: &toml::Value| match check_number(v, criterion) {
        Ok(Value::Number(n)) => Some(n),
        _ => None,
    };
    let numbers: Option<Vec<f64>> = bounds.iter().map(number).collect();
    match numbers.as_deref() {
        Some(&[low, high]) if low < high => Ok(Value::Range(low, high)),
        Some(&[low, high]) => Err((
            format!(
                "`{}` is a range from {} to {}: the lower bound comes first",
                criterion.id,
                format_number(low),
                format_number(high)
            ),
            Some(if low == high {
                format!(
                    "for one number, write it alone: {}",
                    format_number(low).replace(',', "")
                )
            } else {
                format!(
                    "write [{}, {}]",
                    format_number(high).replace(',', ""),
                    format_number(low).replace(',', "")
                )
            }),
        )),
        _ => Err((
            format!(
                "`{}` is a number: an array must be a range of two numbers, lowest first",
                criterion.id
            ),
            Some(
                "write one number, or a range such as [6, 8]; the unit comes from the schema"
                    .into(),
            ),
        )),
    }
}

fn check_version(value: &toml::Value, criterion: &Criterion) -> Result<Value, Mismatch> {
    let is_version = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match value {
        toml::Value::String(s) if is_version(s.trim()) => Ok(Value::Version(s.trim().to_string())),
        toml::Value::Float(f) => Err((
            expected(criterion, value, "a release number in quotes").0,
            Some(format!(
                "write it in quotes (a bare 4.10 reads as 4.1): \"{f}\""
            )),
        )),
        toml::Value::String(s) => {
            let number = s
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .map(|p| p.trim_matches('.'))
                .find(|p| is_version(p));
            Err((
                expected(criterion, value, "a release number such as \"4.1\"").0,
                Some(match number {
                    Some(n) => format!("write only the number: \"{n}\"; say more in a note"),
                    None => "digits separated by dots, such as \"3.1\"".into(),
                }),
            ))
        }
        _ => Err(expected(
            criterion,
            value,
            "a release number such as \"4.1\"",
        )),
    }
}

fn check_year(value: &toml::Value, criterion: &Criterion) -> Result<Value, Mismatch> {
    use toml::Value as T;
    match value {
        T::Integer(y) if (1000..=9999).contains(y) => Ok(Value::Year(*y)),
        T::Integer(_) => Err((
            format!(
                "`{}` is a year: {} is not a four-digit year",
                criterion.id, value
            ),
            None,
        )),
        T::String(s) if s.trim().parse::<i64>().is_ok() => Err((
            expected(criterion, value, "a year").0,
            Some(format!("write the year without quotes: {}", s.trim())),
        )),
        _ => Err(expected(criterion, value, "a year such as 2005")),
    }
}

fn check_rating(
    value: &toml::Value,
    criterion: &Criterion,
    scale: &[String],
) -> Result<Value, Mismatch> {
    let toml::Value::String(s) = value else {
        return Err((
            expected(criterion, value, "a step of its scale").0,
            Some(format!("the scale is: {}", scale.join(", "))),
        ));
    };
    let step = scale
        .iter()
        .position(|step| step.eq_ignore_ascii_case(s.trim()));
    step.map(Value::Rating).ok_or_else(|| {
        (
            format!("`{s}` is not on the scale of `{}`", criterion.id),
            Some(
                crate::diag::did_you_mean_help(s, scale.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the scale is: {}", scale.join(", "))),
            ),
        )
    })
}

fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("text \"{s}\""),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(kind: Kind) -> Criterion {
        Criterion {
            id: "c".into(),
            label: "C".into(),
            kind,
            unit: None,
            group: 0,
            description: None,
            better: None,
            applies_to: Vec::new(),
        }
    }

    #[test]
    fn numbers_format_with_separators() {
        assert_eq!(format_number(50000.0), "50,000");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(-1000.0), "-1,000");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(42.0), "42");
    }

    #[test]
    fn values_of_each_type() {
        let t = |s: &str| toml::from_str::<toml::Table>(&format!("v = {s}")).unwrap()["v"].clone();
        assert_eq!(
            check(&t("\"Python\""), &criterion(Kind::Text)),
            Ok(Value::Text("Python".into()))
        );
        assert_eq!(
            check(&t("50000"), &criterion(Kind::Number)),
            Ok(Value::Number(50000.0))
        );
        assert_eq!(
            check(&t("2005"), &criterion(Kind::Year)),
            Ok(Value::Year(2005))
        );
        assert_eq!(
            check(&t("false"), &criterion(Kind::Bool)),
            Ok(Value::Bool(false))
        );
        let rating = criterion(Kind::Rating(vec!["low".into(), "high".into()]));
        assert_eq!(check(&t("\"High\""), &rating), Ok(Value::Rating(1)));
        assert_eq!(
            check(&t("[\"a\", \"b\"]"), &criterion(Kind::List)),
            Ok(Value::List(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn mismatches_explain_themselves() {
        let t = |s: &str| toml::from_str::<toml::Table>(&format!("v = {s}")).unwrap()["v"].clone();
        let (msg, help) = check(&t("\"50,000\""), &criterion(Kind::Number)).unwrap_err();
        assert_eq!(
            msg,
            "`c` is a number: expected a number, found text \"50,000\""
        );
        assert_eq!(
            help.as_deref(),
            Some("write the number without quotes: 50000")
        );
        let (msg, _) = check(&t("[\"x\"]"), &criterion(Kind::Text)).unwrap_err();
        assert_eq!(
            msg,
            "`c` is a text: expected a single value, found an array"
        );
        let (msg, help) = check(&t("\"x\""), &criterion(Kind::List)).unwrap_err();
        assert_eq!(
            msg,
            "`c` is a list: expected an array, found a single value"
        );
        assert_eq!(
            help.as_deref(),
            Some("write a list even for one item: [\"item\"]")
        );
        let rating = criterion(Kind::Rating(vec!["basic".into(), "excellent".into()]));
        let (msg, help) = check(&t("\"excelent\""), &rating).unwrap_err();
        assert_eq!(msg, "`excelent` is not on the scale of `c`");
        assert_eq!(help.as_deref(), Some("did you mean `excellent`?"));
    }

    #[test]
    fn ranges_and_versions() {
        let t = |s: &str| toml::from_str::<toml::Table>(&format!("v = {s}")).unwrap()["v"].clone();
        let weeks = Criterion {
            unit: Some("weeks".into()),
            ..criterion(Kind::Number)
        };
        let range = check(&t("[6, 8.5]"), &weeks).unwrap();
        assert_eq!(range, Value::Range(6.0, 8.5));
        assert_eq!(
            range.display(&weeks, crate::words::english()),
            "6–8.5 weeks"
        );
        assert_eq!(range.score(), Some(7.25));
        assert_ne!(range.key(), Value::Number(6.0).key());
        assert!(check(&t("[6, 8, 10]"), &weeks).is_err());
        assert!(check(&t("[6, 6]"), &weeks).is_err());
        let version = criterion(Kind::Version);
        let v = |s: &str| check(&t(s), &version).map(|v| v.key());
        assert_eq!(v("\"4.1\""), v("\"4.1.0\""));
        assert_ne!(v("\"4.1\""), v("\"4.10\""));
        assert_ne!(v("\"4\""), v("\"4.1\""));
        assert_eq!(v("\"4.01\""), v("\"4.1\""));
        assert_ne!(
            v("\"4.99999999999999999999\""),
            v("\"4.99999999999999999998\"")
        );
        assert!(v("\"4.x\"").is_err() && v("\"4..1\"").is_err() && v("\"\"").is_err());
    }

    #[test]
    fn equal_text_ignores_case_and_spaces() {
        assert_eq!(
            Value::Text("Python ".into()).key(),
            Value::Text("python".into()).key()
        );
        assert_ne!(Value::Bool(false).key(), Value::Unknown.key());
        assert_ne!(Value::DoesNotApply.key(), Value::Unknown.key());
        assert_ne!(Value::DoesNotApply.key(), Value::Bool(false).key());
    }
}
