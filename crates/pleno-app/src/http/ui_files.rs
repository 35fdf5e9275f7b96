//! The browser UI's files (the built `ui/dist`) for panel laptops and displays on the LAN. They
//! hold no data: every `/api` call the page makes carries a token, so the files themselves are
//! served without one. They come from inside the program (`build.rs` puts `ui/dist` there) or,
//! for UI work, from a folder. Only the UI's own files are served; any other path that is not
//! under `/api` gets `index.html` (the UI routes by `#hash`).

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::auth::error_response;
use crate::error::{AppError, ErrorCode};

include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// Where the UI's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiSource {
    /// The `ui/dist` built before this program was compiled.
    Embedded,
    /// A built UI folder on disk (`pleno serve --ui`, while working on the UI).
    Folder(PathBuf),
}

impl UiSource {
    /// The UI inside the program, if it was built with one.
    pub fn embedded() -> Option<UiSource> {
        UI_FILES
            .iter()
            .any(|(name, _)| *name == "index.html")
            .then_some(UiSource::Embedded)
    }

    fn read(&self, relative: &Path) -> Option<Cow<'static, [u8]>> {
        match self {
            UiSource::Embedded => {
                let name = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                UI_FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, bytes)| Cow::Borrowed(*bytes))
            }
            UiSource::Folder(root) => {
                let file = root.join(relative);
                if file.is_file() {
                    std::fs::read(file).ok().map(Cow::Owned)
                } else {
                    None
                }
            }
        }
    }
}

/// `router` plus the UI's files for every path the API does not answer.
pub fn with_ui(router: Router, source: UiSource) -> Router {
    let source = Arc::new(source);
    router.fallback(move |method: Method, uri: Uri| {
        let source = source.clone();
        async move { serve(&source, &method, uri.path()).await }
    })
}

/// The desktop window's policy (src-tauri/tauri.conf.json) for the same pages in a browser:
/// only this server's scripts and API, page images as blobs, no framing by other sites.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

fn not_found(what: &str) -> Response {
    error_response(&AppError::new(
        ErrorCode::NotFound,
        format!("{what} tidak ada di Pleno; lihat docs/api.md"),
    ))
}

async fn serve(source: &Arc<UiSource>, method: &Method, path: &str) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        return not_found(path);
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "").into_response();
    }
    let Some(relative) = inside(path) else {
        return not_found(path);
    };
    let source = source.clone();
    let found = tokio::task::spawn_blocking(move || {
        if let Some(bytes) = source.read(&relative) {
            return Some((relative, bytes));
        }
        // A page address (no extension), not a missing asset: the UI itself.
        if relative.extension().is_none() {
            let index = PathBuf::from("index.html");
            return source.read(&index).map(|b| (index, b));
        }
        None
    })
    .await
    .ok()
    .flatten();
    match found {
        Some((name, bytes)) => {
            // index.html names the hashed asset files, so it must never be cached stale.
            let cache = if name == Path::new("index.html") {
                "no-cache"
            } else {
                "max-age=3600"
            };
            (
                [
                    (header::CONTENT_TYPE, content_type(&name)),
                    (header::CACHE_CONTROL, cache),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                    (header::CONTENT_SECURITY_POLICY, CSP),
                ],
                Body::from(bytes.into_owned()),
            )
                .into_response()
        }
        None => not_found(path),
    }
}

/// The request path as a path inside the UI folder: plain names only, no `..`, no root.
fn inside(path: &str) -> Option<PathBuf> {
    let rel = Path::new(path.trim_start_matches('/'));
    let mut out = PathBuf::new();
    for c in rel.components() {
        match c {
            Component::Normal(name) if !name.to_string_lossy().contains('\\') => out.push(name),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn content_type(name: &Path) -> &'static str {
    match name.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::inside;
    use std::path::PathBuf;

    #[test]
    fn only_paths_inside_the_folder() {
        assert_eq!(inside("/"), Some(PathBuf::new()));
        assert_eq!(
            inside("/assets/index-abc.js"),
            Some(PathBuf::from("assets/index-abc.js"))
        );
        assert_eq!(inside("/../etc/passwd"), None);
        assert_eq!(inside("/assets/../../x"), None);
        assert_eq!(inside("/a\\..\\b"), None);
    }
}
