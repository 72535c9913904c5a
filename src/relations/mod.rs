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
