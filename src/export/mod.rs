//! Stage 9: the graph in other formats. One file per format, each with a
//! `write_*` function from a [`crate::graph::KnowledgeGraph`] to text.

pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod render;

use crate::mentions::EntityType;

/// Fill colour and shape of an entity type, shared by DOT and the viewers.
pub fn style(t: EntityType) -> (&'static str, &'static str) {
    match t {
        EntityType::Person => ("#8dd3c7", "ellipse"),
        EntityType::Org => ("#fdb462", "box"),
        EntityType::Gpe => ("#b3de69", "hexagon"),
        EntityType::Loc => ("#ccebc5", "hexagon"),
        EntityType::Fac => ("#fccde5", "house"),
        EntityType::Event => ("#bebada", "diamond"),
        EntityType::Law => ("#d9d9d9", "note"),
        EntityType::Product => ("#80b1d3", "component"),
        EntityType::Norp => ("#ffffb3", "ellipse"),
    }
}

/// The text an edge is labelled with: "not meet (will)".
pub fn edge_label(e: &crate::graph::Edge) -> String {
    let mut s = String::new();
    if e.negated {
        s.push_str("not ");
    }
    s.push_str(&e.relation);
    if let Some(m) = &e.modality {
        s.push_str(&format!(" ({m})"));
    }
    s
}
