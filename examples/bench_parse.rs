// Parsing throughput over a CoNLL-U file's sentences (default: UD English-EWT
// dev, about 25k tokens), with the tagger's predicted tags, one thread.
// Prints wall-clock throughput and, on Linux, throughput per second of CPU time
// actually given to the thread (steadier when the machine is shared).
use std::time::Instant;

/// Nanoseconds this thread has run on a CPU (Linux), if known.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or("../shared/data/ud-ewt/en_ewt-ud-dev.conllu".into());
    // Optional second argument: how many times to parse the file (a longer, steadier measurement).
    let repeat: usize = std::env::args().nth(2).map_or(1, |r| r.parse().expect("a repeat count"));
    let sents = newsgraph::text::conllu::read_file(std::path::Path::new(&path)).unwrap();
    let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let tags: Vec<_> = forms.iter().map(|f| newsgraph::tag::tag(f)).collect();
    let parser = newsgraph::parse::Parser::builtin().expect("model");
    let (t0, c0) = (Instant::now(), thread_cpu_ns());
    let mut n = 0usize;
    // Attachment scores against the file's trees (all tokens, labels without subtypes compared whole).
    let (mut heads, mut labelled) = (0usize, 0usize);
    for _ in 0..repeat {
        for (s, (f, t)) in sents.iter().zip(forms.iter().zip(&tags)) {
            let arcs = parser.parse(f, t);
            for (a, w) in arcs.iter().zip(&s.words) {
                if w.head == Some(a.head) {
                    heads += 1;
                    labelled += usize::from(w.deprel == a.deprel);
                }
            }
            n += arcs.len();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    print!("{n} tokens in {s:.2}s: {:.0} tokens/s", n as f64 / s);
    match (c0, thread_cpu_ns()) {
        (Some(a), Some(b)) => println!(" ({:.0} tokens per CPU second)", n as f64 / ((b - a) as f64 * 1e-9)),
        _ => println!(),
    }
    println!("UAS {:.2} LAS {:.2}", 100.0 * heads as f64 / n as f64, 100.0 * labelled as f64 / n as f64);
}
