//! `SiteTest`: a site in a fresh temporary folder, built by the real binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures")
}

/// A site under test, in its own temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    /// With the temporary folder replaced by `[ROOT]`.
    pub stderr: String,
}

impl Outcome {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        self
    }
}

impl SiteTest {
    /// An empty site: a `book.toml` and nothing else.
    pub fn new() -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site-root");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("book.toml"), "title = \"Test site\"\n").unwrap();
        SiteTest { _dir: dir, root }
    }

    /// A copy of `fixtures/<name>`.
    pub fn fixture(name: &str) -> SiteTest {
        let site = SiteTest::new();
        copy_dir(&fixtures().join(name), &site.root);
        site
    }

    /// Writes a file of the site (creating folders).
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Runs `factbook ARGS` in the site's folder, in a scrubbed environment.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_factbook"))
            .args(args)
            .current_dir(&self.root)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .output()
            .expect("run factbook");
        let redact = |bytes: &[u8]| {
            String::from_utf8_lossy(bytes).replace(&self.root.display().to_string(), "[ROOT]")
        };
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: redact(&output.stdout),
            stderr: redact(&output.stderr),
        }
    }

    /// `factbook build`, expected to succeed.
    #[track_caller]
    pub fn build(&self) -> Outcome {
        let outcome = self.run(&["build", "--no-minify"]);
        outcome.assert_code(0);
        outcome
    }

    /// `factbook build`, expected to fail with content errors; returns stderr.
    #[track_caller]
    pub fn build_err(&self) -> String {
        let outcome = self.run(&["build"]);
        outcome.assert_code(1);
        outcome.stderr
    }

    /// A file of the output.
    #[track_caller]
    pub fn output(&self, rel: &str) -> String {
        let path = self.root.join("site").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every file under `dir` (relative to the site root) with its bytes.
    pub fn tree(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.root.join(dir))
    }
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// The `<main>` element of an unminified page: the part a page's content decides.
pub fn main_region(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main> tag") + "</main>".len();
    &html[start..end]
}
