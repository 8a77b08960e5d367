//! Watching the site: which part of it a changed path belongs to.
//!
//! Editors save in many ways — write in place, write a temporary file and rename it over the
//! original, keep swap and backup files — and a folder may be created, renamed or deleted with
//! everything in it. factbook does not try to follow each way: every batch of events only tells
//! it *that* something relevant changed, and the session then rebuilds from the files as they
//! are. So the only decision made here is whether a path matters, by a pure function.

use std::path::{Component, Path};

use crate::config::CONFIG_FILE;
use crate::render::theme::THEME_DIR;
use crate::source::{CONTENT_DIR, is_ignored_name};

/// What a changed path is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// `book.toml`.
    Config,
    /// A file or folder of the site's `theme/`.
    Theme,
    /// A file or folder under `content/`.
    Content,
    /// Anything else: editors' temporary files, the output folder, files outside the site.
    Ignored,
}

/// Classifies `path` (absolute, or relative to the current folder like `root`) for the site in
/// `root`.
pub fn classify(root: &Path, path: &Path) -> ChangeKind {
    let Ok(rel) = path.strip_prefix(root) else {
        return ChangeKind::Ignored;
    };
    let mut parts = rel.components().map(|c| match c {
        Component::Normal(name) => name.to_string_lossy(),
        _ => "..".into(),
    });
    let Some(first) = parts.next() else {
        return ChangeKind::Ignored;
    };
    let kind = match first.as_ref() {
        CONFIG_FILE => {
            return if rel.components().count() == 1 {
                ChangeKind::Config
            } else {
                ChangeKind::Ignored
            };
        }
        CONTENT_DIR => ChangeKind::Content,
        THEME_DIR => ChangeKind::Theme,
        _ => return ChangeKind::Ignored,
    };
    // The same files the loader skips never trigger a rebuild: `.#page.md`, `page.md~`, …
    if parts.any(|name| name == ".." || is_ignored_name(&name)) {
        return ChangeKind::Ignored;
    }
    kind
}

/// Whether an event kind can change a file's content or the set of files.
pub fn changes_files(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        // A file written and closed is the end of a save.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds() {
        use notify::EventKind;
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode,
        };
        let cases = [
            (EventKind::Create(CreateKind::File), true),
            (EventKind::Create(CreateKind::Folder), true),
            (
                EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                true,
            ),
            // An editor's atomic save: a temporary file renamed over the page.
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), true),
            (EventKind::Modify(ModifyKind::Name(RenameMode::From)), true),
            (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), true),
            (
                EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::WriteTime)),
                true,
            ),
            (EventKind::Remove(RemoveKind::File), true),
            (EventKind::Remove(RemoveKind::Folder), true),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            // Reads — the rebuild itself reads every file — must not trigger another rebuild.
            (EventKind::Access(AccessKind::Open(AccessMode::Any)), false),
            (EventKind::Access(AccessKind::Read), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                false,
            ),
            (EventKind::Any, true),
            (EventKind::Other, true),
        ];
        for (kind, expected) in cases {
            assert_eq!(changes_files(&kind), expected, "{kind:?}");
        }
    }

    #[test]
    fn classification() {
        let root = Path::new("/site");
        let cases = [
            ("/site/book.toml", ChangeKind::Config),
            ("/site/content/guide/intro.md", ChangeKind::Content),
            ("/site/content/guide", ChangeKind::Content),
            ("/site/content", ChangeKind::Content),
            ("/site/content/criteria.toml", ChangeKind::Content),
            ("/site/content/img/logo.png", ChangeKind::Content),
            ("/site/theme/templates/page.html", ChangeKind::Theme),
            ("/site/theme/css/style.css", ChangeKind::Theme),
            // Editors' leftovers: vim swap files, emacs lock and backup files, temp files.
            ("/site/content/guide/.intro.md.swp", ChangeKind::Ignored),
            ("/site/content/guide/intro.md~", ChangeKind::Ignored),
            ("/site/content/guide/.#intro.md", ChangeKind::Ignored),
            ("/site/content/guide/#intro.md#", ChangeKind::Ignored),
            ("/site/content/.hidden/page.md", ChangeKind::Ignored),
            ("/site/theme/templates/page.html.tmp", ChangeKind::Ignored),
            // Not part of the site's sources.
            ("/site/site/index.html", ChangeKind::Ignored),
            ("/site/.git/index", ChangeKind::Ignored),
            ("/site/target/debug/factbook", ChangeKind::Ignored),
            ("/site/README.md", ChangeKind::Ignored),
            ("/site/book.toml/x", ChangeKind::Ignored),
            ("/elsewhere/content/a.md", ChangeKind::Ignored),
            ("/site", ChangeKind::Ignored),
        ];
        for (path, kind) in cases {
            assert_eq!(classify(root, Path::new(path)), kind, "{path}");
        }
    }
}
