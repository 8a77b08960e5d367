//! `factbook serve`: build, serve from memory, watch, rebuild, reload.
//!
//! Three parts hand values to each other: the watcher ([`watch`]) turns file events into "the
//! site changed"; the [`Session`] rebuilds and says which output files changed; the HTTP side
//! ([`http`]) serves the newest good output and tells open pages to reload — only after the new
//! output is in place. A failed rebuild keeps the last good output and sends the diagnostics,
//! as the terminal shows them, to every open page. Only Ctrl-C stops the server.

pub mod http;
pub mod search;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::Output;
use crate::error::Error;
use crate::session::{Preview, Rebuild, Session};
use http::{AppState, Message, Served};
use watch::{ChangeKind, changes_files, classify};

/// How long the watcher waits for a burst of events (an editor's save is several) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// What `factbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The port; `book.toml`'s `[serve] port` (3000) when not given. 0 picks a free port.
    pub port: Option<u16>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// Open the site in a browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Publish at this address instead of `base_url` of `book.toml`.
    pub base_url: Option<String>,
}

/// Renders diagnostics as the terminal shows them, with the error count and whether a good
/// build is `serving` meanwhile.
pub fn report(diagnostics: &[Diagnostic], color: bool, serving: bool) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&d.render(color));
        text.push_str("\n\n");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let meanwhile = if serving {
        "still serving the last good build"
    } else {
        "nothing to serve until the site builds"
    };
    text.push_str(&format!(
        "error: found {errors} error{}; {meanwhile}",
        if errors == 1 { "" } else { "s" }
    ));
    text
}

/// Runs the server until Ctrl-C.
pub fn serve(options: &ServeOptions, color: bool) -> Result<(), Error> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::io("open the site folder", &options.root, e))?;
    // A broken book.toml is a content error like any other: serve its diagnostics until fixed.
    let config = match Config::load(&root) {
        Ok(config) => Some(config),
        Err(Error::Content(_)) => None,
        Err(other) => return Err(other),
    };
    let port = options.port.unwrap_or_else(|| {
        config
            .as_ref()
            .map_or(crate::config::ServeConfig::default().port, |c| c.serve.port)
    });
    let title = config
        .as_ref()
        .map_or("the site", |c| c.title.as_str())
        .to_string();
    // Before any build work, so that a port in use is said at once.
    let listener = bind(SocketAddr::new(options.bind, port))?;
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let watching = watch(&root)?;
    let port_notice = PortNotice::new(options.port.is_none().then_some(port));
    let mut session = Session::new(&root, options.drafts).with_base_url(options.base_url.clone());
    let mut builds = 0u64;
    let mut next_build = move || {
        builds += 1;
        format!("{started}-{builds}")
    };
    let (served, first_index) = first_build(&mut session, next_build(), color)?;
    let (messages, _) = broadcast::channel(16);
    let served = Arc::new(RwLock::new(served));
    let indexer = Arc::new(search::Indexer::start(served.clone()));
    if let Some(input) = first_index {
        indexer.update(input);
    }
    let state = AppState {
        served,
        events: messages,
        indexer,
        recent: Arc::default(),
        settled: Arc::default(),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the server", &root, e))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io("listen on", &root, e))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::io("listen on", &root, e))?;
        let url = format!("http://{local}/");
        say(&format!("Serving {title} at {url} (Ctrl-C to stop)"));
        rebuild_on_change(
            watching,
            root.clone(),
            session,
            state.clone(),
            (next_build, port_notice),
            color,
        );
        if options.open {
            let _ = opener::open(&url);
        }
        let server = axum::serve(listener, http::router(state));
        tokio::select! {
            result = server => result.map_err(|e| Error::io("serve", &root, e))?,
            _ = tokio::signal::ctrl_c() => say("Stopped."),
        }
        Ok(())
    })
}

/// Listens on `address`; a port in use is a usage error that says what to do.
fn bind(address: SocketAddr) -> Result<std::net::TcpListener, Error> {
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::Usage(format!(
                "port {} on {} is in use; pick another with --port",
                address.port(),
                address.ip()
            ))
        } else {
            Error::io("listen on", Path::new(&address.to_string()), e)
        }
    })?;
    // Tokio takes the listener over, and waits on it without blocking.
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("listen on", Path::new(&address.to_string()), e))?;
    Ok(listener)
}

/// The first build, reported, and what its search index is made of; an error in the site is
/// served as an overlay until it is fixed.
fn first_build(
    session: &mut Session,
    build: String,
    color: bool,
) -> Result<(Served, Option<crate::search::Input>), Error> {
    let first = Instant::now();
    let empty = || Arc::new(Output::default());
    let mut index = None;
    let served = match session.rebuild()? {
        Rebuild::Changed {
            output,
            diagnostics,
            ..
        } => {
            index = session.search_input();
            print_diagnostics(&diagnostics, color);
            let elapsed = first.elapsed().as_millis();
            say(&format!(
                "Built {} files in {elapsed} ms",
                output.files.len()
            ));
            Served::new(output, build, empty(), site_path(session))
        }
        Rebuild::Unchanged => Served::new(empty(), build, empty(), site_path(session)),
        Rebuild::Failed(diagnostics) => {
            eprintln!("{}", report(&diagnostics, color, false));
            Served {
                error: Some(report(&diagnostics, false, false)),
                ..Served::new(empty(), build, empty(), site_path(session))
            }
        }
    };
    Ok((served, index))
}

/// The path of the site's address (`base_url`'s, or `/`), as the last good build had it.
fn site_path(session: &Session) -> String {
    session
        .config()
        .map_or_else(|| "/".to_string(), Config::base_path)
}

/// The file events of the site, as they come.
type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// Starts watching the site. Called before the first build, so that a file saved while it runs
/// is not missed. The returned watcher must live as long as the server.
fn watch(root: &Path) -> Result<(Watch, Events), Error> {
    let (tx, rx) = mpsc::channel();
    let watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| Error::Usage(format!("cannot watch the site: {e}")))?;
    let mut watch = Watch {
        watcher,
        root: root.to_path_buf(),
        watched: Vec::new(),
    };
    watch
        .watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Usage(format!("cannot watch `{}`: {e}", root.display())))?;
    watch.add_folders()?;
    Ok((watch, rx))
}

/// The watcher: the site's root itself (for `book.toml`, and for `content/` or `theme/`
/// appearing), and `content/` and `theme/` with everything in them once they exist.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    /// The folders watched, each with the identity of the folder that was there when it was
    /// watched: a folder replaced in one go (`rm -rf content && cp -r backup content`) has the
    /// same path but is another folder, which the OS does not watch.
    watched: Vec<(PathBuf, Option<FolderId>)>,
}

/// Which folder is at a path (device and inode), where the platform says.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Watch {
    /// Starts watching `content/` and `theme/` where they exist and are not watched yet — a
    /// site's own `theme/` is often created while the server runs, and a folder may be
    /// replaced by another of the same name.
    fn add_folders(&mut self) -> Result<(), Error> {
        for dir in [crate::source::CONTENT_DIR, crate::render::theme::THEME_DIR] {
            let path = self.root.join(dir);
            let id = folder_id(&path);
            let current = (path.clone(), id);
            if !path.is_dir() || self.watched.contains(&current) {
                continue;
            }
            if let Some(i) = self.watched.iter().position(|(p, _)| *p == path) {
                // The folder that was watched there is gone.
                let _ = self.watcher.unwatch(&path);
                self.watched.remove(i);
            }
            self.watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Usage(format!("cannot watch `{}`: {e}", path.display())))?;
            self.watched.push(current);
        }
        // A folder that was removed is no longer watched by the OS; forget it, to add it again.
        self.watched.retain(|(p, _)| p.is_dir());
        Ok(())
    }
}

/// Rebuilds after each relevant burst of events, on a thread of its own.
fn rebuild_on_change(
    (mut watch, events): (Watch, Events),
    root: PathBuf,
    mut session: Session,
    state: AppState,
    (mut next_build, mut port_notice): (impl FnMut() -> String + Send + 'static, PortNotice),
    color: bool,
) {
    std::thread::spawn(move || {
        while let Ok(first) = events.recv() {
            // Gather the burst (an editor's save is several events), until it has been quiet
            // for the debounce window.
            let mut burst = Burst::default();
            burst.add(&root, first);
            while let Ok(next) = events.recv_timeout(DEBOUNCE) {
                burst.add(&root, next);
            }
            if burst.relevant {
                if let Err(error) = watch.add_folders() {
                    eprintln!("warning: {error}");
                }
                rebuild(&mut session, &burst, &state, &mut next_build, color);
                if let Some(line) = port_notice.after(session.config()) {
                    say(&line);
                }
            }
        }
    });
}

/// Says so when `book.toml` comes to set another `[serve] port` than the one the server
/// listens on, once for each new value: the server keeps its port until it is restarted.
struct PortNotice {
    /// The port taken from `book.toml` at start; `None` when `--port` chose it.
    listening: Option<u16>,
    /// The port last seen in `book.toml`.
    told: Option<u16>,
}

impl PortNotice {
    /// Watching for changes from `listening`, the port `book.toml` gave at start (`None` when
    /// `--port` chose it).
    fn new(listening: Option<u16>) -> PortNotice {
        PortNotice {
            listening,
            told: listening,
        }
    }

    /// What to say after a build with `config`, if anything.
    fn after(&mut self, config: Option<&Config>) -> Option<String> {
        let (listening, wanted) = (self.listening?, config?.serve.port);
        if self.told == Some(wanted) {
            return None;
        }
        self.told = Some(wanted);
        (wanted != listening).then(|| {
            format!(
                "book.toml now sets [serve] port = {wanted}; the server stays on port {listening} until it is restarted"
            )
        })
    }
}

/// What a burst of events amounts to.
#[derive(Debug, Default)]
pub struct Burst {
    /// Some event can change the site.
    pub relevant: bool,
    /// The watcher could not say what changed (an error, an overflowing queue, an event with
    /// no path): read everything again.
    pub everything: bool,
    /// The paths that changed.
    pub paths: Vec<PathBuf>,
}

impl Burst {
    /// Takes one event into account: a change (not a read — rebuilding reads every file, and
    /// on Linux reads are events too) to a path that [`classify`] keeps.
    pub fn add(&mut self, root: &Path, event: notify::Result<notify::Event>) {
        let Ok(event) = event else {
            self.relevant = true;
            self.everything = true;
            return;
        };
        if !changes_files(&event.kind) {
            return;
        }
        if event.paths.is_empty() || event.need_rescan() {
            self.relevant = true;
            self.everything = true;
        }
        for path in event.paths {
            if classify(root, &path) != ChangeKind::Ignored {
                self.relevant = true;
                self.paths.push(path);
            }
        }
    }
}

/// Serves `output` as build `build`, keeping the search index until the indexer has made the
/// new one.
fn serve_output(state: &AppState, (output, site_path): (Arc<Output>, String), build: String) {
    if let Ok(mut served) = state.served.write() {
        let index = served.search.clone();
        let old = std::mem::replace(&mut *served, Served::new(output, build, index, site_path));
        // The previous output is freed while the pages reload.
        crate::session::drop_later(old);
    }
    state.settled.notify_waiters();
}

/// Rebuilds, updates what is served, and tells the open pages.
fn rebuild(
    session: &mut Session,
    burst: &Burst,
    state: &AppState,
    next_build: &mut impl FnMut() -> String,
    color: bool,
) {
    // The rebuild has the cores to itself; the search index follows it.
    let _indexing = state.indexer.rebuilding();
    let had_error = state
        .served
        .read()
        .map(|s| s.error.is_some())
        .unwrap_or(false);
    let (result, shown) = run(session, burst, state, next_build);
    let changed = matches!(result, Ok(Rebuild::Changed { .. }));
    if shown.is_some() && !changed {
        // The pages shown first belong to an output that is not to be: the last good one
        // comes back, whole.
        restore(state, session);
    }
    let message = match result {
        Ok(Rebuild::Changed {
            output,
            paths,
            elapsed,
            diagnostics,
        }) => {
            print_diagnostics(&diagnostics, color);
            let reload = shown.is_none();
            let build = shown.unwrap_or_else(&mut *next_build);
            let output = (output, site_path(session));
            serve_output(state, output, build.clone());
            say(&format!(
                "Rebuilt in {} ms: {} file{} changed",
                elapsed.as_millis(),
                paths.len(),
                if paths.len() == 1 { "" } else { "s" }
            ));
            // The open pages reloaded when they were shown first.
            reload.then_some(Message::Reload(build))
        }
        Ok(Rebuild::Unchanged) if had_error => {
            // The error is gone but the output is as before (the change was undone): the open
            // pages still show the overlay, so they reload too.
            let build = next_build();
            if let Ok(mut served) = state.served.write() {
                served.error = None;
                served.build = build.clone();
            }
            say("Fixed: serving the last good build");
            Some(Message::Reload(build))
        }
        Ok(Rebuild::Unchanged) => None,
        Ok(Rebuild::Failed(diagnostics)) => {
            let serving = (state.served.read()).is_ok_and(|s| !s.output.files.is_empty());
            eprintln!("{}", report(&diagnostics, color, serving));
            Some(show_error(state, report(&diagnostics, false, serving)))
        }
        Err(error) => {
            let text = format!("error: {error}");
            eprintln!("{text}");
            Some(show_error(state, text))
        }
    };
    if let Some(message) = message {
        // No open page is not an error.
        let _ = state.events.send(message);
    }
    // Once the pages are served: what the index is made of takes a while to gather too.
    if let Some(input) = changed.then(|| session.search_input()).flatten() {
        state.indexer.update(input);
    }
}

/// Runs the rebuild `burst` asks for, showing the pages open in a browser first where it
/// renders everything again; the build they were shown as, if they were.
fn run(
    session: &mut Session,
    burst: &Burst,
    state: &AppState,
    next_build: &mut impl FnMut() -> String,
) -> (Result<Rebuild, Error>, Option<String>) {
    if burst.everything {
        return (session.rebuild(), None);
    }
    let _unstuck = Unstuck(state);
    let mut shown = None;
    let mut show = |output, fresh| {
        let build = next_build();
        show_first(state, output, fresh, build.clone());
        shown = Some(build);
    };
    let mut preview = Preview {
        first: state.recent.paths(),
        show: &mut show,
    };
    let result = session.rebuild_showing(&burst.paths, Some(&mut preview));
    (result, shown)
}

/// Should a rebuild panic after pages were shown first, the requests waiting for the rest are
/// answered from what is served rather than left to wait for ever.
struct Unstuck<'s>(&'s AppState);

impl Drop for Unstuck<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let served = self.0.served.write();
            served
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .fresh = None;
            self.0.settled.notify_waiters();
        }
    }
}

/// Serves `output` as build `build` while only `fresh` in it is current, and reloads the open
/// pages: they are among `fresh`, and a request for anything else waits for the rest.
fn show_first(state: &AppState, output: Arc<Output>, fresh: Vec<String>, build: String) {
    if let Ok(mut served) = state.served.write() {
        served.output = output;
        served.build = build.clone();
        served.error = None;
        served.fresh = Some(fresh.into());
    }
    let _ = state.events.send(Message::Reload(build));
}

/// Serves the last good output again, whole, after pages shown first were not followed by the
/// rest.
fn restore(state: &AppState, session: &Session) {
    if let Ok(mut served) = state.served.write() {
        served.output = session.output().unwrap_or_default();
        served.fresh = None;
    }
    state.settled.notify_waiters();
}

/// Serves `text` as the current build error; the message that shows it on open pages.
fn show_error(state: &AppState, text: String) -> Message {
    if let Ok(mut served) = state.served.write() {
        served.error = Some(text.clone());
    }
    Message::Error(text)
}

fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{}\n", d.render(color));
    }
}
