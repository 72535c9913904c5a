//! No input breaks the extraction of one document: arbitrary bytes, arbitrary
//! Unicode, and news-like token soup. Inputs that once failed are regression
//! tests below. (Case counts are modest so `cargo test` stays fast; raise them
//! with PROPTEST_CASES=10000 for a longer hunt.)

use newsgraph::input::document;
use newsgraph::pipeline::extract_document;
use proptest::prelude::*;

fn run(text: &str) {
    let d = document("fuzz".into(), None, None, text.to_string());
    let x = extract_document(&d);
    // What the reduce step reads must be consistent.
    for r in &x.relations {
        assert!(r.subject < x.entities.entities.len() && r.object < x.entities.entities.len());
        assert!(x.sentences.contains_key(&r.sentence));
    }
    let _ = newsgraph::pipeline::build_graph(&[x], &Default::default()).unwrap();
}

const WORDS: &[&str] = &[
    "Mark",
    "Carney",
    "Prime",
    "Minister",
    "Donald",
    "Trump",
    "said",
    "met",
    "visited",
    "he",
    "she",
    "they",
    "the",
    "US",
    "U.S.",
    "Canada",
    "Canadian",
    "president",
    "of",
    "in",
    "on",
    "with",
    "King",
    "Charles",
    "III",
    "'s",
    "n't",
    "\"",
    "“",
    "”",
    "'",
    ",",
    ".",
    "?",
    "!",
    "(",
    ")",
    "-",
    "–",
    "—",
    ":",
    ";",
    "\n",
    "\n\n",
    "date",
    "2025-01-01",
    "By",
    "Picture:",
    "Credit:",
    "PMO",
    "White",
    "House",
    "von",
    "der",
    "Leyen",
    "Mr.",
    "Dr.",
    "Inc.",
    "$5",
    "50%",
    "…",
    "é",
    "日本",
    "🙂",
    "\t",
    "  ",
    "",
    "http://x.y/z",
    "@user",
    "#tag",
    "A.",
    "B.",
    "St.",
    "Jr.",
    "000",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 0..120).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        run(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,300}") {
        run(&text);
    }

    #[test]
    fn arbitrary_chars_including_controls(text in any::<String>()) {
        run(&text);
    }

    #[test]
    fn news_like_soup(text in soup()) {
        run(&text);
    }
}

#[test]
fn regressions() {
    for text in [
        "",
        " ",
        "\u{0}",
        "date",
        "date 2025-01-01",
        "date 2025-13-45 \u{301}",
        "\"\"\"\"\"",
        "He said.",
        "’s ’s ’s",
        "Mr. . . . Carney",
        "the the the the",
        "U.S.-Canada",
        "A\u{200b}B met C\u{feff}D.",
        "King Charles III III III met him.",
        &"a".repeat(20_000),
        &"Carney met Trump. ".repeat(500),
        &"(".repeat(2000),
    ] {
        run(text);
    }
}
