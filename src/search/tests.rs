//! Which pages an `exclude` entry names.

use super::excludes;

#[test]
fn an_exclude_entry_names_a_page_or_a_folder() {
    let cases = [
        ("faq.md", "faq.md", true),
        ("faq.md", "faq.mdx", false),
        ("sources/", "sources/a.md", true),
        ("sources", "sources/a.md", true),
        ("/sources/", "sources/deep/b.md", true),
        ("sources", "sources.md", false),
        ("sources", "sourcesx/a.md", false),
        ("sources/a.md", "sources/b.md", false),
    ];
    for (entry, page, expected) in cases {
        assert_eq!(excludes(entry, page), expected, "{entry} / {page}");
    }
}
