//! The browser view: one self-contained HTML page (graph data and the vendored
//! Cytoscape.js inline) that works from `file://` with no network.

pub mod api;

use crate::export::style;
use crate::graph::KnowledgeGraph;
use crate::mentions::EntityType;
use std::io::Write;

const PAGE: &str = include_str!("page.html");
/// Cytoscape.js 3.34.4 from its npm release (MIT; assets/cytoscape/LICENSE).
const CYTOSCAPE: &str = include_str!("../../assets/cytoscape/cytoscape.min.js");

/// A writer that makes JSON safe inside a `<script>` element on its way to
/// `out`: a backslash after every `<` that would start `</` or `<!--`.
/// Bytes that may begin such a mark wait for the next write (or `finish`).
struct ScriptSafe<W: Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: Write> ScriptSafe<W> {
    fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.pending)?;
        Ok(self.out)
    }
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let data = std::mem::take(&mut self.pending);
        let mut from = 0;
        for i in (0..data.len()).filter(|&i| data[i] == b'<') {
            let rest = &data[i + 1..];
            if rest.starts_with(b"/") || rest.starts_with(b"!--") {
                self.out.write_all(&data[from..=i])?;
                self.out.write_all(b"\\")?;
                from = i + 1;
            } else if b"!--".starts_with(rest) {
                // "<", "<!" or "<!-" at the end: wait for what follows.
                self.out.write_all(&data[from..i])?;
                self.pending.extend_from_slice(&data[i..]);
                return Ok(buf.len());
            }
        }
        self.out.write_all(&data[from..])?;
        self.pending = data;
        self.pending.clear();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The page for `graph`.
pub fn render_html(graph: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    write_html_to(graph, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the page is UTF-8")
}

/// Writes the page for `graph` to `out`, the graph's JSON streamed into it
/// (a big graph's page is hundreds of megabytes: no copy of it in memory).
pub fn write_html_to(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
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
    // page.html holds the three marks in this order.
    let (head, rest) = PAGE.split_once("/*CYTOSCAPE*/").expect("page.html marks the library");
    let (between, rest) = rest.split_once("/*GRAPH*/").expect("page.html marks the graph after the library");
    let (before_style, tail) = rest.split_once("/*STYLE*/").expect("page.html marks the styles after the graph");
    out.write_all(head.as_bytes())?;
    out.write_all(CYTOSCAPE.replace("</script", "<\\/script").as_bytes())?;
    out.write_all(between.as_bytes())?;
    let mut safe = ScriptSafe { out: &mut *out, pending: Vec::new() };
    crate::export::json::write_json_to(graph, &mut safe)?;
    safe.finish()?;
    out.write_all(before_style.as_bytes())?;
    out.write_all(serde_json::Value::Object(styles).to_string().as_bytes())?;
    out.write_all(tail.as_bytes())
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

    /// What the page held before it was streamed: the whole JSON, then two replacements.
    fn script_safe(json: &str) -> String {
        json.replace("</", "<\\/").replace("<!--", "<\\!--")
    }

    #[test]
    fn script_breakers_are_escaped_wherever_the_writes_split_them() {
        let text = "a</script>b <!-- c <!- d <! e < f <<//x </";
        for cut in 0..=text.len() {
            for cut2 in cut..=text.len() {
                let mut safe = ScriptSafe { out: Vec::new(), pending: Vec::new() };
                for part in [&text[..cut], &text[cut..cut2], &text[cut2..]] {
                    safe.write_all(part.as_bytes()).unwrap();
                }
                let out = String::from_utf8(safe.finish().unwrap()).unwrap();
                assert_eq!(out, script_safe(text), "cut at {cut} and {cut2}");
            }
        }
        assert_eq!(script_safe("a</script>b"), "a<\\/script>b");
    }

    #[test]
    fn streamed_page_equals_the_replaced_page() {
        let g = crate::graph::tests::sample();
        let data = crate::export::json::write_json(&g);
        let html = render_html(&g);
        assert!(html.contains(&script_safe(&data)));
        assert!(!html.contains("/*CYTOSCAPE*/") && html.ends_with(PAGE.rsplit("/*STYLE*/").next().unwrap()));
    }
}
