//! Merge is associative and commutative: the graph of all documents is the
//! same however they are split into parts, whatever the parts are (extract
//! lines or extract databases) and in whatever order they are merged.

use newsgraph::corpus::generate::{seed_paragraphs, Generator};
use newsgraph::export::json::write_json;
use newsgraph::pipeline::{build_graph, extract_document, BuildOptions, DocumentExtract};
use newsgraph::store::content_hash;
use newsgraph::store::parts::Parts;
use newsgraph::text::Document;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn documents() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<Document> = newsgraph::input::read_inputs(&[root.join("seeds")], false).documents;
    let mut g = Generator::new(3, seed_paragraphs(&root.join("seeds")).unwrap());
    for _ in 0..12 {
        let d = g.next_doc();
        docs.push(newsgraph::input::document(d.id, Some(d.title), Some(d.date), d.text));
    }
    docs
}

/// (hash, extract) of every document, and the graph.json of all of them.
fn corpus() -> &'static (Vec<(String, DocumentExtract)>, String) {
    static C: OnceLock<(Vec<(String, DocumentExtract)>, String)> = OnceLock::new();
    C.get_or_init(|| {
        let xs: Vec<(String, DocumentExtract)> =
            documents().iter().map(|d| (content_hash(d), extract_document(d))).collect();
        let mut all: Vec<DocumentExtract> = xs.iter().map(|(_, x)| x.clone()).collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        let g = write_json(&build_graph(&all, &BuildOptions::default()).unwrap());
        (xs, g)
    })
}

/// A part as `extract --jsonl` lines, read back.
fn via_lines(xs: &[&(String, DocumentExtract)], into: &mut Parts) {
    let mut text = String::new();
    for (h, x) in xs {
        let mut line = serde_json::to_string(x).unwrap();
        line.pop();
        line.push_str(&format!(",\"content_hash\":\"{h}\",\"extractor\":\"test\"}}\n"));
        text.push_str(&line);
    }
    into.read_lines(std::io::Cursor::new(text), "part").unwrap();
}

/// A part as a build output folder (extract database), read back.
fn via_db(xs: &[&(String, DocumentExtract)], into: &mut Parts, dir: &Path) {
    let mut p = Parts::default();
    for (h, x) in xs {
        p.add(Some(h.clone()), x.clone());
    }
    std::fs::create_dir_all(dir).unwrap();
    p.write_db(&dir.join(newsgraph::store::DB_FILE)).unwrap();
    into.read(dir).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn any_split_merges_to_the_same_graph(
        assignment in proptest::collection::vec(0usize..4, 17),
        kinds in proptest::collection::vec(any::<bool>(), 4),
        order in Just(()).prop_perturb(|_, mut rng| { let mut o: Vec<usize> = (0..4).collect(); for i in (1..4).rev() { let j = (rng.next_u32() as usize) % (i + 1); o.swap(i, j); } o }),
        nested in any::<bool>(),
    ) {
        let (xs, want) = corpus();
        let tmp = tempfile::tempdir().unwrap();
        let mut parts: Vec<Vec<&(String, DocumentExtract)>> = vec![Vec::new(); 4];
        for (i, x) in xs.iter().enumerate() {
            parts[assignment[i % assignment.len()]].push(x);
        }
        let mut merged = Parts::default();
        for (n, &p) in order.iter().enumerate() {
            if nested && n == 2 {
                // Merge what we have so far into a build output, and start again from it.
                let dir = tmp.path().join("nested");
                std::fs::create_dir_all(&dir).unwrap();
                merged.write_db(&dir.join(newsgraph::store::DB_FILE)).unwrap();
                merged = Parts::default();
                merged.read(&dir).unwrap();
            }
            if kinds[p] {
                via_lines(&parts[p], &mut merged);
            } else {
                via_db(&parts[p], &mut merged, &tmp.path().join(format!("part{p}")));
            }
        }
        prop_assert!(merged.warnings.is_empty(), "{:?}", merged.warnings);
        let got = write_json(&build_graph(&merged.into_extracts(), &BuildOptions::default()).unwrap());
        prop_assert!(got == *want, "the merged graph differs from the graph of all documents");
    }
}

#[test]
fn the_same_document_in_two_parts_counts_once() {
    let (xs, want) = corpus();
    let all: Vec<&(String, DocumentExtract)> = xs.iter().collect();
    let mut merged = Parts::default();
    via_lines(&all, &mut merged);
    via_lines(&all[..5], &mut merged);
    assert!(merged.warnings.is_empty());
    let got = write_json(&build_graph(&merged.into_extracts(), &BuildOptions::default()).unwrap());
    assert!(got == *want);
}
