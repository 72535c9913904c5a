// How long each built-in model takes to load (once per process), one thread.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let tagger = newsgraph::tag::Tagger::builtin().is_some();
    let tag_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let parser = newsgraph::parse::Parser::builtin().is_some();
    let parse_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("tagger {tag_ms:.0} ms (present: {tagger}), parser {parse_ms:.0} ms (present: {parser})");
}
