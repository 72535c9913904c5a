//! Node-link JSON (the layout of networkx's `node_link_data`), written as it
//! goes: nothing but the output buffer is held besides the graph.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::cell::Cell;
use std::io::Write;

use crate::graph::{Alias, Edge, Evidence, KnowledgeGraph, Node};

/// The graph as node-link JSON text.
pub fn write_json(g: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    write_json_to(g, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the graph as node-link JSON to `out`, one record at a time. Keys
/// come in alphabetical order at every level.
pub fn write_json_to(g: &KnowledgeGraph, mut out: impl Write) -> std::io::Result<()> {
    let doc = Document {
        directed: true,
        graph: NoAttributes {},
        links: Records::new(g.edges().map(|(s, t, e)| Link::new(&s.id, &t.id, e))),
        multigraph: true,
        nodes: Records::new(g.nodes().map(NodeRecord::new)),
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")
}

#[derive(serde::Serialize)]
#[serde(bound(serialize = "Records<L>: Serialize, Records<N>: Serialize"))]
struct Document<L, N> {
    directed: bool,
    graph: NoAttributes,
    links: Records<L>,
    multigraph: bool,
    nodes: Records<N>,
}

/// The graph's own attributes: none (`{}`).
#[derive(serde::Serialize)]
struct NoAttributes {}

/// A sequence serialised straight from an iterator (once).
struct Records<I>(Cell<Option<I>>);

impl<I> Records<I> {
    fn new(items: I) -> Records<I> {
        Records(Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Records<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.take().ok_or_else(|| serde::ser::Error::custom("records serialised twice"))?;
        let mut seq = serializer.serialize_seq(None)?;
        for item in items {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct NodeRecord<'a> {
    alias_counts: Vec<AliasRecord<'a>>,
    aliases: Vec<&'a str>,
    documents: &'a [String],
    id: &'a str,
    label: &'a str,
    mentions: usize,
    #[serde(rename = "type")]
    entity_type: &'static str,
}

impl<'a> NodeRecord<'a> {
    fn new(n: &'a Node) -> NodeRecord<'a> {
        NodeRecord {
            alias_counts: n.aliases.iter().map(AliasRecord::new).collect(),
            aliases: n.aliases.iter().map(|a| a.name.as_str()).collect(),
            documents: &n.documents,
            id: &n.id,
            label: &n.label,
            mentions: n.mentions,
            entity_type: n.entity_type.as_str(),
        }
    }
}

#[derive(serde::Serialize)]
struct AliasRecord<'a> {
    count: usize,
    name: &'a str,
}

impl<'a> AliasRecord<'a> {
    fn new(a: &'a Alias) -> AliasRecord<'a> {
        AliasRecord { count: a.count, name: &a.name }
    }
}

#[derive(serde::Serialize)]
struct Link<'a> {
    confidence: f64,
    count: usize,
    evidence: Vec<EvidenceRecord<'a>>,
    kind: &'static str,
    modality: Option<&'a str>,
    negated: bool,
    relation: &'a str,
    source: &'a str,
    target: &'a str,
}

impl<'a> Link<'a> {
    fn new(source: &'a str, target: &'a str, e: &'a Edge) -> Link<'a> {
        Link {
            confidence: e.rounded_confidence(),
            count: e.count,
            evidence: e.evidence.iter().map(EvidenceRecord::new).collect(),
            kind: e.kind.as_str(),
            modality: e.modality.as_deref(),
            negated: e.negated,
            relation: &e.relation,
            source,
            target,
        }
    }
}

#[derive(serde::Serialize)]
struct EvidenceRecord<'a> {
    date: Option<&'a str>,
    doc: &'a str,
    end: usize,
    sentence: usize,
    start: usize,
    text: &'a str,
}

impl<'a> EvidenceRecord<'a> {
    fn new(e: &'a Evidence) -> EvidenceRecord<'a> {
        EvidenceRecord {
            date: e.date.as_deref(),
            doc: &e.doc,
            end: e.end,
            sentence: e.sentence,
            start: e.start,
            text: &e.text,
        }
    }
}

/// Reads a node-link graph written by [`write_json`] (or by networkx: `aliases`
/// stand in for `alias_counts`, `edges` for `links`).
pub fn read_json(text: &str, path: &std::path::Path) -> crate::Result<KnowledgeGraph> {
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
