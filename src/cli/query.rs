//! `neighbors`, `path`, `stats`: questions to a built graph.

use anyhow::Result;
use clap::{Args, ValueEnum};
use newsgraph::graph::{relation_json, Direction, Edge};
use std::path::PathBuf;
use std::process::ExitCode;

use super::outputs::load_graph;

#[derive(Clone, Copy, ValueEnum)]
pub enum DirectionArg {
    Out,
    In,
    Both,
}

/// Who is connected to an entity, by what, and the sentences that say so.
///
/// NAME matches any alias, case-insensitively ("Carney", "Mark Carney", "PM Carney" if seen).
///
/// Example:
///   newsgraph neighbors Carney
///   newsgraph neighbors "Donald Trump" --relation threaten --direction out
///   newsgraph neighbors Canada --depth 2 --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct NeighborsArgs {
    name: String,
    #[arg(long, default_value = "out/graph.json")]
    graph: PathBuf,
    /// Hops to follow.
    #[arg(long, default_value_t = 1)]
    depth: usize,
    /// Only this relation (its first word, e.g. "meet").
    #[arg(long)]
    relation: Option<String>,
    #[arg(long, value_enum, default_value = "both")]
    direction: DirectionArg,
    #[arg(long)]
    json: bool,
}

fn describe(e: &Edge) -> String {
    let mut r = e.relation.clone();
    if e.negated {
        r = format!("not {r}");
    }
    if let Some(m) = &e.modality {
        r = format!("{r} ({m})");
    }
    if e.kind == newsgraph::relations::RelationKind::Role {
        r = format!("[role] {r}");
    }
    r
}

pub fn neighbors(a: NeighborsArgs) -> Result<ExitCode> {
    let g = load_graph(&a.graph)?;
    let dir = match a.direction {
        DirectionArg::Out => Direction::Out,
        DirectionArg::In => Direction::In,
        DirectionArg::Both => Direction::Both,
    };
    let center = g.find(&a.name)?;
    let found = g.neighbors(&a.name, a.depth, a.relation.as_deref(), dir)?;
    if a.json {
        let v: Vec<_> = found
            .iter()
            .map(|n| {
                let mut v = relation_json(n.source, n.edge, n.target);
                v["depth"] = n.depth.into();
                v
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"entity": center.id, "neighbors": v}))?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} ({}): {} relation(s)", center.label, center.entity_type, found.len());
    for n in &found {
        let indent = "  ".repeat(n.depth);
        println!("{indent}{} -[{}]-> {}  x{}", n.source.label, describe(n.edge), n.target.label, n.edge.count);
        if let Some(ev) = n.edge.evidence.first() {
            println!("{indent}    \"{}\" ({}, sentence {})", ev.text, ev.doc, ev.sentence + 1);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The shortest chain of relations between two entities (edges followed either way).
///
/// Example:
///   newsgraph path Starmer Trump
///   newsgraph path "Keir Starmer" Canada --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct PathArgs {
    from: String,
    to: String,
    #[arg(long, default_value = "out/graph.json")]
    graph: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn path(a: PathArgs) -> Result<ExitCode> {
    let g = load_graph(&a.graph)?;
    let Some(steps) = g.path(&a.from, &a.to)? else {
        eprintln!("no path between {} and {}", g.find(&a.from)?.label, g.find(&a.to)?.label);
        return Ok(ExitCode::from(1));
    };
    if a.json {
        let v: Vec<_> = steps.iter().map(|(s, e, t)| relation_json(s, e, t)).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} step(s) from {} to {}", steps.len(), g.find(&a.from)?.label, g.find(&a.to)?.label);
    for (s, e, t) in steps {
        println!("  {} -[{}]-> {}", s.label, describe(e), t.label);
        if let Some(ev) = e.evidence.first() {
            println!("      \"{}\" ({})", ev.text, ev.doc);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Counts, the most connected entities (by degree and PageRank) and the commonest relations.
///
/// Example:
///   newsgraph stats
///   newsgraph stats --top 20 --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct StatsArgs {
    #[arg(long, default_value = "out/graph.json")]
    graph: PathBuf,
    /// How many entries in each ranking.
    #[arg(long, default_value_t = 10)]
    top: usize,
    #[arg(long)]
    json: bool,
}

pub fn stats(a: StatsArgs) -> Result<ExitCode> {
    let g = load_graph(&a.graph)?;
    let s = g.stats(a.top);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} entities, {} relations ({} actions, {} roles)", s.nodes, s.edges, s.actions, s.roles);
    let types: Vec<String> = s.nodes_by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!("entities by type: {}", types.join(", "));
    println!("\ntop by degree:");
    for (l, d) in &s.top_by_degree {
        println!("  {d:>4}  {l}");
    }
    println!("\ntop by PageRank:");
    for (l, r) in &s.top_by_pagerank {
        println!("  {r:.4}  {l}");
    }
    println!("\nmost frequent relations:");
    for (r, n) in &s.top_relations {
        println!("  {n:>4}  {r}");
    }
    Ok(ExitCode::SUCCESS)
}
