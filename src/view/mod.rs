//! The browser view: one self-contained HTML page (graph data and the vendored
//! Cytoscape.js inline) that works from `file://` with no network.

pub mod api;

use crate::export::style;
use crate::graph::KnowledgeGraph;
use crate::mentions::EntityType;

const PAGE: &str = include_str!("page.html");
/// Cytoscape.js 3.34.4 from its npm release (MIT; assets/cytoscape/LICENSE).
const CYTOSCAPE: &str = include_str!("../../assets/cytoscape/cytoscape.min.js");

/// JSON made safe inside a `<script>` element.
fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "<\\!--")
}

/// The page for `graph`.
pub fn render_html(graph: &KnowledgeGraph) -> String {
    let data = crate::export::json::write_json(graph);
    let styles: serde_json::Map<String, serde_json::Value> = EntityType::ALL
        .iter()
        .map(|t| {
            let (fill, shape) = style(*t);
            // Cytoscape knows no "house", "note" or "component" shapes.
            let shape = match shape {
                "box" | "note" | "component" => "round-rectangle",
                "house" => "tag",
                s => s,
            };
            (t.as_str().to_string(), serde_json::json!([fill, shape]))
        })
        .collect();
    PAGE.replacen("/*CYTOSCAPE*/", &CYTOSCAPE.replace("</script", "<\\/script"), 1)
        .replacen("/*GRAPH*/", &script_safe(&data), 1)
        .replacen("/*STYLE*/", &serde_json::Value::Object(styles).to_string(), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_embeds_data_and_library_and_no_network() {
        let html = render_html(&crate::graph::tests::sample());
        assert!(html.contains("\"label\": \"Mark Carney\""));
        assert!(html.contains("cytoscape"));
        assert!(!html.contains("/*GRAPH*/") && !html.contains("/*STYLE*/"));
        for needle in ["src=\"http", "href=\"http", "@import"] {
            assert!(!html.contains(needle), "the page must not fetch anything ({needle})");
        }
    }

    #[test]
    fn script_breakers_are_escaped() {
        assert_eq!(script_safe("a</script>b"), "a<\\/script>b");
    }
}
