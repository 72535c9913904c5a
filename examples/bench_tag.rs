// Tagging throughput over the UD training file (repeated to >1M tokens), one thread.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap_or("../shared/data/ud-ewt/en_ewt-ud-train.conllu".into());
    let sents = newsgraph::text::conllu::read_file(std::path::Path::new(&path)).unwrap();
    let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let tagger = newsgraph::tag::Tagger::builtin().expect("model");
    let t0 = Instant::now();
    let mut n = 0usize;
    while n < 1_000_000 {
        for f in &forms { n += tagger.tag(f).len(); }
    }
    let s = t0.elapsed().as_secs_f64();
    println!("{n} tokens in {s:.2}s: {:.0} tokens/s", n as f64 / s);
}
