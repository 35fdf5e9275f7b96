//! `/api/events`: the event bus as Server-Sent Events.

use std::convert::Infallible;

use axum::Router;
use axum::extract::{Extension, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::AppState;
use super::auth::Access;
use crate::events::AppEvent;

async fn events(
    State(s): State<AppState>,
    Extension(access): Extension<Access>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let device = match &access {
        Access::Device(d) => Some(d.id),
        _ => None,
    };
    let stream = BroadcastStream::new(s.ws.events().subscribe())
        // A revoked device's stream ends the moment it is revoked.
        .take_while(move |ev| {
            !matches!(ev, Ok(AppEvent::DeviceRevoked { device: id }) if Some(*id) == device)
        })
        .filter_map(|ev| {
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
