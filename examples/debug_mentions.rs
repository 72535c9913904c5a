//! Prints the mentions of a document read from standard input and the entity
//! each resolves to (`cargo run --release --example debug_mentions < article.txt`).
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("UTF-8 text on standard input");
    let doc = newsgraph::text::Document { id: "stdin".into(), title: None, date: None, text };
    let (x, mentions) = newsgraph::pipeline::extract_document_with_mentions(&doc);
    for (s, sent) in mentions.iter().enumerate() {
        for (k, m) in sent.iter().enumerate() {
            let e = x.entities.links[s][k].map(|i| x.entities.entities[i].label.as_str());
            println!(
                "{s}\t{}..{}\t{:?}\t{:?}\t{:?}\t-> {:?}\ttitle {:?} of {:?} canonical {:?}",
                m.start, m.end, m.text, m.kind, m.entity_type, e, m.title, m.title_of, m.canonical
            );
        }
    }
    let label = |i: usize| x.entities.entities[i].label.as_str();
    for r in &x.relations {
        println!(
            "{}\t{} -{}-> {}\t{:?}\t{}",
            r.sentence,
            label(r.subject),
            r.relation,
            label(r.object),
            r.kind,
            r.confidence
        );
    }
}
