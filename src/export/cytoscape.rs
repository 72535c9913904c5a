//! Cytoscape.js `elements` JSON.

use super::edge_label;
use crate::graph::KnowledgeGraph;
use serde_json::json;

pub fn write_cytoscape(g: &KnowledgeGraph) -> String {
    let nodes: Vec<_> = g
        .nodes()
        .map(|n| {
            json!({"data": {"id": n.id, "label": n.label, "type": n.entity_type.as_str(),
                "aliases": n.aliases.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
                "mentions": n.mentions, "documents": n.documents}})
        })
        .collect();
    let edges: Vec<_> = g
        .edges()
        .enumerate()
        .map(|(i, (s, t, e))| {
            json!({"data": {"id": format!("e{i}"), "source": s.id, "target": t.id, "label": edge_label(e),
                "relation": e.relation, "kind": e.kind.as_str(), "negated": e.negated, "modality": e.modality,
                "count": e.count, "evidence": e.evidence}})
        })
        .collect();
    serde_json::to_string_pretty(&json!({"elements": {"nodes": nodes, "edges": edges}})).expect("in memory") + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn elements_have_ids_and_ends() {
        let v: serde_json::Value =
            serde_json::from_str(&super::write_cytoscape(&crate::graph::tests::sample())).unwrap();
        assert_eq!(v["elements"]["nodes"].as_array().unwrap().len(), 4);
        let e = &v["elements"]["edges"][0]["data"];
        assert!(e["source"].is_string() && e["target"].is_string() && e["id"] == "e0");
    }
}
