//! Stage 1, *load*: walk `content/` and read every file.
//!
//! Markdown files become [`SourceFile`]s (path and text); everything else is a [`StaticFile`]
//! copied to the output as is. Hidden files and editors' temporary files are skipped, and a
//! symlink is followed only when it stays inside the site, so a build never publishes or copies
//! files from elsewhere on the machine.

pub mod front_matter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use crate::model::schema::SCHEMA_FILE;

/// The folder under the site root that holds the pages.
pub const CONTENT_DIR: &str = "content";

/// A Markdown page as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators (`guide/intro.md`).
    pub rel_path: String,
    /// Path relative to the site root, for messages (`content/guide/intro.md`).
    pub display_path: PathBuf,
    /// The file's text, without a byte-order mark.
    pub text: String,
    /// A hash of `text`, made when it is read: an unchanged page is recognised without
    /// hashing it again.
    pub hash: u128,
}

/// A non-Markdown file under `content/`, copied to the same relative place in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path relative to `content/`, with `/` separators.
    pub rel_path: String,
    /// Where to copy it from.
    pub abs_path: PathBuf,
}

/// Everything read from `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct Sources {
    /// The Markdown pages.
    pub pages: Vec<SourceFile>,
    /// The criteria schema (`content/criteria.toml`), when there is one.
    pub schema: Option<SourceFile>,
    /// The other files.
    pub statics: Vec<StaticFile>,
    /// Files that could not be read as pages (errors) or were skipped (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether the file name is one an editor or the OS leaves behind (`.#x`, `x~`, `.x.swp`, …).
/// Such files are never content, and the dev server ignores their changes for the same reason.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads every file under `root/content`.
pub fn load(root: &Path) -> Result<Sources, Error> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::Usage(format!(
            "no `{CONTENT_DIR}/` folder in `{}`",
            root.display()
        )));
    }
    let Walked {
        md_paths,
        mut statics,
        mut diagnostics,
    } = walk(root, &content)?;
    let read: Vec<Result<SourceFile, Diagnostic>> = md_paths
        .into_par_iter()
        .map(|(rel_path, abs)| read_page(root, rel_path, &abs))
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    let mut schema = None;
    for r in read {
        match r {
            Ok(file) if file.rel_path == SCHEMA_FILE => schema = Some(file),
            Ok(page) => pages.push(page),
            Err(d) => diagnostics.push(d),
        }
    }
    // Sorted by path string, so that a file added later goes in the same place (see `update`).
    pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    statics.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(Sources {
        pages,
        schema,
        statics,
        diagnostics,
    })
}

/// Every file under `content` (of the site at `root`): Markdown pages and the schema to read,
/// files to copy, and warnings for what was skipped. A symlink — to a file or a folder — is
/// followed only when it leads inside `content/`, so that nothing outside the site's content
/// (another folder of the disk, the site's own output) is ever published.
fn walk(root: &Path, content: &Path) -> Result<Walked, Error> {
    let real_content = content
        .canonicalize()
        .map_err(|e| Error::io("resolve", content, e))?;
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if is_ignored_name(&entry.file_name().to_string_lossy()) {
                return false;
            }
            // Checked before the walker goes into a linked folder, not after.
            let outside = entry.path_is_symlink() && !leads_inside(entry.path(), &real_content);
            if outside {
                refused.borrow_mut().push(entry.path().to_path_buf());
            }
            !outside
        });
    let mut diagnostics = Vec::new();
    let mut md_paths = Vec::new();
    let mut statics = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(content);
                let message = format!("cannot read: {err}");
                let warning = Diagnostic::error(&relative(root, path), message)
                    .with_severity(Severity::Warning);
                diagnostics.push(warning.with_help("the file was skipped"));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content) else {
            continue;
        };
        let rel_path = slash_path(rel);
        if rel_path.ends_with(".md") || rel_path == SCHEMA_FILE {
            md_paths.push((rel_path, entry.into_path()));
        } else {
            let abs_path = entry.into_path();
            statics.push(StaticFile { rel_path, abs_path });
        }
    }
    for path in refused.into_inner() {
        let message = "symlink leads outside the site's content; not followed";
        let warning = Diagnostic::error(&relative(root, &path), message);
        diagnostics.push(warning.with_severity(Severity::Warning));
    }
    Ok(Walked {
        md_paths,
        statics,
        diagnostics,
    })
}

/// What [`walk`] found.
struct Walked {
    /// Pages and the schema, to read: content path and file.
    md_paths: Vec<(String, PathBuf)>,
    /// Files to copy.
    statics: Vec<StaticFile>,
    /// Warnings for what was skipped.
    diagnostics: Vec<Diagnostic>,
}

impl Sources {
    /// Brings the sources up to date with the files at `changed` (absolute paths under
    /// `root/content`), reading only those. Returns `false` when that cannot be done file by
    /// file — a folder appeared, moved or vanished, a symlink or an unreadable file is involved
    /// — and the caller must [`load`] everything again.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> bool {
        let content = root.join(CONTENT_DIR);
        for path in changed {
            let Ok(rel) = path.strip_prefix(&content) else {
                continue;
            };
            if rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return false;
            }

            let rel_path = slash_path(rel);
            if rel_path.is_empty() {
                return false;
            }
            if rel_path.split('/').any(is_ignored_name) {
                continue;
            }
            // A problem reported when the file was last read is void now.
            let display = relative(root, path);
            self.diagnostics
                .retain(|d| d.path.as_ref() != Some(&display));

            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.is_file() => {
                    if rel_path.ends_with(".md") || rel_path == SCHEMA_FILE {
                        let Ok(file) = read_page(root, rel_path.clone(), path) else {
                            return false;
                        };
                        if rel_path == SCHEMA_FILE {
                            self.schema = Some(file);
                        } else {
                            match self.pages.binary_search_by(|p| p.rel_path.cmp(&rel_path)) {
                                Ok(i) => self.pages[i] = file,
                                Err(i) => self.pages.insert(i, file),
                            }
                        }
                    } else if let Err(i) =
                        self.statics.binary_search_by(|s| s.rel_path.cmp(&rel_path))
                    {
                        self.statics.insert(
                            i,
                            StaticFile {
                                rel_path,
                                abs_path: path.clone(),
                            },
                        );
                    }
                }
                Ok(_) => return false,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let removed_page = self
                        .pages
                        .binary_search_by(|p| p.rel_path.cmp(&rel_path))
                        .map(|i| self.pages.remove(i))
                        .is_ok();
                    let removed_static = self
                        .statics
                        .binary_search_by(|s| s.rel_path.cmp(&rel_path))
                        .map(|i| self.statics.remove(i))
                        .is_ok();
                    let removed_schema = rel_path == SCHEMA_FILE && self.schema.take().is_some();
                    // Nothing by that name: it may have been a folder with files in it, or a
                    // file that came and went between two reads (an editor's or `sed -i`'s
                    // temporary file, renamed over the page it saves), which changes nothing.
                    if !(removed_page || removed_static || removed_schema)
                        && self.holds_files_under(&rel_path)
                    {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    }

    /// Whether the content-relative `path` is, or holds, a page, the schema or a static file
    /// as last read. A changed path that is neither there now nor known was a file that came
    /// and went between two reads.
    pub fn knows(&self, path: &str) -> bool {
        self.pages
            .binary_search_by(|p| p.rel_path.as_str().cmp(path))
            .is_ok()
            || self
                .statics
                .binary_search_by(|s| s.rel_path.as_str().cmp(path))
                .is_ok()
            || (path == SCHEMA_FILE && self.schema.is_some())
            || self.holds_files_under(path)
    }

    /// Whether any known page or static file is inside the folder `dir` (content-relative).
    fn holds_files_under(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        let under = |path: &str| path.starts_with(&prefix);
        // Both lists are sorted, so the first path not before `prefix` tells.
        let first_page = self
            .pages
            .partition_point(|p| p.rel_path.as_str() < prefix.as_str());
        let first_static = self
            .statics
            .partition_point(|s| s.rel_path.as_str() < prefix.as_str());
        self.pages
            .get(first_page)
            .is_some_and(|p| under(&p.rel_path))
            || self
                .statics
                .get(first_static)
                .is_some_and(|s| under(&s.rel_path))
    }
}

/// Reads one page (or the schema) for the site in `root`.
pub fn read_page(root: &Path, rel_path: String, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let display_path = relative(root, abs);
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(&display_path, format!("cannot read the file: {e}")))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            &display_path,
            format!(
                "the file is not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_help("save the file as UTF-8")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let hash = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    Ok(SourceFile {
        rel_path,
        display_path,
        text,
        hash,
    })
}

fn leads_inside(path: &Path, real_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(real_root))
}

/// `path` relative to `root` when it is below it (for messages), else as is.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A relative path with `/` separators on every platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            "page.md~",
            "#page.md#",
            ".page.md.swp",
            "x.tmp",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["page.md", "image.png", "_index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn a_file_that_came_and_went_needs_no_reload_but_a_vanished_folder_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/guide")).unwrap();
        std::fs::write(root.join("content/guide/a.md"), "+++\ntitle = \"A\"\n+++\n").unwrap();
        std::fs::write(root.join("content/guide/b.md"), "+++\ntitle = \"B\"\n+++\n").unwrap();
        let mut sources = load(root).unwrap();
        // `sed -i` wrote `guide/sedX1a2b3`, then renamed it over `guide/a.md`.
        std::fs::write(
            root.join("content/guide/a.md"),
            "+++\ntitle = \"A2\"\n+++\n",
        )
        .unwrap();
        let changed = [
            root.join("content/guide/sedX1a2b3"),
            root.join("content/guide/a.md"),
        ];
        assert!(sources.update(root, &changed));
        assert!(sources.pages[0].text.contains("A2"));
        assert!(sources.statics.is_empty());
        // A folder that held pages is gone: only a full load can tell what else went.
        std::fs::remove_dir_all(root.join("content/guide")).unwrap();
        assert!(!sources.update(root, &[root.join("content/guide")]));
    }
}
