//! `newsgraph train`: trains a model from the UD / UNER data and writes its file.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use newsgraph::model::TrainConfig;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
enum Which {
    Tagger,
    Ner,
    Parser,
    Sentences,
}

/// Train a model and write it to a file (the models under models/ were made this way).
///
/// Example:
///   newsgraph train tagger --data ../shared/data/ud-ewt -o models/tagger.bin
///   newsgraph train ner --data ../shared/data/uner-ewt --clusters ner_clusters.tsv --embeddings ner_embeddings.tsv \
///       --binarized ner_binarized.tsv -o models/ner.bin
///   newsgraph train parser --data ../shared/data/ud-ewt --clusters ner_clusters.tsv --epochs 14 --ensemble 2 -o models/parser.bin
///   newsgraph train sentences --data ../shared/data/ud-ewt -o models/sentences.bin
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct TrainArgs {
    /// Which model to train.
    which: Which,
    /// Folder holding the *-train and *-dev files (en_ewt-ud-*.conllu, or en_ewt-ud-*.iob2 for ner).
    #[arg(long)]
    data: PathBuf,
    /// Where to write the model.
    #[arg(short, long)]
    output: PathBuf,
    /// Training epochs.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Random seed; the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// ner and parser: word table of Brown clusters and corpus casing written by
    /// scripts/ner_clusters.py, for the features that use them (the model keeps
    /// the part it needs).
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// ner: word table of embedding groups written by scripts/embedding_clusters.py
    /// (stored in the model).
    #[arg(long)]
    embeddings: Option<PathBuf>,
    /// ner: word table of binarized embeddings written by
    /// scripts/embedding_binarized.py (stored in the model for the words of --embeddings).
    #[arg(long)]
    binarized: Option<PathBuf>,
    /// parser: train this many models at once, each on its own shuffle of the
    /// data (seeds --seed, --seed + 1, ...) and thread, and sum their weights
    /// (about 6.5 GB of memory each; models/parser.bin used 2).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
    ensemble: u16,
}

fn data_file(dir: &std::path::Path, split: &str, ext: &str) -> Result<PathBuf> {
    let path = dir.join(format!("en_ewt-ud-{split}.{ext}"));
    anyhow::ensure!(
        path.is_file(),
        "{} not found: --data must name the folder with en_ewt-ud-{split}.{ext}",
        path.display()
    );
    Ok(path)
}

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        args.clusters.is_none() || matches!(args.which, Which::Ner | Which::Parser),
        "--clusters is for ner and parser only"
    );
    anyhow::ensure!(args.embeddings.is_none() || matches!(args.which, Which::Ner), "--embeddings is for ner only");
    anyhow::ensure!(args.binarized.is_none() || matches!(args.which, Which::Ner), "--binarized is for ner only");
    anyhow::ensure!(args.ensemble == 1 || matches!(args.which, Which::Parser), "--ensemble is for the parser only");
    let ext = match args.which {
        Which::Ner => "iob2",
        _ => "conllu",
    };
    let cfg = TrainConfig {
        train: data_file(&args.data, "train", ext)?,
        dev: data_file(&args.data, "dev", ext).ok(),
        epochs: args.epochs,
        seed: args.seed,
    };
    let bytes = match args.which {
        Which::Tagger => newsgraph::tag::train(&cfg)?.to_bytes(),
        Which::Ner => {
            let tagger = newsgraph::tag::Tagger::builtin();
            newsgraph::ner::train(
                &cfg,
                tagger,
                args.clusters.as_deref(),
                args.embeddings.as_deref(),
                args.binarized.as_deref(),
            )?
            .to_bytes()
        }
        Which::Parser => {
            // Experiments only: NEWSGRAPH_GOLD_TAGS=1 trains on the file's tags.
            let tagger = if std::env::var_os("NEWSGRAPH_GOLD_TAGS").is_some() {
                None
            } else {
                newsgraph::tag::Tagger::builtin()
            };
            newsgraph::parse::train(&cfg, tagger, args.clusters.as_deref(), args.ensemble.into())?.to_bytes()
        }
        Which::Sentences => newsgraph::text::boundary::train(&cfg)?.to_bytes(),
    };
    std::fs::write(&args.output, &bytes).with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("wrote {} ({} bytes)", args.output.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
