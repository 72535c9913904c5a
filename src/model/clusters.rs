//! Brown word clusters (Brown et al. 1992) from a large corpus, shared by the
//! NER model and the parser: the word table `scripts/ner_clusters.py` writes
//! from spaCy's English lexeme data (spacy-lookups-data 1.0.5, MIT), one
//! `word<TAB>cluster path<TAB>casing` line per word, most frequent first.

use std::path::Path;

/// The cluster of a word as a number: a 1 bit, then the path's bits from the
/// root of the hierarchy, so that paths of different lengths differ. `None`
/// for an empty path, one of more than 30 steps or other characters than 0/1.
pub(crate) fn cluster_code(path: &str) -> Option<u32> {
    if path.is_empty() || path.len() > 30 {
        return None;
    }
    path.bytes().try_fold(1u32, |c, b| match b {
        b'0' => Some(c << 1),
        b'1' => Some(c << 1 | 1),
        _ => None,
    })
}

/// The first `len` steps of a cluster's path (all of it when shorter; 0 for
/// code 0, a word without a cluster).
#[inline(always)]
pub(crate) fn cluster_prefix(code: u32, len: u32) -> u64 {
    let steps = 31u32.saturating_sub(code.leading_zeros());
    (if steps > len { code >> (steps - len) } else { code }) as u64
}

/// One line of a word table.
pub(crate) struct Row<'a> {
    /// 1-based line number.
    pub line: usize,
    pub word: &'a str,
    /// [`cluster_code`] of the path; 0: no path.
    pub cluster: u32,
    /// The third column as written (may be empty).
    pub casing: &'a str,
}

/// The rows of a word table, in file order (empty lines skipped). Errors give
/// the line number and what is wrong.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = Result<Row<'_>, (usize, String)>> {
    text.lines().enumerate().filter(|(_, l)| !l.is_empty()).map(|(n, line)| {
        let mut cols = line.split('\t');
        let (word, path, casing) = (cols.next().unwrap_or(""), cols.next(), cols.next().unwrap_or(""));
        let path = path.ok_or((n + 1, "expected word<TAB>cluster path<TAB>casing".to_string()))?;
        let cluster = match path {
            "" => 0,
            p => cluster_code(p).ok_or((n + 1, format!("bad cluster path {p:?}")))?,
        };
        Ok(Row { line: n + 1, word, cluster, casing })
    })
}

/// Reads a word table file and hands its text to `parse`, whose errors
/// (line, message) become [`crate::Error::Data`] of that file.
pub(crate) fn read_table<T>(path: &Path, parse: impl FnOnce(&str) -> Result<T, (usize, String)>) -> crate::Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    parse(&text).map_err(|(line, message)| crate::Error::Data { path: path.into(), line, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_prefixes() {
        assert_eq!(cluster_code("0110"), Some(0b10110));
        assert_eq!(cluster_code("1"), Some(0b11));
        assert_eq!(cluster_code(""), None);
        assert_eq!(cluster_code("012"), None);
        let c = cluster_code("011010").unwrap();
        assert_eq!(cluster_prefix(c, 4), cluster_code("0110").unwrap() as u64);
        assert_eq!(cluster_prefix(c, 6), c as u64);
        assert_eq!(cluster_prefix(c, 32), c as u64);
        // A word without a cluster (code 0) has prefix 0 at every length.
        assert_eq!(cluster_prefix(0, 4), 0);
        assert_eq!(cluster_prefix(0, 32), 0);
    }

    #[test]
    fn rows_of_a_table() {
        let r: Vec<_> = rows("a\t01\t2\n\nb\t\t\n").collect::<Result<_, _>>().unwrap();
        assert_eq!((r[0].line, r[0].word, r[0].cluster, r[0].casing), (1, "a", 0b101, "2"));
        assert_eq!((r[1].line, r[1].word, r[1].cluster), (3, "b", 0));
        assert_eq!(rows("a\nb\t1\n").next().unwrap().err().unwrap().0, 1);
        assert!(rows("a\t2\n").next().unwrap().is_err());
    }
}
