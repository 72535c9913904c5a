//! Stage 2: part-of-speech tags (UPOS and Penn XPOS) and lemmas.
//!
//! A greedy left-to-right averaged perceptron predicts the joint UPOS+XPOS
//! label from hashed features of the word, its affixes and shape, its
//! neighbours, the labels the lexicon gives them (most frequent, and the
//! ambiguity class) and the two previous predictions; very frequent
//! unambiguous words come from a tag dictionary. The weights are the sum of
//! three perceptrons trained on different shuffles, each training sentence
//! seeing the lexicon of the other folds only. Lemmas come from a table
//! learned from the training data, then suffix rules ([`lemma`]). Trained on
//! UD English-EWT.

mod features;
pub mod lemma;
mod train;

pub use train::{train, train_on};

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use crate::model::hash::BuildIdentity;
use crate::model::perceptron::{argmax, Weights};
use crate::Result;
use features::{Features, WordSlot};

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
    "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP",
    "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``",
];

pub(crate) fn upos_index(t: &str) -> Option<usize> {
    UPOS.iter().position(|x| *x == t)
}

pub(crate) fn xpos_index(t: &str) -> Option<usize> {
    XPOS.iter().position(|x| *x == t)
}

/// Model file format version; bump when the layout or features change.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct TaggerFile {
    format: u32,
    /// Joint labels as (UPOS index, XPOS index).
    labels: Vec<(u8, u8)>,
    weights: Weights,
    /// Frequent unambiguous words (lower case) and their label.
    tagdict: Vec<(String, u16)>,
    /// Every training word seen twice or more.
    lexicon: Vec<(String, LexEntry)>,
    lemmas: lemma::Lemmatizer,
}

/// A trained tagger (loaded once; see [`Tagger::builtin`]).
pub struct Tagger {
    /// Tells this tagger's memoised word scores from another's.
    id: u64,
    labels: Vec<(u8, u8)>,
    weights: Weights,
    tagdict: WordLabels,
    lexicon: Lexicon,
    lemmas: lemma::Lemmatizer,
}

/// Words (lower case) and a joint label index, with a fast string hash.
pub(crate) type WordLabels = HashMap<String, u16, BuildIdentity>;

/// A training word seen twice or more: its most frequent label and its
/// ambiguity class (bit `x` set when XPOS `x` had 5 % or more of its uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LexEntry {
    pub label: u16,
    pub class: u64,
}

/// The lexicon: training words (lower case) seen twice or more.
pub(crate) type Lexicon = HashMap<String, LexEntry, BuildIdentity>;

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
        Ok(Tagger::new(f.labels, f.weights, f.tagdict.into_iter().collect(), f.lexicon.into_iter().collect(), f.lemmas))
    }

    fn new(
        labels: Vec<(u8, u8)>,
        weights: Weights,
        tagdict: WordLabels,
        lexicon: Lexicon,
        lemmas: lemma::Lemmatizer,
    ) -> Tagger {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Tagger { id, labels, weights, tagdict, lexicon, lemmas }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut tagdict: Vec<(String, u16)> = self.tagdict.iter().map(|(k, v)| (k.clone(), *v)).collect();
        tagdict.sort();
        let mut lexicon: Vec<(String, LexEntry)> = self.lexicon.iter().map(|(k, v)| (k.clone(), *v)).collect();
        lexicon.sort_by(|a, b| a.0.cmp(&b.0));
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
        let feats = Features::new(words, &self.lexicon);
        WORD_SCORES.with(|memo| {
            let memo = &mut *memo.borrow_mut();
            memo.prepare(self);
            let n = self.labels.len();
            let mut scores = vec![0.0f32; n];
            let mut context = Vec::with_capacity(16);
            let mut out: Vec<usize> = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                if let Some(&l) = self.tagdict.get(feats.lower(i)) {
                    out.push(l as usize);
                    continue;
                }
                // The word's own features come summed from the memo; the rest are looked up.
                let row = memo.row_of(self, &feats, i);
                scores.copy_from_slice(memo.scores(row));
                let prev = |k: usize| if i >= k { out[i - k] as u64 + 1 } else { 0 };
                context.clear();
                for slot in &WordSlot::ALL[1..] {
                    feats.push_word_features(i as isize + slot.offset(), *slot, &mut context);
                }
                feats.push_context_features(i, prev(1), prev(2), &mut context);
                self.weights.score(&context, &mut scores);
                out.push(argmax(&scores));
            }
            out
        })
    }

    /// The XPOS a word (lower case) most often had in training, if seen twice or more:
    /// a part of speech without tagging the sentence.
    pub fn likely_xpos(&self, lower: &str) -> Option<&'static str> {
        self.lexicon.get(lower).map(|e| XPOS[self.labels[e.label as usize].1 as usize])
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

thread_local! {
    static WORD_SCORES: RefCell<WordScores> = RefCell::new(WordScores::default());
}

/// Per-thread memo of the scores of the features of a word form alone (the
/// word, its affixes, shape and lexicon entry: 14 of the 41 features), summed
/// once per form. The sums are of i16 weights, exact in f32, so the tags are
/// the same as from scoring every feature.
#[derive(Default)]
struct WordScores {
    /// The tagger the scores belong to.
    owner: u64,
    n_labels: usize,
    rows: HashMap<Box<str>, u32, BuildIdentity>,
    /// One score vector (`n_labels` long) per row.
    scores: Vec<f32>,
    buf: Vec<u64>,
}

impl WordScores {
    /// Rows kept before the memo starts over: about 13 MB with 102 labels,
    /// room for a large vocabulary's frequent forms.
    const MAX_ROWS: usize = 32_768;

    fn prepare(&mut self, tagger: &Tagger) {
        if self.owner != tagger.id || self.rows.len() >= Self::MAX_ROWS {
            self.owner = tagger.id;
            self.n_labels = tagger.labels.len();
            self.rows.clear();
            self.scores.clear();
        }
    }

    /// The row of word `i`, computed on first sight.
    fn row_of(&mut self, tagger: &Tagger, feats: &Features, i: usize) -> u32 {
        let w = feats.word(i);
        if let Some(&r) = self.rows.get(w) {
            return r;
        }
        let r = (self.scores.len() / self.n_labels) as u32;
        let at = self.scores.len();
        self.scores.resize(at + self.n_labels, 0.0);
        self.buf.clear();
        feats.push_word_features(i as isize, WordSlot::Word, &mut self.buf);
        tagger.weights.score(&self.buf, &mut self.scores[at..]);
        self.rows.insert(w.into(), r);
        r
    }

    fn scores(&self, row: u32) -> &[f32] {
        let at = row as usize * self.n_labels;
        &self.scores[at..at + self.n_labels]
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
    fn memoised_word_scores_give_the_same_tags_as_scoring_every_feature() {
        let Some(t) = Tagger::builtin() else { return };
        let sentences: [&[&str]; 3] = [
            &["Carney", "met", "Starmer", "in", "London", "on", "Tuesday", "."],
            &["The", "talks", ",", "which", "Trump", "called", "\"", "great", "\"", ",", "ended", "early"],
            &["Ü", "2,000", "U.S.", "F-35s", "flew", "over", "Kyiv", "!"],
        ];
        for words in sentences {
            // Twice: the second time every word comes from the memo.
            for _ in 0..2 {
                let mut feats = Features::new(words, &t.lexicon);
                let mut full = Vec::new();
                for i in 0..words.len() {
                    if let Some(&l) = t.tagdict.get(feats.lower(i)) {
                        full.push(l as usize);
                        continue;
                    }
                    let prev = |k: usize| if i >= k { full[i - k] as u64 + 1 } else { 0 };
                    let mut scores = vec![0.0f32; t.labels.len()];
                    t.weights.score(feats.extract(i, prev(1), prev(2)), &mut scores);
                    full.push(argmax(&scores));
                }
                assert_eq!(t.predict(words), full, "{words:?}");
            }
        }
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
