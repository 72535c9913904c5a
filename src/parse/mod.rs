//! Stage 4: dependency parsing (UD relations).
//!
//! STUB: the trained transition-based parser fills this in.

use crate::tag::TokenTag;

/// The head of one token: `head` is 0 for the root, else the 1-based index of the head token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arc {
    pub head: usize,
    pub deprel: &'static str,
}

pub struct Parser {
    _private: (),
}

impl Parser {
    /// The model shipped in `models/parser.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static Parser> {
        None
    }

    pub fn parse(&self, words: &[&str], tags: &[TokenTag]) -> Vec<Arc> {
        let _ = tags;
        words.iter().map(|_| Arc { head: 0, deprel: "dep" }).collect()
    }
}

impl Parser {
    pub fn to_bytes(&self) -> Vec<u8> {
        Vec::new()
    }
}

/// Trains the model (STUB).
pub fn train(cfg: &crate::model::TrainConfig, tagger: Option<&crate::tag::Tagger>) -> crate::Result<Parser> {
    let _ = (cfg, tagger);
    Err(crate::Error::Invalid("training not implemented yet".into()))
}
