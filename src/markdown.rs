//! Markdown to HTML: one place that sets pulldown-cmark's options, plus the event transforms
//! factbook needs.
//!
//! - Headings get stable ids (a `{#custom}` id wins; otherwise a slug of the text, made unique
//!   within the page) and are recorded for the table of contents and for anchor checking.
//! - Links and images with a relative destination are rewritten to the target's URL, relative to
//!   the page, and recorded with their position so the model stage can report a broken one at
//!   `file:line:col`. Rewriting needs only paths, so it happens here, in one pass; *checking*
//!   needs the whole site and happens later.
//! - Fenced code in a language the highlighter knows is highlighted ([`highlight`]); code
//!   blocks and tables, which may scroll sideways, can be reached by the keyboard.
//! - `[=django.first_release]`, a reference no link definition matches, quotes a fact: a
//!   placeholder stands in for it, filled with the fact's value and citations once all facts
//!   are known ([`Quote`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, BrokenLinkCallback, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType,
    OffsetIter, Options, Parser, Tag, TagEnd, html,
};

use crate::url;

mod highlight;

/// The Markdown extensions factbook enables: GFM tables, footnotes, strikethrough, task lists,
/// `{#id}` heading attributes and GitHub-style blockquote alerts.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The start of a heading with id `id`.
fn heading_start(level: HeadingLevel, id: String) -> Event<'static> {
    Event::Start(Tag::Heading {
        level,
        id: Some(CowStr::from(id)),
        classes: Vec::new(),
        attrs: Vec::new(),
    })
}

/// A heading of a rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// What a relative link points at, as a content-relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another page (`../a.md#x`), with an optional anchor.
    Page {
        /// Content-relative path of the `.md` file.
        path: String,
        /// The part after `#`.
        anchor: Option<String>,
    },
    /// A section folder (`../guide/`).
    Section {
        /// Content-relative folder, without the trailing slash.
        dir: String,
    },
    /// A heading on the same page (`#x`).
    SamePage {
        /// The anchor.
        anchor: String,
    },
    /// A static file under `content/` (`img/logo.png`).
    Static {
        /// Content-relative path.
        path: String,
    },
    /// A relative path that climbs out of `content/`.
    Outside {
        /// The destination as written.
        dest: String,
    },
}

/// A relative link found in a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it points at.
    pub target: LinkTarget,
    /// Byte range of the destination in the body (or of the whole link when not found).
    pub span: Range<usize>,
}

/// `span` moved on by `by` bytes: from a body into its file.
fn shift(span: Range<usize>, by: usize) -> Range<usize> {
    span.start + by..span.end + by
}

impl Link {
    /// The link with its span moved on by `by` bytes: from the body into the file.
    pub fn shifted(self, by: usize) -> Link {
        let span = shift(self.span, by);
        Link { span, ..self }
    }
}

/// `[=subject.criterion]` in a page's text: the fact's value goes there, with its citations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quote {
    /// What is between `[=` and `]`, as written (`django.first_release`).
    pub name: String,
    /// Byte range of the whole `[=…]` in the body.
    pub span: Range<usize>,
}

impl Quote {
    /// The quote with its span moved on by `by` bytes: from the body into the file.
    pub fn shifted(self, by: usize) -> Quote {
        let span = shift(self.span, by);
        Quote { span, ..self }
    }
}

/// What a quote's destination starts with between the parser and [`Events`]; no link written
/// in a page can have it, since it is never a relative path.
const QUOTE_SCHEME: &str = "factbook-quote:";

/// Turns a shortcut reference no definition matches and whose label starts with `=` into a
/// quote; other broken references stay text, as CommonMark says.
struct Quotes;

impl<'input> BrokenLinkCallback<'input> for Quotes {
    fn handle_broken_link(
        &mut self,
        link: BrokenLink<'input>,
    ) -> Option<(CowStr<'input>, CowStr<'input>)> {
        let name = link.reference.strip_prefix('=')?;
        (link.link_type == LinkType::Shortcut)
            .then(|| (format!("{QUOTE_SCHEME}{name}").into(), "".into()))
    }
}

/// A ```` ```compare ```` block: a comparison table to fill in once all facts are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareBlock {
    /// The block's TOML.
    pub toml: String,
    /// Byte offset of the TOML in the body (of the whole block when it is empty).
    pub offset: usize,
}

/// The `[markdown]` table of `book.toml`: the choices in how Markdown becomes HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Highlight fenced code that names its language (on by default). Highlighting costs
    /// about half a millisecond of CPU per block of ten lines.
    #[serde(default = "highlight_by_default")]
    pub highlight: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            highlight: highlight_by_default(),
        }
    }
}

fn highlight_by_default() -> bool {
    true
}

/// How a code block ends (see [`Events::code_block`]).
const CODE_END: &str = "</code></pre>\n";

/// What a page's HTML holds a marker for, to fill in once all facts are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// The table of the compare block of this index.
    Compare(usize),
    /// The value of the quote of this index.
    Quote(usize),
}

/// How every placeholder's marker starts.
pub const PLACEHOLDER_START: &str = "<!--factbook:";

impl Placeholder {
    /// The marker left in the HTML.
    pub fn marker(self) -> String {
        match self {
            Placeholder::Compare(i) => format!("{PLACEHOLDER_START}compare:{i}-->"),
            Placeholder::Quote(i) => format!("{PLACEHOLDER_START}quote:{i}-->"),
        }
    }

    /// The placeholder whose marker `html` starts with, and the marker's length.
    pub fn at_start(html: &str) -> Option<(Placeholder, usize)> {
        let rest = html.strip_prefix(PLACEHOLDER_START)?;
        let end = rest.find("-->")?;
        let (kind, index) = rest[..end].split_once(':')?;
        let index = index.parse().ok()?;
        let placeholder = match kind {
            "compare" => Placeholder::Compare(index),
            "quote" => Placeholder::Quote(index),
            _ => return None,
        };
        Some((placeholder, PLACEHOLDER_START.len() + end + 3))
    }
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every relative link and image.
    pub links: Vec<Link>,
    /// The compare blocks, in order.
    pub compare_blocks: Vec<CompareBlock>,
    /// The facts quoted in the text, in order.
    pub quotes: Vec<Quote>,
}

/// Renders `body`, the Markdown of the page at content-relative `rel_path`.
pub fn render(body: &str, rel_path: &str, settings: Settings) -> Rendered {
    let page_url = url::page_url(rel_path);
    let mut out = Rendered::default();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(
        &mut html,
        Events {
            parser: Parser::new_with_broken_link_callback(body, options(), Some(Quotes))
                .into_offset_iter(),
            body,
            dir: url::parent_dir(rel_path),
            page_url: &page_url,
            out: &mut out,
            ids: HashSet::new(),
            suffixes: HashMap::new(),
            ready: VecDeque::new(),
            settings,
        },
    );
    out.html = html;
    out
}

/// The parser's events with factbook's transforms applied, handed to the HTML writer one at a
/// time, so that a page's events are never all held at once: only a heading's are, until its
/// end gives the text its id is made from.
struct Events<'a, 'o> {
    parser: OffsetIter<'a, Quotes>,
    body: &'a str,
    /// The page's folder, which relative links start from.
    dir: &'o str,
    page_url: &'o str,
    /// Where headings, links and compare blocks are recorded (all but the HTML).
    out: &'o mut Rendered,
    /// The heading ids given so far.
    ids: HashSet<String>,
    /// The last suffix given to each heading id (see [`unique_id`]).
    suffixes: HashMap<String, usize>,
    /// The rest of a finished heading's events, handed out before the parser is read again.
    ready: VecDeque<Event<'a>>,
    settings: Settings,
}

impl<'a> Iterator for Events<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.ready.pop_front() {
            return Some(event);
        }
        let (event, range) = self.parser.next()?;
        Some(match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("compare") =>
            {
                self.compare_block(range.start)
            }
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind),
            // A table wider than the screen scrolls in a box the keyboard can reach.
            Event::Start(Tag::Table(alignments)) => {
                self.ready.push_back(Event::Start(Tag::Table(alignments)));
                Event::Html("<div class=\"table-scroll\" tabindex=\"0\">".into())
            }
            Event::End(TagEnd::Table) => {
                self.ready.push_back(Event::Html("</div>".into()));
                Event::End(TagEnd::Table)
            }
            Event::End(TagEnd::CodeBlock) => Event::Html(CODE_END.into()),
            Event::Start(Tag::Heading { level, id, .. }) => self.heading(level, id),
            other => self.inline(other, range),
        })
    }
}

impl<'a> Events<'a, '_> {
    /// Reads a compare block up to its end and stands its placeholder in for it.
    fn compare_block(&mut self, start: usize) -> Event<'a> {
        let mut block = CompareBlock {
            toml: String::new(),
            offset: start,
        };
        for (event, range) in self.parser.by_ref() {
            match event {
                Event::Text(text) => {
                    if block.toml.is_empty() {
                        block.offset = range.start;
                    }
                    block.toml.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let placeholder = Placeholder::Compare(self.out.compare_blocks.len()).marker();
        self.out.compare_blocks.push(block);
        Event::Html(placeholder.into())
    }

    /// A code block's start, as `<pre tabindex="0"><code class="language-…">`: a block wider
    /// than the screen scrolls, and the keyboard must reach it to scroll it. In a language the
    /// highlighter knows, the block is read up to its end and its code follows as highlighted
    /// HTML; otherwise its text and end come from the parser as usual.
    fn code_block(&mut self, kind: CodeBlockKind<'a>) -> Event<'a> {
        let language = match &kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default(),
            CodeBlockKind::Indented => "",
        };
        let mut start = String::from("<pre tabindex=\"0\"><code");
        if !language.is_empty() {
            start.push_str(" class=\"language-");
            // Writing to a String cannot fail.
            let _ = pulldown_cmark_escape::escape_html(&mut start, language);
            start.push('"');
        }
        start.push('>');
        let syntax = self.settings.highlight.then(|| highlight::syntax(language));
        if let Some(syntax) = syntax.flatten() {
            let mut code = String::new();
            for (event, _) in self.parser.by_ref() {
                match event {
                    Event::Text(text) => code.push_str(&text),
                    Event::End(TagEnd::CodeBlock) => break,
                    _ => {}
                }
            }
            self.ready
                .push_back(match highlight::highlight(&code, syntax) {
                    Some(html) => Event::Html(html.into()),
                    None => Event::Text(code.into()),
                });
            self.ready.push_back(Event::Html(CODE_END.into()));
        }
        Event::Html(start.into())
    }

    /// Reads a heading up to its end, records it, and returns its start with its id; the rest
    /// of its events wait in `ready`.
    fn heading(&mut self, level: HeadingLevel, id: Option<CowStr<'a>>) -> Event<'a> {
        while let Some((event, range)) = self.parser.next() {
            if let Event::End(TagEnd::Heading(_)) = event {
                break;
            }
            let event = self.inline(event, range);
            self.ready.push_back(event);
        }
        let text = plain_text(self.ready.iter());
        let id = match id {
            Some(custom) => custom.to_string(),
            None => unique_id(&url::slugify(&text), &self.ids, &mut self.suffixes),
        };
        self.ids.insert(id.clone());
        self.ready.push_back(Event::End(TagEnd::Heading(level)));
        if level == HeadingLevel::H1 {
            self.out.headings.push(Heading {
                level: level as u8,
                id: id.clone(),
                text,
            });
            return heading_start(level, id);
        }
        // A link to the section beside its heading, not in it: the heading's name stays its
        // text. The link is named by the heading, in whatever language it is written. The
        // wrapper lets the theme set the two side by side.
        let escaped_id = crate::render::theme::escape_html(&id);
        self.ready.push_back(Event::Html(
            format!(
                "<a class=\"heading-anchor\" href=\"#{escaped_id}\" aria-labelledby=\"{escaped_id}\">#</a></div>"
            )
            .into(),
        ));
        self.ready.push_front(heading_start(level, id.clone()));
        self.out.headings.push(Heading {
            level: level as u8,
            id,
            text,
        });
        Event::Html("<div class=\"heading\">".into())
    }

    /// A quote's placeholder for its link events, or `event` with its destination rewritten
    /// (see [`Events::rewrite_links`]).
    fn inline(&mut self, event: Event<'a>, range: Range<usize>) -> Event<'a> {
        let Event::Start(Tag::Link { dest_url, .. }) = &event else {
            return self.rewrite_links(event, range);
        };
        let Some(name) = dest_url.strip_prefix(QUOTE_SCHEME) else {
            return self.rewrite_links(event, range);
        };
        let name = name.to_string();
        // The label's events, up to the link's end, are the quote as written: the value
        // replaces them.
        for (event, _) in self.parser.by_ref() {
            if matches!(event, Event::End(TagEnd::Link)) {
                break;
            }
        }
        let placeholder = Placeholder::Quote(self.out.quotes.len()).marker();
        self.out.quotes.push(Quote { name, span: range });
        Event::InlineHtml(placeholder.into())
    }

    /// Rewrites the destination of a link or image; other events pass as they are.
    fn rewrite_links(&mut self, event: Event<'a>, range: Range<usize>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.rewrite(dest_url, range),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.rewrite(dest_url, range),
                title,
                id,
            }),
            other => other,
        }
    }

    fn rewrite(&mut self, dest: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        rewrite(
            &dest,
            self.body,
            range,
            self.dir,
            self.page_url,
            &mut self.out.links,
        )
        .map_or(dest, CowStr::from)
    }
}

fn plain_text<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// `base`, or `base-1`, `base-2`, … if it is taken. `suffixes` remembers the last suffix
/// given to each base, so that many headings with one text take linear time, not quadratic.
fn unique_id(base: &str, taken: &HashSet<String>, suffixes: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    if !taken.contains(base) {
        return base.to_string();
    }
    let n = suffixes.entry(base.to_string()).or_insert(0);
    loop {
        *n += 1;
        let id = format!("{base}-{n}");
        if !taken.contains(&id) {
            return id;
        }
    }
}

/// Whether `dest` leaves the site: a scheme (`https:`, `mailto:`) or a protocol-relative `//`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let end = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    dest[..end].contains(':')
}

/// Records a relative link and returns its rewritten destination; `None` leaves it as written.
fn rewrite(
    dest: &str,
    body: &str,
    range: Range<usize>,
    dir: &str,
    page_url: &str,
    links: &mut Vec<Link>,
) -> Option<String> {
    if dest.is_empty() || is_external(dest) {
        return None;
    }
    // Point the caret at the destination itself when it can be found inside the link's text.
    let span = body[range.clone()].find(dest).map_or(range.clone(), |i| {
        range.start + i..range.start + i + dest.len()
    });
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        if let Some(anchor) = anchor {
            links.push(Link {
                target: LinkTarget::SamePage {
                    anchor: anchor.to_string(),
                },
                span,
            });
        }
        return None;
    }
    let Some(resolved) = url::join_relative(dir, path) else {
        links.push(Link {
            target: LinkTarget::Outside {
                dest: dest.to_string(),
            },
            span,
        });
        return None;
    };
    let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let (target, href) = if resolved.ends_with(".md") {
        let href = url::relative_href(page_url, &url::page_url(&resolved));
        let target = LinkTarget::Page {
            path: resolved,
            anchor: anchor.map(str::to_string),
        };
        (target, href)
    } else if path.ends_with('/') || resolved.is_empty() {
        let dir = resolved.trim_end_matches('/').to_string();
        let href = url::relative_href(page_url, &url::section_url(&dir));
        (LinkTarget::Section { dir }, href)
    } else {
        let href = url::relative_href(page_url, &resolved);
        (LinkTarget::Static { path: resolved }, href)
    };
    links.push(Link { target, span });
    Some(format!("{href}{fragment}"))
}

#[cfg(test)]
mod tests;
