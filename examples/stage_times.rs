// Where extraction time goes: seconds per stage over the seeds repeated N times (one thread).
use std::time::{Duration, Instant};
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(50);
    let read = newsgraph::input::read_inputs(&["seeds".into()], false);
    let (mut seg, mut tag, mut ner, mut parse, mut men) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut words = 0;
    let t_all = Instant::now();
    for _ in 0..n {
        for d in &read.documents {
            let t = Instant::now();
            let sents = newsgraph::text::document_sentences(d);
            seg += t.elapsed();
            let names = newsgraph::mentions::capitalised_words(sents.iter().map(|s| s.tokens.as_slice()));
            // Each stage over all of the document's sentences, as the pipeline runs them.
            let w: Vec<Vec<&str>> = sents.iter().map(|s| s.words()).collect();
            words += w.iter().map(Vec::len).sum::<usize>();
            let t = Instant::now();
            let tags: Vec<_> = w.iter().map(|w| newsgraph::tag::tag(w)).collect();
            tag += t.elapsed();
            let t = Instant::now();
            let m = newsgraph::ner::NerTagger::builtin().unwrap();
            let labels: Vec<_> = w.iter().zip(&tags).map(|(w, t)| m.tag(w, t)).collect();
            ner += t.elapsed();
            let t = Instant::now();
            let p = newsgraph::parse::Parser::builtin().unwrap();
            let _arcs: Vec<_> = w.iter().zip(&tags).map(|(w, t)| p.parse(w, t)).collect();
            parse += t.elapsed();
            let t = Instant::now();
            for (i, s) in sents.iter().enumerate() {
                let _m = newsgraph::mentions::find_mentions(i, &s.tokens, &tags[i], Some(&labels[i]), &names);
            }
            men += t.elapsed();
        }
    }
    let total = t_all.elapsed();
    println!(
        "{words} tokens in {:.2}s; segment {:.2}s tag {:.2}s ner {:.2}s parse {:.2}s mentions {:.2}s",
        total.as_secs_f64(),
        seg.as_secs_f64(),
        tag.as_secs_f64(),
        ner.as_secs_f64(),
        parse.as_secs_f64(),
        men.as_secs_f64()
    );
    let t = Instant::now();
    let x: Vec<_> = read.documents.iter().map(newsgraph::pipeline::extract_document).collect();
    let e = t.elapsed();
    let t = Instant::now();
    let _g = newsgraph::pipeline::build_graph(&x, &Default::default()).unwrap();
    println!("one pass extract {:.3}s, build_graph {:.3}s", e.as_secs_f64(), t.elapsed().as_secs_f64());
}
