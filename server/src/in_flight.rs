//! A page or server function runs to its end even when the browser goes away half-way (a tap on
//! another link, a phone that loses Wi-Fi). Two reasons:
//! - Leptos 0.8 cannot have a server render dropped half-way: its tasks go on in a disposed
//!   reactive tree, where reading a resource panics and looking up a context can deadlock the
//!   worker thread for good (reactive_graph 0.2's `with_context`; fixed upstream in 0.3). Two
//!   such deadlocks stop a two-core server.
//! - A use case that was started finishes, so its data and its audit entry land together or not
//!   at all, never cut off between two awaits.
//!
//! Shutting down waits for these, then closes the database.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio_stream::StreamExt;
use tokio_util::task::TaskTracker;

/// How long a stopping server waits for what is still running.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The requests still being answered, whether or not anyone still listens.
#[derive(Clone, Debug, Default)]
pub struct InFlight {
    tasks: TaskTracker,
}

impl InFlight {
    /// Waits until everything started has finished (at most [`SHUTDOWN_GRACE`]); no new
    /// request is taken after this.
    pub async fn finish(&self) {
        self.tasks.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.tasks.wait()).await.is_err() {
            tracing::warn!(still_running = self.tasks.len(), "stopping before every request finished");
        }
    }
}

/// Runs the rest of the stack in a task of its own and hands its body over chunk by chunk; when
/// the browser has gone, the task goes on to the end and the chunks are dropped.
pub async fn run_to_the_end(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
    let (head_sent, head) = tokio::sync::oneshot::channel();
    in_flight.tasks.spawn(async move {
        let (parts, body) = next.run(request).await.into_parts();
        let (chunk_sent, chunks) = tokio::sync::mpsc::channel(8);
        let mut listening = head_sent.send((parts, chunks)).is_ok();
        let mut body = body.into_data_stream();
        while let Some(chunk) = body.next().await {
            if listening {
                listening = chunk_sent.send(chunk).await.is_ok();
            }
        }
    });
    match head.await {
        Ok((parts, chunks)) => {
            Response::from_parts(parts, Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(chunks)))
        }
        // The task panicked before it had an answer; the panic layer did not see it.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
