//! Subcommands. Each file holds one group; `run` parses the arguments and dispatches.

mod annotate;
mod bench;
mod build;
mod export;
mod merge;
mod outputs;
mod query;
mod serve;
mod train;
mod view;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turn English news text into a knowledge graph of who did what to whom.",
    long_about = "Turn English news text into a knowledge graph: people, organisations and places \
as nodes (every alias merged into one), actions and roles as edges, each with its evidence.\n\n\
Start with `newsgraph build` (reads seeds/, writes out/), then ask it questions with \
`neighbors`, `path` and `stats`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(build::BuildArgs),
    Neighbors(query::NeighborsArgs),
    Path(query::PathArgs),
    Stats(query::StatsArgs),
    Extract(build::ExtractArgs),
    Merge(merge::MergeArgs),
    BenchCorpus(bench::BenchCorpusArgs),
    Bench(bench::BenchArgs),
    Export(export::ExportArgs),
    Render(export::RenderArgs),
    Eval(export::EvalArgs),
    View(view::ViewArgs),
    Serve(serve::ServeArgs),
    Annotate(annotate::AnnotateArgs),
    Train(train::TrainArgs),
}

/// The parser's speed/accuracy setting, shared by the commands that parse.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ParserArgs {
    /// Parser beam width, 1 to 64. The default, 4, is as accurate as the
    /// width the model was trained with (8) and about 2.2 times as fast
    /// (hypotheses far behind the best are dropped early, whatever the
    /// width); 2 parses about 1.2 times as fast as 4 and 1 (greedy) about
    /// 1.7 times, for some accuracy (see the README's speed and accuracy tables).
    #[arg(long, value_name = "N")]
    pub beam: Option<usize>,
}

impl ParserArgs {
    /// Applies the setting to this process.
    pub fn apply(&self) -> anyhow::Result<()> {
        Ok(newsgraph::parse::set_beam_width(self.beam)?)
    }

    /// The arguments that give a child `newsgraph` process the same setting.
    pub fn to_args(&self) -> Vec<String> {
        self.beam.map(|b| vec!["--beam".to_string(), b.to_string()]).unwrap_or_default()
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(a) => build::run(a),
        Command::Neighbors(a) => query::neighbors(a),
        Command::Path(a) => query::path(a),
        Command::Stats(a) => query::stats(a),
        Command::Extract(a) => build::run_extract(a),
        Command::Merge(a) => merge::run(a),
        Command::BenchCorpus(a) => bench::corpus(a),
        Command::Bench(a) => bench::run(a),
        Command::Export(a) => export::export(a),
        Command::Render(a) => export::render(a),
        Command::Eval(a) => export::eval(a),
        Command::View(a) => view::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Annotate(a) => annotate::run(a),
        Command::Train(a) => train::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
