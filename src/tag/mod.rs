//! Stage 2: part-of-speech tags (UPOS and Penn XPOS) and lemmas.
//!
//! STUB: the trained averaged-perceptron tagger replaces `tag_by_rules`.

use serde::{Deserialize, Serialize};

/// The tags of one token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenTag {
    pub upos: &'static str,
    pub xpos: &'static str,
    pub lemma: String,
}

/// A trained tagger (loaded once; see [`Tagger::builtin`]).
pub struct Tagger {
    _private: (),
}

impl Tagger {
    /// The model shipped in `models/tagger.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static Tagger> {
        None
    }

    pub fn tag(&self, words: &[&str]) -> Vec<TokenTag> {
        tag_by_rules(words)
    }
}

/// Tags with the built-in model when there is one, else by rules.
pub fn tag(words: &[&str]) -> Vec<TokenTag> {
    match Tagger::builtin() {
        Some(t) => t.tag(words),
        None => tag_by_rules(words),
    }
}

/// A crude fallback: capitalised words are proper nouns, "-ed" words verbs.
pub fn tag_by_rules(words: &[&str]) -> Vec<TokenTag> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            let (upos, xpos) = if w.chars().all(|c| !c.is_alphanumeric()) {
                ("PUNCT", ".")
            } else if w.chars().next().is_some_and(|c| c.is_uppercase()) && (i > 0 || !matches!(lower.as_str(), "the" | "a" | "later" | "he" | "she" | "it" | "in")) {
                ("PROPN", "NNP")
            } else if lower.ends_with("ed") {
                ("VERB", "VBD")
            } else {
                ("NOUN", "NN")
            };
            TokenTag { upos, xpos, lemma: lower }
        })
        .collect()
}

impl Tagger {
    pub fn to_bytes(&self) -> Vec<u8> {
        Vec::new()
    }
}

/// Trains a tagger (STUB).
pub fn train(cfg: &crate::model::TrainConfig) -> crate::Result<Tagger> {
    let _ = cfg;
    Err(crate::Error::Invalid("tagger training not implemented yet".into()))
}
