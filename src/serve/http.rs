//! The HTTP side of `factbook serve`: the site from memory, and a stream of build events.
//!
//! Files come from the last good [`Output`] — exactly what `factbook build` would write — and
//! every HTML response gets the reload client appended (with the current build error, if any).
//! Request paths are looked up in the output's map, never joined onto a folder, so no path can
//! reach a file outside the site.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use tokio::sync::{Notify, broadcast};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::emit::{Output, OutputFile};
use crate::render::facts_json::escape_for_html;

/// The path of the event stream, relative to the site root.
pub const EVENTS_PATH: &str = "__factbook/events";

const CLIENT_JS: &str = include_str!("client.js");

/// What is being served now.
#[derive(Debug, Clone)]
pub struct Served {
    /// The last good output.
    pub output: Arc<Output>,
    /// The build it came from (changes with every new output and every server start).
    pub build: String,
    /// The current build error, as the terminal shows it; `None` when the last build succeeded.
    pub error: Option<String>,
    /// The search index (`pagefind/`), made aside ([`super::search`]): of the last good output
    /// once it is done, of an earlier one until then.
    pub search: Arc<Output>,
    /// The path of the site's address (`/docs/` for a `base_url` of `https://x.org/docs/`):
    /// the site is also served under it, where the 404 page's links lead.
    pub site_path: String,
    /// While a rebuild has rendered only the pages open in a browser (and the theme's files),
    /// their paths, sorted: a request for any other file waits until the rest is done.
    pub fresh: Option<Arc<[String]>>,
}

impl Served {
    /// `output`, whole, as build `build`, with the search index `search`.
    pub fn new(output: Arc<Output>, build: String, search: Arc<Output>, site_path: String) -> Self {
        Served {
            output,
            build,
            error: None,
            search,
            site_path,
            fresh: None,
        }
    }

    /// Whether the file at `path` (an output path) is served as it is now, or must wait for
    /// the rebuild under way to finish.
    fn current_for(&self, path: &str) -> bool {
        self.fresh
            .as_ref()
            .is_none_or(|fresh| fresh.binary_search_by(|p| p.as_str().cmp(path)).is_ok())
    }
}

/// The pages last served, newest first: those a browser has open, which a rebuild that
/// renders everything again renders first.
#[derive(Debug, Default)]
pub struct Recent(Mutex<VecDeque<String>>);

impl Recent {
    /// How many pages are kept.
    const KEPT: usize = 16;

    fn visit(&self, path: &str) {
        let mut recent = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if recent.front().is_some_and(|p| p == path) {
            return;
        }
        recent.retain(|p| p != path);
        recent.push_front(path.to_string());
        recent.truncate(Self::KEPT);
    }

    /// The output paths of the pages last served.
    pub fn paths(&self) -> Vec<String> {
        let recent = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        recent.iter().cloned().collect()
    }
}

/// A message to every open page.
#[derive(Debug, Clone)]
pub enum Message {
    /// A new build is being served: reload.
    Reload(String),
    /// The rebuild failed: show this report.
    Error(String),
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The site being served.
    pub served: Arc<RwLock<Served>>,
    /// Messages to open pages.
    pub events: broadcast::Sender<Message>,
    /// Where each new output's search index is asked for.
    pub indexer: Arc<super::search::Indexer>,
    /// The pages last served.
    pub recent: Arc<Recent>,
    /// Woken when the output served becomes whole again (see [`Served::fresh`]).
    pub settled: Arc<Notify>,
}

/// What is served, once it is current for the file at `path` (`settled` wakes the wait).
async fn served_for(served: &RwLock<Served>, settled: &Notify, path: &str) -> Served {
    loop {
        // Made before the check, so that a wake-up between the two is not missed.
        let woken = settled.notified();
        let now = read(served);
        if now.current_for(path) {
            return now;
        }
        woken.await;
    }
}

/// The router: the event stream, and the site for everything else.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(&format!("/{EVENTS_PATH}"), get(events))
        .fallback(get(file))
        .with_state(state)
}

fn current(state: &AppState) -> Served {
    read(&state.served)
}

fn read(served: &RwLock<Served>) -> Served {
    served
        .read()
        .map(|s| s.clone())
        .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let served = current(&state);
    let mut first = vec![Ok(Event::default().event("hello").data(served.build))];
    if let Some(error) = served.error {
        first.push(Ok(Event::default().event("build-error").data(error)));
    }
    let updates = BroadcastStream::new(state.events.subscribe()).map(|message| {
        Ok(match message {
            Ok(Message::Reload(build)) => Event::default().event("reload").data(build),
            Ok(Message::Error(report)) => Event::default().event("build-error").data(report),
            // A page that missed messages reloads to be safe.
            Err(_) => Event::default().event("reload").data(""),
        })
    });
    Sse::new(tokio_stream::iter(first).chain(updates)).keep_alive(KeepAlive::default())
}

/// The output path a request path asks for: `/guide/` → `guide/index.html`. `None` for a path
/// with `.` or `..` segments, backslashes or bad escapes.
pub fn output_path(request: &str) -> Option<String> {
    let decoded = percent_decode(request)?;
    let mut parts = Vec::new();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == "." || part == ".." || part.contains('\\') || part.contains('\0') {
            return None;
        }
        parts.push(part);
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn file(State(state): State<AppState>, uri: Uri) -> Response {
    let request = uri.path();
    let Some(mut path) = output_path(request) else {
        return not_found(&current(&state), request).await;
    };
    let served = served_for(&state.served, &state.settled, &path).await;
    let find =
        |path: &str| (served.output.files.get(path)).or_else(|| served.search.files.get(path));
    // The 404 page links from the site's path, as the host will serve it; a file of the site
    // is found under that path too (the site's own folder of that name first).
    let under_site_path = (served.site_path.len() > 1)
        .then(|| request.strip_prefix(served.site_path.trim_end_matches('/')))
        .flatten()
        .filter(|rest| rest.starts_with('/'))
        .and_then(output_path);
    if let Some(inside) = under_site_path
        && find(&path).is_none()
        && find(&inside).is_some()
    {
        path = inside;
    }
    let found = find(&path);
    match found {
        Some(found) => {
            if path.ends_with(".html") {
                state.recent.visit(&path);
            }
            respond(&served, request, &path, found, StatusCode::OK).await
        }
        None if served
            .output
            .files
            .contains_key(&format!("{path}/index.html")) =>
        {
            // `/guide` → `guide/`, relative so it works behind a proxy under a sub-path.
            let last = path.rsplit('/').next().unwrap_or_default();
            let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(location) = HeaderValue::from_str(&format!("{last}/")) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        None => not_found(&served, request).await,
    }
}

async fn not_found(served: &Served, request: &str) -> Response {
    match served.output.files.get("404.html") {
        Some(page) => respond(served, request, "404.html", page, StatusCode::NOT_FOUND).await,
        None => {
            let page = b"<!doctype html><title>Not found</title><h1>Not found</h1>";
            html_response(served, request, page, StatusCode::NOT_FOUND)
        }
    }
}

async fn respond(
    served: &Served,
    request: &str,
    path: &str,
    file: &OutputFile,
    status: StatusCode,
) -> Response {
    let bytes: Bytes = match file {
        OutputFile::Bytes(bytes) => bytes.clone(),
        // The session reads copied files into memory when it builds; nothing is served from
        // the disk.
        OutputFile::Copy(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    if path.ends_with(".html") {
        return html_response(served, request, &bytes, status);
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mut response = (status, bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    no_store(response)
}

fn html_response(served: &Served, request: &str, page: &[u8], status: StatusCode) -> Response {
    let mut body = page.to_vec();
    body.extend_from_slice(client_script(served, request).as_bytes());
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    no_store(response)
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The reload client for a page requested at `request`, with its settings. The events URL is
/// relative to the page, so it follows the page's scheme, host and sub-path.
pub fn client_script(served: &Served, request: &str) -> String {
    let dir = match request.rfind('/') {
        Some(i) => &request[..=i],
        None => "/",
    };
    let prefix = crate::url::root_prefix(dir);
    let settings = serde_json::json!({
        "events": format!("{prefix}{EVENTS_PATH}"),
        "build": served.build,
        "error": served.error,
    });
    format!(
        "<script>window.__factbookServe={};</script><script>{CLIENT_JS}</script>",
        escape_for_html(&settings.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_output_files() {
        for (request, path) in [
            ("/", Some("index.html")),
            ("/guide/", Some("guide/index.html")),
            ("/guide", Some("guide")),
            ("/css/style.css", Some("css/style.css")),
            ("/a%20b/", Some("a b/index.html")),
            ("//double//slash/", Some("double/slash/index.html")),
            ("/../etc/passwd", None),
            ("/guide/%2e%2e/%2e%2e/secret", None),
            ("/a\\..\\b", None),
            ("/bad%zz", None),
        ] {
            assert_eq!(output_path(request).as_deref(), path, "{request}");
        }
    }

    #[test]
    fn a_file_not_rendered_yet_waits_for_the_rest_of_the_rebuild() {
        let empty = || Arc::new(Output::default());
        let served = RwLock::new(Served {
            fresh: Some(vec!["a.html".to_string(), "style.css".to_string()].into()),
            ..Served::new(empty(), "b1".into(), empty(), "/".into())
        });
        let settled = Notify::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let soon = std::time::Duration::from_millis(50);
            let fresh = served_for(&served, &settled, "a.html");
            assert!(tokio::time::timeout(soon, fresh).await.is_ok());
            let other = served_for(&served, &settled, "b.html");
            tokio::pin!(other);
            assert!(tokio::time::timeout(soon, &mut other).await.is_err());
            // Woken while still partial, it keeps waiting.
            settled.notify_waiters();
            assert!(tokio::time::timeout(soon, &mut other).await.is_err());
            served.write().unwrap().fresh = None;
            settled.notify_waiters();
            let now = tokio::time::timeout(soon, &mut other).await;
            assert!(now.is_ok_and(|s| s.fresh.is_none()));
        });
    }

    #[test]
    fn the_events_url_is_relative_to_the_page() {
        let empty = || Arc::new(Output::default());
        let served = Served {
            error: Some("error: </script> broken".into()),
            ..Served::new(empty(), "b1".into(), empty(), "/".into())
        };
        let script = client_script(&served, "/guide/intro/");
        assert!(
            script.contains(r#""events":"../../__factbook/events""#),
            "{script}"
        );
        assert!(!script[..script.find("</script>").unwrap()].contains("</script"));
        assert!(client_script(&served, "/").contains(r#""events":"./__factbook/events""#));
    }
}
