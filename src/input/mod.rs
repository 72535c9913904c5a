//! Stage 0: documents from files, folders, standard input and JSON Lines.
//!
//! Bad input never stops a run: each unreadable, binary, empty or malformed
//! source becomes one [`Warning`] naming it, and the rest is read.

use serde::Deserialize;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::text::{blocks, Document};

/// A problem with one input that was skipped or repaired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The file (or `<stdin>`), with the line for JSON Lines.
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}, line {}: {}", self.source, l, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// Documents read and the warnings met on the way.
#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
}

#[derive(Deserialize)]
struct JsonDoc {
    text: String,
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
}

/// Reads every input: `-` is standard input; folders are walked recursively for
/// `.txt` and `.md` files (sorted); with `jsonl`, files hold one JSON document a line.
pub fn read_inputs(paths: &[PathBuf], jsonl: bool) -> Inputs {
    let mut out = Inputs::default();
    for path in paths {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => add_bytes(&mut out, "<stdin>", "stdin", bytes, jsonl),
                Err(e) => warn(&mut out, "<stdin>", None, format!("cannot read standard input: {e}")),
            }
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                warn(&mut out, &path.display().to_string(), None, format!("cannot read: {e}"));
                continue;
            }
        };
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &mut out);
            files.sort();
            if files.is_empty() {
                warn(&mut out, &path.display().to_string(), None, "folder holds no .txt or .md files".into());
            }
            for f in files {
                read_file(&mut out, &f, jsonl);
            }
        } else {
            read_file(&mut out, path, jsonl);
        }
    }
    dedup_ids(&mut out);
    out
}

fn warn(out: &mut Inputs, source: &str, line: Option<usize>, message: String) {
    out.warnings.push(Warning { source: source.to_string(), line, message });
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, out: &mut Inputs) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return warn(out, &dir.display().to_string(), None, format!("cannot list folder: {e}")),
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, files, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "jsonl")) {
            files.push(p);
        }
    }
}

fn read_file(out: &mut Inputs, path: &Path, jsonl: bool) {
    let source = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
            let as_jsonl = jsonl || path.extension().is_some_and(|e| e == "jsonl");
            add_bytes(out, &source, &stem, bytes, as_jsonl)
        }
        Err(e) => warn(out, &source, None, format!("cannot read: {e}")),
    }
}

/// Decodes bytes (repairing invalid UTF-8 with a warning) and adds the document(s).
fn add_bytes(out: &mut Inputs, source: &str, stem: &str, bytes: Vec<u8>, jsonl: bool) {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return warn(out, source, None, "binary file (NUL bytes), skipped".into());
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            warn(
                out,
                source,
                None,
                format!("invalid UTF-8 at byte {at}; bad bytes replaced with U+FFFD (save the file as UTF-8 to fix)"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    if text.trim().is_empty() {
        return warn(out, source, None, "empty, skipped".into());
    }
    if jsonl {
        add_jsonl(out, source, stem, &text);
    } else {
        out.documents.push(document(stem.to_string(), None, None, text));
    }
}

fn add_jsonl(out: &mut Inputs, source: &str, stem: &str, text: &str) {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<JsonDoc>(line) {
            Ok(d) if d.text.trim().is_empty() => warn(out, source, Some(i + 1), "\"text\" is empty, skipped".into()),
            Ok(d) => {
                let id = match d.id {
                    Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => format!("{stem}-{}", i + 1),
                };
                out.documents.push(document(id, d.title, d.date, d.text));
            }
            Err(e) => {
                warn(out, source, Some(i + 1), format!("not a JSON object with a \"text\" string ({e}), skipped"))
            }
        }
    }
}

/// A document; a first line `date YYYY-MM-DD <title>` gives date and title.
pub fn document(id: String, title: Option<String>, date: Option<String>, text: String) -> Document {
    let (date, title) = match blocks::parse_header(&text) {
        Some((d, t, ..)) => (date.or(Some(d)), title.or((!t.is_empty()).then_some(t))),
        None => (date, title),
    };
    Document { id, title, date, text }
}

/// Two inputs with the same id (same file name in two folders) get `-2`, `-3`...
fn dedup_ids(out: &mut Inputs) {
    let mut seen = HashSet::new();
    for d in &mut out.documents {
        if !seen.insert(d.id.clone()) {
            let mut n = 2;
            while seen.contains(&format!("{}-{n}", d.id)) {
                n += 1;
            }
            let new = format!("{}-{n}", d.id);
            out.warnings.push(Warning {
                source: d.id.clone(),
                line: None,
                message: format!("document id used twice; this one is renamed {new}"),
            });
            d.id = new.clone();
            seen.insert(new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_warn_and_the_rest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("good.txt"), "date 2025-01-02 A title\n\nBody text.").unwrap();
        std::fs::write(p.join("empty.txt"), "").unwrap();
        std::fs::write(p.join("bin.txt"), [0u8, 1, 2, 3]).unwrap();
        std::fs::write(p.join("latin1.txt"), b"Caf\xe9 opened.").unwrap();
        std::fs::write(p.join("ignored.png"), "x").unwrap();
        let got = read_inputs(&[p.to_path_buf(), p.join("missing.txt")], false);
        let ids: Vec<_> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["good", "latin1"]);
        assert_eq!(got.documents[0].date.as_deref(), Some("2025-01-02"));
        assert_eq!(got.documents[0].title.as_deref(), Some("A title"));
        let msgs: Vec<String> = got.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("bin.txt") && m.contains("binary")));
        assert!(msgs.iter().any(|m| m.contains("empty.txt") && m.contains("empty")));
        assert!(msgs.iter().any(|m| m.contains("latin1.txt") && m.contains("UTF-8")));
        assert!(msgs.iter().any(|m| m.contains("missing.txt") && m.contains("cannot read")));
    }

    #[test]
    fn jsonl_lines_with_errors() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("docs.jsonl");
        std::fs::write(
            &f,
            "{\"id\": \"a\", \"text\": \"One.\", \"date\": \"2025-05-01\"}\nnot json\n{\"text\": \"Two.\"}\n{\"id\": \"x\"}\n",
        )
        .unwrap();
        let got = read_inputs(&[f], true);
        let ids: Vec<_> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "docs-3"]);
        let lines: Vec<_> = got.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(4)]);
    }
}
