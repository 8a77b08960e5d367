//! `factbook init DIR`: scaffold a site that builds as is.
//!
//! The scaffold is a small, real site — a home page, a section, two linked pages, tags and a
//! cited source — so a new author sees every feature working before changing anything.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// The scaffold's files: path in the new site → contents.
pub const SCAFFOLD: &[(&str, &str)] = &[
    ("book.toml", include_str!("scaffold/book.toml")),
    (".gitignore", include_str!("scaffold/gitignore")),
    (
        "content/_index.md",
        include_str!("scaffold/content/_index.md"),
    ),
    (
        "content/guide/_index.md",
        include_str!("scaffold/content/guide/_index.md"),
    ),
    (
        "content/guide/writing-pages.md",
        include_str!("scaffold/content/guide/writing-pages.md"),
    ),
    (
        "content/guide/citing-sources.md",
        include_str!("scaffold/content/guide/citing-sources.md"),
    ),
];

/// Writes the scaffold into `dir`, which must not exist or be empty, so nothing is overwritten.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("`{}` is a file", dir.display())));
        }
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io("read folder", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "`{}` is not empty; `init` only writes into a new or empty folder",
                dir.display()
            )));
        }
    }
    for (rel, text) in SCAFFOLD {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}
