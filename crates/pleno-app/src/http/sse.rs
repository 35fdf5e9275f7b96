//! `/api/events`: the event bus as Server-Sent Events.

use std::convert::Infallible;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::AppState;

async fn events(State(s): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(s.ws.events().subscribe()).filter_map(|ev| {
        // A lagging listener skips what it missed; the UI reloads on the next event.
        let ev = ev.ok()?;
        let data = serde_json::to_string(&ev).ok()?;
        Some(Ok(Event::default().data(data)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/events", get(events))
}
