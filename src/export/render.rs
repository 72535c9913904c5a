//! Pictures of the graph: SVG or PNG from Graphviz `dot` (through
//! graphviz-rust) when it is installed, else SVG from the pure-Rust layout-rs.

use graphviz_rust::cmd::{CommandArg, Format};

use crate::{Error, Result};

/// Which program drew the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    Graphviz,
    BuiltIn,
}

impl std::fmt::Display for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Renderer::Graphviz => "Graphviz dot",
            Renderer::BuiltIn => "the built-in layout (install Graphviz for better pictures)",
        })
    }
}

pub fn graphviz_installed() -> bool {
    std::process::Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Renders DOT text as SVG.
pub fn render_svg(dot: &str) -> Result<(Vec<u8>, Renderer)> {
    if graphviz_installed() {
        let out = graphviz_rust::exec_dot(dot.to_string(), vec![CommandArg::Format(Format::Svg)])
            .map_err(|e| Error::Invalid(format!("Graphviz dot failed: {e}")))?;
        return Ok((out, Renderer::Graphviz));
    }
    Ok((render_builtin(dot)?.into_bytes(), Renderer::BuiltIn))
}

/// Renders DOT text as PNG; needs Graphviz.
pub fn render_png(dot: &str) -> Result<Vec<u8>> {
    if !graphviz_installed() {
        return Err(Error::Invalid(
            "PNG needs Graphviz's `dot` program (apt-get install graphviz); SVG works without it".into(),
        ));
    }
    graphviz_rust::exec_dot(dot.to_string(), vec![CommandArg::Format(Format::Png)])
        .map_err(|e| Error::Invalid(format!("Graphviz dot failed: {e}")))
}

/// SVG from layout-rs, which reads a subset of DOT: attributes it does not know are dropped first.
pub fn render_builtin(dot: &str) -> Result<String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv;
    // layout-rs does not know graph-level attribute statements; keep nodes, edges and labels.
    let simple: String = dot
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("graph [")
                && !l.trim_start().starts_with("node [")
                && !l.trim_start().starts_with("edge [")
        })
        .map(|l| {
            // Keep only the label attribute of each statement.
            match (l.find('['), l.rfind(']')) {
                (Some(a), Some(b)) if b > a => {
                    let attrs = &l[a + 1..b];
                    let label = attrs.split(", ").find(|x| x.starts_with("label=")).unwrap_or("");
                    format!("{}[{}];", &l[..a], label)
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut parser = gv::DotParser::new(&simple);
    let graph = parser.process().map_err(|e| Error::Invalid(format!("built-in layout cannot read the DOT: {e}")))?;
    let mut builder = gv::GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut vg = builder.get();
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_layout_draws_the_sample() {
        let dot = crate::export::dot::write_dot(&crate::graph::tests::sample());
        let svg = render_builtin(&dot).unwrap();
        assert!(svg.contains("<svg"), "{}", &svg[..svg.len().min(200)]);
        assert!(svg.contains("Mark Carney"));
    }
}
