//! The build stamp: what the last `factbook build` into a folder was made from, so that a
//! build whose inputs and output are both as they were does nothing.
//!
//! The stamp lives beside the output folder (`.site.factbook-stamp` for `site/`), never in it,
//! where it would be published. It holds a hash of every input — the factbook program itself,
//! the options, `book.toml`, the theme, every page's text, every copied file's size and time —
//! the counts the build reported, and the size and modification time of every file and folder
//! it left in the output folder. A build compares first: with the same inputs, and each file
//! and folder of the output with its recorded size and time, the site on disk is what the build
//! would write, and it stops there. (A file added, removed or renamed changes its folder's
//! time, so the folders need not be read.) Anything else — no stamp, an unreadable one, a file
//! edited or added in the output — builds as usual. A build with warnings leaves no stamp, so
//! that its warnings are shown every time.

use std::collections::BTreeSet;
use std::fs;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::config::Config;
use crate::render::Theme;
use crate::render::theme::Asset;
use crate::source::Sources;

/// The stamp format's version; a stamp of another version is ignored.
const VERSION: u32 = 1;

/// What a build reported, kept so that a build that stops early reports the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Pages rendered.
    pub pages: usize,
    /// Sections.
    pub sections: usize,
    /// Tags.
    pub tags: usize,
    /// Subjects.
    pub subjects: usize,
    /// Facts.
    pub facts: usize,
    /// Files in the output.
    pub files: usize,
}

#[derive(Serialize, Deserialize)]
struct Stamp {
    version: u32,
    /// The inputs' hash, in hexadecimal (JSON numbers stop at 64 bits).
    inputs: String,
    counts: Counts,
    /// Every file and folder of the output (the folder itself is ``, folders end in `/`):
    /// path, size, modification time in nanoseconds since the Unix epoch.
    entries: Vec<(String, u64, u64)>,
}

/// What a build of `root` into any folder is made from: anything that changes the output
/// changes this. `None` when factbook cannot tell which program it is (then no stamp is used).
pub fn inputs(
    root: &Path,
    config: &Config,
    theme: &Theme,
    sources: &Sources,
    drafts: bool,
    minify: bool,
) -> Option<u128> {
    let mut hasher = Xxh3::new();
    // The program: a new factbook may render the same sources differently.
    let exe = std::env::current_exe().ok()?;
    (env!("CARGO_PKG_VERSION"), file_stamp(&exe)?).hash(&mut hasher);
    (root.canonicalize().ok()?, drafts, minify, config).hash(&mut hasher);
    theme.fingerprint.hash(&mut hasher);
    for (path, asset) in &theme.assets {
        path.hash(&mut hasher);
        match asset {
            // Part of the program.
            Asset::Embedded(_) => {}
            Asset::File(from) => (from, file_stamp(from)).hash(&mut hasher),
        }
    }
    for page in &sources.pages {
        (&page.rel_path, page.hash).hash(&mut hasher);
    }
    sources.schema.as_ref().map(|s| s.hash).hash(&mut hasher);
    for file in &sources.statics {
        (&file.rel_path, &file.abs_path, file_stamp(&file.abs_path)).hash(&mut hasher);
    }
    Some(hasher.digest128())
}

/// Where the stamp of the output folder `out` is kept.
fn stamp_path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.join(format!(".{name}.factbook-stamp")))
}

/// The counts of the last build into `out`, if it was made from `inputs` and the folder still
/// holds what that build left there.
pub fn up_to_date(out: &Path, inputs: u128) -> Option<Counts> {
    let text = fs::read(stamp_path(out)?).ok()?;
    let stamp: Stamp = serde_json::from_slice(&text).ok()?;
    if stamp.version != VERSION || stamp.inputs != format!("{inputs:032x}") {
        return None;
    }
    let same = stamp
        .entries
        .par_iter()
        .all(|(rel, size, time)| file_stamp(&out.join(rel)) == Some((*size, *time)));
    same.then_some(stamp.counts)
}

/// Removes the stamp of `out`: its output is about to change.
pub fn clear(out: &Path) {
    if let Some(path) = stamp_path(out) {
        let _ = fs::remove_file(path);
    }
}

/// Records that `out` now holds the build of `inputs`: exactly the files `files` (paths with
/// `/`). A stamp that cannot be written only means the next build does all the work.
pub fn record<'a>(
    out: &Path,
    inputs: u128,
    counts: Counts,
    files: impl IntoIterator<Item = &'a str>,
) {
    let Some(path) = stamp_path(out) else {
        return;
    };
    let mut names = BTreeSet::from([String::new()]);
    for file in files {
        names.insert(file.to_string());
        let mut rest = file;
        while let Some(slash) = rest.rfind('/') {
            rest = &rest[..slash];
            if !names.insert(format!("{rest}/")) {
                break;
            }
        }
    }
    let names: Vec<String> = names.into_iter().collect();
    let Some(entries) = names
        .into_par_iter()
        .map(|rel| {
            let (size, time) = file_stamp(&out.join(&rel))?;
            Some((rel, size, time))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let stamp = Stamp {
        version: VERSION,
        inputs: format!("{inputs:032x}"),
        counts,
        entries,
    };
    let Ok(json) = serde_json::to_vec(&stamp) else {
        return;
    };
    // Written whole or not at all.
    let partial = path.with_extension("factbook-stamp-new");
    if fs::write(&partial, json).is_err() || fs::rename(&partial, &path).is_err() {
        let _ = fs::remove_file(&partial);
    }
}

/// A file's size and modification time, to tell whether it changed without reading it.
fn file_stamp(path: &Path) -> Option<(u64, u64)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.len(), nanos(meta.modified().ok()?)?))
}

fn nanos(time: SystemTime) -> Option<u64> {
    u64::try_from(time.duration_since(UNIX_EPOCH).ok()?.as_nanos()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_sits_beside_the_output_folder() {
        assert_eq!(
            stamp_path(Path::new("site")),
            Some(PathBuf::from("./.site.factbook-stamp"))
        );
        assert_eq!(
            stamp_path(Path::new("/tmp/out/public")),
            Some(PathBuf::from("/tmp/out/.public.factbook-stamp"))
        );
    }

    #[test]
    fn a_stamp_holds_only_for_its_inputs_and_the_files_it_lists() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("a/index.html"), "a").unwrap();
        let counts = Counts {
            pages: 2,
            sections: 1,
            tags: 0,
            subjects: 0,
            facts: 0,
            files: 2,
        };
        let files = ["index.html", "a/index.html"];
        assert_eq!(up_to_date(&out, 7), None, "no stamp yet");
        record(&out, 7, counts, files);
        assert_eq!(up_to_date(&out, 7), Some(counts));
        assert_eq!(up_to_date(&out, 8), None, "other inputs");

        // A file added to the output, in any folder, or one changed, voids the stamp.
        fs::write(out.join("a/extra.html"), "x").unwrap();
        assert_eq!(up_to_date(&out, 7), None);
        fs::remove_file(out.join("a/extra.html")).unwrap();
        record(&out, 7, counts, files);
        fs::create_dir(out.join("b")).unwrap();
        assert_eq!(up_to_date(&out, 7), None);
        fs::remove_dir(out.join("b")).unwrap();
        record(&out, 7, counts, files);
        assert_eq!(up_to_date(&out, 7), Some(counts));
        fs::write(out.join("a/index.html"), "changed").unwrap();
        assert_eq!(up_to_date(&out, 7), None);
        record(&out, 7, counts, files);
        fs::remove_file(out.join("index.html")).unwrap();
        assert_eq!(up_to_date(&out, 7), None, "a file removed");

        fs::write(out.join("index.html"), "home").unwrap();
        record(&out, 7, counts, files);
        clear(&out);
        assert_eq!(up_to_date(&out, 7), None, "cleared");
    }
}
