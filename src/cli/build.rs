//! `newsgraph build` and `newsgraph extract`: run the pipeline over documents.

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::input::{read_inputs, Inputs};
use newsgraph::pipeline::{build_graph, extract_document, BuildOptions, DocumentExtract};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Build the knowledge graph from articles and write it to a folder.
///
/// Reads .txt and .md files (folders recursively), `-` for standard input, or
/// JSON Lines with --jsonl (one {"text", "id", "title", "date"} object a line).
/// A first line `date YYYY-MM-DD <title>` gives a document its date and title.
/// Bad files are reported and skipped; the run goes on.
///
/// Writes graph.json (node-link), graph.dot and graph.svg.
///
/// Example:
///   newsgraph build                      # seeds/ -> out/
///   newsgraph build articles/ -o graph/  # a folder of your own
///   newsgraph build --jsonl feed.jsonl -o feed/
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct BuildArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Inputs are JSON Lines (files ending in .jsonl always are).
    #[arg(long)]
    pub jsonl: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Evidence sentences kept per edge; the count stays exact.
    #[arg(long, default_value_t = 20)]
    pub max_evidence: usize,
    /// Drop relations found with less confidence than this (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
}

/// Reads inputs, prints their warnings; an error when nothing could be read.
fn read_documents(inputs: &[PathBuf], jsonl: bool) -> Result<Inputs> {
    let read = read_inputs(inputs, jsonl);
    for w in &read.warnings {
        eprintln!("warning: {w}");
    }
    anyhow::ensure!(
        !read.documents.is_empty(),
        "no document could be read from {} (give .txt/.md files, a folder of them, or --jsonl)",
        inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    Ok(read)
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        anyhow::ensure!(n > 0, "--threads must be at least 1");
        b = b.num_threads(n);
    }
    Ok(b.build()?)
}

/// Extracts every document in parallel (output order = input order), with a progress bar on a terminal.
fn extract_all(read: &Inputs, threads: Option<usize>) -> Result<Vec<DocumentExtract>> {
    let pool = thread_pool(threads)?;
    let bar = if std::io::stderr().is_terminal() && read.documents.len() > 20 {
        let b = ProgressBar::new(read.documents.len() as u64);
        b.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} documents {per_sec} eta {eta}")?);
        b
    } else {
        ProgressBar::hidden()
    };
    let out = pool.install(|| {
        read.documents
            .par_iter()
            .map(|d| {
                let x = extract_document(d);
                bar.inc(1);
                x
            })
            .collect()
    });
    bar.finish_and_clear();
    Ok(out)
}

/// Writes `bytes` to `path` atomically: a temporary file, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let mut f = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    f.write_all(bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    f.sync_all().ok();
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let read = read_documents(&args.inputs, args.jsonl)?;
    let extracts = extract_all(&read, args.threads)?;
    let opts = BuildOptions { max_evidence: args.max_evidence, min_confidence: args.min_confidence };
    let graph = build_graph(&extracts, &opts)?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create the output folder {}", args.output.display()))?;
    let written = super::outputs::write_all(&graph, &args.output)?;
    let secs = started.elapsed().as_secs_f64();
    let words: usize = extracts.iter().map(|x| x.words).sum();
    let sentences: usize = extracts.iter().map(|x| x.sentence_count).sum();
    println!(
        "{} documents, {} sentences, {} words -> {} entities, {} relations in {:.2}s ({:.0} words/s, {} threads)",
        extracts.len(),
        sentences,
        words,
        graph.node_count(),
        graph.edge_count(),
        secs,
        words as f64 / secs.max(1e-9),
        args.threads.unwrap_or_else(rayon::current_num_threads),
    );
    for line in written {
        println!("wrote {line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Print the relations found in articles, without building files.
///
/// TSV columns: doc, sentence, subject, relation, object, kind, negated, modality, confidence, evidence.
///
/// Example:
///   newsgraph extract seeds/
///   newsgraph extract article.txt --json | jq .
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// Inputs are JSON Lines.
    #[arg(long)]
    pub jsonl: bool,
    /// One JSON object a relation instead of TSV.
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run_extract(args: ExtractArgs) -> Result<ExitCode> {
    let read = read_documents(&args.inputs, args.jsonl)?;
    let extracts = extract_all(&read, args.threads)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !args.json {
        writeln!(out, "doc\tsentence\tsubject\trelation\tobject\tkind\tnegated\tmodality\tconfidence\tevidence")?;
    }
    for x in &extracts {
        for r in &x.relations {
            let label = |i: usize| x.entities.entities[i].label.clone();
            let ev = &x.sentences[&r.sentence].text;
            if args.json {
                let v = serde_json::json!({
                    "doc": x.id, "sentence": r.sentence, "subject": label(r.subject), "relation": r.relation,
                    "object": label(r.object), "kind": r.kind, "negated": r.negated, "modality": r.modality,
                    "confidence": r.confidence, "evidence": ev,
                });
                writeln!(out, "{v}")?;
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}",
                    x.id,
                    r.sentence,
                    label(r.subject),
                    r.relation,
                    label(r.object),
                    r.kind.as_str(),
                    r.negated,
                    r.modality.as_deref().unwrap_or(""),
                    r.confidence,
                    ev
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
