use super::*;

#[test]
fn location_counts_lines_and_character_columns() {
    let text = "a = 1\r\nnäme = 2\n";
    let start = text.find("= 2").unwrap();
    let loc = Location::new(Path::new("x.md"), text, start..start + 3);
    assert_eq!(loc.line, 2);
    assert_eq!(loc.column, 6, "columns count characters, not bytes");
    assert_eq!(loc.line_text, "näme = 2");
    assert_eq!(&loc.line_text[loc.highlight.clone()], "= 2");
}

#[test]
fn location_of_an_empty_span_highlights_one_character() {
    let text = "abc\n";
    let loc = Location::new(Path::new("x.md"), text, 1..1);
    assert_eq!(&loc.line_text[loc.highlight.clone()], "b");
}

#[test]
fn location_of_a_multi_line_span_stays_on_its_first_line() {
    let text = "one\ntwo\nthree";
    let loc = Location::new(Path::new("x.md"), text, 4..12);
    assert_eq!(loc.line, 2);
    assert_eq!(&loc.line_text[loc.highlight.clone()], "two");
}

#[test]
fn location_past_the_end_is_clamped() {
    let text = "abc";
    let loc = Location::new(Path::new("x.md"), text, 10..20);
    assert_eq!(loc.line, 1);
    assert_eq!(loc.column, 4);
}

#[test]
fn renders_like_a_compiler() {
    let text = "+++\ntitel = \"x\"\n+++\n";
    let diag = Diagnostic::error_at(Path::new("content/a.md"), text, 4..9, "unknown key `titel`")
        .with_help("did you mean `title`?");
    assert_eq!(
        diag.render(false),
        "error: unknown key `titel`\n --> content/a.md:2:1\n  |\n2 | titel = \"x\"\n  | ^^^^^\n  |\n  = help: did you mean `title`?"
    );
}

#[test]
fn renders_a_file_level_error_with_its_path() {
    let diag = Diagnostic::error(Path::new("content/a.md"), "could not read the file");
    assert_eq!(
        diag.render(false),
        "error: could not read the file\n--> content/a.md"
    );
}

#[test]
fn did_you_mean_finds_close_names_only() {
    let names = ["title", "description", "weight"];
    assert_eq!(did_you_mean("titel", names), Some("title"));
    assert_eq!(did_you_mean("wieght", names), Some("weight"));
    assert_eq!(did_you_mean("zzz", names), None);
}
