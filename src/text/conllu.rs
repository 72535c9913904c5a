//! Minimal CoNLL-U reading and writing, used by `annotate` and model training.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::{Error, Result};

/// One CoNLL-U word line (multiword ranges and empty nodes are dropped on reading).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root, else the 1-based index of the head word; `None` when `_`.
    pub head: Option<usize>,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConlluSentence {
    /// Comment lines without the leading `# `... kept verbatim, with the `#`.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
}

impl ConlluSentence {
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<ConlluSentence>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read(std::io::BufReader::new(file), path)
}

/// Reads CoNLL-U from any reader; `path` only names the source in errors.
pub fn read(reader: impl BufRead, path: &Path) -> Result<Vec<ConlluSentence>> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Error::Data {
                path: path.into(),
                line: i + 1,
                message: format!("expected 10 tab-separated CoNLL-U columns, found {}", cols.len()),
            });
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = match cols[6] {
            "_" => None,
            h => Some(h.parse().map_err(|_| Error::Data {
                path: path.into(),
                line: i + 1,
                message: format!("HEAD {h:?} is not a number"),
            })?),
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Writes sentences as CoNLL-U; empty fields are written as `_`.
pub fn write(mut w: impl Write, sentences: &[ConlluSentence]) -> std::io::Result<()> {
    fn f(s: &str) -> &str {
        if s.is_empty() {
            "_"
        } else {
            s
        }
    }
    for s in sentences {
        for c in &s.comments {
            writeln!(w, "{c}")?;
        }
        for (i, word) in s.words.iter().enumerate() {
            let head = word.head.map(|h| h.to_string()).unwrap_or_else(|| "_".into());
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                f(&word.form),
                f(&word.lemma),
                f(&word.upos),
                f(&word.xpos),
                f(&word.feats),
                head,
                f(&word.deprel),
                f(&word.deps),
                f(&word.misc)
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_drops_multiword_ranges() {
        let src = "# text = I don't\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n\n";
        let s = read(src.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms(), vec!["I", "do", "n't"]);
        assert_eq!(s[0].words[0].head, Some(3));
        let mut out = Vec::new();
        write(&mut out, &s).unwrap();
        let again = read(out.as_slice(), Path::new("y")).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn wrong_column_count_names_the_line() {
        let err = read("1\tI\n".as_bytes(), Path::new("bad.conllu")).unwrap_err();
        assert!(err.to_string().contains("bad.conllu, line 1"), "{err}");
    }
}
