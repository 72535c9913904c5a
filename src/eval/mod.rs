//! Scoring a graph against a gold graph, with the rules of the gold README
//! (the same as `shared/eval/score.py`): names compared normalised, a node
//! matches the gold entity sharing its label or most aliases, second matches
//! are duplicates, facts counted once per corpus.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::graph::KnowledgeGraph;
use crate::relations::RelationKind;

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEntity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldRelation {
    pub subject: String,
    pub relation: String,
    #[serde(default)]
    pub alt: Vec<String>,
    pub object: String,
    #[serde(default = "action")]
    pub kind: String,
    #[serde(default)]
    pub negated: bool,
    #[serde(default)]
    pub optional: bool,
}

fn action() -> String {
    "action".into()
}

#[derive(Clone, Debug, Deserialize)]
pub struct Gold {
    pub entities: Vec<GoldEntity>,
    pub relations: Vec<GoldRelation>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let r = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let round = |x: f64| (x * 1e4).round() / 1e4;
    Prf { tp, fp, fn_, precision: round(p), recall: round(r), f1: round(f) }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Details {
    pub unmatched_nodes: Vec<String>,
    pub missed_entities: Vec<String>,
    pub duplicates: Vec<String>,
    pub false_relations: Vec<String>,
    pub missed_relations: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    pub entities: Prf,
    pub entities_typed: Prf,
    pub actions: Prf,
    pub roles: Prf,
    pub pairs: Prf,
    pub details: Details,
}

/// score.py's `norm_name`.
pub fn norm_name(s: &str) -> String {
    let s = s.to_lowercase().replace('\u{2019}', "'").replace('.', "");
    let s = s.trim();
    let s = s.strip_suffix("'s").unwrap_or(s);
    let s = s.strip_prefix("the ").map(str::trim_start).unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// score.py's `norm_head`: first word after "not"/"never", -ise folded to -ize.
pub fn norm_head(rel: &str) -> String {
    let n = norm_name(rel).replace('_', " ");
    let Some(w) = n.split_whitespace().find(|w| !matches!(*w, "not" | "never" | "n't")) else { return String::new() };
    if w.len() > 5 && w.ends_with("ise") {
        format!("{}ize", &w[..w.len() - 3])
    } else {
        w.to_string()
    }
}

fn coarse(t: &str) -> &'static str {
    match t.to_uppercase().as_str() {
        "PERSON" | "PER" => "PERSON",
        "ORG" | "ORGANIZATION" => "ORG",
        "GPE" | "LOC" | "FAC" | "PLACE" | "LOCATION" => "PLACE",
        _ => "OTHER",
    }
}

pub fn score(gold: &Gold, graph: &KnowledgeGraph) -> Scores {
    let ents: HashMap<&str, &GoldEntity> = gold.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut alias_index: HashMap<String, BTreeSet<&str>> = HashMap::new();
    let mut label_index: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for e in &gold.entities {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            alias_index.entry(norm_name(n)).or_default().insert(&e.id);
        }
        label_index.entry(norm_name(&e.name)).or_default().insert(&e.id);
    }
    // Map nodes to gold entities.
    let mut mapping: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let empty = BTreeSet::new();
    for node in graph.nodes() {
        let label = norm_name(&node.label);
        let names: BTreeSet<String> =
            std::iter::once(label.clone()).chain(node.aliases.iter().map(|a| norm_name(&a.name))).collect();
        let mut cands: BTreeSet<&str> =
            alias_index.get(&label).filter(|c| !c.is_empty()).or(label_index.get(&label)).unwrap_or(&empty).clone();
        if cands.len() != 1 {
            let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
            for n in &names {
                for g in alias_index.get(n).unwrap_or(&empty) {
                    *votes.entry(g).or_insert(0) += 1;
                }
            }
            if !cands.is_empty() {
                let within: BTreeMap<&str, usize> =
                    votes.iter().filter(|(g, _)| cands.contains(*g)).map(|(g, v)| (*g, *v)).collect();
                if !within.is_empty() {
                    votes = within;
                }
            }
            let mut best: Vec<(&str, usize)> = votes.into_iter().collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            cands = best.first().map(|(g, _)| BTreeSet::from([*g])).unwrap_or_default();
        }
        mapping.insert(node.id.as_str(), cands.into_iter().next());
    }
    let mut d = Details::default();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let (mut tp, mut fp, mut tp_typed) = (0, 0, 0);
    for node in graph.nodes() {
        match mapping[node.id.as_str()] {
            None => {
                fp += 1;
                d.unmatched_nodes.push(node.label.clone());
            }
            Some(g) if ents[g].optional => {}
            Some(g) => {
                if let Some(first) = seen.get(g) {
                    fp += 1;
                    d.duplicates.push(format!("{} = {}", node.label, first));
                    continue;
                }
                seen.insert(g, &node.label);
                tp += 1;
                if coarse(node.entity_type.as_str()) == coarse(&ents[g].entity_type) {
                    tp_typed += 1;
                }
            }
        }
    }
    let required: Vec<&GoldEntity> = gold.entities.iter().filter(|e| !e.optional).collect();
    let fn_ = required.iter().filter(|e| !seen.contains_key(e.id.as_str())).count();
    d.missed_entities = required.iter().filter(|e| !seen.contains_key(e.id.as_str())).map(|e| e.name.clone()).collect();
    d.missed_entities.sort();
    let entities = prf(tp, fp, fn_);
    let entities_typed = prf(tp_typed, fp + (tp - tp_typed), fn_ + (tp - tp_typed));

    // Relations.
    type Fact<'a> = (&'a str, String, &'a str, bool);
    let mut results = Vec::new();
    let mut pair_sys: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut pair_req: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut pair_opt: BTreeSet<(&str, &str)> = BTreeSet::new();
    for kind in [RelationKind::Action, RelationKind::Role] {
        let rows: Vec<&GoldRelation> = gold.relations.iter().filter(|r| r.kind == kind.as_str()).collect();
        let mut facts_of: BTreeMap<Fact, Vec<(Fact, bool)>> = BTreeMap::new();
        let mut req_facts: BTreeSet<Fact> = BTreeSet::new();
        for optional_pass in [false, true] {
            for r in rows.iter().filter(|r| r.optional == optional_pass) {
                let fid: Fact = (&r.subject, norm_head(&r.relation), &r.object, r.negated);
                if !optional_pass {
                    req_facts.insert(fid.clone());
                    pair_req.insert((&r.subject, &r.object));
                } else {
                    pair_opt.insert((&r.subject, &r.object));
                }
                let heads: BTreeSet<String> =
                    std::iter::once(norm_head(&r.relation)).chain(r.alt.iter().map(|a| norm_head(a))).collect();
                for h in heads {
                    let key: Fact = (&r.subject, h, &r.object, r.negated);
                    let entry = (fid.clone(), optional_pass);
                    let list = facts_of.entry(key).or_default();
                    if !list.contains(&entry) {
                        list.push(entry);
                    }
                }
            }
        }
        for list in facts_of.values_mut() {
            for (f, opt) in list.iter_mut() {
                *opt = *opt && !req_facts.contains(f);
            }
        }
        let mut hit: BTreeSet<Fact> = BTreeSet::new();
        let mut sys_facts: BTreeSet<(String, String, String)> = BTreeSet::new();
        let mut fp_r = 0;
        for (s, t, e) in graph.edges().filter(|(_, _, e)| e.kind == kind) {
            let (ms, mo) =
                (mapping.get(s.id.as_str()).copied().flatten(), mapping.get(t.id.as_str()).copied().flatten());
            let mut key = None;
            if let (Some(a), Some(b)) = (ms, mo) {
                key = Some((a, norm_head(&e.relation), b, e.negated));
                pair_sys.insert((a, b));
            }
            if let Some(k) = &key {
                if let Some(list) = facts_of.get(k) {
                    if let Some((f, _)) = list.iter().find(|(f, opt)| !opt && !hit.contains(f)) {
                        hit.insert(f.clone());
                    }
                    continue;
                }
                if ents[k.0].optional || ents[k.2].optional {
                    continue;
                }
            }
            let desc = (s.label.clone(), e.relation.clone(), t.label.clone());
            if sys_facts.insert(desc.clone()) {
                fp_r += 1;
                d.false_relations.push(format!(
                    "[{}] {} -{}-> {}{}",
                    kind.as_str(),
                    desc.0,
                    desc.1,
                    desc.2,
                    if e.negated { " (negated)" } else { "" }
                ));
            }
        }
        for (s, h, o, n) in req_facts.difference(&hit) {
            d.missed_relations.push(format!(
                "[{}] {} -{}-> {}{}",
                kind.as_str(),
                ents[s].name,
                h,
                ents[o].name,
                if *n { " (negated)" } else { "" }
            ));
        }
        results.push(prf(hit.len(), fp_r, req_facts.len() - hit.len()));
    }
    let ptp = pair_sys.intersection(&pair_req).count();
    let pfp = pair_sys
        .iter()
        .filter(|p| !pair_req.contains(*p) && !pair_opt.contains(*p) && !(ents[p.0].optional || ents[p.1].optional))
        .count();
    let pairs = prf(ptp, pfp, pair_req.difference(&pair_sys).count());
    Scores { entities, entities_typed, actions: results[0], roles: results[1], pairs, details: d }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> Gold {
        serde_json::from_str(
            r#"{"entities": [
                {"id": "mark_carney", "name": "Mark Carney", "type": "PERSON", "aliases": ["Carney"]},
                {"id": "keir_starmer", "name": "Keir Starmer", "type": "PERSON", "aliases": ["Starmer"]},
                {"id": "donald_trump", "name": "Donald Trump", "type": "PERSON", "aliases": ["Trump"]},
                {"id": "canada", "name": "Canada", "type": "GPE", "aliases": []}],
              "relations": [
                {"subject": "mark_carney", "relation": "meet", "alt": ["talk"], "object": "keir_starmer", "kind": "action"},
                {"subject": "donald_trump", "relation": "threaten", "object": "canada", "kind": "action"},
                {"subject": "mark_carney", "relation": "prime minister", "object": "canada", "kind": "role"},
                {"subject": "donald_trump", "relation": "visit", "object": "canada", "kind": "action", "optional": true}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn perfect_sample_scores_one() {
        let s = score(&gold(), &crate::graph::tests::sample());
        assert_eq!(s.entities.f1, 1.0);
        assert_eq!(s.actions.f1, 1.0);
        assert_eq!(s.roles.f1, 1.0);
        assert_eq!(s.pairs.f1, 1.0);
    }

    #[test]
    fn names_and_heads_normalise_like_score_py() {
        assert_eq!(norm_name("The U.S.’s"), "us");
        assert_eq!(norm_head("never criticise"), "criticize");
        assert_eq!(norm_head("get_along"), "get");
    }
}
