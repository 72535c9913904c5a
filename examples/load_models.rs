// How long each built-in model takes to load (once per process), one thread.
use std::time::Instant;

/// Loads a model and says how long it took.
fn timed(name: &str, load: impl FnOnce() -> bool) {
    let t = Instant::now();
    let present = load();
    println!("{name} {:.0} ms (present: {present})", t.elapsed().as_secs_f64() * 1e3);
}

fn main() {
    timed("tagger", || newsgraph::tag::Tagger::builtin().is_some());
    timed("parser", || newsgraph::parse::Parser::builtin().is_some());
    timed("ner", || newsgraph::ner::NerTagger::builtin().is_some());
}
