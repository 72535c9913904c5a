//! Stage 5: entity mentions: typed spans of tokens that name something.

use serde::{Deserialize, Serialize};

/// The entity types of the gold rules (OntoNotes-style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    /// Countries, cities, states: places with a government.
    Gpe,
    /// Other places: regions, seas, mountains.
    Loc,
    /// Buildings and facilities: White House, airports.
    Fac,
    Event,
    Law,
    Product,
    /// Nationalities and groups ("Canadian"); never a node of its own.
    Norp,
}

impl EntityType {
    pub const ALL: [EntityType; 9] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Fac,
        EntityType::Event,
        EntityType::Law,
        EntityType::Product,
        EntityType::Norp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Event => "EVENT",
            EntityType::Law => "LAW",
            EntityType::Product => "PRODUCT",
            EntityType::Norp => "NORP",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    pub fn is_place(self) -> bool {
        matches!(self, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

mod find;
pub mod lexicon;

pub use find::{capitalised_words, find_mentions};

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A proper name: "Mark Carney", "U.S.".
    Name,
    /// "he", "she", "they", "its".
    Pronoun,
    /// A definite description: "the US president", "the Canadian prime minister".
    Description,
    /// A nationality word standing for its country: "Canadian".
    Demonym,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// A span of tokens in one sentence that refers to an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub sentence: usize,
    /// Token range `[start, end)` of the name (titles excluded).
    pub start: usize,
    pub end: usize,
    /// The name as written, or the canonical place for demonyms.
    pub text: String,
    /// `None` when neither the model nor the rules could type a lone name;
    /// resolution may type it from an earlier full name.
    pub entity_type: Option<EntityType>,
    pub kind: MentionKind,
    /// The gazetteer's canonical name ("US" -> "United States").
    pub canonical: Option<String>,
    /// Title words before the name, lower case ("prime minister"), and where they start.
    pub title: Option<String>,
    pub title_start: Option<usize>,
    /// The place, party or body the title belongs to ("Canadian Prime Minister" -> "Canada").
    pub title_of: Option<String>,
    pub gender: Option<Gender>,
    /// For pronouns: "they"/"their".
    pub plural: bool,
    /// For "I"/"me"/"my" inside a quotation: the token where the mention of
    /// the person quoted starts ("Trump said: “I congratulated him”").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<usize>,
    /// The tokens `[start, end)` of the relative clause or parenthesis the
    /// mention sits in (", who beat Poilievre,"): a pronoun after it does not
    /// refer back into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aside: Option<(usize, usize)>,
    /// For "he"/"she": the subject of what someone said ("Zelenskiy thanked
    /// Scholz and said he would travel"), so the speaker, the sentence's
    /// subject, more often than the nearest name. For "the company" after a
    /// clause and its comma, before "said": the clause's subject.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reported: bool,
    /// The name follows a preposition ("a treaty with Manila"): an adjunct,
    /// seldom what a later "its" refers to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_preposition: bool,
}
