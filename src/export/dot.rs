//! Graphviz DOT: shape and colour by entity type, edge label = relation,
//! negated edges dashed, roles dotted, pen width by how often it was stated.

use super::{edge_label, style};
use crate::graph::KnowledgeGraph;
use crate::relations::RelationKind;

/// A DOT string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn write_dot(g: &KnowledgeGraph) -> String {
    let mut out = String::from("digraph newsgraph {\n  graph [rankdir=LR, overlap=false, splines=true, fontname=\"Helvetica\"];\n  node [style=filled, fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n");
    for n in g.nodes() {
        let (fill, shape) = style(n.entity_type);
        out.push_str(&format!(
            "  {} [label={}, shape={}, fillcolor={}, tooltip={}];\n",
            quote(&n.id),
            quote(&n.label),
            shape,
            quote(fill),
            quote(&format!("{} ({})", n.label, n.entity_type))
        ));
    }
    for (s, t, e) in g.edges() {
        let mut attrs =
            vec![format!("label={}", quote(&edge_label(e))), format!("penwidth={:.1}", 1.0 + (e.count as f64).ln())];
        if e.negated {
            attrs.push("style=dashed".into());
        } else if e.kind == RelationKind::Role {
            attrs.push("style=dotted".into());
        }
        if e.count > 1 {
            attrs.push(format!("tooltip={}", quote(&format!("stated {} times", e.count))));
        }
        out.push_str(&format!("  {} -> {} [{}];\n", quote(&s.id), quote(&t.id), attrs.join(", ")));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn dot_parses_with_graphviz_rust() {
        let dot = write_dot(&sample());
        assert!(dot.contains("\"mark_carney\" -> \"keir_starmer\" [label=\"meet\""));
        assert!(dot.contains("style=dotted"), "roles are dotted");
        graphviz_rust::parse(&dot).expect("graphviz-rust accepts our DOT");
    }

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote("say \"hi\" \\ now"), "\"say \\\"hi\\\" \\\\ now\"");
    }
}
