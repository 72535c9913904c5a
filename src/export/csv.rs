//! CSV for Neo4j's `neo4j-admin database import`: nodes.csv and edges.csv.

use crate::graph::KnowledgeGraph;

/// One CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// (nodes.csv, edges.csv). Arrays use `;` as Neo4j's default array delimiter.
pub fn write_csv(g: &KnowledgeGraph) -> (String, String) {
    let mut nodes = String::from("id:ID,label,aliases:string[],mentions:int,documents:string[],:LABEL\n");
    for n in g.nodes() {
        let aliases: Vec<String> = n.aliases.iter().map(|a| a.name.replace(';', ",")).collect();
        nodes.push_str(&format!(
            "{},{},{},{},{},{}\n",
            field(&n.id),
            field(&n.label),
            field(&aliases.join(";")),
            n.mentions,
            field(&n.documents.join(";")),
            n.entity_type.as_str()
        ));
    }
    let mut edges = String::from(
        ":START_ID,:END_ID,:TYPE,relation,kind,negated:boolean,modality,count:int,confidence:float,evidence\n",
    );
    for (s, t, e) in g.edges() {
        let rel_type: String =
            e.relation.to_uppercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
        edges.push_str(&format!(
            "{},{},{},{},{},{},{},{},{:.2},{}\n",
            field(&s.id),
            field(&t.id),
            field(&rel_type),
            field(&e.relation),
            e.kind.as_str(),
            e.negated,
            field(e.modality.as_deref().unwrap_or("")),
            e.count,
            e.confidence,
            field(e.evidence.first().map_or("", |v| &*v.text))
        ));
    }
    (nodes, edges)
}

#[cfg(test)]
mod tests {
    #[test]
    fn neo4j_headers_and_quoting() {
        let (n, e) = super::write_csv(&crate::graph::tests::sample());
        assert!(n.starts_with("id:ID,label,aliases:string[]"));
        assert!(e.starts_with(":START_ID,:END_ID,:TYPE"));
        assert!(e.contains(",PRIME_MINISTER,prime minister,role,"));
        assert_eq!(super::field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
