//! Questions users ask the graph: neighbours, paths, statistics.

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};

use super::{Edge, KnowledgeGraph, Node};
use crate::Result;

/// Which edges of a node to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    Out,
    In,
    #[default]
    Both,
}

/// A node reached from the query node, with the edge that reached it.
#[derive(Clone, Debug, Serialize)]
pub struct Neighbor<'g> {
    /// Hops from the query node.
    pub depth: usize,
    /// The node the edge starts from and the node it points to.
    pub source: &'g Node,
    pub target: &'g Node,
    pub edge: &'g Edge,
    /// The node reached (one of source/target).
    pub node: &'g Node,
}

/// Counts and rankings of a graph.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    pub actions: usize,
    pub roles: usize,
    pub nodes_by_type: BTreeMap<String, usize>,
    /// (label, degree), highest first.
    pub top_by_degree: Vec<(String, usize)>,
    /// (label, PageRank), highest first.
    pub top_by_pagerank: Vec<(String, f64)>,
    /// (relation, edge count), most frequent first.
    pub top_relations: Vec<(String, usize)>,
}

impl KnowledgeGraph {
    /// Edges around `name` up to `depth` hops, optionally only one relation
    /// (matched on its first word, case-insensitively) and one direction.
    pub fn neighbors(
        &self,
        name: &str,
        depth: usize,
        relation: Option<&str>,
        direction: Direction,
    ) -> Result<Vec<Neighbor<'_>>> {
        let start = self.index(&self.find(name)?.id).expect("found node has an index");
        let wanted = relation.map(|r| r.to_lowercase());
        let g = self.petgraph();
        let mut seen = std::collections::HashSet::from([start]);
        let mut frontier = vec![start];
        let mut out = Vec::new();
        for d in 1..=depth.max(1) {
            let mut next = Vec::new();
            for &n in &frontier {
                let outgoing = g.edges_directed(n, petgraph::Direction::Outgoing);
                let incoming = g.edges_directed(n, petgraph::Direction::Incoming);
                let edges: Vec<_> = match direction {
                    Direction::Out => outgoing.collect(),
                    Direction::In => incoming.collect(),
                    Direction::Both => outgoing.chain(incoming).collect(),
                };
                for e in edges {
                    let w = e.weight();
                    if let Some(r) = &wanted {
                        if !w.relation.to_lowercase().starts_with(r.as_str()) {
                            continue;
                        }
                    }
                    let other = if e.source() == n { e.target() } else { e.source() };
                    out.push(Neighbor {
                        depth: d,
                        source: &g[e.source()],
                        target: &g[e.target()],
                        edge: self.edge(e.id()),
                        node: &g[other],
                    });
                    if seen.insert(other) {
                        next.push(other);
                    }
                }
            }
            frontier = next;
        }
        // Strongest first, then by name: stable output.
        out.sort_by(|a, b| {
            (a.depth, std::cmp::Reverse(a.edge.count), &a.node.label, &a.edge.relation).cmp(&(
                b.depth,
                std::cmp::Reverse(b.edge.count),
                &b.node.label,
                &b.edge.relation,
            ))
        });
        Ok(out)
    }

    /// A shortest path between two entities, following edges in either
    /// direction; each step is (source, edge, target) as stored.
    pub fn path(&self, from: &str, to: &str) -> Result<Option<Vec<(&Node, &Edge, &Node)>>> {
        let a = self.index(&self.find(from)?.id).expect("indexed");
        let b = self.index(&self.find(to)?.id).expect("indexed");
        let g = self.petgraph();
        let mut prev: HashMap<NodeIndex, petgraph::graph::EdgeIndex> = HashMap::new();
        let mut queue = VecDeque::from([a]);
        let mut seen = std::collections::HashSet::from([a]);
        while let Some(n) = queue.pop_front() {
            if n == b {
                break;
            }
            // Strongest edges first so ties prefer well-attested links.
            let mut edges: Vec<_> = g
                .edges_directed(n, petgraph::Direction::Outgoing)
                .chain(g.edges_directed(n, petgraph::Direction::Incoming))
                .collect();
            edges.sort_by_key(|e| (std::cmp::Reverse(e.weight().count), e.id()));
            for e in edges {
                let other = if e.source() == n { e.target() } else { e.source() };
                if seen.insert(other) {
                    prev.insert(other, e.id());
                    queue.push_back(other);
                }
            }
        }
        if a != b && !prev.contains_key(&b) {
            return Ok(None);
        }
        let mut steps = Vec::new();
        let mut cur = b;
        while cur != a {
            let e = prev[&cur];
            let (s, t) = g.edge_endpoints(e).expect("edge exists");
            steps.push((&g[s], &g[e], &g[t]));
            cur = if t == cur { s } else { t };
        }
        steps.reverse();
        Ok(Some(steps))
    }

    /// Entities whose label or an alias contains `query` (compared as
    /// [`super::normalize`] does), best first: exact label, exact alias, a
    /// word starting with the query, then any substring; ties by mentions.
    /// Each hit comes with the name that matched.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(&Node, &str)> {
        let want = super::normalize(query);
        if want.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, &Node, &str)> = Vec::new();
        for node in self.nodes() {
            let names = std::iter::once(node.label.as_str()).chain(node.aliases.iter().map(|a| a.name.as_str()));
            let best = names
                .enumerate()
                .filter_map(|(i, name)| {
                    let n = super::normalize(name);
                    let rank = if n == want {
                        if i == 0 {
                            0
                        } else {
                            1
                        }
                    } else if n.split(' ').any(|w| w.starts_with(&want)) || n.starts_with(&want) {
                        2
                    } else if n.contains(&want) {
                        3
                    } else {
                        return None;
                    };
                    Some((rank, name))
                })
                .min_by_key(|&(rank, _)| rank);
            if let Some((rank, name)) = best {
                hits.push((rank, node, name));
            }
        }
        hits.sort_by(|a, b| {
            (a.0, std::cmp::Reverse(a.1.mentions), &a.1.label).cmp(&(b.0, std::cmp::Reverse(b.1.mentions), &b.1.label))
        });
        hits.into_iter().take(limit).map(|(_, n, name)| (n, name)).collect()
    }

    /// Counts, top entities by degree and PageRank, most frequent relations.
    pub fn stats(&self, top: usize) -> Stats {
        let g = self.petgraph();
        let mut nodes_by_type = BTreeMap::new();
        for n in self.nodes() {
            *nodes_by_type.entry(n.entity_type.to_string()).or_insert(0) += 1;
        }
        let mut degree: Vec<(String, usize)> = g
            .node_indices()
            .map(|ix| {
                let d = g.edges_directed(ix, petgraph::Direction::Outgoing).count()
                    + g.edges_directed(ix, petgraph::Direction::Incoming).count();
                (g[ix].label.clone(), d)
            })
            .collect();
        degree.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        degree.truncate(top);
        let ranks = pagerank(self, 0.85, 50);
        let mut pr: Vec<(String, f64)> =
            g.node_indices().map(|ix| (g[ix].label.clone(), (ranks[ix.index()] * 1e4).round() / 1e4)).collect();
        pr.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        pr.truncate(top);
        let mut rel: BTreeMap<String, usize> = BTreeMap::new();
        let (mut actions, mut roles) = (0, 0);
        for (_, _, e) in self.edges() {
            *rel.entry(e.relation.clone()).or_insert(0) += 1;
            match e.kind {
                crate::relations::RelationKind::Action => actions += 1,
                crate::relations::RelationKind::Role => roles += 1,
            }
        }
        let mut top_relations: Vec<(String, usize)> = rel.into_iter().collect();
        top_relations.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top_relations.truncate(top);
        Stats {
            nodes: self.node_count(),
            edges: self.edge_count(),
            actions,
            roles,
            nodes_by_type,
            top_by_degree: degree,
            top_by_pagerank: pr,
            top_relations,
        }
    }
}

/// PageRank over the directed graph, weighting edges by count; dangling
/// nodes spread their rank evenly.
fn pagerank(kg: &KnowledgeGraph, damping: f64, iterations: usize) -> Vec<f64> {
    let g = kg.petgraph();
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_weight: Vec<f64> = g
        .node_indices()
        .map(|ix| g.edges_directed(ix, petgraph::Direction::Outgoing).map(|e| e.weight().count as f64).sum())
        .collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n).filter(|&i| out_weight[i] == 0.0).map(|i| rank[i]).sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let mut next = vec![base; n];
        for e in g.edge_references() {
            let s = e.source().index();
            next[e.target().index()] += damping * rank[s] * e.weight().count as f64 / out_weight[s];
        }
        rank = next;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn neighbors_follow_direction_and_relation() {
        let g = sample();
        let all = g.neighbors("Carney", 1, None, Direction::Both).unwrap();
        let labels: Vec<_> = all.iter().map(|n| n.node.label.as_str()).collect();
        assert_eq!(labels, ["Keir Starmer", "Canada"]);
        let meet = g.neighbors("Carney", 1, Some("meet"), Direction::Out).unwrap();
        assert_eq!(meet.len(), 1);
        assert!(g.neighbors("Carney", 1, None, Direction::In).unwrap().is_empty());
        let two = g.neighbors("Starmer", 2, None, Direction::Both).unwrap();
        assert!(two.iter().any(|n| n.depth == 2 && n.node.label == "Canada"));
    }

    #[test]
    fn path_crosses_edges_both_ways() {
        let g = sample();
        let p = g.path("Starmer", "Trump").unwrap().unwrap();
        let hops: Vec<_> = p.iter().map(|(s, e, t)| format!("{}-{}-{}", s.id, e.relation, t.id)).collect();
        assert_eq!(
            hops,
            ["mark_carney-meet-keir_starmer", "mark_carney-prime minister-canada", "donald_trump-threaten-canada"]
        );
    }

    #[test]
    fn stats_rank_the_hub_first() {
        let s = sample().stats(3);
        assert_eq!(s.nodes, 4);
        assert_eq!(s.actions, 2);
        // Ties by degree are broken by label.
        assert_eq!(s.top_by_degree[..2], [("Canada".to_string(), 2), ("Mark Carney".to_string(), 2)]);
        assert_eq!(s.top_by_pagerank[0].0, "Canada");
        let total: f64 = pagerank(&sample(), 0.85, 50).iter().sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}

/// One relation as JSON, with both ends' ids and labels: the shape the
/// `neighbors`/`path` commands print with `--json` and the server's API returns.
pub fn relation_json(source: &Node, edge: &Edge, target: &Node) -> serde_json::Value {
    serde_json::json!({
        "source": source.id, "source_label": source.label, "relation": edge.relation, "target": target.id,
        "target_label": target.label, "kind": edge.kind, "negated": edge.negated, "modality": edge.modality,
        "count": edge.count, "confidence": edge.rounded_confidence(), "evidence": edge.evidence,
    })
}
