//! Stage 3: named-entity recognition, IOB2 tags over PER / ORG / LOC.
//!
//! STUB: the trained NER model fills this in.

use crate::tag::TokenTag;

pub struct NerTagger {
    _private: (),
}

impl NerTagger {
    /// The model shipped in `models/ner.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static NerTagger> {
        None
    }

    /// One IOB2 label per word: "O", "B-PER", "I-PER", "B-ORG", ... "I-LOC".
    pub fn tag(&self, words: &[&str], tags: &[TokenTag]) -> Vec<&'static str> {
        let _ = tags;
        words.iter().map(|_| "O").collect()
    }
}

impl NerTagger {
    pub fn to_bytes(&self) -> Vec<u8> {
        Vec::new()
    }
}

/// Trains the model (STUB).
pub fn train(cfg: &crate::model::TrainConfig, tagger: Option<&crate::tag::Tagger>) -> crate::Result<NerTagger> {
    let _ = (cfg, tagger);
    Err(crate::Error::Invalid("training not implemented yet".into()))
}
