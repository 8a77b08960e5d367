use super::*;
use crate::model::schema::{Criterion, Group};

/// The cell of the first subject and the first criterion.
const FIRST: (SubjectId, CriterionId) = (SubjectId(0), CriterionId(0));

fn schema(kinds: &[Kind]) -> Schema {
    let mut schema = Schema::default();
    schema.groups.push(Group {
        id: "g".into(),
        label: "G".into(),
        description: None,
    });
    for (i, kind) in kinds.iter().enumerate() {
        schema.criteria.push(Criterion {
            id: format!("c{i}"),
            label: format!("C{i}"),
            kind: kind.clone(),
            unit: None,
            group: 0,
            description: None,
            better: None,
            applies_to: Vec::new(),
        });
    }
    schema
}

fn fact(subject: usize, criterion: usize, value: Value, page: usize) -> Fact {
    let page = PageId(page);
    Fact {
        subject: SubjectId(subject),
        criterion: CriterionId(criterion),
        value,
        note: None,
        as_of: None,
        dated_by_source: false,
        page,
        span: 0..0,
    }
}

#[test]
fn equal_values_are_one_value_citing_all_sources() {
    let schema = schema(&[Kind::Text]);
    let facts = [
        fact(0, 0, Value::Text("Python".into()), 1),
        fact(0, 0, Value::Text("python".into()), 2),
    ];
    let cells = aggregate(&facts, &schema);
    let cell = &cells[&FIRST];
    assert!(!cell.disputed);
    assert_eq!(cell.values.len(), 1);
    assert_eq!(
        cell.values[0].value,
        Value::Text("Python".into()),
        "the first wording is kept"
    );
    assert_eq!(cell.values[0].facts, [0, 1]);
}

#[test]
fn different_values_are_a_disagreement_most_cited_first() {
    let schema = schema(&[Kind::Text]);
    let facts = [
        fact(0, 0, Value::Text("3.1".into()), 1),
        fact(0, 0, Value::Text("4.1".into()), 2),
        fact(0, 0, Value::Text("4.1".into()), 3),
    ];
    let cell = &aggregate(&facts, &schema)[&FIRST];
    assert!(cell.disputed);
    assert_eq!(cell.values[0].value, Value::Text("4.1".into()));
    assert_eq!(cell.values[0].facts, [1, 2]);
    assert_eq!(cell.values[1].facts, [0]);
}

#[test]
fn lists_merge_with_a_source_per_item() {
    let schema = schema(&[Kind::List]);
    let facts = [
        fact(
            0,
            0,
            Value::List(vec!["Instagram".into(), "Mozilla".into()]),
            1,
        ),
        fact(
            0,
            0,
            Value::List(vec!["instagram".into(), "Pinterest".into()]),
            2,
        ),
    ];
    let cell = &aggregate(&facts, &schema)[&FIRST];
    assert!(!cell.disputed, "lists merge, they do not disagree");
    let items: Vec<(&Value, &[usize])> = cell
        .values
        .iter()
        .map(|v| (&v.value, v.facts.as_slice()))
        .collect();
    assert_eq!(
        items,
        [
            (&Value::Text("Instagram".into()), &[0, 1][..]),
            (&Value::Text("Mozilla".into()), &[0][..]),
            (&Value::Text("Pinterest".into()), &[1][..]),
        ]
    );
}

#[test]
fn unknown_is_not_no_and_does_not_dispute() {
    let schema = schema(&[Kind::Bool]);
    let facts = [
        fact(0, 0, Value::Bool(false), 1),
        fact(0, 0, Value::Unknown, 2),
    ];
    let cell = &aggregate(&facts, &schema)[&FIRST];
    assert!(!cell.disputed);
    assert_eq!(cell.values.len(), 2);
    let facts = [
        fact(0, 0, Value::Bool(false), 1),
        fact(0, 0, Value::Bool(true), 2),
    ];
    assert!(aggregate(&facts, &schema)[&FIRST].disputed);
}

#[test]
fn does_not_apply_is_neither_unknown_nor_no_and_does_not_dispute() {
    let schema = schema(&[Kind::Bool]);
    let facts = [
        fact(0, 0, Value::Bool(false), 1),
        fact(0, 0, Value::DoesNotApply, 2),
        fact(0, 0, Value::Unknown, 3),
    ];
    let cell = &aggregate(&facts, &schema)[&FIRST];
    assert!(!cell.disputed);
    assert_eq!(cell.values.len(), 3, "three states, each shown");
}

#[test]
fn cells_are_per_subject_and_criterion() {
    let schema = schema(&[Kind::Year, Kind::Year]);
    let facts = [
        fact(0, 0, Value::Year(2005), 1),
        fact(1, 0, Value::Year(2009), 1),
        fact(0, 1, Value::Year(2019), 1),
    ];
    let cells = aggregate(&facts, &schema);
    assert_eq!(
        cells.keys().copied().collect::<Vec<_>>(),
        [(0, 0), (0, 1), (1, 0)].map(|(s, c)| (SubjectId(s), CriterionId(c)))
    );
}

#[test]
fn inner_span_finds_the_value_of_a_key() {
    let text = "x = { value = \"excelent\", note = \"n\" }";
    let span = 4..text.len();
    assert_eq!(&text[inner_span(text, &span, "value")], "\"excelent\"");
    assert_eq!(&text[inner_span(text, &span, "note")], "\"n\"");
    assert_eq!(inner_span(text, &span, "missing"), span);
}
