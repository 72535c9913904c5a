//! `export`, `render` and `eval`: the graph in other formats, as a picture, and scored.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use newsgraph::export;
use newsgraph::graph::KnowledgeGraph;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::build::write_atomic;
use super::outputs::load_graph;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Dot,
    Json,
    Graphml,
    Gexf,
    Cytoscape,
    Csv,
}

/// Write the graph (or part of it) in another format.
///
/// Formats: dot (Graphviz), json (node-link, as D3 and networkx read it),
/// graphml and gexf (Gephi, yEd, networkx), cytoscape (Cytoscape.js elements),
/// csv (nodes.csv + edges.csv with Neo4j import headers; -o names a folder).
///
/// Example:
///   newsgraph export --format gexf -o carney.gexf --focus Carney --depth 2
///   newsgraph export --format csv -o neo4j/
///   newsgraph export --format dot --min-count 2 | dot -Tpng > strong.png
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: Format,
    #[command(flatten)]
    selection: Selection,
    /// Output file (a folder for csv); standard output when absent.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Which graph to read, and which part of it to keep.
#[derive(Args)]
pub struct Selection {
    #[arg(long, default_value = "out/graph.json")]
    graph: PathBuf,
    /// Only the part of the graph around this entity (any alias).
    #[arg(long)]
    focus: Option<String>,
    /// Hops around --focus.
    #[arg(long, default_value_t = 1)]
    depth: usize,
    /// Only relations stated at least this many times.
    #[arg(long, default_value_t = 1)]
    min_count: usize,
}

impl Selection {
    pub fn load(&self) -> Result<KnowledgeGraph> {
        let g = load_graph(&self.graph)?;
        if self.focus.is_none() && self.min_count <= 1 {
            return Ok(g);
        }
        Ok(g.subgraph(self.focus.as_deref(), self.depth, self.min_count)?)
    }
}

fn emit(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            write_atomic(p, bytes)
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes)?;
            Ok(())
        }
    }
}

pub fn export(a: ExportArgs) -> Result<ExitCode> {
    let g = a.selection.load()?;
    let text = match a.format {
        Format::Dot => export::dot::write_dot(&g),
        Format::Json => export::json::write_json(&g),
        Format::Graphml => export::graphml::write_graphml(&g),
        Format::Gexf => export::gexf::write_gexf(&g),
        Format::Cytoscape => export::cytoscape::write_cytoscape(&g),
        Format::Csv => {
            let (nodes, edges) = export::csv::write_csv(&g);
            let dir = a.output.context("--format csv writes two files: give a folder with -o")?;
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            write_atomic(&dir.join("nodes.csv"), nodes.as_bytes())?;
            write_atomic(&dir.join("edges.csv"), edges.as_bytes())?;
            eprintln!("wrote {} and {}", dir.join("nodes.csv").display(), dir.join("edges.csv").display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    emit(a.output.as_deref(), text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Picture {
    Svg,
    Png,
}

/// Draw the graph: Graphviz `dot` when installed, else a built-in layout (SVG only).
///
/// Example:
///   newsgraph render -o out/carney.svg --focus Carney --depth 1
///   newsgraph render --format png -o graph.png
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct RenderArgs {
    #[arg(long, value_enum, default_value = "svg")]
    format: Picture,
    #[command(flatten)]
    selection: Selection,
    /// Output file; default out/graph.svg (or .png).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn render(a: RenderArgs) -> Result<ExitCode> {
    let g = a.selection.load()?;
    let dot = export::dot::write_dot(&g);
    let (bytes, used, default) = match a.format {
        Picture::Svg => {
            let (b, r) = export::render::render_svg(&dot)?;
            (b, r.to_string(), "out/graph.svg")
        }
        Picture::Png => (export::render::render_png(&dot)?, "Graphviz dot".to_string(), "out/graph.png"),
    };
    let out = a.output.unwrap_or_else(|| PathBuf::from(default));
    emit(Some(&out), &bytes)?;
    println!("wrote {} with {used}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Score the graph against a hand-made gold graph (same rules as shared/eval/score.py).
///
/// Example:
///   newsgraph eval --gold ../shared/gold/seeds.json
///   newsgraph eval --gold gold.json --graph other/graph.json --json --verbose
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct EvalArgs {
    #[arg(long)]
    gold: PathBuf,
    #[arg(long, default_value = "out/graph.json")]
    graph: PathBuf,
    #[arg(long)]
    json: bool,
    /// Also list unmatched nodes, duplicates, false and missed relations.
    #[arg(long)]
    verbose: bool,
}

pub fn eval(a: EvalArgs) -> Result<ExitCode> {
    let g = load_graph(&a.graph)?;
    let text =
        std::fs::read_to_string(&a.gold).with_context(|| format!("cannot read the gold file {}", a.gold.display()))?;
    let gold: newsgraph::eval::Gold = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a gold graph (see shared/gold/README.md)", a.gold.display()))?;
    let s = newsgraph::eval::score(&gold, &g);
    if a.json {
        let mut v = serde_json::to_value(&s)?;
        if !a.verbose {
            v.as_object_mut().unwrap().remove("details");
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<15} {:>9} {:>9} {:>9}   {:>4} {:>4} {:>4}", "", "precision", "recall", "F1", "tp", "fp", "fn");
    for (name, r) in [
        ("entities", s.entities),
        ("entities_typed", s.entities_typed),
        ("actions", s.actions),
        ("roles", s.roles),
        ("pairs", s.pairs),
    ] {
        println!(
            "{name:<15} {:>9.3} {:>9.3} {:>9.3}   {:>4} {:>4} {:>4}",
            r.precision, r.recall, r.f1, r.tp, r.fp, r.fn_
        );
    }
    if a.verbose {
        let d = &s.details;
        for (title, list) in [
            ("unmatched nodes", &d.unmatched_nodes),
            ("missed entities", &d.missed_entities),
            ("duplicates", &d.duplicates),
            ("false relations", &d.false_relations),
            ("missed relations", &d.missed_relations),
        ] {
            println!("\n{title} ({}):", list.len());
            for l in list {
                println!("  {l}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
