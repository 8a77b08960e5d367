//! `factbook init DIR`: scaffold a site that builds as is.
//!
//! The scaffold is a small, real site — a home page, a section of linked pages with tags and cited
//! sources, a criteria schema, two subjects, facts with one disagreement, a comparison table and a decision tree —
//! so a new author sees every feature working before changing anything.

use std::fs;
use std::path::Path;

use crate::error::Error;

pub mod eject;

/// One file of the scaffold: its path in the new site and its contents.
macro_rules! scaffold_file {
    ($path:literal) => {
        ($path, include_str!(concat!("scaffold/", $path)))
    };
}

/// The scaffold's files: path in the new site → contents.
pub const SCAFFOLD: &[(&str, &str)] = &[
    scaffold_file!("book.toml"),
    (".gitignore", include_str!("scaffold/gitignore")),
    scaffold_file!("content/_index.md"),
    scaffold_file!("content/criteria.toml"),
    scaffold_file!("content/choose.md"),
    scaffold_file!("content/drinks/_index.md"),
    scaffold_file!("content/drinks/tea.md"),
    scaffold_file!("content/drinks/coffee.md"),
    scaffold_file!("content/drinks/cocoa.md"),
    scaffold_file!("content/guide/_index.md"),
    scaffold_file!("content/guide/writing-pages.md"),
    scaffold_file!("content/guide/citing-sources.md"),
    scaffold_file!("content/guide/second-opinion.md"),
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
