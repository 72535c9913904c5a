//! GraphML with declared, typed attributes (Gephi, yEd, networkx read it).

use quick_xml::escape::escape;

use crate::graph::KnowledgeGraph;

const NODE_KEYS: &[(&str, &str)] =
    &[("label", "string"), ("type", "string"), ("aliases", "string"), ("mentions", "int"), ("documents", "string")];
const EDGE_KEYS: &[(&str, &str)] = &[
    ("relation", "string"),
    ("kind", "string"),
    ("negated", "boolean"),
    ("modality", "string"),
    ("count", "int"),
    ("confidence", "double"),
    ("evidence", "string"),
];

pub fn write_graphml(g: &KnowledgeGraph) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (k, t) in NODE_KEYS {
        out.push_str(&format!("  <key id=\"n_{k}\" for=\"node\" attr.name=\"{k}\" attr.type=\"{t}\"/>\n"));
    }
    for (k, t) in EDGE_KEYS {
        out.push_str(&format!("  <key id=\"e_{k}\" for=\"edge\" attr.name=\"{k}\" attr.type=\"{t}\"/>\n"));
    }
    out.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    let data = |key: &str, v: &str| format!("<data key=\"{key}\">{}</data>", escape(v));
    for n in g.nodes() {
        let aliases: Vec<&str> = n.aliases.iter().map(|a| a.name.as_str()).collect();
        out.push_str(&format!(
            "    <node id=\"{}\">{}{}{}{}{}</node>\n",
            escape(n.id.as_str()),
            data("n_label", &n.label),
            data("n_type", n.entity_type.as_str()),
            data("n_aliases", &aliases.join("|")),
            data("n_mentions", &n.mentions.to_string()),
            data("n_documents", &n.documents.join("|"))
        ));
    }
    for (i, (s, t, e)) in g.edges().enumerate() {
        let evidence: Vec<&str> = e.evidence.iter().map(|v| &*v.text).collect();
        out.push_str(&format!(
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">{}{}{}{}{}{}{}</edge>\n",
            escape(s.id.as_str()),
            escape(t.id.as_str()),
            data("e_relation", &e.relation),
            data("e_kind", e.kind.as_str()),
            data("e_negated", &e.negated.to_string()),
            data("e_modality", e.modality.as_deref().unwrap_or("")),
            data("e_count", &e.count.to_string()),
            data("e_confidence", &format!("{:.2}", e.confidence)),
            data("e_evidence", &evidence.join(" | "))
        ));
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Checks that `xml` is well-formed (used by tests and `export`).
pub fn check_well_formed(xml: &str) -> Result<(), String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0i64;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", r.buffer_position())),
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err("unbalanced elements".into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn well_formed_with_typed_keys() {
        let x = super::write_graphml(&crate::graph::tests::sample());
        super::check_well_formed(&x).unwrap();
        assert!(x.contains("attr.name=\"count\" attr.type=\"int\""));
        assert!(x.contains("<edge id=\"e0\""));
    }
}
