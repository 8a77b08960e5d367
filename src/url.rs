//! Pure functions from content paths to URLs.
//!
//! Every URL inside the site is written *relative* to the page that holds it, so the output works
//! unchanged when hosted at a domain's root, under any sub-path, or opened from disk. Site URLs are
//! kept in one canonical form — `""` for the home page, `guide/intro/` for a page — and turned
//! into an `href` only when a page is rendered.

/// The address of the list of comparisons; each pair's page is under it ([`pair_url`]).
pub const COMPARE_URL: &str = "compare/";

/// The address of the tags index; each tag's page is under it ([`tag_url`]).
pub const TAGS_URL: &str = "tags/";

/// The longest name of a file or folder (in bytes) that common file systems accept; names the
/// site's data makes (a tag's folder, a pair's) must fit.
pub const NAME_MAX: usize = 255;

/// The longest subject id: a pair's folder (`a-vs-b`) holds two, and must fit [`NAME_MAX`].
pub const SUBJECT_ID_MAX: usize = 100;

/// The address of the generated comparison of the subjects with ids `a` and `b`.
pub fn pair_url(a: &str, b: &str) -> String {
    format!("{COMPARE_URL}{a}-vs-{b}/")
}

/// The address of the page of the tag with slug `slug`.
pub fn tag_url(slug: &str) -> String {
    format!("{TAGS_URL}{slug}/")
}

/// A slug for a heading id, a tag or a URL segment: lowercase letters and digits, words joined
/// by `-`. Letters outside ASCII are kept (browsers handle them); punctuation is dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    slugify_into(&mut slug, text);
    slug
}

/// Appends the slug of `text` to `out` (see [`slugify`]). Every heading and every link's path
/// goes through here, and nearly all of their characters are ASCII: those are lowercased
/// without going through Unicode's tables.
fn slugify_into(out: &mut String, text: &str) {
    let start = out.len();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && out.len() > start {
                out.push('-');
            }
            pending_dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() || c == '-' || c == '.' || c == '/' {
            pending_dash = true;
        }
    }
}

/// The site URL of the page at content-relative `rel_path`.
///
/// `_index.md` → `""`, `guide/_index.md` → `guide/`, `guide/Intro Page.md` → `guide/intro-page/`.
pub fn page_url(rel_path: &str) -> String {
    let without_ext = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let (dir, stem) = match without_ext.rsplit_once('/') {
        Some((dir, stem)) => (dir, stem),
        None => ("", without_ext),
    };
    let mut url = String::with_capacity(rel_path.len() + 1);
    push_section_url(&mut url, dir);
    if stem != "_index" {
        push_segment(&mut url, stem);
        url.push('/');
    }
    url
}

/// The site URL of the section (content folder) `dir` (`""` for the root).
pub fn section_url(dir: &str) -> String {
    let mut url = String::with_capacity(dir.len() + 1);
    push_section_url(&mut url, dir);
    url
}

fn push_section_url(url: &mut String, dir: &str) {
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        push_segment(url, part);
        url.push('/');
    }
}

/// Appends the slug of one path part, or `_` for a part with nothing to slug.
fn push_segment(url: &mut String, name: &str) {
    let start = url.len();
    slugify_into(url, name);
    if url.len() == start {
        url.push('_');
    }
}

/// The output file that serves site URL `url` (`guide/` → `guide/index.html`).
pub fn output_path(url: &str) -> String {
    format!("{url}index.html")
}

/// The `href` that leads from the page at site URL `from` (a folder URL such as `a/b/`) to the
/// site path `to` (a folder URL such as `a/c/`, or a file such as `a/img.png`).
pub fn relative_href(from: &str, to: &str) -> String {
    // The folders both share end at the last `/` the two paths begin with; climb out of the
    // rest of `from`'s, then go down the rest of `to`.
    let same = from
        .bytes()
        .zip(to.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let shared = from.as_bytes()[..same]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |slash| slash + 1);
    let ups = from[shared..].split('/').filter(|s| !s.is_empty()).count();
    let down = &to[shared..];
    let mut href = String::with_capacity(3 * ups + down.len());
    for _ in 0..ups {
        href.push_str("../");
    }
    href.push_str(down);
    if href.is_empty() {
        href.push_str("./");
    }
    href
}

/// The href of site path `to` written from the site root, for a page whose root prefix is `root`
/// (`../../` + `a/b/`).
pub fn from_root(root: &str, to: &str) -> String {
    if to.is_empty() {
        root.to_string()
    } else {
        format!("{}{to}", root.strip_prefix("./").unwrap_or(root))
    }
}

/// The prefix that leads from the page at `url` to the site root (`""`→`./`, `a/b/`→`../../`).
pub fn root_prefix(url: &str) -> String {
    let depth = url.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// Joins a content-relative folder and a relative link path, resolving `.` and `..`.
/// Returns `None` when the path climbs above the content folder.
pub fn join_relative(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if link.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The content-relative folder of a content-relative file path (`a/b.md` → `a`).
pub fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (input, slug) in [
            ("Hello, World!", "hello-world"),
            ("  Django 4.1 — async views ", "django-4-1-async-views"),
            ("snake_case stays", "snake_case-stays"),
            ("Ça va", "ça-va"),
            ("C++ / Rust", "c-rust"),
            ("???", ""),
        ] {
            assert_eq!(slugify(input), slug, "{input:?}");
        }
    }

    #[test]
    fn page_urls() {
        for (path, url) in [
            ("_index.md", ""),
            ("about.md", "about/"),
            ("guide/_index.md", "guide/"),
            ("guide/Intro Page.md", "guide/intro-page/"),
            ("a/b/c.md", "a/b/c/"),
            ("ÉCOLE Ünï/???.md", "école-ünï/_/"),
            ("A B/x-Y.md", "a-b/x-y/"),
        ] {
            assert_eq!(page_url(path), url, "{path}");
        }
    }

    #[test]
    fn relative_hrefs() {
        for (from, to, href) in [
            ("", "", "./"),
            ("", "guide/", "guide/"),
            ("guide/", "", "../"),
            ("guide/intro/", "guide/other/", "../other/"),
            ("guide/intro/", "guide/intro/", "./"),
            ("guide/intro/", "api/x/", "../../api/x/"),
            ("guide/intro/", "guide/img.png", "../img.png"),
            ("guide/", "guide/img.png", "img.png"),
            ("", "css/style.css", "css/style.css"),
            ("a/b/c/", "a/x/y/z.html", "../../x/y/z.html"),
            ("a/", "a/b/c/", "b/c/"),
            ("a/b/", "a/", "../"),
            ("a/b/", "b/a/", "../../b/a/"),
            ("a/bc/", "a/b/", "../b/"),
            ("a/b/", "a/bc/", "../bc/"),
            ("é/a/", "é/b/", "../b/"),
            ("éa/", "éb/", "../éb/"),
        ] {
            assert_eq!(relative_href(from, to), href, "{from} -> {to}");
        }
    }

    #[test]
    fn root_prefixes() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("a/b/"), "../../");
    }

    #[test]
    fn joins() {
        assert_eq!(
            join_relative("guide", "intro.md").as_deref(),
            Some("guide/intro.md")
        );
        assert_eq!(join_relative("guide", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(
            join_relative("guide", "./x/../y.md").as_deref(),
            Some("guide/y.md")
        );
        assert_eq!(join_relative("guide", "/top.md").as_deref(), Some("top.md"));
        assert_eq!(join_relative("guide", "../sub/").as_deref(), Some("sub/"));
        assert_eq!(join_relative("", "../escape.md"), None);
    }
}
