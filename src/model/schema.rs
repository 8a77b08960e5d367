//! The criteria schema, `content/criteria.toml`: what can be compared, and how.
//!
//! ```toml
//! [groups.performance]
//! label = "Performance"
//!
//! [criteria.realtime]
//! label = "Real-time support"
//! type = "rating"
//! scale = ["basic", "moderate", "good", "excellent"]   # lowest first
//! group = "performance"
//! better = "higher"
//! ```
//!
//! Criteria that make the same kind of judgement share one vocabulary: a scale declared once
//! under `[scales]` and named by each (`scale = "fit"`).
//!
//! Groups and criteria keep the order they are written in; tables follow it.

use rustc_hash::FxHashMap;
use std::ops::Range;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Severity, did_you_mean_help};
use crate::model::ids::CriterionId;
use crate::source::SourceFile;
use crate::toml_error::toml_diagnostic;

/// The schema's file name, at the top of `content/`.
pub const SCHEMA_FILE: &str = "criteria.toml";

/// The type of a criterion's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A number, in the criterion's unit.
    Number,
    /// A year.
    Year,
    /// A release number such as "4.1".
    Version,
    /// Yes or no.
    Bool,
    /// One step of an ordered scale (lowest first).
    Rating(Vec<String>),
    /// A list of text items; facts from several pages merge.
    List,
}

impl Kind {
    /// Every type, a rating with no steps.
    fn all() -> [Kind; 7] {
        [
            Kind::Text,
            Kind::Number,
            Kind::Year,
            Kind::Version,
            Kind::Bool,
            Kind::Rating(Vec::new()),
            Kind::List,
        ]
    }

    /// Every type's name, as written in the schema's `type` key.
    pub fn names() -> [&'static str; 7] {
        Kind::all().map(|kind| kind.name())
    }

    /// The name used in the schema's `type` key.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "number",
            Kind::Year => "year",
            Kind::Version => "version",
            Kind::Bool => "bool",
            Kind::Rating(_) => "rating",
            Kind::List => "list",
        }
    }
}

/// Which end of an ordered criterion is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher numbers, later years, higher ratings.
    Higher,
    /// Lower ones.
    Lower,
}

/// A group of criteria: a block of rows in a comparison table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its id in the schema.
    pub id: String,
    /// Its heading.
    pub label: String,
    /// A sentence about it.
    pub description: Option<String>,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// Its id, used in front matter (`[facts.django] <id> = …`).
    pub id: String,
    /// Its row label.
    pub label: String,
    /// The type of its values.
    pub kind: Kind,
    /// The unit of a number.
    pub unit: Option<String>,
    /// Index into [`Schema::groups`].
    pub group: usize,
    /// What it means.
    pub description: Option<String>,
    /// Which values are better, for highlighting.
    pub better: Option<Better>,
    /// The subjects (by id) the criterion has a meaning for; empty for all. For the others a
    /// table shows *Does not apply*, and a fact about them is an error.
    pub applies_to: Vec<String>,
}

impl Criterion {
    /// Whether the criterion has a meaning for the subject with id `subject`.
    pub fn applies(&self, subject: &str) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|s| s == subject)
    }
}

/// The checked schema.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Groups in order; an unnamed group for ungrouped criteria comes last when needed.
    pub groups: Vec<Group>,
    /// Criteria in order.
    pub criteria: Vec<Criterion>,
    by_id: FxHashMap<String, CriterionId>,
}

impl Schema {
    /// The criterion with this id.
    pub fn find(&self, id: &str) -> Option<CriterionId> {
        self.by_id.get(id).copied()
    }

    /// Every criterion id, for did-you-mean hints.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.criteria.iter().map(|c| c.id.as_str())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    #[serde(default)]
    scales: IndexMap<Spanned<String>, Spanned<Vec<String>>>,
    #[serde(default)]
    groups: IndexMap<Spanned<String>, RawGroup>,
    #[serde(default)]
    criteria: IndexMap<Spanned<String>, RawCriterion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: String,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    label: String,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    unit: Option<Spanned<String>>,
    scale: Option<Spanned<RawScale>>,
    group: Option<Spanned<String>>,
    description: Option<String>,
    better: Option<Spanned<String>>,
    #[serde(default)]
    applies_to: Vec<String>,
}

/// A criterion's scale: its own steps, or the name of one under `[scales]`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "`scale` takes the steps, lowest first ([\"low\", \"high\"]), or the name of a scale declared under [scales]"
)]
enum RawScale {
    Steps(Vec<String>),
    Named(String),
}

/// The type other schemas and languages call `name`: a better hint than the nearest spelling
/// (`string` is two letters from `rating`).
fn type_alias(name: &str) -> Option<Kind> {
    Some(match name.to_ascii_lowercase().as_str() {
        "string" | "str" | "char" | "varchar" => Kind::Text,
        "int" | "integer" | "float" | "double" | "decimal" | "numeric" => Kind::Number,
        "boolean" | "yes/no" => Kind::Bool,
        "array" | "vec" | "set" => Kind::List,
        "date" => Kind::Year,
        "release" | "semver" => Kind::Version,
        "enum" | "scale" | "level" => Kind::Rating(Vec::new()),
        _ => return None,
    })
}

/// Whether `id` is a usable id: lowercase letters, digits, `_` and `-`, starting with a letter
/// or digit. Ids appear in front matter, URLs and facts.json, so they are kept plain.
pub fn is_valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Parses and checks the schema file; with it, its warnings (a scale no criterion uses).
pub fn parse(src: &SourceFile) -> Result<(Schema, Vec<Diagnostic>), Vec<Diagnostic>> {
    let raw: RawSchema = toml::from_str(&src.text)
        .map_err(|e| vec![toml_diagnostic(&src.display_path, &src.text, 0, &e)])?;
    let mut check = Check {
        src,
        errors: Vec::new(),
        scales: FxHashMap::default(),
    };
    let mut declared = Vec::new();
    for (name, steps) in raw.scales {
        check.steps(steps.get_ref(), steps.span());
        declared.push((name.get_ref().clone(), name.span()));
        let steps = (steps.into_inner(), false);
        check.scales.insert(name.into_inner(), steps);
    }
    let mut schema = Schema::default();
    for (id, group) in raw.groups {
        if !is_valid_id(id.get_ref()) {
            let message = format!("`{}` is not a valid group id", id.get_ref());
            check.error(
                id.span(),
                message,
                "use lowercase letters, digits, `_` and `-`",
            );
        }
        schema.groups.push(Group {
            id: id.into_inner(),
            label: group.label,
            description: group.description,
        });
    }
    let mut ungrouped = false;
    for (id, raw) in raw.criteria {
        let id_span = id.span();
        let id = id.into_inner();
        if !is_valid_id(&id) {
            let message = format!("`{id}` is not a valid criterion id");
            check.error(
                id_span,
                message,
                "use lowercase letters, digits, `_` and `-`",
            );
        }
        let kind = check.kind(&id, &raw);
        if let Some(unit) = &raw.unit
            && kind != Kind::Number
        {
            check.push(unit.span(), "only numbers have a unit".into());
        }
        let better = check.better(&raw, &kind);
        let group = match &raw.group {
            Some(g) => check.group(&schema, g),
            None => {
                ungrouped = true;
                usize::MAX
            }
        };
        schema
            .by_id
            .insert(id.clone(), CriterionId(schema.criteria.len()));
        schema.criteria.push(Criterion {
            id,
            label: raw.label,
            kind,
            unit: raw.unit.map(Spanned::into_inner),
            group,
            description: raw.description,
            better,
            applies_to: raw.applies_to,
        });
    }
    if ungrouped {
        group_the_ungrouped(&mut schema);
    }
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    Ok((schema, check.unused_scales(declared)))
}

/// Puts the criteria without a group into a last group, "Other", so every row belongs to one.
fn group_the_ungrouped(schema: &mut Schema) {
    let index = schema.groups.len();
    schema.groups.push(Group {
        id: String::new(),
        label: "Other".into(),
        description: None,
    });
    for c in schema.criteria.iter_mut().filter(|c| c.group == usize::MAX) {
        c.group = index;
    }
}

/// The schema's checks, collecting every error.
struct Check<'a> {
    src: &'a SourceFile,
    errors: Vec<Diagnostic>,
    /// The scales declared under `[scales]`, by name, and whether a criterion names them.
    scales: FxHashMap<String, (Vec<String>, bool)>,
}

impl Check<'_> {
    fn diagnostic(&self, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error_at(&self.src.display_path, &self.src.text, span, message)
    }

    fn push(&mut self, span: Range<usize>, message: String) {
        let error = self.diagnostic(span, message);
        self.errors.push(error);
    }

    fn error(&mut self, span: Range<usize>, message: String, help: impl Into<String>) {
        let error = self.diagnostic(span, message).with_help(help);
        self.errors.push(error);
    }

    /// The criterion's type, with its scale for a rating.
    fn kind(&mut self, id: &str, raw: &RawCriterion) -> Kind {
        match (raw.kind.get_ref().as_str(), &raw.scale) {
            ("rating", Some(scale)) => Kind::Rating(match scale.get_ref() {
                RawScale::Steps(steps) => {
                    self.steps(steps, scale.span());
                    steps.clone()
                }
                RawScale::Named(name) => self.named_scale(name, scale.span()),
            }),
            ("rating", None) => {
                let message = format!("the rating `{id}` has no scale");
                let help = "add `scale = [\"low\", \"medium\", \"high\"]`, lowest first";
                self.error(raw.kind.span(), message, help);
                Kind::Rating(Vec::new())
            }
            (name, scale) => {
                if let Some(scale) = scale {
                    let help = "set `type = \"rating\"`, or remove `scale`";
                    self.error(scale.span(), "only ratings have a scale".into(), help);
                }
                // A rating is named above, with its scale.
                let plain = |kind: &Kind| kind.name() == name && !matches!(kind, Kind::Rating(_));
                if let Some(kind) = Kind::all().into_iter().find(plain) {
                    return kind;
                }
                let names = Kind::names();
                let help = type_alias(name)
                    .map(|kind| format!("did you mean `{}`?", kind.name()))
                    .or_else(|| did_you_mean_help(name, names))
                    .unwrap_or_else(|| format!("the types are: {}", names.join(", ")));
                let message = format!("unknown criterion type `{name}`");
                self.error(raw.kind.span(), message, help);
                Kind::Text
            }
        }
    }

    /// Checks a scale's steps: two at least, none twice.
    fn steps(&mut self, steps: &[String], span: Range<usize>) {
        let mut seen = std::collections::HashSet::new();
        if steps.len() < 2 {
            self.push(span, "a scale needs at least two steps".into());
        } else if let Some(dup) = steps.iter().find(|s| !seen.insert(s.to_lowercase())) {
            self.push(span, format!("the scale lists `{dup}` twice"));
        }
    }

    /// Warnings for the scales `declared` (name and where) that no criterion named.
    fn unused_scales(&self, declared: Vec<(String, Range<usize>)>) -> Vec<Diagnostic> {
        let unused = declared
            .into_iter()
            .filter(|(name, _)| self.scales.get(name).is_some_and(|(_, used)| !used));
        let warning = |(name, span)| {
            let message = format!("no criterion uses the scale `{name}`");
            let help = format!("name it in a rating (`scale = \"{name}\"`), or remove it");
            let warning = self.diagnostic(span, message).with_help(help);
            warning.with_severity(Severity::Warning)
        };
        unused.map(warning).collect()
    }

    /// The steps of the scale declared as `[scales] <name>`.
    fn named_scale(&mut self, name: &str, span: Range<usize>) -> Vec<String> {
        if let Some((steps, used)) = self.scales.get_mut(name) {
            *used = true;
            return steps.clone();
        }
        let help = did_you_mean_help(name, self.scales.keys().map(String::as_str))
            .unwrap_or_else(|| format!("declare it under [scales]: {name} = [\"low\", \"high\"]"));
        self.error(span, format!("no scale `{name}` is declared"), help);
        Vec::new()
    }

    /// Which way is better, for the kinds that have one.
    fn better(&mut self, raw: &RawCriterion, kind: &Kind) -> Option<Better> {
        let b = raw.better.as_ref()?;
        if !matches!(kind, Kind::Number | Kind::Year | Kind::Rating(_)) {
            let message = format!(
                "`better` applies to numbers, years and ratings, not to a {}",
                kind.name()
            );
            self.push(b.span(), message);
            return None;
        }
        match b.get_ref().as_str() {
            "higher" => Some(Better::Higher),
            "lower" => Some(Better::Lower),
            other => {
                let message = format!("`better` must be \"higher\" or \"lower\", not \"{other}\"");
                self.push(b.span(), message);
                None
            }
        }
    }

    /// The index of the group `g` names.
    fn group(&mut self, schema: &Schema, g: &Spanned<String>) -> usize {
        let name = g.get_ref();
        if let Some(i) = schema.groups.iter().position(|x| &x.id == name) {
            return i;
        }
        let help = did_you_mean_help(name, schema.groups.iter().map(|x| x.id.as_str()))
            .unwrap_or_else(|| format!("declare it with [groups.{name}] and a label"));
        self.error(g.span(), format!("no group `{name}` is declared"), help);
        0
    }
}
