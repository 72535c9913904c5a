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
