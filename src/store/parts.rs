//! Reading the parts that `newsgraph merge` combines: JSON Lines of extracts
//! (from `newsgraph extract --jsonl`, or folders of `part-*` files as Spark
//! writes them) and output folders of `build`/`merge` (their extract database).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::{Store, DB_FILE};
use crate::pipeline::DocumentExtract;
use crate::{Error, Result};

/// The extracts of all parts: one per document id, in id order.
#[derive(Default)]
pub struct Parts {
    /// id -> (content hash when known, extract).
    pub docs: BTreeMap<String, (Option<String>, DocumentExtract)>,
    /// The extractors that made them (`extractor` of the lines, or of the databases).
    pub extractors: BTreeSet<String>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct LineMeta {
    content_hash: Option<String>,
    extractor: Option<String>,
}

impl Parts {
    /// Adds one extract. The same id twice keeps one: the same content silently;
    /// different content with a warning, the smaller hash (then the smaller JSON) winning,
    /// so the result never depends on the order of the parts.
    pub fn add(&mut self, hash: Option<String>, x: DocumentExtract) {
        use std::collections::btree_map::Entry;
        match self.docs.entry(x.id.clone()) {
            Entry::Vacant(v) => {
                v.insert((hash, x));
            }
            Entry::Occupied(mut o) => {
                let (h0, x0) = o.get();
                if (h0.is_some() && *h0 == hash) || *x0 == x {
                    return;
                }
                let key =
                    |h: &Option<String>, x: &DocumentExtract| (h.clone(), serde_json::to_string(x).unwrap_or_default());
                self.warnings.push(format!("document {:?} is in two parts with different content; one is kept", x.id));
                if key(&hash, &x) < key(h0, x0) {
                    o.insert((hash, x));
                }
            }
        }
    }

    /// Reads a part: a build output folder (or its graph.json, or its database),
    /// a folder of `part-*` JSON Lines files, a JSON Lines file, or `-` (standard input).
    pub fn read(&mut self, path: &Path) -> Result<()> {
        if path == Path::new("-") {
            return self.read_lines(BufReader::new(std::io::stdin()), "<stdin>");
        }
        if path.is_dir() {
            let db = path.join(DB_FILE);
            if db.is_file() {
                return self.read_db(&db);
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::store(path, format!("cannot list: {e}")))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    p.is_file() && (name.starts_with("part-") || name.ends_with(".jsonl")) && !name.ends_with(".crc")
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Error::store(
                    path,
                    format!("this folder is neither a build output (no {DB_FILE}) nor a folder of part-* or .jsonl extract files"),
                ));
            }
            for f in files {
                self.read_file(&f)?;
            }
            return Ok(());
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == DB_FILE || name.ends_with(".sqlite") {
            return self.read_db(path);
        }
        if name.ends_with(".json") && !name.ends_with(".jsonl") {
            let db = path.parent().unwrap_or(Path::new(".")).join(DB_FILE);
            if !db.is_file() {
                return Err(Error::store(
                    path,
                    format!("a graph without its extracts: merge needs the folder `build` wrote ({DB_FILE} beside graph.json)"),
                ));
            }
            return self.read_db(&db);
        }
        self.read_file(path)
    }

    fn read_file(&mut self, path: &Path) -> Result<()> {
        let f = std::fs::File::open(path).map_err(|e| Error::store(path, format!("cannot read: {e}")))?;
        self.read_lines(BufReader::with_capacity(1 << 20, f), &path.display().to_string())
    }

    /// Lines of `extract --jsonl`; a line that is not an extract is an error naming it.
    pub fn read_lines(&mut self, r: impl BufRead, source: &str) -> Result<()> {
        for (i, line) in r.lines().enumerate() {
            let at = |message: String| Error::Data { path: source.into(), line: i + 1, message };
            let line = line.map_err(|e| at(format!("cannot read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let x: DocumentExtract = serde_json::from_str(&line).map_err(|e| {
                at(format!("not a document extract (make parts with `newsgraph extract --jsonl`): {e}"))
            })?;
            let meta: LineMeta =
                serde_json::from_str(&line).unwrap_or(LineMeta { content_hash: None, extractor: None });
            if let Some(e) = meta.extractor {
                self.extractors.insert(e);
            } else {
                self.extractors.insert(String::new());
            }
            self.add(meta.content_hash, x);
        }
        Ok(())
    }

    fn read_db(&mut self, db: &Path) -> Result<()> {
        let store = Store::open_existing(db)?;
        self.extractors.insert(store.meta("extractor").ok().flatten().unwrap_or_default());
        store.for_each(|hash, x| {
            self.add(Some(hash), x);
            Ok(())
        })
    }

    /// The one extractor that made every part, if they agree.
    pub fn extractor(&self) -> Option<&str> {
        match self.extractors.len() {
            1 => self.extractors.iter().next().map(|s| s.as_str()).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    /// Writes every extract into a fresh database at `path`.
    pub fn write_db(&self, path: &Path) -> Result<()> {
        let store = Store::create_fresh(path)?;
        store.begin()?;
        for (hash, x) in self.docs.values() {
            store.put(hash.as_deref().unwrap_or(""), x)?;
        }
        store.set_meta("extractor", self.extractor().unwrap_or("mixed"))?;
        store.commit()?;
        store.close()
    }

    /// The extracts in id order (what [`crate::pipeline::build_graph`] takes).
    pub fn into_extracts(self) -> Vec<DocumentExtract> {
        self.docs.into_values().map(|(_, x)| x).collect()
    }
}
