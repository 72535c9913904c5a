//! The binary at scale: map/reduce equals build, --update equals a rebuild,
//! a build killed at any point leaves the previous graph and a correct next
//! --update, and two builds never write one folder at once.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The seeds as JSON Lines documents (same ids, same text as the files).
fn seed_lines() -> Vec<String> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(root().join("seeds")).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let id = f.file_stem().unwrap().to_str().unwrap();
            serde_json::json!({"id": id, "text": std::fs::read_to_string(f).unwrap()}).to_string()
        })
        .collect()
}

fn build(inputs: &[&Path], out: &Path, extra: &[&str]) -> String {
    let a = newsgraph().arg("build").args(inputs).arg("-o").arg(out).args(extra).assert().success();
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn graph(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("graph.json")).unwrap()
}

#[test]
fn map_reduce_and_merged_builds_equal_one_build() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let full = p.join("full");
    build(&[&root().join("seeds")], &full, &[]);
    let lines = seed_lines();
    // The map step on two splits, the reduce over both (in either order).
    let mut parts = Vec::new();
    for (i, chunk) in [&lines[..2], &lines[2..]].iter().enumerate() {
        let out = newsgraph()
            .args(["extract", "--jsonl", "--threads", "1"])
            .write_stdin(chunk.join("\n") + "\n")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), chunk.len());
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        for k in ["id", "entities", "relations", "mentions", "content_hash", "sentences"] {
            assert!(first.get(k).is_some(), "an extract line lacks {k}");
        }
        let f = p.join(format!("part{i}.jsonl"));
        std::fs::write(&f, text).unwrap();
        parts.push(f);
    }
    for (name, order) in [("m1", [0, 1]), ("m2", [1, 0])] {
        newsgraph()
            .arg("merge")
            .arg(&parts[order[0]])
            .arg(&parts[order[1]])
            .arg("-o")
            .arg(p.join(name))
            .assert()
            .success();
        assert!(graph(&p.join(name)) == graph(&full), "merge of extract lines differs from build");
    }
    // Builds of two splits, merged.
    let (a, b) = (p.join("a.jsonl"), p.join("b.jsonl"));
    std::fs::write(&a, lines[..3].join("\n")).unwrap();
    std::fs::write(&b, lines[3..].join("\n")).unwrap();
    build(&[&a], &p.join("ba"), &[]);
    build(&[&b], &p.join("bb"), &[]);
    newsgraph()
        .arg("merge")
        .arg(p.join("ba"))
        .arg(p.join("bb").join("graph.json"))
        .arg("-o")
        .arg(p.join("m3"))
        .assert()
        .success();
    assert!(graph(&p.join("m3")) == graph(&full), "merge of build outputs differs from build");
    // ... and a merge output merges again, and updates.
    newsgraph().arg("merge").arg(p.join("m3")).arg(&parts[0]).arg("-o").arg(p.join("m4")).assert().success();
    assert!(graph(&p.join("m4")) == graph(&full));
    // A bare graph cannot be merged: the message says why.
    let lone = p.join("lone");
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::copy(full.join("graph.json"), lone.join("graph.json")).unwrap();
    newsgraph()
        .arg("merge")
        .arg(lone.join("graph.json"))
        .arg("-o")
        .arg(p.join("m5"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("without its extracts"));
}

#[test]
fn update_adds_changes_and_removes_documents_like_a_rebuild() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let lines = seed_lines();
    let docs = p.join("docs.jsonl");
    let out = p.join("out");
    std::fs::write(&docs, lines[..4].join("\n")).unwrap();
    build(&[&docs], &out, &[]);
    // One new document.
    std::fs::write(&docs, lines.join("\n")).unwrap();
    let said = build(&[&docs], &out, &["--update"]);
    assert!(said.contains("(1 extracted, 4 unchanged, 0 removed)"), "{said}");
    build(&[&docs], &p.join("full"), &[]);
    assert!(graph(&out) == graph(&p.join("full")), "--update differs from a rebuild");
    // One changed, one removed.
    let mut changed = lines.clone();
    changed[1] = changed[1].replace("Carney", "Mark Carney");
    changed.remove(3);
    std::fs::write(&docs, changed.join("\n")).unwrap();
    let said = build(&[&docs], &out, &["--update", "--threads", "1"]);
    assert!(said.contains("(1 extracted, 3 unchanged, 1 removed)"), "{said}");
    build(&[&docs], &p.join("full2"), &[]);
    assert!(graph(&out) == graph(&p.join("full2")), "--update after change/removal differs from a rebuild");
    let removed_id = serde_json::from_str::<serde_json::Value>(&lines[3]).unwrap()["id"].as_str().unwrap().to_string();
    assert!(!String::from_utf8(graph(&out)).unwrap().contains(&format!("\"doc\": \"{removed_id}\"")));
}

#[test]
fn a_second_build_into_a_locked_folder_stops_with_a_message() {
    let t = tempfile::tempdir().unwrap();
    let _held = newsgraph::store::DirLock::acquire(t.path()).unwrap();
    newsgraph()
        .arg("build")
        .arg(root().join("seeds"))
        .arg("-o")
        .arg(t.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("another newsgraph build"));
    assert!(!t.path().join("graph.json").exists());
}

#[test]
fn a_killed_build_leaves_the_old_graph_and_the_next_update_is_right() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let corpus = p.join("corpus.jsonl");
    newsgraph()
        .args(["bench-corpus", "--words", "8k", "--seed", "5", "--seeds"])
        .arg(root().join("seeds"))
        .arg("-o")
        .arg(&corpus)
        .assert()
        .success();
    let want_dir = p.join("want");
    let t0 = std::time::Instant::now();
    build(&[&corpus], &want_dir, &[]);
    let full_ms = t0.elapsed().as_millis() as u64;
    let want = graph(&want_dir);
    let out = p.join("out");
    build(&[&root().join("seeds")], &out, &[]);
    let old = graph(&out);
    let bin = assert_cmd::cargo::cargo_bin("newsgraph");
    // Kills spread over the time a full build takes (reading, extracting, storing, writing).
    for (i, pct) in [5u64, 25, 50, 75, 95].into_iter().enumerate() {
        let delay_ms = full_ms * pct / 100;
        let update = if i % 2 == 1 { vec!["--update"] } else { vec![] };
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(&corpus)
            .arg("-o")
            .arg(&out)
            .args(&update)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = graph(&out);
        assert!(
            now == old || now == want,
            "after a kill at {delay_ms} ms graph.json is neither the old nor the new graph"
        );
    }
    build(&[&corpus], &out, &["--update"]);
    assert!(graph(&out) == want, "the --update after kills differs from a full build");
}
