//! The issues' accuracy bars, measured the way they are scored: the CLI's
//! output (`annotate`, `build`) against `../shared` gold data, with the shared
//! scorers (`eval/conllu.py`, `eval/score.py`). Each test skips with a printed
//! reason when the data or Python is absent (a fresh clone without
//! `../shared`); CI has both, so CI runs them.
//!
//! A bar that is met is asserted as the bar. A bar not met yet is asserted at
//! the level reached (so a regression fails) and the gap is printed.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !dir.join("eval/conllu.py").is_file() {
        eprintln!("skipped: {} (the shared data and scorers) is absent", dir.display());
        return None;
    }
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 (for the shared scorers) is not installed");
        return None;
    }
    Some(dir)
}

/// Runs a shared scorer and returns the JSON object it prints.
fn score(script: &Path, args: &[&Path], flags: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new("python3").arg(script).args(args).args(flags).output().unwrap();
    assert!(out.status.success(), "{}: {}", script.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: {e}", script.display()))
}

fn conllu_py(shared: &Path, args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new("python3").arg(shared.join("eval/conllu.py")).args(args).output().unwrap();
    assert!(out.status.success(), "conllu.py {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn annotate(input: &Path, from: &str) -> Vec<u8> {
    let out =
        Command::cargo_bin("newsgraph").unwrap().arg("annotate").arg(input).args(["--from", from]).output().unwrap();
    assert!(out.status.success(), "annotate {}: {}", input.display(), String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn at_least(what: &str, value: f64, bar: f64) {
    eprintln!("{what}: {value:.4} (bar {bar})");
    assert!(value >= bar, "{what} {value:.4} is below {bar}");
}

/// Issue 4's bar.
#[test]
fn ner_exact_span_f1_on_uner_ewt_test() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("data/uner-ewt/en_ewt-ud-test.iob2");
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("test.tok");
    std::fs::write(&tokens, conllu_py(&shared, &["totokens", "iob2", gold.to_str().unwrap()])).unwrap();
    let pred = dir.path().join("pred.conllu");
    std::fs::write(&pred, annotate(&tokens, "tokens")).unwrap();
    let r = score(&shared.join("eval/conllu.py"), &[Path::new("ner"), &gold, &pred], &[]);
    let f1 = r["f1"].as_f64().unwrap();
    eprintln!("NER F1 {f1:.4}, issue 4's bar 0.80");
    at_least("NER exact-span F1 (PER/ORG/LOC)", f1, 0.80);
}

/// Issue 5: UAS >= 87 %, LAS >= 84 % with predicted tags (default beam).
#[test]
fn tags_and_parse_on_ud_ewt_test() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("data/ud-ewt/en_ewt-ud-test.conllu");
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.conllu");
    std::fs::write(&pred, annotate(&gold, "conllu")).unwrap();
    let script = shared.join("eval/conllu.py");
    let tags = score(&script, &[Path::new("tags"), &gold, &pred], &[]);
    at_least("UPOS accuracy", tags["upos"].as_f64().unwrap(), 0.955);
    at_least("lemma accuracy", tags["lemma"].as_f64().unwrap(), 0.97);
    let parse = score(&script, &[Path::new("parse"), &gold, &pred], &[]);
    at_least("UAS", parse["uas"].as_f64().unwrap(), 0.87);
    at_least("LAS", parse["las"].as_f64().unwrap(), 0.84);
}

/// Tokenization and sentence splitting of raw text (levels reached).
#[test]
fn tokens_and_sentences_from_raw_ud_ewt_test_text() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("data/ud-ewt/en_ewt-ud-test.conllu");
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("test.txt");
    std::fs::write(&text, conllu_py(&shared, &["totext", gold.to_str().unwrap()])).unwrap();
    let pred = dir.path().join("pred.conllu");
    std::fs::write(&pred, annotate(&text, "text")).unwrap();
    let r = score(&shared.join("eval/conllu.py"), &[Path::new("segment"), &gold, &pred], &[]);
    let f1 = |key: &str| r[key].as_f64().unwrap_or_else(|| panic!("no {key} in {r}"));
    at_least("token F1", f1("tokens_f1"), 0.985);
    at_least("sentence F1", f1("sentences_f1"), 0.80);
}

/// Issues 4 and 5 on the seeds: entities >= 0.90 with no duplicate, typed
/// >= 0.85, actions >= 0.65, roles >= 0.75, pairs >= 0.75.
#[test]
fn seed_graph_against_the_gold_graph() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    Command::cargo_bin("newsgraph").unwrap().arg("build").arg(&seeds).arg("-o").arg(&out).assert().success();
    let r = score(
        &shared.join("eval/score.py"),
        &[&shared.join("gold/seeds.json"), &out.join("graph.json")],
        &["--json", "--verbose"],
    );
    let dups = r["details"]["duplicates"].as_array().unwrap();
    assert!(dups.is_empty(), "duplicate nodes: {dups:?}");
    for (key, bar) in
        [("entities", 0.90), ("entities_typed", 0.85), ("actions", 0.65), ("roles", 0.75), ("pairs", 0.75)]
    {
        at_least(&format!("seeds {key} F1"), r[key]["f1"].as_f64().unwrap(), bar);
    }
}

/// Ninety-five wire-style articles kept apart from rule work until they were
/// scored once (`tests/data/heldout/`, see the README's "Unseen news"): the
/// rules their misses prompted are held here, at floors under today's scores
/// (entities 0.997, typed 0.983, actions 0.895, roles 0.982, pairs 0.947).
#[test]
fn held_out_articles_against_their_gold_graph() {
    let Some(shared) = shared() else { return };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/heldout");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("newsgraph").unwrap().arg("build").arg(&data).arg("-o").arg(&out).assert().success();
    let r = score(&shared.join("eval/score.py"), &[&data.join("gold.json"), &out.join("graph.json")], &["--json"]);
    for (key, floor) in
        [("entities", 0.95), ("entities_typed", 0.93), ("actions", 0.85), ("roles", 0.95), ("pairs", 0.91)]
    {
        at_least(&format!("held-out {key} F1"), r[key]["f1"].as_f64().unwrap(), floor);
    }
}
