//! The binary end to end: build the seeds, ask questions, feed it bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Builds the seeds into a fresh temporary folder; returns it and the graph path.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build"])
        .arg(seeds())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("5 documents"))
        .stdout(predicate::str::contains("words/s"));
    let graph = dir.path().join("graph.json");
    (dir, graph)
}

#[test]
fn build_writes_a_node_link_graph() {
    let (_dir, graph) = built();
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&graph).unwrap()).unwrap();
    assert_eq!(v["directed"], true);
    let nodes = v["nodes"].as_array().unwrap();
    assert!(nodes.len() > 30);
    for n in nodes {
        for field in ["id", "label", "type", "aliases", "mentions", "documents"] {
            assert!(n.get(field).is_some(), "node lacks {field}: {n}");
        }
    }
    let links = v["links"].as_array().unwrap();
    assert!(!links.is_empty());
    for l in links {
        for field in ["source", "target", "relation", "kind", "negated", "modality", "count", "evidence"] {
            assert!(l.get(field).is_some(), "link lacks {field}: {l}");
        }
        let ev = &l["evidence"][0];
        assert!(ev["text"].as_str().unwrap().len() > 10);
        assert!(ev["end"].as_u64() > ev["start"].as_u64());
    }
}

#[test]
fn build_is_deterministic_whatever_the_thread_count() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        newsgraph().arg("build").arg(seeds()).arg("-o").arg(dir.path()).args(["--threads", threads]).assert().success();
    }
    let ga = std::fs::read(a.path().join("graph.json")).unwrap();
    let gb = std::fs::read(b.path().join("graph.json")).unwrap();
    assert!(ga == gb, "graph.json differs between 1 and 2 threads");
}

#[test]
fn neighbors_of_carney_show_trump_starmer_and_the_king() {
    let (_dir, graph) = built();
    newsgraph()
        .args(["neighbors", "Carney", "--graph"])
        .arg(&graph)
        .assert()
        .success()
        .stdout(predicate::str::contains("Donald Trump"))
        .stdout(predicate::str::contains("Keir Starmer"))
        .stdout(predicate::str::contains("King Charles"));
}

#[test]
fn neighbors_json_and_filters() {
    let (_dir, graph) = built();
    let out = newsgraph()
        .args(["neighbors", "mark carney", "--direction", "out", "--json", "--graph"])
        .arg(&graph)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entity"], "mark_carney");
    for n in v["neighbors"].as_array().unwrap() {
        assert_eq!(n["source"], "mark_carney", "--direction out keeps outgoing edges only");
    }
}

#[test]
fn unknown_name_lists_the_closest() {
    let (_dir, graph) = built();
    newsgraph()
        .args(["neighbors", "Carny", "--graph"])
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no entity matches \"Carny\""))
        .stderr(predicate::str::contains("Mark Carney"));
}

#[test]
fn path_from_starmer_to_trump() {
    let (_dir, graph) = built();
    newsgraph()
        .args(["path", "Starmer", "Trump", "--graph"])
        .arg(&graph)
        .assert()
        .success()
        .stdout(predicate::str::contains("from Keir Starmer to Donald Trump"));
}

#[test]
fn stats_rank_entities() {
    let (_dir, graph) = built();
    let out = newsgraph().args(["stats", "--json", "--graph"]).arg(&graph).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["nodes"].as_u64().unwrap() > 30);
    let top: Vec<&str> =
        v["top_by_degree"].as_array().unwrap().iter().take(3).map(|x| x[0].as_str().unwrap()).collect();
    assert!(top.contains(&"Mark Carney") && top.contains(&"Donald Trump"), "{top:?}");
}

#[test]
fn extract_prints_relations_as_tsv() {
    newsgraph()
        .arg("extract")
        .arg(seeds().join("000_5902de2f552e54fd.txt"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("doc\tsentence\tsubject\trelation"))
        .stdout(predicate::str::contains("Keir Starmer"));
}

#[test]
fn missing_graph_says_to_build_first() {
    let dir = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["stats", "--graph"])
        .arg(dir.path().join("none.json"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("run `newsgraph build` first"));
}

#[test]
fn bad_inputs_warn_and_the_rest_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("good.txt"), "Prime Minister Mark Carney met King Charles in London.").unwrap();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    std::fs::write(p.join("binary.txt"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(p.join("latin1.txt"), b"Caf\xe9 owner Jean Tremblay met Carney.").unwrap();
    std::fs::write(p.join("docs.jsonl"), "{\"id\": \"j1\", \"text\": \"Carney visited Paris.\"}\n{broken\n").unwrap();
    let out = p.join("out");
    newsgraph()
        .arg("build")
        .arg(p)
        .arg(p.join("missing.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 documents"))
        .stderr(predicate::str::contains("empty.txt: empty"))
        .stderr(predicate::str::contains("binary.txt: binary"))
        .stderr(predicate::str::contains("latin1.txt: invalid UTF-8"))
        .stderr(predicate::str::contains("docs.jsonl, line 2"))
        .stderr(predicate::str::contains("missing.txt: cannot read"));
    assert!(out.join("graph.json").exists());
}

#[test]
fn nothing_readable_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "  \n").unwrap();
    newsgraph()
        .arg("build")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("no document could be read"));
}

#[test]
fn stdin_and_jsonl_flag() {
    let dir = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-", "--jsonl", "-o"])
        .arg(dir.path())
        .write_stdin(
            "{\"id\": 7, \"text\": \"Prime Minister Mark Carney visited London.\", \"date\": \"2025-03-17\"}\n",
        )
        .assert()
        .success()
        .stdout(predicate::str::contains("1 documents"));
    let g = std::fs::read_to_string(dir.path().join("graph.json")).unwrap();
    assert!(g.contains("\"doc\": \"7\""), "{g}");
    assert!(g.contains("2025-03-17"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    for sub in ["build", "neighbors", "path", "stats", "extract", "export", "render", "eval", "annotate", "train"] {
        newsgraph().args([sub, "--help"]).assert().success().stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn every_export_parses_back() {
    let (dir, graph) = built();
    for (format, file) in
        [("dot", "g.dot"), ("json", "g.json"), ("graphml", "g.graphml"), ("gexf", "g.gexf"), ("cytoscape", "g.cy.json")]
    {
        let out = dir.path().join(file);
        newsgraph().args(["export", "--format", format, "--graph"]).arg(&graph).arg("-o").arg(&out).assert().success();
        let text = std::fs::read_to_string(&out).unwrap();
        match format {
            "dot" => {
                graphviz_rust::parse(&text).expect("graphviz-rust parses the DOT");
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(v["links"].as_array().unwrap().len() > 10);
            }
            "cytoscape" => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(v["elements"]["edges"].as_array().unwrap().len() > 10);
            }
            _ => {
                newsgraph::export::graphml::check_well_formed(&text).unwrap();
                if std::process::Command::new("xmllint").arg("--version").output().is_ok() {
                    let ok = std::process::Command::new("xmllint").arg("--noout").arg(&out).status().unwrap().success();
                    assert!(ok, "xmllint rejects {file}");
                } else {
                    eprintln!("xmllint not installed: checked with quick-xml only");
                }
            }
        }
    }
    let csv = dir.path().join("csv");
    newsgraph().args(["export", "--format", "csv", "--graph"]).arg(&graph).arg("-o").arg(&csv).assert().success();
    assert!(std::fs::read_to_string(csv.join("nodes.csv")).unwrap().starts_with("id:ID,"));
    assert!(std::fs::read_to_string(csv.join("edges.csv")).unwrap().starts_with(":START_ID,:END_ID,:TYPE"));
}

#[test]
fn export_focus_keeps_the_neighbourhood_and_rejects_unknown_names() {
    let (_dir, graph) = built();
    let out =
        newsgraph().args(["export", "--format", "json", "--focus", "Starmer", "--graph"]).arg(&graph).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let labels: Vec<&str> = v["nodes"].as_array().unwrap().iter().map(|n| n["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Keir Starmer") && labels.len() < 20, "{labels:?}");
    newsgraph()
        .args(["export", "--format", "dot", "--focus", "Starmr", "--graph"])
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("Keir Starmer"));
}

#[test]
fn render_draws_an_svg_and_says_how() {
    let (dir, graph) = built();
    let out = dir.path().join("pic.svg");
    newsgraph()
        .args(["render", "--graph"])
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("with"));
    assert!(std::fs::read_to_string(out).unwrap().contains("<svg"));
}

#[test]
fn build_writes_dot_and_svg_and_dot_accepts_it() {
    let (dir, _graph) = built();
    let dot = dir.path().join("graph.dot");
    graphviz_rust::parse(&std::fs::read_to_string(&dot).unwrap()).unwrap();
    assert!(dir.path().join("graph.svg").exists());
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        let ok = std::process::Command::new("dot")
            .arg("-Tsvg")
            .arg(&dot)
            .arg("-o")
            .arg(dir.path().join("x.svg"))
            .status()
            .unwrap()
            .success();
        assert!(ok, "dot -Tsvg rejects graph.dot");
    } else {
        eprintln!("Graphviz not installed: DOT checked with graphviz-rust only");
    }
}

#[test]
fn eval_matches_the_gold_rules() {
    let (dir, graph) = built();
    let gold = dir.path().join("gold.json");
    std::fs::write(
        &gold,
        r#"{"entities": [{"id": "mark_carney", "name": "Mark Carney", "type": "PERSON", "aliases": ["Carney"]},
                         {"id": "canada", "name": "Canada", "type": "GPE", "aliases": []}],
            "relations": [{"subject": "mark_carney", "relation": "prime minister", "object": "canada", "kind": "role"}]}"#,
    )
    .unwrap();
    let out = newsgraph().args(["eval", "--json", "--gold"]).arg(&gold).arg("--graph").arg(&graph).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["roles"]["recall"], 1.0);
    assert_eq!(v["entities"]["recall"], 1.0);
}

#[test]
fn beam_width_is_checked_and_a_changed_width_re_extracts_on_update() {
    newsgraph()
        .args(["build", "--beam", "0", "-o"])
        .arg(tempfile::tempdir().unwrap().path())
        .arg(seeds())
        .assert()
        .failure()
        .stderr(predicate::str::contains("beam width must be 1 to 64"));
    let dir = tempfile::tempdir().unwrap();
    newsgraph().arg("build").arg(seeds()).arg("-o").arg(dir.path()).args(["--beam", "1"]).assert().success();
    // Same width: nothing to redo. Another width: every document again.
    newsgraph()
        .arg("build")
        .arg(seeds())
        .arg("-o")
        .arg(dir.path())
        .args(["--beam", "1", "--update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(0 extracted, 5 unchanged"));
    newsgraph()
        .arg("build")
        .arg(seeds())
        .arg("-o")
        .arg(dir.path())
        .args(["--update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(5 extracted, 0 unchanged"))
        .stderr(predicate::str::contains("another --beam"));
}
