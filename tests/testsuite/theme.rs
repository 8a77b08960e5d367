//! The embedded theme and a site's overrides.

use crate::site_test::SiteTest;

#[test]
fn a_site_template_overrides_the_embedded_one_by_name() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}",
    );
    site.build();
    assert!(
        site.output("about/index.html")
            .contains("<p class=\"custom\">About</p>")
    );
    // Sections keep the embedded template, which extends the overridden page.html.
    assert!(
        site.output("guide/index.html")
            .contains("<p class=\"custom\">Guide</p>")
    );
}

#[test]
fn a_site_asset_overrides_and_adds_files() {
    let site = SiteTest::fixture("basic");
    site.file("theme/css/style.css", "body { color: red; }\n");
    site.file("theme/js/extra.js", "console.log(1);\n");
    site.build();
    assert_eq!(site.output("css/style.css"), "body { color: red; }\n");
    assert_eq!(site.output("js/extra.js"), "console.log(1);\n");
}

#[test]
fn a_page_can_choose_a_template() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/landing.html",
        "<!doctype html><title>{{ title }}</title><main>{{ page.content | safe }}</main>",
    );
    site.file(
        "content/land.md",
        "+++\ntitle = \"Land\"\ntemplate = \"landing.html\"\n+++\nHello *there*.\n",
    );
    site.build();
    assert_eq!(
        site.output("land/index.html"),
        "<!doctype html><title>Land</title><main><p>Hello <em>there</em>.</p>\n</main>"
    );
}

#[test]
fn front_matter_text_is_escaped() {
    let site = SiteTest::new();
    site.file("content/_index.md", "+++\ntitle = \"<script>alert(1)</script>\"\ndescription = \"a \\\"quote\\\" & more\"\n+++\n");
    site.build();
    let html = site.output("index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("a &quot;quote&quot; &amp; more"), "{html}");
}

#[test]
fn a_broken_template_is_reported() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title {% endblock main %}",
    );
    for command in ["build", "check"] {
        let outcome = site.run(&[command]);
        outcome.assert_code(1);
        // At the template's own line and column, with the line and what Tera expected there.
        assert!(
            outcome
                .stderr
                .starts_with("error: template error: expected ")
                && outcome
                    .stderr
                    .contains(" --> theme/templates/page.html:1:56\n")
                && outcome.stderr.contains("{{ page.title {% endblock main %}"),
            "{command}: {}",
            outcome.stderr
        );
    }
}

/// A template that fails as it renders is reported once, at the line of the failing
/// expression in the site's own template, with the page it was rendering and the likely
/// intended name; every failing template is reported, not only the first.
#[test]
fn a_template_that_fails_to_render_names_its_file_line_and_the_intended_variable() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.titel }}{% endblock main %}",
    );
    site.file("theme/templates/tag.html", "{{ name | uppercse }}");
    for command in ["build", "check"] {
        let stderr = site.run(&[command]).assert_code(1).stderr.clone();
        let variable = "error: template error: Variable `page.titel` not found\n --> theme/templates/page.html:2:20\n";
        assert!(stderr.contains(variable), "{command}: {stderr}");
        assert_eq!(stderr.matches(variable).count(), 1, "{stderr}");
        assert!(
            stderr.contains("did you mean `page.title`? (found while rendering content/"),
            "{stderr}"
        );
        assert!(
            stderr.contains(" --> theme/templates/tag.html:1:11\n"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn every_sidebar_entry_is_written_by_nav_entry_html_which_errors_point_into() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/nav-entry.html",
        "<li class=\"mine\"><a href=\"{{ entry.href }}\">{{ entry.title }}</a>{% if entry.children | safe %}<ol>{{ entry.children | safe }}</ol>{% endif %}</li>",
    );
    // What readers get: minified output.
    site.run(&["build"]).assert_code(0);
    let about = site.output("about/index.html");
    assert!(
        about.contains(r#"<li class=mine><a href="../guide/">Guide</a></li>"#),
        "{about}"
    );
    // A section on the way down holds its own entries, written by the same template.
    let guide_page = site.output("guide/install/index.html");
    assert!(
        guide_page.contains(r#"<li class=mine><a href="../">Guide</a><ol><li class=mine>"#),
        "{guide_page}"
    );
    // However often the template writes the entries inside, they are where it writes them.
    site.file(
        "theme/templates/nav-entry.html",
        "<li>{{ entry.title }}<ol>{{ entry.children | safe }}</ol><ul>{{ entry.children | safe }}</ul></li>",
    );
    site.run(&["build"]).assert_code(0);
    let twice = site.output("guide/install/index.html");
    assert!(
        twice.contains("<li>Guide<ol><li>Install<ol></ol><ul></ul>"),
        "{twice}"
    );
    assert_eq!(twice.matches("<li>Install<ol>").count(), 2, "{twice}");
    site.file(
        "theme/templates/nav-entry.html",
        "<li>{{ entry.title }}</li>",
    );
    site.run(&["build"]).assert_code(0);
    let none = site.output("guide/install/index.html");
    assert!(
        none.contains("<ul><li>Guide</li><li>About</li></ul>"),
        "{none}"
    );
    assert!(!none.contains("<li>Install"), "{none}");
    site.file(
        "theme/templates/nav-entry.html",
        "<li>\n{{ entry.titel }}</li>",
    );
    let stderr = site.run(&["build"]).assert_code(1).stderr.clone();
    let variable = "error: template error: Variable `entry.titel` not found\n --> theme/templates/nav-entry.html:2:4\n";
    assert!(stderr.contains(variable), "{stderr}");
    assert_eq!(stderr.matches(variable).count(), 1, "{stderr}");
    assert!(stderr.contains("did you mean `entry.title`?"), "{stderr}");
}

#[test]
fn templates_that_cannot_be_minified_once_still_give_minified_pages() {
    let site = SiteTest::fixture("basic");
    // A block opened inside a start tag and closed outside it: minifying the template alone
    // would tear it apart, so the pages made from it are minified instead.
    site.file(
        "theme/templates/landing.html",
        "<!doctype html>\n<html>\n  <title>{{ title }}</title>\n  <main {% if page.title %}class=\"titled\">{% else %}>{% endif %}\n    {{ page.content | safe }}\n  </main>\n</html>\n",
    );
    site.file(
        "content/landing.md",
        "+++\ntitle = \"Landing\"\ntemplate = \"landing.html\"\n+++\nHello   there.\n",
    );
    site.run(&["build"]).assert_code(0);
    let page = site.output("landing/index.html");
    assert!(
        page.contains("<main class=titled><p>Hello there."),
        "{page}"
    );
    assert!(!page.contains("\n  "), "{page}");
}

/// Templates that include, extend or import each other in a loop are an error naming them, in
/// `check` as in `build`, not a stack overflow.
#[test]
fn templates_that_include_extend_or_import_each_other_in_a_loop_are_refused() {
    for (files, expected) in [
        (
            vec![("page.html", "{% include \"page.html\" %}")],
            "theme/templates/page.html → theme/templates/page.html",
        ),
        (
            vec![("page.html", "{% extends \"page.html\" %}")],
            "theme/templates/page.html → theme/templates/page.html",
        ),
        (
            vec![
                ("a.html", "{%- include [\"b.html\"] ignore missing -%}"),
                ("b.html", "{% include \"a.html\" %}"),
            ],
            "theme/templates/a.html → theme/templates/b.html → theme/templates/a.html",
        ),
        (
            vec![("mine.html", "{% import \"mine.html\" as again %}")],
            "theme/templates/mine.html → theme/templates/mine.html",
        ),
    ] {
        let site = SiteTest::fixture("basic");
        for (name, text) in &files {
            site.file(&format!("theme/templates/{name}"), text);
        }
        for command in ["check", "build"] {
            let outcome = site.run(&[command]);
            outcome.assert_code(1);
            assert!(
                outcome.stderr.contains(&format!(
                    "templates include, extend or import each other in a loop: {expected}"
                )),
                "{command}: {}",
                outcome.stderr
            );
        }
    }
}

/// A macro that calls itself without end is an error at the macro, in `check` as in `build`,
/// not a stack overflow (the dev server's survival is tested with the server's).
#[test]
fn a_macro_that_calls_itself_without_end_is_an_error_at_the_macro() {
    let site = SiteTest::fixture("basic");
    site.file(
        "theme/templates/mine.html",
        "{# Counts up for ever. #}\n{% macro up(n) %}{{ n }} {{ self::up(n=n+1) }}{% endmacro up %}\n",
    );
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% import \"mine.html\" as mine %}{% block main %}{{ mine::up(n=1) }}{% endblock main %}",
    );
    for command in ["check", "build"] {
        let outcome = site.run(&[command]);
        outcome.assert_code(1);
        let first = outcome.stderr.split("\n\n").next().unwrap_or_default();
        assert!(
            first.starts_with("error: template error: macro `up` of `mine.html` calls itself without end\n --> theme/templates/mine.html:2:10\n"),
            "{command}: {}",
            outcome.stderr
        );
        assert!(
            first.contains("a macro may call itself only under a condition that stops the calls"),
            "{command}: {first}"
        );
    }
}

#[test]
fn templates_get_extra_data_and_teras_filters() {
    let site = SiteTest::fixture("basic");
    let book = std::fs::read_to_string(site.root.join("book.toml")).unwrap();
    site.file(
        "book.toml",
        &format!("{book}\n[extra]\ntagline = \"Facts, not adjectives\"\nlinks = [\"a\", \"b\"]\n"),
    );
    let about = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    let (front, body) = about.split_once("\n+++\n").unwrap();
    site.file(
        "content/about.md",
        &format!("{front}\ndate = 2025-03-04\n[extra]\nowner = \"Docs team\"\n+++\n{body}"),
    );
    site.file(
        "theme/templates/page.html",
        concat!(
            "{% extends \"base.html\" %}{% block main %}",
            "<p class=\"x\">{{ site.extra.tagline }}|{{ site.extra.links | length }}|",
            "{{ page.extra.owner | default(value=\"nobody\") }}|{{ page.title | slugify }}|",
            "{% if page.date %}{{ page.date | date(format=\"%d %B %Y\") }}{% endif %}</p>",
            "{% endblock main %}"
        ),
    );
    site.build();
    let about = site.output("about/index.html");
    assert!(
        about.contains("<p class=\"x\">Facts, not adjectives|2|Docs team|about|04 March 2025</p>"),
        "{about}"
    );
    let usage = site.output("guide/usage/index.html");
    assert!(usage.contains("|nobody|usage|"), "{usage}");
}

/// `language = "fr"` gives the built-in French words wherever the theme prints one — the frame,
/// the page's headings, the tables and their values, the decision tree, the search filters and
/// the words the scripts show — and a site's `theme/words/fr.toml` changes some of them.
#[test]
fn a_site_in_french_reads_in_french() {
    let site = SiteTest::fixture("decision");
    site.file(
        "book.toml",
        "title = \"Fiches\"\nlanguage = \"fr-CA\"\n[search]\nenabled = true\n",
    );
    site.file(
        "theme/words/fr-CA.toml",
        "[table]\nbest = \"Le meilleur\"\n",
    );
    site.run(&["build"]).assert_code(0);
    let subject = site.output("subjects/django/index.html");
    let pair = site.output("compare/django-vs-nodejs/index.html");
    let decide = site.output("decide/index.html");
    let home = site.output("index.html");
    let expected = [
        (&subject, "<html lang=\"fr-CA\">"),
        (&subject, ">Aller au contenu</a>"),
        (&subject, "<h2 id=fb-subject-facts>Faits sur Django</h2>"),
        (&subject, "<th scope=\"col\">Critère</th>"),
        (&subject, "<span class=\"value-text\">Oui</span>"),
        (
            &subject,
            "Contesté</span> les sources donnent des valeurs différentes",
        ),
        (&subject, "<span data-pagefind-filter=\"kind\">Sujet</span>"),
        (&pair, "<span class=\"value-text\">Inconnu</span>"),
        (&pair, "Là où Django et Node.js diffèrent"),
        (&pair, "Django vs Node.js : là où ils diffèrent"),
        (&decide, "Recommandation : Node.js</h3>"),
        (&decide, "Pourquoi Node.js : les faits"),
        (&decide, "\"change\":\"Changer\""),
        (&home, "<h2 id=fb-glance>En bref</h2>"),
        (&home, "\"copy\":\"Copier\""),
        (&home, "\"no_results\":\"Aucun résultat\""),
        // The site's own word, over the built-in French one.
        (&home, "<span class=\"badge badge-best\">Le meilleur</span>"),
    ];
    let missing: Vec<&str> = (expected.iter())
        .filter(|(page, text)| !page.contains(text))
        .map(|(_, text)| *text)
        .collect();
    assert!(missing.is_empty(), "missing: {missing:#?}\n\n{subject}");
    for page in [&subject, &pair, &decide, &home] {
        for english in [
            "Skip to content",
            "Facts about",
            "value-text\">Yes<",
            "Disputed",
            "Start again",
        ] {
            assert!(!page.contains(english), "`{english}` left in English");
        }
    }
}

#[test]
fn a_words_file_naming_a_word_there_is_not_is_an_error_in_check_and_build() {
    let site = SiteTest::fixture("decision");
    site.file(
        "theme/words/de.toml",
        "[tabel]\nyes = \"Ja\"\n[table]\nyess = \"Ja\"\n",
    );
    let expected = snapbox::str![[r#"
error: no group of words `tabel`
 --> theme/words/de.toml:1:2
  |
1 | [tabel]
  |  ^^^^^
  |
  = help: did you mean `table`?

error: no word `yess` in `[table]`
 --> theme/words/de.toml:4:1
  |
4 | yess = "Ja"
  | ^^^^
  |
  = help: did you mean `yes`?

error: found 2 errors

"#]];
    let check = site.run(&["check"]);
    check.assert_code(1);
    snapbox::assert_data_eq!(check.stderr.clone(), expected);
    let build = site.build_err();
    assert_eq!(
        build,
        check
            .stderr
            .replace("found 2 errors", "found 2 errors; nothing was written")
    );
}
