use super::*;

/// (name, input, expected front matter, expected body, expected body offset)
const SPLITS: &[(&str, &str, &str, &str, usize)] = &[
    ("plain", "+++\na = 1\n+++\nbody\n", "a = 1\n", "body\n", 14),
    (
        "crlf",
        "+++\r\na = 1\r\n+++\r\nbody\r\n",
        "a = 1\r\n",
        "body\r\n",
        17,
    ),
    (
        "trailing spaces",
        "+++  \na = 1\n+++\t \nbody",
        "a = 1\n",
        "body",
        18,
    ),
    ("empty front matter", "+++\n+++\nbody", "", "body", 8),
    ("no body", "+++\na = 1\n+++", "a = 1\n", "", 13),
    (
        "no newline at end",
        "+++\na = 1\n+++\nx",
        "a = 1\n",
        "x",
        14,
    ),
    (
        "blank lines first",
        "\n  \n+++\na = 1\n+++\nbody",
        "a = 1\n",
        "body",
        18,
    ),
    (
        "plus signs inside toml strings do not close",
        "+++\na = \"+++\"\n+++\nbody",
        "a = \"+++\"\n",
        "body",
        18,
    ),
    (
        "a second block stays in the body",
        "+++\na = 1\n+++\n+++\nb\n",
        "a = 1\n",
        "+++\nb\n",
        14,
    ),
];

#[test]
fn splits() {
    for (name, input, fm, body, body_offset) in SPLITS {
        let split = split(input).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(split.front_matter, *fm, "{name}: front matter");
        assert_eq!(split.body, *body, "{name}: body");
        assert_eq!(split.body_offset, *body_offset, "{name}: body offset");
        assert_eq!(
            &input[split.front_matter_offset..split.front_matter_offset + fm.len()],
            *fm,
            "{name}: front matter offset"
        );
        assert_eq!(&input[split.body_offset..], *body, "{name}: body offset");
    }
}

#[test]
fn missing_front_matter() {
    assert_eq!(
        split("# Title\n"),
        Err(SplitError::Missing { first_line: 0..7 })
    );
    assert_eq!(split(""), Err(SplitError::Missing { first_line: 0..0 }));
    assert_eq!(
        split("++++\n"),
        Err(SplitError::Missing { first_line: 0..4 }),
        "four plus signs are not a delimiter"
    );
    assert_eq!(
        split(" +++\n+++\n"),
        Err(SplitError::Missing { first_line: 0..4 }),
        "an indented delimiter is not a delimiter"
    );
}

#[test]
fn unclosed_front_matter_points_at_the_opening_line() {
    assert_eq!(
        split("\n+++\r\ntitle = 1\n"),
        Err(SplitError::Unclosed { opening: 1..4 })
    );
}

#[test]
fn yaml_front_matter_is_recognised() {
    assert_eq!(
        split("---\ntitle: x\n---\n"),
        Err(SplitError::Yaml { opening: 0..3 })
    );
}
