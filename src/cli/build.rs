//! `newsgraph build` and `newsgraph extract`: run the pipeline over documents.

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::corpus::stream::DocumentStream;
use newsgraph::input::{read_inputs, Inputs};
use newsgraph::pipeline::{extract_document, extract_document_with_mentions, BuildOptions, DocumentExtract};
use newsgraph::store::{content_hash, DirLock, Store, DB_FILE};
use newsgraph::text::Document;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
/// Writes graph.json (node-link), graph.dot and graph.svg, and keeps every
/// document's extract in DIR/extracts.sqlite (for --update and `merge`).
/// Documents are read as a stream and extracted on all cores; the output is
/// the same whatever the thread count. Every file is written atomically; a
/// second build into the same folder at the same time stops with a message.
///
/// Example:
///   newsgraph build                      # seeds/ -> out/
///   newsgraph build articles/ -o graph/  # a folder of your own
///   newsgraph build --jsonl feed.jsonl -o feed/
///   newsgraph build articles/ -o graph/ --update   # only new or changed articles
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
    /// Update an earlier build in the output folder: extract only new or changed
    /// documents (by content hash), forget documents no longer in the input.
    #[arg(long)]
    pub update: bool,
    #[command(flatten)]
    pub parser: super::ParserArgs,
    /// Write the run's numbers (words, seconds, peak memory, nodes, edges) as JSON to FILE.
    #[arg(long, hide = true)]
    pub stats_json: Option<PathBuf>,
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
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, streamed to the temporary file.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let tmp = path.with_extension(format!("{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("")));
    let f = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let mut w = std::io::BufWriter::new(f);
    write(&mut w).and_then(|_| w.flush()).with_context(|| format!("cannot write {}", tmp.display()))?;
    w.get_ref().sync_all().ok();
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// What one build did.
#[derive(Debug, serde::Serialize)]
pub struct BuildSummary {
    pub documents: usize,
    pub sentences: usize,
    pub words: usize,
    /// Documents (and their words) extracted in this run; the rest came from the store.
    pub extracted: usize,
    pub extracted_words: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub nodes: usize,
    pub edges: usize,
    pub seconds: f64,
    pub threads: usize,
    pub peak_rss_kb: Option<u64>,
}

/// Peak resident memory of this process (VmHWM), in kB.
pub fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Identifies the extractor (this binary): stored extracts from another one are re-extracted.
pub fn extractor_id() -> String {
    let exe = std::env::current_exe().ok().and_then(|path| file_hash(&path).ok()).unwrap_or(0);
    // The parser's beam width changes the extracts too.
    let beam = newsgraph::parse::beam_width();
    format!("{}-{}-{exe:016x}-beam{beam}", env!("CARGO_PKG_VERSION"), newsgraph::store::SCHEMA)
}

/// This binary's [`extractor_id`], and whether `store`'s extracts are its
/// own. The id is the one the store recorded when this binary (same path,
/// size and modification time) with the same beam wrote it: hashing the
/// binary is the largest fixed cost of a small `--update`.
fn stored_extractor_id(store: &Store, exe_key: &str) -> Result<(String, bool)> {
    let recorded = store.meta("extractor")?;
    let id = match recorded.as_deref() {
        Some(id) if store.meta("extractor_exe")?.as_deref() == Some(exe_key) => id.to_string(),
        _ => extractor_id(),
    };
    let own = recorded.as_deref() == Some(id.as_str());
    Ok((id, own))
}

/// Where this binary is, its size and modification time, and the beam width.
fn exe_key() -> String {
    let exe = std::env::current_exe().ok();
    let meta = exe.as_ref().and_then(|p| std::fs::metadata(p).ok());
    let modified =
        meta.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    format!(
        "{}|{}|{}|beam{}",
        exe.map(|p| p.display().to_string()).unwrap_or_default(),
        meta.map_or(0, |m| m.len()),
        modified.map_or(0, |d| d.as_nanos()),
        newsgraph::parse::beam_width()
    )
}

/// A fast 64-bit hash of a file's bytes, read in chunks: the binary is
/// tens of megabytes (the models are inside it), and hashing it is part of
/// every `--update`, so it reads into one reused buffer and mixes eight
/// bytes at a time in four independent lanes.
fn file_hash(path: &Path) -> std::io::Result<u64> {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut lanes = [1u64, 2, 3, 4];
    let mut len = 0u64;
    loop {
        let n = read_full(&mut file, &mut buf)?;
        if n == 0 {
            break;
        }
        len += n as u64;
        let (words, tail) = buf[..n].split_at(n / 32 * 32);
        for block in words.chunks_exact(32) {
            for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
                *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
            }
        }
        for &b in tail {
            lanes[0] = (lanes[0] ^ b as u64).wrapping_mul(K).rotate_left(29);
        }
    }
    Ok(lanes.iter().fold(len.wrapping_mul(K), |h, &l| (h ^ l).wrapping_mul(K).rotate_left(31)))
}

/// Fills `buf` from `file` unless the file ends first; returns how many bytes were read.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// One document after the map step: unchanged (kept from the store) or freshly extracted.
enum Mapped {
    Kept(String),
    New { hash: String, json: String, extract: Slim },
}

/// What the first pass of the reduce keeps of a document in memory (its
/// relations and evidence stay in the store until the second pass).
pub struct Slim {
    id: String,
    /// Its local entities (without the mention links), postcard-encoded:
    /// about a fifth of their size as objects (3.3 GB -> 0.7 GB after the map
    /// step of a 1 GB corpus), which matters at a million documents.
    entities: Vec<u8>,
    endpoints: Vec<usize>,
    words: usize,
    sentences: usize,
}

fn slim(mut x: DocumentExtract) -> Slim {
    x.entities.links = Vec::new();
    Slim {
        endpoints: newsgraph::pipeline::relation_endpoints(&x),
        entities: postcard::to_allocvec(&x.entities).expect("encoding to memory cannot fail"),
        id: x.id,
        words: x.words,
        sentences: x.sentence_count,
    }
}

/// The documents' entities, decoded one document at a time as resolution reads them.
struct SlimEntities<'a>(&'a [Slim]);

impl newsgraph::resolve::EntitySource for SlimEntities<'_> {
    fn for_each(&self, f: &mut dyn FnMut(&str, &newsgraph::resolve::DocumentEntities)) {
        for x in self.0 {
            let entities = postcard::from_bytes(&x.entities).expect("encoded by slim() in this process");
            f(&x.id, &entities);
        }
    }

    fn id(&self, d: usize) -> Option<&str> {
        self.0.get(d).map(|x| x.id.as_str())
    }
}

/// Documents a batch holds: enough to keep every core busy, few enough to bound memory.
const BATCH: usize = 256;

/// Streams documents through `f` on the pool, in batches; `sink` gets each batch's
/// results in input order on another thread while the next batch is extracted.
pub fn par_stream<T: Send>(
    pool: &rayon::ThreadPool,
    docs: impl Iterator<Item = Document> + Send,
    f: impl Fn(Document) -> T + Sync + Send,
    sink: impl FnMut(Vec<T>) -> Result<()> + Send,
) -> Result<()> {
    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(2);
    let (out_tx, out_rx) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut docs = docs;
            loop {
                let batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
                if batch.is_empty() || batch_tx.send(batch).is_err() {
                    break;
                }
            }
        });
        let writer = scope.spawn(move || -> Result<()> {
            let mut sink = sink;
            for out in out_rx {
                sink(out)?;
            }
            Ok(())
        });
        for batch in batch_rx {
            let out: Vec<T> = pool.install(|| batch.into_par_iter().map(&f).collect());
            if out_tx.send(out).is_err() {
                break; // the sink failed; its error is reported below
            }
        }
        drop(out_tx);
        writer.join().expect("the writer thread does not panic")
    })
}

/// Builds (or updates) the graph in `args.output`.
pub fn build_into(args: &BuildArgs) -> Result<(BuildSummary, Vec<String>)> {
    let started = Instant::now();
    let pool = thread_pool(args.threads)?;
    let threads = pool.current_num_threads();
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create the output folder {}", args.output.display()))?;
    let _lock = DirLock::acquire(&args.output)?;
    newsgraph::pipeline::load_models_in_background();
    let db_path = args.output.join(DB_FILE);
    let tmp_path = args.output.join(format!("{DB_FILE}.tmp"));
    let updating = args.update && db_path.is_file();
    let exe_key = exe_key();
    // `stored`: every stored document's content hash; `reuse`: whether its
    // extract may be kept when the hash is unchanged.
    let (mut store, stored, reuse, extractor) = if updating {
        let store = Store::open(&db_path)?;
        let (extractor, own) = stored_extractor_id(&store, &exe_key)?;
        let stored = store.hashes()?;
        if !own && !stored.is_empty() {
            eprintln!("note: {} was written by another newsgraph binary or with another --beam; every document is extracted again", db_path.display());
        }
        store.begin()?;
        (store, stored, own, extractor)
    } else {
        if args.update {
            eprintln!("note: {} holds no earlier build; building from scratch", args.output.display());
        }
        let store = Store::create_fresh(&tmp_path)?;
        store.begin()?;
        (store, HashMap::new(), false, extractor_id())
    };

    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(ProgressStyle::with_template("{spinner} {pos} documents {per_sec}")?);
        b
    } else {
        ProgressBar::hidden()
    };
    let docs = DocumentStream::new(&args.inputs, args.jsonl, |w| eprintln!("warning: {w}"));
    let mut extracts: Vec<Slim> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: HashSet<String> = HashSet::new();
    let mut extracted_words = 0;
    let stored_ref = &stored;
    let (store_r, extracts_r, seen_r, kept_r, words_r, bar_r) =
        (&mut store, &mut extracts, &mut seen, &mut kept, &mut extracted_words, &bar);
    par_stream(
        &pool,
        docs,
        |d| {
            let hash = content_hash(&d);
            if reuse && stored_ref.get(&d.id) == Some(&hash) {
                return Ok(Mapped::Kept(d.id));
            }
            let x = extract_document(&d);
            let json = serde_json::to_string(&x)?;
            Ok(Mapped::New { hash, json, extract: slim(x) })
        },
        move |batch: Vec<Result<Mapped>>| {
            let store = &*store_r;
            for m in batch {
                match m? {
                    Mapped::Kept(id) => {
                        seen_r.insert(id.clone());
                        kept_r.insert(id);
                    }
                    Mapped::New { hash, json, extract } => {
                        store.put_json(&extract.id, &hash, &json)?;
                        seen_r.insert(extract.id.clone());
                        *words_r += extract.words;
                        extracts_r.push(extract);
                    }
                }
                bar_r.inc(1);
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let timing = std::env::var_os("NEWSGRAPH_TIMING").is_some();
    let report = |phase: &str| {
        if timing {
            eprintln!(
                "timing: {phase} {:.2}s, peak RSS {} MB",
                started.elapsed().as_secs_f64(),
                peak_rss_kb().unwrap_or(0) / 1024
            );
        }
    };
    report("map");
    anyhow::ensure!(
        !seen.is_empty(),
        "no document could be read from {} (give .txt/.md files, a folder of them, or --jsonl)",
        args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    let extracted = extracts.len();
    let mut removed = 0;
    for id in stored.keys() {
        if !seen.contains(id) {
            store.delete(id)?;
            removed += 1;
        }
    }
    for (_, x) in store.load_ids(&kept)? {
        extracts.push(slim(x));
    }
    store.set_meta("extractor", &extractor)?;
    store.set_meta("extractor_exe", &exe_key)?;
    store.commit()?;
    store.close()?;
    if !updating {
        Store::settle_before_replace(&db_path)?;
        std::fs::rename(&tmp_path, &db_path).with_context(|| format!("cannot replace {}", db_path.display()))?;
    }
    // The reduce: sorted by id, so neither thread count nor input order matters.
    extracts.sort_by(|a, b| a.id.cmp(&b.id));
    let opts = BuildOptions { max_evidence: args.max_evidence, min_confidence: args.min_confidence };
    report("store");
    // Two passes: entities from memory, then relations and evidence read back one document at a time.
    let endpoints: Vec<Vec<usize>> = extracts.iter().map(|x| x.endpoints.clone()).collect();
    let store = Store::open_existing(&db_path)?;
    let graph = newsgraph::pipeline::build_graph_in_two_passes(&SlimEntities(&extracts), &endpoints, &opts, |f| {
        let mut d = 0;
        store.for_each(|_, x| {
            f(d, &x)?;
            d += 1;
            Ok(())
        })
    })?;
    drop(store);
    report("reduce");
    let written = super::outputs::write_all(&graph, &args.output)?;
    let summary = BuildSummary {
        documents: extracts.len(),
        sentences: extracts.iter().map(|x| x.sentences).sum(),
        words: extracts.iter().map(|x| x.words).sum(),
        extracted,
        extracted_words,
        unchanged: kept.len(),
        removed,
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        seconds: started.elapsed().as_secs_f64(),
        threads,
        peak_rss_kb: peak_rss_kb(),
    };
    Ok((summary, written))
}

pub fn run(args: BuildArgs) -> Result<ExitCode> {
    args.parser.apply()?;
    let (s, written) = build_into(&args)?;
    let update = if args.update {
        format!(" ({} extracted, {} unchanged, {} removed)", s.extracted, s.unchanged, s.removed)
    } else {
        String::new()
    };
    println!(
        "{} documents, {} sentences, {} words -> {} entities, {} relations in {:.2}s ({:.0} words/s, {} threads){update}",
        s.documents,
        s.sentences,
        s.words,
        s.nodes,
        s.edges,
        s.seconds,
        s.extracted_words as f64 / s.seconds.max(1e-9),
        s.threads,
    );
    for line in written {
        println!("wrote {line}");
    }
    if let Some(p) = &args.stats_json {
        write_atomic(p, serde_json::to_string_pretty(&s)?.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Print the relations found in articles, without building files; with
/// --jsonl, run the map step: JSON Lines documents in, one JSON line out per
/// document with its mentions, local entities and relations (what `merge` reads).
///
/// TSV columns: doc, sentence, subject, relation, object, kind, negated, modality, confidence, evidence.
///
/// Example:
///   newsgraph extract seeds/
///   newsgraph extract article.txt --json | jq .
///   newsgraph extract --jsonl < docs.jsonl > extracts.jsonl   # the map step
///   newsgraph merge extracts.jsonl -o graph/                  # the reduce step
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` reads standard input (the default with --jsonl, else seeds/).
    pub inputs: Vec<PathBuf>,
    /// The map step: read JSON Lines documents (standard input by default) and
    /// write one JSON line per document: its extract (id, title, date, words,
    /// local entities with mention links, relations, evidence sentences), its
    /// mentions, and its content hash.
    #[arg(long)]
    pub jsonl: bool,
    /// One JSON object a relation instead of TSV.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub parser: super::ParserArgs,
}

pub fn run_extract(mut args: ExtractArgs) -> Result<ExitCode> {
    args.parser.apply()?;
    if args.inputs.is_empty() {
        args.inputs.push(PathBuf::from(if args.jsonl { "-" } else { "seeds" }));
    }
    if args.jsonl {
        return extract_jsonl(&args);
    }
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

/// `extract --jsonl`: the map step, streaming, one output line per document in input order.
fn extract_jsonl(args: &ExtractArgs) -> Result<ExitCode> {
    let pool = thread_pool(args.threads)?;
    let extractor = extractor_id();
    let docs = DocumentStream::new(&args.inputs, true, |w| eprintln!("warning: {w}"));
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut n = 0;
    let ex = extractor.as_str();
    par_stream(
        &pool,
        docs,
        |d| extract_line(&d, ex),
        |lines: Vec<Result<String>>| {
            for l in lines {
                out.write_all(l?.as_bytes())?;
                out.write_all(b"\n")?;
                n += 1;
            }
            Ok(())
        },
    )?;
    out.flush()?;
    if n == 0 {
        eprintln!("warning: no document was read");
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of `extract --jsonl`: the [`DocumentExtract`] object with `mentions`,
/// `content_hash` and `extractor` added.
pub fn extract_line(d: &Document, extractor: &str) -> Result<String> {
    let (x, mentions) = extract_document_with_mentions(d);
    let mut line = serde_json::to_string(&x)?;
    line.pop(); // the closing brace
    line.push_str(",\"mentions\":");
    line.push_str(&serde_json::to_string(&mentions)?);
    line.push_str(",\"content_hash\":");
    line.push_str(&serde_json::to_string(&content_hash(d))?);
    line.push_str(",\"extractor\":");
    line.push_str(&serde_json::to_string(extractor)?);
    line.push('}');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::{extractor_id, file_hash, stored_extractor_id, Store};

    #[test]
    fn the_stored_extractor_id_is_reused_only_for_the_same_binary() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create_fresh(&dir.path().join("x.sqlite")).unwrap();
        store.set_meta("extractor", "recorded").unwrap();
        store.set_meta("extractor_exe", "/bin/newsgraph|123|456|beam4").unwrap();
        assert_eq!(stored_extractor_id(&store, "/bin/newsgraph|123|456|beam4").unwrap(), ("recorded".into(), true));
        // Another size, time or beam: the binary is hashed again.
        for key in ["/bin/newsgraph|124|456|beam4", "/bin/newsgraph|123|457|beam4", "/bin/newsgraph|123|456|beam2"] {
            assert_eq!(stored_extractor_id(&store, key).unwrap(), (extractor_id(), false), "{key}");
        }
    }

    #[test]
    fn file_hash_tells_files_apart_by_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            file_hash(&path).unwrap()
        };
        // Longer than one read, not a multiple of the 32-byte block.
        let mut bytes: Vec<u8> = (0..(1 << 20) + 77).map(|i| (i * 31 % 251) as u8).collect();
        let base = write("a", &bytes);
        assert_eq!(base, write("b", &bytes), "same bytes, same hash");
        for at in [0, 5, 1 << 19, (1 << 20) + 76] {
            bytes[at] ^= 1;
            assert_ne!(base, write("c", &bytes), "byte {at} changed");
            bytes[at] ^= 1;
        }
        bytes.push(0);
        assert_ne!(base, write("d", &bytes), "a byte longer");
        assert_ne!(write("e", b""), write("f", b"\0"));
    }
}
