//! Stage 8: the knowledge graph, stored in petgraph, and the queries over it.
//!
//! Nodes are entities, edges are relations. The graph is built from plain
//! [`Node`] and [`Edge`] values and always keeps them in a canonical order
//! (nodes by id, edges by source, target, kind, relation), so every export is
//! deterministic.

mod query;

pub use query::{relation_json, Direction, Neighbor, Stats};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::mentions::EntityType;
use crate::relations::RelationKind;
use crate::{Error, Result};

/// One surface form of an entity and how often it was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    pub count: usize,
}

/// An entity: one node per real-world person, organisation, place, ...
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable slug of the label ("mark_carney").
    pub id: String,
    /// The fullest proper name.
    pub label: String,
    pub entity_type: EntityType,
    /// Every surface form, most frequent first.
    pub aliases: Vec<Alias>,
    /// Number of mentions across all documents.
    pub mentions: usize,
    /// Ids of the documents that mention it, sorted.
    pub documents: Vec<String>,
}

/// Where a relation was stated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// Shared by the evidence of one document (a corpus has millions of items).
    pub doc: Arc<str>,
    /// 0-based sentence index within the document.
    pub sentence: usize,
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    pub end: usize,
    /// Shared by the evidence items of one sentence.
    pub text: Arc<str>,
    pub date: Option<Arc<str>>,
}

/// A relation between two entities, with every sentence that states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Lemma of the head verb ("meet"), or the title for roles ("prime minister").
    pub relation: String,
    pub kind: RelationKind,
    pub negated: bool,
    /// "will", "would", "could", "may", "plan to", ... when the action is not asserted as done.
    pub modality: Option<String>,
    /// How many times it was stated (exact even when evidence is capped).
    pub count: usize,
    /// Highest extraction confidence among its statements, 0..1.
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
}

impl Edge {
    /// The key that makes two statements the same fact.
    pub fn key(&self) -> (RelationKind, &str, bool, Option<&str>) {
        (self.kind, &self.relation, self.negated, self.modality.as_deref())
    }

    /// Takes in another statement of the same fact: its count, its confidence
    /// if higher, and its evidence (appended; the caller sorts).
    fn absorb(&mut self, other: Edge) {
        self.count += other.count;
        self.confidence = self.confidence.max(other.confidence);
        self.evidence.extend(other.evidence);
    }

    /// The confidence as written to JSON: three decimals, not the f32's
    /// binary expansion (0.7, not 0.699999988079071).
    pub fn rounded_confidence(&self) -> f64 {
        (self.confidence as f64 * 1000.0).round() / 1000.0
    }
}

/// The graph: petgraph storage plus an index from node id to node.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    by_id: HashMap<String, NodeIndex>,
}

/// The node indices of an edge's ends, or an error naming the unknown one.
fn ends(by_id: &HashMap<String, NodeIndex>, s: &str, t: &str) -> Result<(NodeIndex, NodeIndex)> {
    let lookup = |id: &str| {
        by_id
            .get(id)
            .copied()
            .ok_or_else(|| Error::Invalid(format!("edge {s:?} -> {t:?} names an unknown node {id:?}")))
    };
    Ok((lookup(s)?, lookup(t)?))
}

impl KnowledgeGraph {
    /// [`KnowledgeGraph::from_parts`] without its merge map or copies of the
    /// ids: the reduce hands over millions of facts it has already merged, and
    /// holding them twice while the graph is built set the peak memory of a
    /// large build. The edges are sorted in place into the canonical order
    /// (node ids sort as their indices do) and moved into the graph one by
    /// one; equal facts that do come twice are still merged. Same graph as
    /// `from_parts`.
    pub fn from_merged_edges<S: AsRef<str>>(nodes: Vec<Node>, mut edges: Vec<(S, S, Edge)>) -> Result<KnowledgeGraph> {
        let mut kg = KnowledgeGraph::from_parts(nodes, Vec::new())?;
        edges.sort_unstable_by(|(s1, t1, e1), (s2, t2, e2)| {
            (s1.as_ref(), t1.as_ref(), e1.key()).cmp(&(s2.as_ref(), t2.as_ref(), e2.key()))
        });
        kg.graph.reserve_edges(edges.len());
        let mut last: Option<(NodeIndex, NodeIndex, petgraph::graph::EdgeIndex)> = None;
        for (s, t, mut e) in edges {
            let (si, ti) = ends(&kg.by_id, s.as_ref(), t.as_ref())?;
            if let Some((ls, lt, ix)) = last {
                let prev = &mut kg.graph[ix];
                if (ls, lt) == (si, ti) && prev.key() == e.key() {
                    prev.absorb(e);
                    prev.evidence.sort();
                    prev.evidence.dedup();
                    continue;
                }
            }
            e.evidence.sort();
            e.evidence.dedup();
            last = Some((si, ti, kg.graph.add_edge(si, ti, e)));
        }
        Ok(kg)
    }

    /// Builds a graph from nodes and `(source id, target id, edge)` triples.
    /// Edges whose ends are unknown are an error; equal facts are merged.
    pub fn from_parts(mut nodes: Vec<Node>, edges: Vec<(String, String, Edge)>) -> Result<KnowledgeGraph> {
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut graph = DiGraph::with_capacity(nodes.len(), edges.len());
        let mut by_id = HashMap::with_capacity(nodes.len());
        for node in nodes {
            let id = node.id.clone();
            let ix = graph.add_node(node);
            if by_id.insert(id.clone(), ix).is_some() {
                return Err(Error::Invalid(format!("two nodes share the id {id:?}")));
            }
        }
        // Merge equal facts, then insert in canonical order.
        let mut merged: BTreeMap<(NodeIndex, NodeIndex, RelationKind, String, bool, Option<String>), Edge> =
            BTreeMap::new();
        for (s, t, e) in edges {
            let (si, ti) = ends(&by_id, &s, &t)?;
            let key = (si, ti, e.kind, e.relation.clone(), e.negated, e.modality.clone());
            match merged.get_mut(&key) {
                Some(existing) => existing.absorb(e),
                None => {
                    merged.insert(key, e);
                }
            }
        }
        for ((s, t, ..), mut e) in merged {
            e.evidence.sort();
            e.evidence.dedup();
            graph.add_edge(s, t, e);
        }
        Ok(KnowledgeGraph { graph, by_id })
    }

    /// The petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// Edges in canonical order, with their source and target nodes.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_references().map(|e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|&ix| &self.graph[ix])
    }

    pub(crate) fn index(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn edge(&self, ix: EdgeIndex) -> &Edge {
        &self.graph[ix]
    }

    /// Finds the node a user means by `name`: an id, label or alias, case-insensitively.
    /// An unknown name is an error listing the closest names.
    pub fn find(&self, name: &str) -> Result<&Node> {
        let want = normalize(name);
        let mut best: Option<(usize, &Node)> = None;
        for node in self.nodes() {
            // Prefer label matches, then the most frequent alias.
            let score = if normalize(&node.label) == want || node.id == want.replace(' ', "_") {
                usize::MAX
            } else if let Some(a) = node.aliases.iter().find(|a| normalize(&a.name) == want) {
                a.count
            } else {
                continue;
            };
            if best.is_none_or(|(b, n)| score > b || score == b && node.mentions > n.mentions) {
                best = Some((score, node));
            }
        }
        best.map(|(_, n)| n)
            .ok_or_else(|| Error::UnknownEntity { name: name.to_string(), closest: self.closest_names(name, 5) })
    }

    /// The `n` labels closest to `name` by edit distance (for "did you mean").
    pub fn closest_names(&self, name: &str, n: usize) -> Vec<String> {
        let want = normalize(name);
        let mut scored: Vec<(usize, &str)> = self
            .nodes()
            .map(|node| {
                let d = std::iter::once(node.label.as_str())
                    .chain(node.aliases.iter().map(|a| a.name.as_str()))
                    .map(|a| {
                        let a = normalize(a);
                        if a.contains(&want) || want.contains(&a) {
                            0
                        } else {
                            edit_distance(&a, &want)
                        }
                    })
                    .min()
                    .unwrap_or(usize::MAX);
                (d, node.label.as_str())
            })
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, l)| l.to_string()).collect()
    }

    /// The part of the graph within `depth` hops of `focus` (any direction),
    /// keeping only edges stated at least `min_count` times.
    pub fn subgraph(&self, focus: Option<&str>, depth: usize, min_count: usize) -> Result<KnowledgeGraph> {
        let keep_edge = |e: &Edge| e.count >= min_count;
        let keep_nodes: Option<std::collections::HashSet<NodeIndex>> = match focus {
            None => None,
            Some(name) => {
                let start = self.index(&self.find(name)?.id).expect("found node has an index");
                let mut seen = std::collections::HashSet::from([start]);
                let mut frontier = vec![start];
                for _ in 0..depth {
                    let mut next = Vec::new();
                    for &n in &frontier {
                        for e in self
                            .graph
                            .edges_directed(n, petgraph::Direction::Outgoing)
                            .chain(self.graph.edges_directed(n, petgraph::Direction::Incoming))
                        {
                            if !keep_edge(e.weight()) {
                                continue;
                            }
                            let other = if e.source() == n { e.target() } else { e.source() };
                            if seen.insert(other) {
                                next.push(other);
                            }
                        }
                    }
                    frontier = next;
                }
                Some(seen)
            }
        };
        let node_kept = |ix: NodeIndex| keep_nodes.as_ref().is_none_or(|k| k.contains(&ix));
        let nodes = self.graph.node_indices().filter(|&ix| node_kept(ix)).map(|ix| self.graph[ix].clone()).collect();
        let edges = self
            .graph
            .edge_references()
            .filter(|e| keep_edge(e.weight()) && node_kept(e.source()) && node_kept(e.target()))
            .map(|e| (self.graph[e.source()].id.clone(), self.graph[e.target()].id.clone(), e.weight().clone()))
            .collect();
        KnowledgeGraph::from_parts(nodes, edges)
    }
}

/// Lower case, no periods, no leading "the", single spaces: how names are compared.
pub fn normalize(name: &str) -> String {
    normalize_ascii(name).unwrap_or_else(|| normalize_general(name))
}

/// [`normalize`] in one pass without temporaries, for the usual plain-ASCII
/// name; `None` (the general path decides) for other text or a name to join
/// up (" - ", " 's").
fn normalize_ascii(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut space = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b' ' if matches!(b.get(i + 1..i + 3), Some(b"- " | b"'s")) => return None,
            // What `split_whitespace` splits on in ASCII (with U+000B, unlike `is_ascii_whitespace`).
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => space = !out.is_empty(),
            b'.' | b'\'' => {}
            _ if !c.is_ascii() => return None,
            _ => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c.to_ascii_lowercase() as char);
            }
        }
    }
    if out.starts_with("the ") {
        out.drain(..4);
    }
    Some(out)
}

fn normalize_general(name: &str) -> String {
    // Token-joined names ("Canada - U.S.", "Minister 's") compare equal to the text.
    let joined = name.replace(" - ", "-").replace(" 's", "'s").replace(" ’s", "’s");
    let lower = joined.to_lowercase().replace(['.', '’'], "").replace('\'', "");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// A stable node id from a label: lower-case ASCII words joined by underscores.
pub fn slug(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() && c != '.' && c != '\'' && c != '’' {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        "entity".to_string()
    } else {
        out
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'É' => 'E',
        _ => c,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn normalize_fast_path_agrees(name in "[ \t\x0bA-Za-z.'’s-]{0,12}|(The|the) [A-Z][a-z]{0,5}( 's| -)?") {
            if let Some(fast) = normalize_ascii(&name) {
                proptest::prop_assert_eq!(fast, normalize_general(&name));
            }
        }
    }

    #[test]
    fn normalize_joins_tokens_and_drops_the() {
        assert_eq!(normalize(" The  U.S. "), "us");
        assert_eq!(normalize("the"), "the");
        assert_eq!(normalize("Canada - U.S."), "canada-us");
        assert_eq!(normalize("Prime Minister 's Office"), "prime ministers office");
        assert_eq!(normalize("Québec’s"), "québecs");
    }

    pub fn node(label: &str, t: EntityType, aliases: &[&str]) -> Node {
        Node {
            id: slug(label),
            label: label.into(),
            entity_type: t,
            aliases: aliases.iter().map(|a| Alias { name: a.to_string(), count: 1 }).collect(),
            mentions: aliases.len(),
            documents: vec!["d1".into()],
        }
    }

    pub fn edge(relation: &str, kind: RelationKind) -> Edge {
        Edge {
            relation: relation.into(),
            kind,
            negated: false,
            modality: None,
            count: 1,
            confidence: 1.0,
            evidence: vec![Evidence {
                doc: "d1".into(),
                sentence: 0,
                start: 0,
                end: 10,
                text: format!("sentence with {relation}").into(),
                date: None,
            }],
        }
    }

    /// Carney -meet-> Starmer, Trump -threaten-> Canada, Carney -prime minister-> Canada.
    pub fn sample() -> KnowledgeGraph {
        KnowledgeGraph::from_parts(
            vec![
                node("Mark Carney", EntityType::Person, &["Mark Carney", "Carney"]),
                node("Keir Starmer", EntityType::Person, &["Starmer"]),
                node("Donald Trump", EntityType::Person, &["Trump", "Mr Trump"]),
                node("Canada", EntityType::Gpe, &["Canada"]),
            ],
            vec![
                ("mark_carney".into(), "keir_starmer".into(), edge("meet", RelationKind::Action)),
                ("donald_trump".into(), "canada".into(), edge("threaten", RelationKind::Action)),
                ("mark_carney".into(), "canada".into(), edge("prime minister", RelationKind::Role)),
                ("mark_carney".into(), "keir_starmer".into(), edge("meet", RelationKind::Action)),
            ],
        )
        .unwrap()
    }

    #[test]
    fn equal_facts_merge_with_count() {
        let g = sample();
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 3);
        let (_, _, meet) = g.edges().find(|(_, _, e)| e.relation == "meet").unwrap();
        assert_eq!(meet.count, 2);
        assert_eq!(meet.evidence.len(), 1, "identical evidence is kept once");
    }

    #[test]
    fn find_matches_aliases_case_insensitively() {
        let g = sample();
        assert_eq!(g.find("carney").unwrap().id, "mark_carney");
        assert_eq!(g.find("MR TRUMP").unwrap().id, "donald_trump");
        let err = g.find("Carny").unwrap_err().to_string();
        assert!(err.contains("Mark Carney"), "{err}");
    }

    #[test]
    fn subgraph_keeps_the_neighbourhood() {
        let g = sample();
        let s = g.subgraph(Some("Starmer"), 1, 1).unwrap();
        let ids: Vec<_> = s.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["keir_starmer", "mark_carney"]);
        let s2 = g.subgraph(Some("Starmer"), 2, 1).unwrap();
        assert_eq!(s2.node_count(), 3);
        assert_eq!(g.subgraph(None, 0, 2).unwrap().edge_count(), 1);
    }

    #[test]
    fn slugs_are_stable_ascii() {
        assert_eq!(slug("Daniel Béland"), "daniel_beland");
        assert_eq!(slug("U.S. State Department"), "us_state_department");
        assert_eq!(slug("Prime Minister's Office"), "prime_ministers_office");
        assert_eq!(normalize("The U.S."), "us");
    }
}
