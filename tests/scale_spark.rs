//! The Spark example (examples/spark/run-local.sh) on local[2] gives build's graph.
//! Skipped, with the reason, when Java or pyspark is absent (run-local.sh
//! installs pyspark by itself; this test does not download anything).

use std::path::Path;
use std::process::Command;

fn has(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn spark_map_reduce_equals_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !has("java", &["-version"]) {
        eprintln!("skipped: java not found (Spark needs Java 17+)");
        return;
    }
    let venv = root.join("target/spark-venv/bin/python");
    let python = std::env::var("PYTHON").ok().or_else(|| {
        [venv.to_str().unwrap(), "python3"].into_iter().find(|p| has(p, &["-c", "import pyspark"])).map(String::from)
    });
    let Some(python) = python else {
        eprintln!(
            "skipped: pyspark not installed (bash examples/spark/run-local.sh installs it into target/spark-venv)"
        );
        return;
    };
    let out = Command::new("bash")
        .arg(root.join("examples/spark/run-local.sh"))
        .env("PYTHON", &python)
        .env("WORDS", "8k")
        .env("NEWSGRAPH_BIN", assert_cmd::cargo::cargo_bin("newsgraph"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(77) {
        eprintln!("skipped: {stdout}");
        return;
    }
    assert!(out.status.success(), "run-local.sh failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Spark result equals build"), "{stdout}");
}
