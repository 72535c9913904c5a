//! Stage 1: raw text to sentences and tokens, with byte offsets into the document text.
//!
//! Tokens follow the UD English / Penn Treebank conventions the models were
//! trained on: clitics split off ("don't" -> "do" "n't", "Canada's" ->
//! "Canada" "'s"), punctuation split from words, abbreviations kept whole.

pub mod blocks;
pub mod boundary;
pub mod conllu;
mod segment;

pub use segment::{is_dateline, segment, split_sentences, tokenize};

use serde::{Deserialize, Serialize};

/// One input article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: the file stem, or the `id` of a JSON line.
    pub id: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// The full text; every offset in later stages points into it.
    pub text: String,
}

/// A token: `text` is `document.text[start..end]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A sentence: byte span in the document and its tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The token texts, the input every model takes.
    pub fn words(&self) -> Vec<&str> {
        self.tokens.iter().map(|t| t.text.as_str()).collect()
    }
}

/// The sentences of a document's content (headline, paragraphs, captions), in order.
pub fn document_sentences(doc: &Document) -> Vec<Sentence> {
    blocks::content_blocks(&doc.text).into_iter().flat_map(|(start, end)| segment(&doc.text, start, end)).collect()
}

/// `f(word.to_lowercase())`, without allocating for a short ASCII word.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    match buf.get_mut(..word.len()) {
        // Already lower-case ASCII, the usual word: as it is.
        _ if !word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) => f(word),
        Some(b) if word.is_ascii() => {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            f(std::str::from_utf8(b).expect("ASCII is UTF-8"))
        }
        _ => f(&word.to_lowercase()),
    }
}
