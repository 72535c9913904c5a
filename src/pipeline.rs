//! Runs the stages over documents.

use crate::ner::NerTagger;
use crate::parse::{Arc, Parser};
use crate::tag::{self, TokenTag};

/// The per-token output of the model stages for one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub tags: Vec<TokenTag>,
    /// IOB2 labels, or `None` when no NER model is built in.
    pub ner: Option<Vec<&'static str>>,
    /// Dependency arcs, or `None` when no parser model is built in.
    pub arcs: Option<Vec<Arc>>,
}

/// Tags, recognises entities in, and parses one sentence of words.
pub fn annotate(words: &[&str]) -> Annotation {
    let tags = tag::tag(words);
    let ner = NerTagger::builtin().map(|m| m.tag(words, &tags));
    let arcs = Parser::builtin().map(|p| p.parse(words, &tags));
    Annotation { tags, ner, arcs }
}
