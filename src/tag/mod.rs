//! Stage 2: part-of-speech tags (UPOS and Penn XPOS) and lemmas.
//!
//! A greedy left-to-right averaged perceptron predicts the joint UPOS+XPOS
//! label from hashed features of the word, its affixes and shape, its
//! neighbours and the two previous predictions; frequent unambiguous words
//! come from a tag dictionary. Lemmas come from a table learned from the
//! training data, then suffix rules ([`lemma`]). Trained on UD English-EWT.

mod features;
pub mod lemma;
mod train;

pub use train::{train, train_on};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::perceptron::{argmax, Weights};
use crate::Result;
use features::Features;

/// The tags of one token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenTag {
    pub upos: &'static str,
    pub xpos: &'static str,
    pub lemma: String,
}

/// The universal POS tags.
pub const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
];

/// The Penn Treebank tags used by UD English-EWT.
pub const XPOS: &[&str] = &[
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "GW", "HYPH", "IN", "JJ",
    "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS",
    "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``",
];

pub(crate) fn upos_index(t: &str) -> Option<usize> {
    UPOS.iter().position(|x| *x == t)
}

pub(crate) fn xpos_index(t: &str) -> Option<usize> {
    XPOS.iter().position(|x| *x == t)
}

/// Model file format version; bump when the layout or features change.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct TaggerFile {
    format: u32,
    /// Joint labels as (UPOS index, XPOS index).
    labels: Vec<(u8, u8)>,
    weights: Weights,
    /// Frequent unambiguous words (lower case) and their label.
    tagdict: Vec<(String, u16)>,
    /// Every training word seen twice or more and its most frequent label.
    lexicon: Vec<(String, u16)>,
    lemmas: lemma::Lemmatizer,
}

/// A trained tagger (loaded once; see [`Tagger::builtin`]).
pub struct Tagger {
    labels: Vec<(u8, u8)>,
    weights: Weights,
    tagdict: HashMap<String, u16>,
    lexicon: HashMap<String, u16>,
    lemmas: lemma::Lemmatizer,
}

impl Tagger {
    /// The model shipped in `models/tagger.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static Tagger> {
        static MODEL: OnceLock<Option<Tagger>> = OnceLock::new();
        crate::model::builtin(&MODEL, include_bytes!("../../models/tagger.bin"), Tagger::from_bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let mut f: TaggerFile = crate::model::decode("tagger", bytes, FORMAT)?;
        f.weights.build_index();
        f.lemmas.build_index();
        Ok(Tagger {
            labels: f.labels,
            weights: f.weights,
            tagdict: f.tagdict.into_iter().collect(),
            lexicon: f.lexicon.into_iter().collect(),
            lemmas: f.lemmas,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut tagdict: Vec<(String, u16)> = self.tagdict.iter().map(|(k, v)| (k.clone(), *v)).collect();
        tagdict.sort();
        let mut lexicon: Vec<(String, u16)> = self.lexicon.iter().map(|(k, v)| (k.clone(), *v)).collect();
        lexicon.sort();
        let f = TaggerFile {
            format: FORMAT,
            labels: self.labels.clone(),
            weights: self.weights.clone(),
            tagdict,
            lexicon,
            lemmas: self.lemmas.clone(),
        };
        postcard::to_allocvec(&f).expect("serialising to memory cannot fail")
    }

    /// The joint label index of each word.
    fn predict(&self, words: &[&str]) -> Vec<usize> {
        let mut feats = Features::new(words, &self.lexicon);
        let mut scores = vec![0.0f32; self.labels.len()];
        let mut out: Vec<usize> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            if let Some(&l) = self.tagdict.get(feats.lower(i)) {
                out.push(l as usize);
                continue;
            }
            let prev = |k: usize| if i >= k { out[i - k] as u64 + 1 } else { 0 };
            let f = feats.extract(i, prev(1), prev(2));
            scores.iter_mut().for_each(|s| *s = 0.0);
            self.weights.score(f, &mut scores);
            out.push(argmax(&scores));
        }
        out
    }

    /// The XPOS a word (lower case) most often had in training, if seen twice or more:
    /// a part of speech without tagging the sentence.
    pub fn likely_xpos(&self, lower: &str) -> Option<&'static str> {
        self.lexicon.get(lower).map(|&l| XPOS[self.labels[l as usize].1 as usize])
    }

    pub fn tag(&self, words: &[&str]) -> Vec<TokenTag> {
        self.predict(words)
            .into_iter()
            .zip(words)
            .map(|(l, w)| {
                let (u, x) = self.labels[l];
                let (upos, xpos) = (UPOS[u as usize], XPOS[x as usize]);
                TokenTag { upos, xpos, lemma: self.lemmas.lemma(w, upos, xpos) }
            })
            .collect()
    }
}

/// Tags with the built-in model when there is one, else by rules.
pub fn tag(words: &[&str]) -> Vec<TokenTag> {
    match Tagger::builtin() {
        Some(t) => t.tag(words),
        None => tag_by_rules(words),
    }
}

/// A crude fallback when no model is built in: capitalised words are proper
/// nouns, "-ed" words verbs, the rest nouns.
pub fn tag_by_rules(words: &[&str]) -> Vec<TokenTag> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            let (upos, xpos) = if w.chars().all(|c| !c.is_alphanumeric()) {
                ("PUNCT", ".")
            } else if w.chars().next().is_some_and(|c| c.is_uppercase())
                && (i > 0 || !matches!(lower.as_str(), "the" | "a" | "later" | "he" | "she" | "it" | "in"))
            {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_tags_news_verbs_and_lemmas() {
        let Some(t) = Tagger::builtin() else {
            eprintln!("skipped: models/tagger.bin is empty");
            return;
        };
        let words = ["Carney", "has", "repeatedly", "threatened", "Canada", "'s", "sovereignty", "."];
        let tags = t.tag(&words);
        assert_eq!(tags[0].upos, "PROPN");
        assert_eq!(tags[1].upos, "AUX");
        assert_eq!(tags[3].upos, "VERB");
        assert_eq!(tags[3].xpos, "VBN");
        assert_eq!(tags[3].lemma, "threaten");
        let tags = t.tag(&["Carney", "met", "Starmer", "and", "criticised", "the", "tariffs", "."]);
        assert_eq!(tags[1].lemma, "meet");
        assert_eq!(tags[4].lemma, "criticise");
        assert_eq!(tags[6].lemma, "tariff");
        assert!(t.tag(&[]).is_empty());
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let Some(t) = Tagger::builtin() else { return };
        let again = Tagger::from_bytes(&t.to_bytes()).unwrap();
        let words = ["He", "struck", "a", "deal", "."];
        assert_eq!(t.tag(&words), again.tag(&words));
        assert!(Tagger::from_bytes(b"junk").is_err());
    }
}
