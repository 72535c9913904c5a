//! `newsgraph bench-corpus` and `newsgraph bench`: the benchmark corpus and the speed table.

use anyhow::{Context, Result};
use clap::Args;
use newsgraph::corpus::generate::{parse_size, seed_paragraphs, Generator};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write a reproducible news-like corpus of about N words as JSON Lines.
///
/// Paragraphs of the seed articles mixed with template sentences about
/// generated people, organisations and places; the number of distinct
/// entities keeps growing with the corpus. The same --seed gives the same file.
///
/// Example:
///   newsgraph bench-corpus --words 1M --seed 1 -o bench-1M.jsonl
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct BenchCorpusArgs {
    /// Words to write (1M, 250k, 1000...).
    #[arg(long, value_parser = parse_size, default_value = "1M")]
    pub words: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The JSON Lines file to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Folder of seed articles whose paragraphs are mixed in.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
}

pub fn corpus(args: BenchCorpusArgs) -> Result<ExitCode> {
    let (docs, words) = write_corpus(&args.seeds, args.seed, args.words, &args.output)?;
    println!("wrote {} ({docs} documents, {words} words)", args.output.display());
    Ok(ExitCode::SUCCESS)
}

fn write_corpus(seeds: &Path, seed: u64, words: usize, out: &Path) -> Result<(usize, usize)> {
    let paras = seed_paragraphs(seeds)?;
    let f = std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    let got = Generator::new(seed, paras).write_jsonl(words, &mut w)?;
    w.flush()?;
    Ok(got)
}

/// Measure build speed on the benchmark corpus: words/second on one thread and
/// on all, peak memory, graph size, and `build --update` with 1 % new documents.
///
/// Every run is a separate `newsgraph build` process (so peak memory is its own).
///
/// Example:
///   newsgraph bench                        # 1M words
///   newsgraph bench --sizes 1M,10M,100M    # the README's table (long)
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct BenchArgs {
    /// Corpus sizes in words, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = parse_size, default_value = "1M")]
    pub sizes: Vec<usize>,
    /// Thread counts to measure (default: 1 and all cores).
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Skip the --update measurement.
    #[arg(long)]
    pub no_update: bool,
    /// Work folder for corpora and outputs (default: a temporary one, removed after).
    #[arg(long)]
    pub work: Option<PathBuf>,
    #[command(flatten)]
    pub parser: super::ParserArgs,
}

#[derive(serde::Deserialize)]
struct Stats {
    documents: usize,
    extracted: usize,
    extracted_words: usize,
    nodes: usize,
    edges: usize,
    seconds: f64,
    peak_rss_kb: Option<u64>,
}

fn run_build(args: &[&std::ffi::OsStr], parser: &super::ParserArgs, stats: &Path) -> Result<Stats> {
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .arg("build")
        .args(args)
        .args(parser.to_args())
        .arg("--stats-json")
        .arg(stats)
        .stdout(std::process::Stdio::null())
        .output()?;
    anyhow::ensure!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_str(&std::fs::read_to_string(stats)?)?)
}

fn human(n: usize) -> String {
    if n >= 1_000_000 && n % 1_000_000 == 0 {
        format!("{}M", n / 1_000_000)
    } else if n >= 1000 && n % 1000 == 0 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let threads = if args.threads.is_empty() {
        if cores > 1 {
            vec![1, cores]
        } else {
            vec![1]
        }
    } else {
        args.threads.clone()
    };
    let tmp = tempfile::Builder::new().prefix("newsgraph-bench").tempdir()?;
    let work = args.work.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;
    args.parser.apply()?;
    let beam = newsgraph::parse::beam_width();
    println!("machine: {cores} cores; corpus seed {}; parser beam {beam}", args.seed);
    println!();
    println!("| corpus words | documents | threads | seconds | words/s | peak RSS | nodes | edges |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut update_rows = Vec::new();
    for &size in &args.sizes {
        let full = work.join(format!("corpus-{}.jsonl", human(size)));
        let (docs, _) = write_corpus(&args.seeds, args.seed, size, &full)?;
        let mut full_secs = None;
        let mut last_out = None;
        for &t in &threads {
            let out = work.join(format!("out-{}-t{t}", human(size)));
            let _ = std::fs::remove_dir_all(&out);
            let stats = work.join("stats.json");
            let s = run_build(
                &[full.as_os_str(), "-o".as_ref(), out.as_os_str(), "--threads".as_ref(), t.to_string().as_ref()],
                &args.parser,
                &stats,
            )?;
            println!(
                "| {} | {} | {t} | {:.1} | {:.0} | {} | {} | {} |",
                human(size),
                s.documents,
                s.seconds,
                s.extracted_words as f64 / s.seconds,
                s.peak_rss_kb.map(|k| format!("{} MB", k / 1024)).unwrap_or_else(|| "?".into()),
                s.nodes,
                s.edges
            );
            std::io::stdout().flush()?;
            full_secs = Some(s.seconds);
            last_out = Some(out);
        }
        if !args.no_update {
            // 99 % of the documents built first, then --update with all of them.
            let part = work.join(format!("corpus-{}-99.jsonl", human(size)));
            let keep = docs - (docs / 100).max(1);
            let mut w = std::io::BufWriter::new(std::fs::File::create(&part)?);
            for line in std::io::BufReader::new(std::fs::File::open(&full)?).lines().take(keep) {
                writeln!(w, "{}", line?)?;
            }
            w.flush()?;
            let out = work.join(format!("out-{}-update", human(size)));
            let _ = std::fs::remove_dir_all(&out);
            let stats = work.join("stats.json");
            let all = threads.iter().max().copied().unwrap_or(1).to_string();
            run_build(
                &[part.as_os_str(), "-o".as_ref(), out.as_os_str(), "--threads".as_ref(), all.as_ref()],
                &args.parser,
                &stats,
            )?;
            let s = run_build(
                &[
                    full.as_os_str(),
                    "-o".as_ref(),
                    out.as_os_str(),
                    "--update".as_ref(),
                    "--threads".as_ref(),
                    all.as_ref(),
                ],
                &args.parser,
                &stats,
            )?;
            let same = last_out
                .as_ref()
                .map(|o| std::fs::read(o.join("graph.json")).ok() == std::fs::read(out.join("graph.json")).ok())
                .unwrap_or(false);
            update_rows.push(format!(
                "| {} | {} of {} | {:.2} | {:.0} % | {} |",
                human(size),
                s.extracted,
                s.documents,
                s.seconds,
                100.0 * s.seconds / full_secs.unwrap_or(f64::NAN),
                if same { "yes" } else { "NO" }
            ));
        }
    }
    if !update_rows.is_empty() {
        println!();
        println!("| corpus words | documents extracted by --update | seconds | of a full build ({} threads) | graph.json identical |", threads.iter().max().unwrap_or(&1));
        println!("|---:|---:|---:|---:|---|");
        for r in update_rows {
            println!("{r}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
