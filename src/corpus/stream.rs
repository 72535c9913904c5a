//! Documents as a stream: the same inputs as [`crate::input::read_inputs`]
//! (files, folders walked recursively, `-` for standard input, JSON Lines),
//! but JSON Lines are read one line at a time, so memory does not grow with
//! the input. Warnings go to a callback as they are met.

use serde::Deserialize;
use std::collections::{HashSet, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::input::{document, read_inputs, Warning};
use crate::text::Document;

#[derive(Deserialize)]
struct JsonDoc {
    text: String,
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
}

enum Source {
    Path(PathBuf),
    Stdin,
}

struct Lines {
    reader: Box<dyn BufRead + Send>,
    source: String,
    stem: String,
    line: usize,
    any: bool,
}

/// An iterator over the documents of some inputs.
pub struct DocumentStream {
    queue: VecDeque<Source>,
    jsonl: bool,
    lines: Option<Lines>,
    pending: VecDeque<Document>,
    seen: HashSet<String>,
    on_warning: Box<dyn FnMut(Warning) + Send>,
    /// Documents yielded so far.
    pub documents: usize,
    /// Warnings met so far.
    pub warnings: usize,
}

impl DocumentStream {
    /// Streams `paths` (see [`crate::input::read_inputs`]); `on_warning` gets every warning.
    pub fn new(paths: &[PathBuf], jsonl: bool, on_warning: impl FnMut(Warning) + Send + 'static) -> Self {
        let mut s = DocumentStream {
            queue: VecDeque::new(),
            jsonl,
            lines: None,
            pending: VecDeque::new(),
            seen: HashSet::new(),
            on_warning: Box::new(on_warning),
            documents: 0,
            warnings: 0,
        };
        for p in paths {
            if p == Path::new("-") {
                s.queue.push_back(Source::Stdin);
            } else if p.is_dir() {
                let mut files = Vec::new();
                s.walk(p, &mut files);
                files.sort();
                if files.is_empty() {
                    s.warn(p.display().to_string(), None, "folder holds no .txt or .md files".into());
                }
                s.queue.extend(files.into_iter().map(Source::Path));
            } else {
                s.queue.push_back(Source::Path(p.clone()));
            }
        }
        s
    }

    fn warn(&mut self, source: String, line: Option<usize>, message: String) {
        self.warnings += 1;
        (self.on_warning)(Warning { source, line, message });
    }

    fn walk(&mut self, dir: &Path, files: &mut Vec<PathBuf>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.warn(dir.display().to_string(), None, format!("cannot list folder: {e}")),
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                self.walk(&p, files);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "jsonl")) {
                files.push(p);
            }
        }
    }

    /// Gives a document its final id: one already used gets `-2`, `-3`...
    fn admit(&mut self, mut d: Document) -> Document {
        if !self.seen.insert(d.id.clone()) {
            let mut n = 2;
            while self.seen.contains(&format!("{}-{n}", d.id)) {
                n += 1;
            }
            let new = format!("{}-{n}", d.id);
            let old = std::mem::replace(&mut d.id, new.clone());
            self.warn(old, None, format!("document id used twice; this one is renamed {new}"));
            self.seen.insert(new);
        }
        self.documents += 1;
        d
    }

    /// Opens the next source: JSON Lines become a line reader, anything else is read whole.
    fn open(&mut self, src: Source) {
        let (source, stem, reader): (String, String, Box<dyn BufRead + Send>) = match src {
            Source::Stdin if !self.jsonl => {
                let got = read_inputs(&[PathBuf::from("-")], false);
                self.take(got);
                return;
            }
            Source::Stdin => ("<stdin>".into(), "stdin".into(), Box::new(BufReader::new(std::io::stdin()))),
            Source::Path(p) => {
                let as_jsonl = self.jsonl || p.extension().is_some_and(|e| e == "jsonl");
                if !as_jsonl {
                    let got = read_inputs(&[p], false);
                    self.take(got);
                    return;
                }
                match std::fs::File::open(&p) {
                    Ok(f) => (
                        p.display().to_string(),
                        p.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string(),
                        Box::new(BufReader::with_capacity(1 << 20, f)),
                    ),
                    Err(e) => return self.warn(p.display().to_string(), None, format!("cannot read: {e}")),
                }
            }
        };
        let mut reader = reader;
        // A binary file shows NUL bytes early.
        if let Ok(head) = reader.fill_buf() {
            if head.iter().take(8192).any(|&b| b == 0) {
                return self.warn(source, None, "binary file (NUL bytes), skipped".into());
            }
        }
        self.lines = Some(Lines { reader, source, stem, line: 0, any: false });
    }

    fn take(&mut self, got: crate::input::Inputs) {
        for w in got.warnings {
            self.warn(w.source, w.line, w.message);
        }
        for d in got.documents {
            let d = self.admit(d);
            self.pending.push_back(d);
        }
    }

    /// The next document of the open JSON Lines source, `None` at its end.
    fn next_line(&mut self) -> Option<Document> {
        let mut buf = Vec::new();
        loop {
            let l = self.lines.as_mut()?;
            buf.clear();
            match l.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    let l = self.lines.take().unwrap();
                    if !l.any {
                        self.warn(l.source, None, "empty, skipped".into());
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let l = self.lines.take().unwrap();
                    self.warn(l.source, Some(l.line + 1), format!("cannot read: {e}"));
                    return None;
                }
            }
            l.line += 1;
            let line_no = l.line;
            let source = l.source.clone();
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t.to_string(),
                Err(e) => {
                    let at = e.valid_up_to();
                    let t = String::from_utf8_lossy(&buf).into_owned();
                    self.warn(
                        source.clone(),
                        Some(line_no),
                        format!("invalid UTF-8 at byte {at}; bad bytes replaced with U+FFFD (save the file as UTF-8 to fix)"),
                    );
                    t
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            let l = self.lines.as_mut().unwrap();
            l.any = true;
            let stem = l.stem.clone();
            match serde_json::from_str::<JsonDoc>(&text) {
                Ok(d) if d.text.trim().is_empty() => {
                    self.warn(source, Some(line_no), "\"text\" is empty, skipped".into())
                }
                Ok(d) => {
                    let id = match d.id {
                        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                        Some(serde_json::Value::Number(n)) => n.to_string(),
                        _ => format!("{stem}-{line_no}"),
                    };
                    return Some(self.admit(document(id, d.title, d.date, d.text)));
                }
                Err(e) => {
                    self.warn(source, Some(line_no), format!("not a JSON object with a \"text\" string ({e}), skipped"))
                }
            }
        }
    }
}

impl Iterator for DocumentStream {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if let Some(d) = self.pending.pop_front() {
                return Some(d);
            }
            if self.lines.is_some() {
                if let Some(d) = self.next_line() {
                    return Some(d);
                }
                continue;
            }
            let src = self.queue.pop_front()?;
            self.open(src);
        }
    }
}

/// Reads whole `Read`ers of JSON Lines documents (for tests and tools).
pub fn jsonl_documents(r: impl Read + Send + 'static) -> impl Iterator<Item = Document> {
    let mut s = DocumentStream::new(&[], true, |_| {});
    s.lines = Some(Lines {
        reader: Box::new(BufReader::new(r)),
        source: "<reader>".into(),
        stem: "doc".into(),
        line: 0,
        any: false,
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_the_same_documents_as_read_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("good.txt"), "date 2025-01-02 A title\n\nBody text.").unwrap();
        std::fs::write(p.join("empty.txt"), "").unwrap();
        std::fs::write(p.join("bin.txt"), [0u8, 1, 2, 3]).unwrap();
        std::fs::write(
            p.join("docs.jsonl"),
            "{\"id\": \"a\", \"text\": \"One.\", \"date\": \"2025-05-01\"}\nnot json\n{\"text\": \"Two.\"}\n{\"id\": \"x\"}\n{\"id\": \"good\", \"text\": \"Again.\"}\n",
        )
        .unwrap();
        let want = read_inputs(&[p.to_path_buf()], false);
        let warnings = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let w2 = warnings.clone();
        let got: Vec<Document> =
            DocumentStream::new(&[p.to_path_buf()], false, move |w| w2.lock().unwrap().push(w)).collect();
        assert_eq!(got, want.documents);
        assert_eq!(warnings.lock().unwrap().len(), want.warnings.len());
    }
}
