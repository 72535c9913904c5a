//! `newsgraph serve`: the browser page and a read-only JSON API over one graph.
//!
//! The answers come from `newsgraph::view::api`; this file only moves them
//! over HTTP. Nothing is read from disk after start-up, so no request can
//! reach a file: every path that is not a route is a 404.

use anyhow::{Context, Result};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clap::Args;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::view::api::{self, Answer, ApiError};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

/// Serve the interactive page and a JSON API over a built graph, on this
/// machine only unless told otherwise. Ctrl-C stops it.
///
/// Routes (GET):
///   /                      the page (as `newsgraph view` writes it)
///   /api/graph             graph.json (optional focus=NAME, depth=N, min_count=N)
///   /api/neighbors?name=NAME[&depth=N&relation=VERB&direction=out|in|both]
///   /api/path?from=NAME&to=NAME
///   /api/search?q=TEXT[&limit=N]
/// Bad parameters get status 400 and {"error": "..."}; an unknown name also
/// gets "closest" (the names you may have meant).
///
/// Example:
///   newsgraph serve                              # http://127.0.0.1:8080/
///   curl 'http://127.0.0.1:8080/api/neighbors?name=Carney&depth=2'
///   newsgraph serve --addr 127.0.0.1:0           # any free port (printed)
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    #[command(flatten)]
    selection: super::export::Selection,
    /// Address to listen on. The default only accepts connections from this
    /// machine; 0.0.0.0:PORT exposes the graph to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

/// What every request reads: built once at start-up.
struct Served {
    graph: KnowledgeGraph,
    /// Shared bytes: a request clones a reference count, not the page.
    page: axum::body::Bytes,
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let graph = a.selection.load()?;
    let page = axum::body::Bytes::from(newsgraph::view::render_html(&graph));
    let (nodes, edges) = (graph.node_count(), graph.edge_count());
    let app = router(Arc::new(Served { graph, page }));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(a.addr).await.with_context(|| {
            format!("cannot listen on {}: is another program using the port? pick another with --addr (127.0.0.1:0 takes any free port)", a.addr)
        })?;
        let local = listener.local_addr()?;
        // Tests and scripts read this line to find the port.
        println!("serving {nodes} entities, {edges} relations on http://{local}/ (Ctrl-C stops)");
        std::io::stdout().flush()?;
        if !local.ip().is_loopback() {
            eprintln!("warning: {local} is reachable from other machines; anyone who can reach it can read the graph");
        }
        axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.context("the server stopped")?;
        println!("stopped");
        Ok(ExitCode::SUCCESS)
    })
}

fn router(state: Arc<Served>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .route("/graph.html", get(page))
        .route("/api", get(api_index))
        .route("/api/", get(api_index))
        .route("/api/{route}", get(api_route))
        .fallback(not_found)
        .with_state(state)
}

async fn page(State(s): State<Arc<Served>>) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], s.page.clone()).into_response()
}

async fn api_index(State(s): State<Arc<Served>>) -> Response {
    respond(api::answer(&s.graph, "", &[]))
}

async fn api_route(
    State(s): State<Arc<Served>>,
    Path(route): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    match query {
        Ok(Query(pairs)) => respond(api::answer(&s.graph, &route, &pairs)),
        Err(e) => respond(Err(ApiError {
            status: 400,
            message: format!("/api/{route}: the query string cannot be read: {}", e.body_text()),
            closest: Vec::new(),
        })),
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    respond(Err(ApiError {
        status: 404,
        message: format!(
            "nothing at {}; the page is at / and the API routes are {}",
            uri.path(),
            api::ROUTES.join(", ")
        ),
        closest: Vec::new(),
    }))
}

fn respond(answer: Result<Answer, ApiError>) -> Response {
    const JSON: (header::HeaderName, &str) = (header::CONTENT_TYPE, "application/json");
    match answer {
        Ok(Answer::Json(v)) => ([JSON], v.to_string()).into_response(),
        Ok(Answer::GraphJson(text)) => ([JSON], text).into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
            (status, [JSON], e.to_json().to_string()).into_response()
        }
    }
}

/// Ctrl-C, or SIGTERM from a service manager: finish open requests, then stop.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
