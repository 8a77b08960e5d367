//! `factbook serve` over HTTP: the real binary on a free port, edited while it runs.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::site_test::SiteTest;

/// A running `factbook serve` for a site; killed when dropped.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
    /// What the server prints after its address, line by line.
    lines: std::sync::Mutex<mpsc::Receiver<String>>,
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &["--port", "0"])
    }

    fn start_with(site: &SiteTest, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_factbook"))
            .arg("serve")
            .args(args)
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start factbook serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let url = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the server prints its address");
            if let Some(rest) = line.split(" at ").nth(1) {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server {
            child,
            url,
            agent,
            lines: std::sync::Mutex::new(rx),
        }
    }

    /// Waits for the server to print a line containing `text`, and returns it.
    #[track_caller]
    fn wait_for_line(&self, text: &str) -> String {
        let lines = self.lines.lock().unwrap();
        loop {
            let line = lines
                .recv_timeout(Duration::from_secs(15))
                .unwrap_or_else(|_| panic!("timed out waiting for a line with {text:?}"));
            if line.contains(text) {
                return line;
            }
        }
    }

    /// The status and body of `path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut response = self
            .agent
            .get(&format!("{}{path}", self.url))
            .call()
            .expect("request");
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    /// Waits until `path` answers with a body for which `done` holds.
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let (status, body) = self.get(path);
            if done(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path}: {what}\nlast answer {status}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_the_built_site_plus_the_reload_client() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let (status, page) = server.get("guide/usage/");
    assert_eq!(status, 200);
    assert!(page.contains("Press a key."));
    assert!(
        page.contains(r#"window.__factbookServe={"build":"#),
        "{page}"
    );
    assert!(
        page.contains(r#""events":"../../__factbook/events""#),
        "{page}"
    );
    // What is served is what `build` writes, with the client appended.
    site.run(&["build"]).assert_code(0);
    let built = std::fs::read_to_string(site.root.join("site/guide/usage/index.html")).unwrap();
    assert!(
        !built.contains("__factbook"),
        "the client never appears in build output"
    );
    assert!(
        page.starts_with(&built),
        "the served page is the built page plus the client"
    );

    let mut css = server
        .agent
        .get(&format!("{}css/style.css", server.url))
        .call()
        .unwrap();
    assert_eq!(css.headers().get("content-type").unwrap(), "text/css");
    assert!(
        css.body_mut()
            .read_to_string()
            .unwrap()
            .contains(".compare-table")
    );
    let (status, missing) = server.get("no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"));
    let redirect = server
        .agent
        .get(&format!("{}guide", server.url))
        .call()
        .unwrap();
    assert_eq!(redirect.status().as_u16(), 308);
    assert_eq!(redirect.headers().get("location").unwrap(), "guide/");
    for escape in [
        "../book.toml",
        "%2e%2e/book.toml",
        "guide/..%2f..%2fbook.toml",
    ] {
        assert_eq!(server.get(escape).0, 404, "{escape}");
    }
}

#[test]
fn an_edit_is_served_and_announced_after_the_new_output_is_in_place() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    // Listen to the event stream as a page would.
    let mut events = server
        .agent
        .get(&format!("{}__factbook/events", server.url))
        .call()
        .unwrap()
        .into_body()
        .into_reader();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(&mut events);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            let _ = tx.send(line.trim_end().to_string());
            line.clear();
        }
    });
    let next_event = || loop {
        let line = rx.recv_timeout(Duration::from_secs(15)).expect("an event");
        if let Some(name) = line.strip_prefix("event: ") {
            return name.to_string();
        }
    };
    assert_eq!(next_event(), "hello");

    site.file(
        "content/guide/usage.md",
        &std::fs::read_to_string(site.root.join("content/guide/usage.md"))
            .unwrap()
            .replace("Press a key.", "Press any key."),
    );
    assert_eq!(next_event(), "reload");
    // When the reload is announced, the new page is already served.
    let (_, page) = server.get("guide/usage/");
    assert!(page.contains("Press any key."), "{page}");
}

#[test]
fn after_a_template_edit_the_open_page_and_every_other_are_served_anew() {
    let site = SiteTest::fixture("basic");
    let built_in = concat!(env!("CARGO_MANIFEST_DIR"), "/theme/templates/page.html");
    let template = std::fs::read_to_string(built_in).unwrap();
    site.file("theme/templates/page.html", &template);
    let server = Server::start(&site);
    // The page open in a browser, rendered first after the edit.
    assert!(server.get("guide/usage/").1.contains("<article>"));
    site.file(
        "theme/templates/page.html",
        &template.replacen("<article>", "<article data-edited>", 1),
    );
    server.wait_for("guide/usage/", "the edited template", |_, body| {
        body.contains("data-edited")
    });
    // Any other page is never served from the old template once the open one is new.
    for page in ["guide/install/", "about/", "guide/advanced/tuning/"] {
        let (status, body) = server.get(page);
        assert_eq!(status, 200, "{page}");
        assert!(body.contains("data-edited"), "{page}: {body}");
    }
    server.wait_for_line("Rebuilt in");
}

#[test]
fn a_broken_page_shows_an_overlay_and_the_last_good_pages_stay() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let good = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    site.file(
        "content/about.md",
        &good.replace("title = \"About\"", "titel = \"About\""),
    );
    let page = server.wait_for("guide/usage/", "the overlay", |_, body| {
        body.contains(r#""error":"error: unknown key `titel`"#)
    });
    assert!(
        page.contains(r"--\u003e content/about.md:2:1"),
        "the overlay has the file, line and column: {page}"
    );
    assert!(page.contains("did you mean `title`?"), "{page}");
    // Every page is still served, as it was.
    let (status, about) = server.get("about/");
    assert_eq!(status, 200);
    assert!(about.contains("<h1>About</h1>"));
    // Fixing it clears the overlay.
    site.file("content/about.md", &good);
    server.wait_for("guide/usage/", "the overlay to clear", |_, body| {
        body.contains(r#""error":null"#)
    });
}

#[test]
fn deleted_and_renamed_pages() {
    let site = SiteTest::fixture("basic");
    site.file(
        "content/guide/extra.md",
        "+++\ntitle = \"Extra\"\n+++\nExtra text.\n",
    );
    let server = Server::start(&site);
    assert_eq!(server.get("guide/extra/").0, 200);
    std::fs::rename(
        site.root.join("content/guide/extra.md"),
        site.root.join("content/guide/moved.md"),
    )
    .unwrap();
    server.wait_for("guide/moved/", "the renamed page", |status, _| {
        status == 200
    });
    assert_eq!(server.get("guide/extra/").0, 404);
    let (_, guide) = server.get("guide/");
    assert!(
        guide.contains(r#"<a href="moved/">Extra</a>"#),
        "the section lists the renamed page"
    );
    std::fs::remove_file(site.root.join("content/guide/moved.md")).unwrap();
    server.wait_for("guide/moved/", "the deleted page to go", |status, _| {
        status == 404
    });
    // A new folder with a page in it.
    site.file(
        "content/new-section/page.md",
        "+++\ntitle = \"In a new section\"\n+++\n",
    );
    server.wait_for("new-section/page/", "the new page", |status, _| {
        status == 200
    });
}

#[test]
fn a_busy_port_is_a_clear_usage_error() {
    let site = SiteTest::fixture("basic");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let outcome = site.run(&["serve", "--port", &port]);
    outcome.assert_code(2);
    assert_eq!(
        outcome.stderr,
        format!("error: port {port} on 127.0.0.1 is in use; pick another with --port\n")
    );
    // Said before any build work.
    assert_eq!(outcome.stdout, "");
}

/// With `base_url` under a sub-path, the 404 page links from that path, as a host serves it:
/// the dev server serves the site there too, so the page is styled and its links lead home.
#[test]
fn the_404_pages_links_work_in_the_dev_server_under_a_sub_path() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let (status, page) = server.get("no/such/page/");
    assert_eq!(status, 404);
    for link in ["/docs/css/style.css", "/docs/guide/", "/docs/"] {
        assert!(page.contains(link), "{link} in {page}");
        let (status, _) = server.get(link.trim_start_matches('/'));
        assert_eq!(status, 200, "{link}");
    }
    assert_eq!(
        server.get("docs/css/style.css").1,
        server.get("css/style.css").1
    );
}

/// The build-error overlay reads in light and dark, on the theme's pages (checked by axe-core's
/// contrast rule in Chromium; see `tests/gui/overlay.mjs`).
#[test]
fn the_error_overlay_is_readable_in_light_and_dark() {
    let Some((chromium, gui)) = crate::gui::browser("serve::the_error_overlay_is_readable") else {
        return;
    };
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let about = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    site.file(
        "content/about.md",
        &format!("{about}\n[a link](missing.md)\n"),
    );
    server.wait_for("guide/usage/", "the overlay", |_, body| {
        !body.contains(r#""error":null"#)
    });
    let spec = serde_json::json!({
        "url": format!("{}guide/usage/", server.url),
        "chromium": chromium,
        "report": "missing.md",
    });
    crate::gui::run_script(&gui, "overlay.mjs", &spec);
}

/// A `[serve] port` changed while serving is said to need a restart; the server stays put.
#[test]
fn a_port_changed_in_book_toml_while_serving_says_a_restart_is_needed() {
    let site = SiteTest::fixture("basic");
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let book = std::fs::read_to_string(site.root.join("book.toml")).unwrap();
    site.file("book.toml", &format!("{book}\n[serve]\nport = {port}\n"));
    let server = Server::start_with(&site, &[]);
    assert!(server.url.ends_with(&format!(":{port}/")), "{}", server.url);
    let other = if port == 65535 { port - 1 } else { port + 1 };
    site.file("book.toml", &format!("{book}\n[serve]\nport = {other}\n"));
    let line = server.wait_for_line("[serve] port");
    assert_eq!(
        line,
        format!(
            "book.toml now sets [serve] port = {other}; the server stays on port {port} until it is restarted"
        )
    );
    assert_eq!(server.get("").0, 200);
}

#[test]
fn a_theme_folder_created_while_serving_is_watched() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"first\">{{ page.title }}</p>{% endblock main %}",
    );
    server.wait_for("about/", "the new template", |_, body| {
        body.contains("<p class=first>About")
    });
    // Edits inside the new folder are seen too.
    site.file(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"second\">{{ page.title }}</p>{% endblock main %}",
    );
    server.wait_for("about/", "the edited template", |_, body| {
        body.contains("<p class=second>About")
    });
}

#[test]
fn a_broken_book_toml_at_start_is_shown_and_then_fixed() {
    let site = SiteTest::fixture("basic");
    let good = std::fs::read_to_string(site.root.join("book.toml")).unwrap();
    site.file("book.toml", &format!("{good}minfy = false\n"));
    let server = Server::start(&site);
    let page = server.wait_for("", "the overlay", |_, body| {
        body.contains(r#""error":"error: unknown key `minfy`"#)
    });
    assert!(page.contains("did you mean `minify`?"), "{page}");
    // No good build yet, so nothing is said to be served.
    assert!(
        page.contains("found 1 error; nothing to serve until the site builds"),
        "{page}"
    );
    site.file("book.toml", &good);
    server.wait_for("guide/usage/", "the site", |status, body| {
        status == 200 && body.contains("Press a key.")
    });
}

#[test]
fn a_copied_file_is_served_as_the_last_good_build_read_it() {
    let site = SiteTest::fixture("basic");
    site.file("content/notes.txt", "first\n");
    let server = Server::start(&site);
    assert_eq!(server.get("notes.txt"), (200, "first\n".to_string()));
    // While a build error is pending, a file changed on disk is not served: the server serves
    // only what the last good build produced.
    let good = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    site.file(
        "content/about.md",
        &good.replace("title = \"About\"", "titel = \"About\""),
    );
    server.wait_for("guide/usage/", "the overlay", |_, body| {
        body.contains(r#""error":"error: unknown key `titel`"#)
    });
    site.file("content/notes.txt", "changed while broken\n");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.get("notes.txt"), (200, "first\n".to_string()));
    // Once the site builds again, the new file is served.
    site.file("content/about.md", &good);
    server.wait_for("notes.txt", "the new file", |_, body| {
        body == "changed while broken\n"
    });
}

/// Pages saved while `book.toml` or a template is broken are served once it is fixed; a macro
/// that calls itself without end is one more error the server survives.
#[test]
fn pages_saved_while_the_configuration_is_broken_are_picked_up_after_the_fix() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    for (file, broken) in [
        ("book.toml", "minfy = false\n"),
        ("theme/templates/page.html", "{% if %}"),
        (
            "theme/templates/page.html",
            "{% macro up(n) %}{{ self::up(n=n+1) }}{% endmacro up %}{{ self::up(n=1) }}",
        ),
    ] {
        let path = site.root.join(file);
        let good = std::fs::read_to_string(&path).ok();
        site.file(
            file,
            &format!("{}{broken}", good.clone().unwrap_or_default()),
        );
        server.wait_for("guide/usage/", "the overlay", |_, body| {
            !body.contains(r#""error":null"#)
        });
        let usage = std::fs::read_to_string(site.root.join("content/guide/usage.md")).unwrap();
        let marker = format!("Saved while {file} was broken.");
        site.file("content/guide/usage.md", &format!("{usage}\n{marker}\n"));
        std::thread::sleep(Duration::from_millis(300));
        match good {
            Some(good) => {
                site.file(file, &good);
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        server.wait_for("guide/usage/", "the page saved meanwhile", |_, body| {
            body.contains(&marker) && body.contains(r#""error":null"#)
        });
    }
}

/// `content/` replaced in one go by another folder is watched like the first.
#[test]
fn a_content_folder_replaced_in_one_go_is_watched_again() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let content = site.root.join("content");
    replace_in_one_go(&content);
    std::thread::sleep(Duration::from_millis(300));
    let usage = std::fs::read_to_string(content.join("guide/usage.md")).unwrap();
    site.file(
        "content/guide/usage.md",
        &format!("{usage}\nSaved in the new folder.\n"),
    );
    server.wait_for("guide/usage/", "the save in the new folder", |_, body| {
        body.contains("Saved in the new folder.")
    });
}

/// Replaces folder `dir` by a copy of itself in one rename, as restoring a backup does.
fn replace_in_one_go(dir: &std::path::Path) {
    let copy = dir.with_extension("copy");
    let old = dir.with_extension("old");
    for (rel, bytes) in crate::site_test::read_tree(dir) {
        let path = copy.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::rename(dir, &old).unwrap();
    std::fs::rename(&copy, dir).unwrap();
    std::fs::remove_dir_all(&old).unwrap();
}

/// The resident memory (kB) and open files of process `pid`, from /proc.
#[cfg(target_os = "linux")]
fn usage(pid: u32) -> (u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap();
    let files = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    (rss, files)
}

/// A soak on 127.0.0.1, bounded in time: many requests and event-stream clients while pages
/// are saved, renamed and deleted, a folder is removed and `content/` itself is replaced in one
/// go. No request fails, every page served equals a fresh build's once the edits settle, and
/// memory and open files do not grow.
#[cfg(target_os = "linux")]
#[test]
fn the_server_survives_a_soak_of_requests_and_edits() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let site = SiteTest::fixture("basic");
    let server = Arc::new(Server::start(&site));
    let pid = server.child.id();
    // Warm up, then take the baseline.
    for _ in 0..50 {
        server.get("guide/usage/");
    }
    let (rss_before, files_before) = usage(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for i in 0..8 {
        let (server, stop, failures) = (server.clone(), stop.clone(), failures.clone());
        workers.push(std::thread::spawn(move || {
            let paths = [
                "",
                "guide/usage/",
                "about/",
                "css/style.css",
                "tags/",
                "nope/",
            ];
            let mut n = i;
            while !stop.load(Ordering::Relaxed) {
                let (status, _) = server.get(paths[n % paths.len()]);
                if status >= 500 {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
        }));
    }
    for _ in 0..4 {
        let (server, stop) = (server.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // A page's event stream, dropped after a while, as a closed tab drops it.
                let url = format!("{}__factbook/events", server.url);
                if let Ok(response) = server.agent.get(&url).call() {
                    let mut reader = response.into_body().into_reader();
                    let mut buffer = [0u8; 64];
                    let _ = std::io::Read::read(&mut reader, &mut buffer);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }));
    }
    let usage_md = std::fs::read_to_string(site.root.join("content/guide/usage.md")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(6);
    let mut i = 0;
    while Instant::now() < deadline {
        site.file(
            "content/guide/usage.md",
            &format!("{usage_md}\nEdit {i}.\n"),
        );
        site.file(
            &format!("content/extra/p{}.md", i % 3),
            "+++\ntitle = \"Extra\"\n+++\n",
        );
        if i % 7 == 3 {
            let extra = site.root.join("content/extra");
            let _ = std::fs::rename(extra.join("p0.md"), extra.join(format!("renamed-{i}.md")));
        }
        if i % 5 == 4 {
            let _ = std::fs::rename(site.root.join("content/extra"), site.root.join("gone"));
            let _ = std::fs::remove_dir_all(site.root.join("gone"));
        }
        if i % 11 == 10 {
            replace_in_one_go(&site.root.join("content"));
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(40));
    }
    site.file(
        "content/guide/usage.md",
        &format!("{usage_md}\nThe last edit.\n"),
    );
    server.wait_for("guide/usage/", "the last edit", |_, body| {
        body.contains("The last edit.")
    });
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(failures.load(Ordering::Relaxed), 0, "requests failed");
    // Once the edits settle, what is served is what a build writes.
    std::thread::sleep(Duration::from_millis(300));
    site.run(&["build"]).assert_code(0);
    let built = site.tree("site");
    let pages: Vec<&String> = built.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages {
        let (_, served) = server.get(page.strip_suffix("index.html").unwrap_or(page));
        assert!(
            served.as_bytes().starts_with(&built[page]),
            "{page} differs from a fresh build"
        );
    }
    let (rss_after, files_after) = usage(pid);
    assert!(
        files_after <= files_before + 8,
        "open files grew from {files_before} to {files_after}"
    );
    assert!(
        rss_after < rss_before + 64 * 1024,
        "memory grew from {rss_before} kB to {rss_after} kB"
    );
}

#[test]
fn the_search_index_follows_an_edit_and_equals_a_builds() {
    let site = SiteTest::fixture("facts");
    let server = Server::start(&site);
    let entry = "pagefind/pagefind-entry.json";
    let first = server.wait_for(entry, "the first index", |status, _| status == 200);
    let page = "content/sources/a.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.file(
        page,
        &text.replace("A summary", "Zanzibar quokkas and a summary"),
    );
    // The page reloads first; the index follows.
    server.wait_for("sources/a/", "the edit", |_, body| {
        body.contains("Zanzibar")
    });
    let served = server.wait_for(entry, "the new index", |_, body| body != first);
    site.run(&["build"]).assert_code(0);
    assert_eq!(served, site.output(entry));
    // Every file the entry names is served as the build wrote it.
    let meta = served
        .split("\"hash\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let name = format!("pagefind/pagefind.{meta}.pf_meta");
    let (status, _) = server.get(&name);
    assert_eq!(status, 200, "{name}");
}

/// `serve --base-url` publishes at that address, as `build --base-url` does, and keeps it
/// through a rebuild after `book.toml` changes.
#[test]
fn a_session_publishes_at_the_base_url_it_is_given() {
    use factbook::session::{Rebuild, Session};
    let site = SiteTest::fixture("basic");
    let mut session =
        Session::new(&site.root, false).with_base_url(Some("https://preview.example.net/".into()));
    let sitemap = |session: &Session| {
        let output = session.output().expect("an output");
        match output.files.get("sitemap.xml") {
            Some(factbook::emit::OutputFile::Bytes(bytes)) => {
                String::from_utf8(bytes.to_vec()).unwrap()
            }
            other => panic!("sitemap.xml: {other:?}"),
        }
    };
    assert!(matches!(
        session.rebuild().unwrap(),
        Rebuild::Changed { .. }
    ));
    assert!(sitemap(&session).contains("<loc>https://preview.example.net/guide/</loc>"));
    site.file(
        "book.toml",
        "title = \"Renamed\"\nbase_url = \"https://example.org/docs\"\n",
    );
    assert!(matches!(
        session.rebuild().unwrap(),
        Rebuild::Changed { .. }
    ));
    assert!(sitemap(&session).contains("<loc>https://preview.example.net/guide/</loc>"));
}
