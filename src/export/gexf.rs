//! GEXF 1.3 for Gephi: declared attributes, edge weight = count, labels.

use quick_xml::escape::escape;

use crate::graph::KnowledgeGraph;

pub fn write_gexf(g: &KnowledgeGraph) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
        "  <meta><creator>newsgraph</creator><description>news knowledge graph</description></meta>\n",
        "  <graph defaultedgetype=\"directed\" mode=\"static\">\n",
        "    <attributes class=\"node\">\n",
        "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n",
        "      <attribute id=\"aliases\" title=\"aliases\" type=\"string\"/>\n",
        "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n",
        "    </attributes>\n",
        "    <attributes class=\"edge\">\n",
        "      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n",
        "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n",
        "      <attribute id=\"negated\" title=\"negated\" type=\"boolean\"/>\n",
        "      <attribute id=\"modality\" title=\"modality\" type=\"string\"/>\n",
        "      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n",
        "    </attributes>\n",
        "    <nodes>\n"
    ));
    for n in g.nodes() {
        let aliases: Vec<&str> = n.aliases.iter().map(|a| a.name.as_str()).collect();
        out.push_str(&format!(
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"type\" value=\"{}\"/><attvalue for=\"aliases\" value=\"{}\"/><attvalue for=\"mentions\" value=\"{}\"/></attvalues></node>\n",
            escape(n.id.as_str()),
            escape(n.label.as_str()),
            n.entity_type.as_str(),
            escape(aliases.join("|").as_str()),
            n.mentions
        ));
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, (s, t, e)) in g.edges().enumerate() {
        let evidence = e.evidence.first().map_or("", |v| &*v.text);
        out.push_str(&format!(
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" label=\"{}\" weight=\"{}\"><attvalues><attvalue for=\"relation\" value=\"{}\"/><attvalue for=\"kind\" value=\"{}\"/><attvalue for=\"negated\" value=\"{}\"/><attvalue for=\"modality\" value=\"{}\"/><attvalue for=\"evidence\" value=\"{}\"/></attvalues></edge>\n",
            escape(s.id.as_str()),
            escape(t.id.as_str()),
            escape(super::edge_label(e).as_str()),
            e.count,
            escape(e.relation.as_str()),
            e.kind.as_str(),
            e.negated,
            escape(e.modality.as_deref().unwrap_or("")),
            escape(evidence)
        ));
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn well_formed_gexf() {
        let x = super::write_gexf(&crate::graph::tests::sample());
        crate::export::graphml::check_well_formed(&x).unwrap();
        assert!(x.contains("weight=\"2\""), "the merged meet edge weighs 2");
    }
}
