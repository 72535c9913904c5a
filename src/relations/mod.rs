//! Stage 7: relations between entities stated in one sentence.

use serde::{Deserialize, Serialize};

/// `Action`: subject did `relation` to object. `Role`: subject holds the title `relation` in object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    Action,
    Role,
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Action => "action",
            RelationKind::Role => "role",
        }
    }
}

mod roles;
pub use roles::{roles_from_dateline, DATELINE_ROLE_CONFIDENCE};
mod tree;
mod window;

use crate::mentions::Mention;
use crate::parse::Arc;
use crate::tag::TokenTag;
use crate::text::Token;

/// One relation stated in one sentence, between document-local entities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Local entity indices (see [`crate::resolve::DocumentEntities`]).
    pub subject: usize,
    pub object: usize,
    /// Verb lemma (with its particle: "get along") or the title for roles.
    pub relation: String,
    pub kind: RelationKind,
    pub negated: bool,
    pub modality: Option<String>,
    pub sentence: usize,
    /// 0..1: how sure the rule that found it is.
    pub confidence: f32,
}

/// One action per (subject, object) pair of coordinated arguments
/// ("Carney and Starmer met Macron and Merz" gives four), never an entity to itself.
#[allow(clippy::too_many_arguments)]
pub(crate) fn actions_between(
    subjects: &[usize],
    objects: &[usize],
    relation: &str,
    negated: bool,
    modality: &Option<String>,
    sentence: usize,
    confidence: f32,
    out: &mut Vec<Relation>,
) {
    for &subject in subjects {
        for &object in objects.iter().filter(|&&o| o != subject) {
            out.push(Relation {
                subject,
                object,
                relation: relation.to_string(),
                kind: RelationKind::Action,
                negated,
                modality: modality.clone(),
                sentence,
                confidence,
            });
        }
    }
}

/// What the relation extractor sees of one sentence.
pub struct SentenceView<'a> {
    pub index: usize,
    pub tokens: &'a [Token],
    pub tags: &'a [TokenTag],
    pub arcs: Option<&'a [Arc]>,
    pub mentions: &'a [Mention],
    /// The local entity of each mention (same order as `mentions`).
    pub links: &'a [Option<usize>],
    /// The local entities the previous sentence names, in order, with their
    /// types ("The Kremlin rejected it. Spokesman Dmitry Peskov said ...").
    pub previous: &'a [(usize, crate::mentions::EntityType)],
    /// The organisation the document has spoken of most before this sentence
    /// (by names, pronouns and descriptions; none on a tie or under three
    /// mentions): whose "Chief Executive X" a story's bare title means.
    pub topic: Option<usize>,
}

/// Actions and roles stated in one sentence.
pub fn extract(sentence: &SentenceView<'_>) -> Vec<Relation> {
    let mut out = roles::extract_roles(sentence);
    // The tree when there is a parse, word order when there is none.
    match tree::extract_actions(sentence) {
        Some(actions) => out.extend(actions),
        None => out.extend(window::extract_actions(sentence)),
    }
    // One statement of a fact per sentence.
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert((r.subject, r.object, r.relation.clone(), r.kind, r.negated)));
    out
}
