//! `newsgraph view`: the graph as one HTML page that works offline.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use super::build::write_atomic_with;

/// Write an interactive page of the graph: search any alias, click a node for
/// its aliases, documents and neighbours, click an edge for every evidence
/// sentence; filter by type, relation, date and count. Works from file://.
///
/// Example:
///   newsgraph view                       # out/graph.json -> out/graph.html
///   newsgraph view --focus Carney --depth 2 -o carney.html --open
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ViewArgs {
    #[command(flatten)]
    selection: super::export::Selection,
    #[arg(short, long, default_value = "out/graph.html")]
    output: PathBuf,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn run(a: ViewArgs) -> Result<ExitCode> {
    let g = a.selection.load()?;
    write_atomic_with(&a.output, |w| newsgraph::view::write_html_to(&g, w))?;
    println!("wrote {} ({} entities, {} relations)", a.output.display(), g.node_count(), g.edge_count());
    if a.open {
        let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
        if std::process::Command::new(opener).arg(&a.output).spawn().is_err() {
            eprintln!("warning: could not start {opener}; open {} yourself", a.output.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
