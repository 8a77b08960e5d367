//! `factbook eject`: the built-in theme's files written into a site's `theme/` folder, to
//! change them there. A site's file overrides the built-in one of the same path, so ejecting
//! only the files to change keeps the others up to date with factbook.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag;
use crate::error::Error;
use crate::render::theme::DEFAULT_THEME;

/// What an eject did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ejected {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The files left as they were, because the site already has them.
    pub kept: Vec<PathBuf>,
}

/// Writes the built-in theme's files named in `files` (paths within `theme/`, such as
/// `templates/page.html`; all of them when `files` is empty) into `root/theme/`. A file the
/// site already has is never overwritten; an unknown name is an error, with a suggestion.
pub fn eject(root: &Path, files: &[String]) -> Result<Ejected, Error> {
    let chosen: Vec<&(&str, &str)> = if files.is_empty() {
        DEFAULT_THEME.iter().collect()
    } else {
        files
            .iter()
            .map(|name| built_in(name))
            .collect::<Result<_, _>>()?
    };
    let mut done = Ejected::default();
    for (rel, text) in chosen {
        let path = root.join("theme").join(rel);
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
        done.written.push(path);
    }
    Ok(done)
}

/// The built-in file `name` (with or without a leading `theme/`).
fn built_in(name: &str) -> Result<&'static (&'static str, &'static str), Error> {
    let name = name.trim_start_matches("theme/");
    DEFAULT_THEME
        .iter()
        .find(|(rel, _)| *rel == name)
        .ok_or_else(|| {
            let known = DEFAULT_THEME.iter().map(|(rel, _)| *rel);
            let hint = match diag::did_you_mean(name, known) {
                Some(close) => format!("did you mean `{close}`?"),
                None => {
                    let all: Vec<&str> = DEFAULT_THEME.iter().map(|(rel, _)| *rel).collect();
                    format!("the built-in theme's files are: {}", all.join(", "))
                }
            };
            Error::Usage(format!("the built-in theme has no `{name}`; {hint}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ejects_the_named_files_and_never_overwrites_one() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("theme/templates/page.html");
        let done = eject(dir.path(), &["templates/page.html".into()]).unwrap();
        assert_eq!(done.written, vec![page.clone()]);
        let built_in = DEFAULT_THEME
            .iter()
            .find(|(r, _)| *r == "templates/page.html");
        assert_eq!(fs::read_to_string(&page).unwrap(), built_in.unwrap().1);
        fs::write(&page, "mine").unwrap();
        let again = eject(dir.path(), &[]).unwrap();
        assert_eq!(again.kept, vec![page.clone()]);
        assert_eq!(again.written.len(), DEFAULT_THEME.len() - 1);
        assert_eq!(fs::read_to_string(&page).unwrap(), "mine");
    }

    #[test]
    fn an_unknown_file_is_refused_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let err = eject(dir.path(), &["templates/pgae.html".into()]).unwrap_err();
        assert!(
            err.to_string()
                .contains("did you mean `templates/page.html`?"),
            "{err}"
        );
        assert!(!dir.path().join("theme").exists());
    }
}
