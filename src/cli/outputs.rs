//! The files `build` writes, and loading the graph back for queries.

use anyhow::{Context, Result};
use newsgraph::graph::KnowledgeGraph;
use std::path::Path;

/// Graphs larger than this are written but not drawn.
const MAX_DRAWN_NODES: usize = 300;
const MAX_DRAWN_EDGES: usize = 600;

/// Writes graph.json (and the other formats) into `dir`; returns what was written.
pub fn write_all(graph: &KnowledgeGraph, dir: &Path) -> Result<Vec<String>> {
    let mut written = Vec::new();
    let json = dir.join("graph.json");
    let html = dir.join("graph.html");
    let dot = dir.join("graph.dot");
    // graph.json and graph.html each take as long as the rest together on a
    // big graph: they are written on threads of their own.
    let dot_text = std::thread::scope(|scope| -> Result<String> {
        let json_done = scope
            .spawn(|| super::build::write_atomic_with(&json, |w| newsgraph::export::json::write_json_to(graph, w)));
        let html_done =
            scope.spawn(|| super::build::write_atomic_with(&html, |w| newsgraph::view::write_html_to(graph, w)));
        let dot_text = newsgraph::export::dot::write_dot(graph);
        super::build::write_atomic(&dot, dot_text.as_bytes())?;
        json_done.join().expect("writing graph.json does not panic")?;
        html_done.join().expect("writing graph.html does not panic")?;
        Ok(dot_text)
    })?;
    written.push(json.display().to_string());
    written.push(dot.display().to_string());
    written.push(format!("{} (open it in a browser)", html.display()));
    let svg = dir.join("graph.svg");
    // A drawing of thousands of nodes is unreadable and takes Graphviz hours: big graphs are not drawn.
    if graph.node_count() > MAX_DRAWN_NODES || graph.edge_count() > MAX_DRAWN_EDGES {
        let _ = std::fs::remove_file(&svg);
        eprintln!(
            "note: graph.svg not drawn ({} nodes, {} edges; the limit is {MAX_DRAWN_NODES} nodes and {MAX_DRAWN_EDGES} edges): draw a part of it with `newsgraph render`",
            graph.node_count(),
            graph.edge_count()
        );
        return Ok(written);
    }
    match newsgraph::export::render::render_svg(&dot_text) {
        Ok((bytes, renderer)) => {
            super::build::write_atomic(&svg, &bytes)?;
            written.push(format!("{} (drawn with {renderer})", svg.display()));
        }
        Err(e) => eprintln!("warning: {} not drawn: {e}", svg.display()),
    }
    Ok(written)
}

/// Loads a graph written by `build`.
pub fn load_graph(path: &Path) -> Result<KnowledgeGraph> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!("cannot read the graph {} (run `newsgraph build` first, or pass --graph FILE)", path.display())
    })?;
    Ok(newsgraph::export::json::read_json(&text, path)?)
}
