//! `newsgraph merge`: the reduce step over extracts made elsewhere.

use anyhow::{Context, Result};
use clap::Args;
use newsgraph::pipeline::{build_graph, BuildOptions};
use newsgraph::store::parts::Parts;
use newsgraph::store::{DirLock, DB_FILE};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Combine extracts into one graph: resolve entities across all of them and
/// write the same files as `build` (and the extract database, so the result
/// can be merged again or updated with `build --update`).
///
/// A PART is a JSON Lines file written by `newsgraph extract --jsonl`, `-`
/// for standard input, a folder of such files (`part-*`, as Spark writes
/// them), or an output folder of `build`/`merge` (or its graph.json).
/// Merge is associative and commutative: the graph of all documents is the
/// same however they were split.
///
/// Example:
///   newsgraph extract --jsonl < a.jsonl > a.x.jsonl
///   newsgraph extract --jsonl < b.jsonl > b.x.jsonl
///   newsgraph merge a.x.jsonl b.x.jsonl -o graph/
///   newsgraph merge out-2024/ out-2025/ -o all/
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct MergeArgs {
    /// Extract files, folders of them, or build output folders.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Evidence sentences kept per edge; the count stays exact.
    #[arg(long, default_value_t = 20)]
    pub max_evidence: usize,
    /// Drop relations found with less confidence than this (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
}

pub fn run(args: MergeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut parts = Parts::default();
    for p in &args.parts {
        parts.read(p)?;
    }
    for w in &parts.warnings {
        eprintln!("warning: {w}");
    }
    anyhow::ensure!(!parts.docs.is_empty(), "the parts hold no document extract");
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create the output folder {}", args.output.display()))?;
    let _lock = DirLock::acquire(&args.output)?;
    let tmp = args.output.join(format!("{DB_FILE}.tmp"));
    parts.write_db(&tmp)?;
    let db = args.output.join(DB_FILE);
    std::fs::rename(&tmp, &db).with_context(|| format!("cannot replace {}", db.display()))?;
    let extracts = parts.into_extracts();
    let opts = BuildOptions { max_evidence: args.max_evidence, min_confidence: args.min_confidence };
    let graph = build_graph(&extracts, &opts)?;
    let written = super::outputs::write_all(&graph, &args.output)?;
    println!(
        "{} documents, {} words -> {} entities, {} relations in {:.2}s (merged {} parts)",
        extracts.len(),
        extracts.iter().map(|x| x.words).sum::<usize>(),
        graph.node_count(),
        graph.edge_count(),
        started.elapsed().as_secs_f64(),
        args.parts.len()
    );
    for line in written {
        println!("wrote {line}");
    }
    Ok(ExitCode::SUCCESS)
}
