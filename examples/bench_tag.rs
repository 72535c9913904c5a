// Tagging and NER throughput over the UD training file (repeated to >1M tokens),
// one thread. Prints wall-clock throughput and, on Linux, throughput per second of
// CPU time actually given to the thread (steadier when the machine is shared),
// then what NER adds to the tagger's time per token.
use std::time::Instant;

/// Nanoseconds this thread has run on a CPU (Linux), if known.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Runs `f` over the sentences until at least 1M tokens are done; returns tokens
/// and seconds (CPU seconds when known, else wall-clock).
fn timed(label: &str, forms: &[Vec<&str>], mut f: impl FnMut(usize, &[&str]) -> usize) -> f64 {
    let (t0, c0) = (Instant::now(), thread_cpu_ns());
    let mut n = 0usize;
    while n < 1_000_000 {
        for (i, w) in forms.iter().enumerate() {
            n += f(i, w);
        }
    }
    let s = t0.elapsed().as_secs_f64();
    print!("{label}: {n} tokens in {s:.2}s: {:.0} tokens/s", n as f64 / s);
    match (c0, thread_cpu_ns()) {
        (Some(a), Some(b)) => {
            let cpu = (b - a) as f64 * 1e-9;
            println!(" ({:.0} tokens per CPU second)", n as f64 / cpu);
            cpu / n as f64
        }
        _ => {
            println!();
            s / n as f64
        }
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or("../shared/data/ud-ewt/en_ewt-ud-train.conllu".into());
    let sents = newsgraph::text::conllu::read_file(std::path::Path::new(&path)).unwrap();
    // The words are slices of one text, as the pipeline's are of a document's.
    let mut text = String::new();
    let mut lens: Vec<Vec<usize>> = Vec::new();
    for s in &sents {
        lens.push(s.forms().iter().map(|w| w.len()).collect());
        for w in s.forms() {
            text.push_str(w);
            text.push(' ');
        }
    }
    let mut at = 0;
    let forms: Vec<Vec<&str>> = lens
        .iter()
        .map(|ls| {
            ls.iter()
                .map(|&l| {
                    let w = &text[at..at + l];
                    at += l + 1;
                    w
                })
                .collect()
        })
        .collect();
    let tagger = newsgraph::tag::Tagger::builtin().expect("model");
    let tag_s = timed("tagger", &forms, |_, w| tagger.tag(w).len());
    if let Some(ner) = newsgraph::ner::NerTagger::builtin() {
        let tags: Vec<_> = forms.iter().map(|w| tagger.tag(w)).collect();
        let ner_s = timed("ner", &forms, |i, w| ner.tag(w, &tags[i]).len());
        println!("ner adds {:.0} % to the tagger's time per token", 100.0 * ner_s / tag_s);
    }
}
