//! Node-link JSON (TEMPORARY minimal writer; the full exporter replaces it).

use crate::graph::KnowledgeGraph;
use serde_json::json;

pub fn write_json(g: &KnowledgeGraph) -> String {
    let nodes: Vec<_> = g
        .nodes()
        .map(|n| {
            json!({"id": n.id, "label": n.label, "type": n.entity_type.as_str(),
                "aliases": n.aliases.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
                "alias_counts": n.aliases, "mentions": n.mentions, "documents": n.documents})
        })
        .collect();
    let links: Vec<_> = g
        .edges()
        .map(|(s, t, e)| {
            json!({"source": s.id, "target": t.id, "relation": e.relation, "kind": e.kind.as_str(),
                "negated": e.negated, "modality": e.modality, "count": e.count,
                "confidence": e.rounded_confidence(), "evidence": e.evidence})
        })
        .collect();
    let doc = json!({"directed": true, "multigraph": true, "graph": {}, "nodes": nodes, "links": links});
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

/// Reads a node-link graph written by [`write_json`] (TEMPORARY minimal reader).
pub fn read_json(text: &str, path: &std::path::Path) -> crate::Result<KnowledgeGraph> {
    use crate::graph::{Alias, Edge, Evidence, Node};
    use crate::mentions::EntityType;
    use crate::relations::RelationKind;
    let bad = |m: String| crate::Error::Json { path: path.into(), message: m };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let s = |x: &serde_json::Value, k: &str| x.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let mut nodes = Vec::new();
    for n in v.get("nodes").and_then(|n| n.as_array()).ok_or_else(|| bad("no \"nodes\" array".into()))? {
        let aliases: Vec<Alias> = match n.get("alias_counts") {
            Some(a) => serde_json::from_value(a.clone()).map_err(|e| bad(e.to_string()))?,
            None => n
                .get("aliases")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str())
                .map(|a| Alias { name: a.into(), count: 1 })
                .collect(),
        };
        nodes.push(Node {
            id: s(n, "id"),
            label: s(n, "label"),
            entity_type: EntityType::parse(&s(n, "type")).unwrap_or(EntityType::Org),
            aliases,
            mentions: n.get("mentions").and_then(|m| m.as_u64()).unwrap_or(0) as usize,
            documents: serde_json::from_value(n.get("documents").cloned().unwrap_or_default()).unwrap_or_default(),
        });
    }
    let links = v
        .get("links")
        .or_else(|| v.get("edges"))
        .and_then(|l| l.as_array())
        .ok_or_else(|| bad("no \"links\" array".into()))?;
    let mut edges = Vec::new();
    for l in links {
        let evidence: Vec<Evidence> =
            serde_json::from_value(l.get("evidence").cloned().unwrap_or_default()).unwrap_or_default();
        edges.push((
            s(l, "source"),
            s(l, "target"),
            Edge {
                relation: s(l, "relation"),
                kind: if s(l, "kind") == "role" { RelationKind::Role } else { RelationKind::Action },
                negated: l.get("negated").and_then(|b| b.as_bool()).unwrap_or(false),
                modality: l.get("modality").and_then(|m| m.as_str()).map(String::from),
                count: l.get("count").and_then(|c| c.as_u64()).unwrap_or(1) as usize,
                confidence: l.get("confidence").and_then(|c| c.as_f64()).unwrap_or(1.0) as f32,
                evidence,
            },
        ));
    }
    KnowledgeGraph::from_parts(nodes, edges).map_err(|e| bad(e.to_string()))
}
