//! The read-only JSON API that `newsgraph serve` puts beside the page:
//! `/api/graph`, `/api/neighbors`, `/api/path`, `/api/search`.
//!
//! Kept free of any HTTP crate: a route name and its query parameters go in,
//! JSON or an [`ApiError`] (with its HTTP status) comes out, so the answers
//! are unit-tested here and the server only moves bytes.

use serde_json::{json, Value};
use std::collections::BTreeMap;

use crate::graph::{relation_json, Direction, KnowledgeGraph};
use crate::Error;

/// The routes, for the index answer and "unknown route" messages.
pub const ROUTES: [&str; 4] = [
    "/api/graph[?focus=NAME&depth=N&min_count=N]",
    "/api/neighbors?name=NAME[&depth=N&relation=VERB&direction=out|in|both]",
    "/api/path?from=NAME&to=NAME",
    "/api/search?q=TEXT[&limit=N]",
];

/// Deepest neighbourhood a request may ask for: depth 6 on a large graph is
/// the whole graph, which `/api/graph` already serves.
pub const MAX_DEPTH: usize = 5;
/// Most search results a request may ask for.
pub const MAX_LIMIT: usize = 200;
/// Longest name or query accepted.
const MAX_TEXT: usize = 500;

/// A request the API refuses: `status` is the HTTP status to send.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    /// For unknown entity names: the closest names in the graph.
    pub closest: Vec<String>,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> Self {
        ApiError { status: 400, message: message.into(), closest: Vec::new() }
    }

    /// The JSON body sent with the status.
    pub fn to_json(&self) -> Value {
        let mut v = json!({ "error": self.message, "status": self.status });
        if !self.closest.is_empty() {
            v["closest"] = json!(self.closest);
        }
        v
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            // An unknown name is a bad parameter value, answered with what the user may have meant.
            Error::UnknownEntity { ref closest, .. } => {
                ApiError { status: 400, message: e.to_string(), closest: closest.clone() }
            }
            other => ApiError { status: 400, message: other.to_string(), closest: Vec::new() },
        }
    }
}

/// What an API route answers: a JSON value, or for `/api/graph` the graph
/// document as text (the same bytes as `graph.json`).
#[derive(Debug)]
pub enum Answer {
    Json(Value),
    GraphJson(String),
}

/// Query parameters checked against the names a route accepts: unknown or
/// repeated names are refused rather than ignored, so a typo ("nme=") is
/// reported instead of silently answered as something else.
struct Params(BTreeMap<String, String>);

impl Params {
    fn new(route: &str, pairs: &[(String, String)], allowed: &[&str]) -> Result<Self, ApiError> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad(format!(
                    "{route}: unknown parameter {k:?}; it accepts {}",
                    allowed.join(", ")
                )));
            }
            if v.chars().count() > MAX_TEXT {
                return Err(ApiError::bad(format!("{route}: parameter {k:?} is longer than {MAX_TEXT} characters")));
            }
            if map.insert(k.clone(), v.clone()).is_some() {
                return Err(ApiError::bad(format!("{route}: parameter {k:?} is given twice")));
            }
        }
        Ok(Params(map))
    }

    fn text(&self, route: &str, name: &str) -> Result<&str, ApiError> {
        match self.0.get(name).map(|v| v.trim()) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(ApiError::bad(format!("{route}: parameter {name:?} is required (e.g. {route}?{name}=Carney)"))),
        }
    }

    fn optional_text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn number(&self, route: &str, name: &str, default: usize, min: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.0.get(name) else { return Ok(default) };
        match v.trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "{route}: parameter {name:?} must be a whole number from {min} to {max}, not {v:?}"
            ))),
        }
    }
}

/// Answers `route` (the path after `/api/`) with `params` (decoded query pairs).
pub fn answer(graph: &KnowledgeGraph, route: &str, params: &[(String, String)]) -> Result<Answer, ApiError> {
    match route {
        "" => Ok(Answer::Json(json!({ "routes": ROUTES }))),
        "graph" => graph_route(graph, params),
        "neighbors" => neighbors(graph, params).map(Answer::Json),
        "path" => path(graph, params).map(Answer::Json),
        "search" => search(graph, params).map(Answer::Json),
        other => Err(ApiError {
            status: 404,
            message: format!("no API route /api/{other}; the routes are {}", ROUTES.join(", ")),
            closest: Vec::new(),
        }),
    }
}

fn graph_route(graph: &KnowledgeGraph, pairs: &[(String, String)]) -> Result<Answer, ApiError> {
    const R: &str = "/api/graph";
    let p = Params::new(R, pairs, &["focus", "depth", "min_count"])?;
    let depth = p.number(R, "depth", 1, 1, MAX_DEPTH)?;
    let min_count = p.number(R, "min_count", 1, 1, usize::MAX)?;
    let focus = p.optional_text("focus");
    if focus.is_none() && p.0.contains_key("depth") {
        return Err(ApiError::bad(format!("{R}: \"depth\" needs \"focus\" (the entity to start from)")));
    }
    let sub = graph.subgraph(focus, depth, min_count)?;
    Ok(Answer::GraphJson(crate::export::json::write_json(&sub)))
}

fn neighbors(graph: &KnowledgeGraph, pairs: &[(String, String)]) -> Result<Value, ApiError> {
    const R: &str = "/api/neighbors";
    let p = Params::new(R, pairs, &["name", "depth", "relation", "direction"])?;
    let name = p.text(R, "name")?;
    let depth = p.number(R, "depth", 1, 1, MAX_DEPTH)?;
    let direction = match p.optional_text("direction") {
        None | Some("both") => Direction::Both,
        Some("out") => Direction::Out,
        Some("in") => Direction::In,
        Some(other) => return Err(ApiError::bad(format!("{R}: \"direction\" must be out, in or both, not {other:?}"))),
    };
    let center = graph.find(name)?;
    let found = graph.neighbors(name, depth, p.optional_text("relation"), direction)?;
    let relations: Vec<Value> = found
        .iter()
        .map(|n| {
            let mut v = relation_json(n.source, n.edge, n.target);
            v["depth"] = n.depth.into();
            v["node"] = n.node.id.clone().into();
            v
        })
        .collect();
    Ok(json!({ "entity": center, "depth": depth, "neighbors": relations }))
}

fn path(graph: &KnowledgeGraph, pairs: &[(String, String)]) -> Result<Value, ApiError> {
    const R: &str = "/api/path";
    let p = Params::new(R, pairs, &["from", "to"])?;
    let (from, to) = (p.text(R, "from")?, p.text(R, "to")?);
    let steps = graph.path(from, to)?;
    let (a, b) = (graph.find(from)?, graph.find(to)?);
    let steps: Option<Vec<Value>> = steps.map(|s| s.iter().map(|(s, e, t)| relation_json(s, e, t)).collect());
    Ok(json!({ "from": a.id, "to": b.id, "found": steps.is_some(), "path": steps }))
}

fn search(graph: &KnowledgeGraph, pairs: &[(String, String)]) -> Result<Value, ApiError> {
    const R: &str = "/api/search";
    let p = Params::new(R, pairs, &["q", "limit"])?;
    let q = p.text(R, "q")?;
    let limit = p.number(R, "limit", 20, 1, MAX_LIMIT)?;
    let results: Vec<Value> = graph
        .search(q, limit)
        .into_iter()
        .map(|(n, matched)| {
            json!({ "id": n.id, "label": n.label, "entity_type": n.entity_type, "mentions": n.mentions,
                    "matched": matched, "aliases": n.aliases })
        })
        .collect();
    Ok(json!({ "query": q, "results": results }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn json_of(route: &str, p: &[(&str, &str)]) -> Value {
        match answer(&sample(), route, &pairs(p)).unwrap() {
            Answer::Json(v) => v,
            Answer::GraphJson(s) => serde_json::from_str(&s).unwrap(),
        }
    }

    fn error_of(route: &str, p: &[(&str, &str)]) -> ApiError {
        answer(&sample(), route, &pairs(p)).unwrap_err()
    }

    #[test]
    fn neighbors_lists_relations_of_any_alias() {
        let v = json_of("neighbors", &[("name", "carney")]);
        assert_eq!(v["entity"]["id"], "mark_carney");
        let others: Vec<&str> =
            v["neighbors"].as_array().unwrap().iter().map(|n| n["node"].as_str().unwrap()).collect();
        assert!(others.contains(&"keir_starmer") && others.contains(&"canada"), "{others:?}");
        assert!(v["neighbors"][0]["evidence"][0]["text"].is_string());
    }

    #[test]
    fn path_and_search_answer() {
        let v = json_of("path", &[("from", "Carney"), ("to", "Trump")]);
        assert_eq!(v["found"], true);
        assert_eq!(v["path"].as_array().unwrap().len(), 2, "Carney - Canada - Trump");
        let v = json_of("search", &[("q", "carn")]);
        assert_eq!(v["results"][0]["id"], "mark_carney");
        let v = json_of("search", &[("q", "zzzz")]);
        assert!(v["results"].as_array().unwrap().is_empty());
    }

    #[test]
    fn graph_route_gives_graph_json_and_focus_cuts_it() {
        let all = json_of("graph", &[]);
        let some = json_of("graph", &[("focus", "Starmer"), ("depth", "1")]);
        assert!(some["nodes"].as_array().unwrap().len() < all["nodes"].as_array().unwrap().len());
    }

    #[test]
    fn bad_parameters_are_400_with_a_reason() {
        for (route, p, needle) in [
            ("neighbors", vec![], "required"),
            ("neighbors", vec![("name", "  ")], "required"),
            ("neighbors", vec![("name", "Carney"), ("depth", "x")], "whole number"),
            ("neighbors", vec![("name", "Carney"), ("depth", "0")], "whole number"),
            ("neighbors", vec![("name", "Carney"), ("depth", "99")], "whole number"),
            ("neighbors", vec![("name", "Carney"), ("direction", "up")], "direction"),
            ("neighbors", vec![("nme", "Carney")], "unknown parameter"),
            ("neighbors", vec![("name", "Carney"), ("name", "Trump")], "twice"),
            ("path", vec![("from", "Carney")], "\"to\""),
            ("search", vec![("q", "a"), ("limit", "-1")], "whole number"),
            ("graph", vec![("depth", "2")], "focus"),
        ] {
            let e = error_of(route, &p);
            assert_eq!(e.status, 400, "{route} {p:?}");
            assert!(e.message.contains(needle), "{route} {p:?}: {}", e.message);
            assert_eq!(e.to_json()["status"], 400);
        }
    }

    #[test]
    fn unknown_names_suggest_and_unknown_routes_are_404() {
        let e = error_of("neighbors", &[("name", "Carny")]);
        assert_eq!(e.status, 400);
        assert!(e.closest.contains(&"Mark Carney".to_string()), "{:?}", e.closest);
        assert!(e.to_json()["closest"].is_array());
        assert_eq!(error_of("users", &[]).status, 404);
    }
}
