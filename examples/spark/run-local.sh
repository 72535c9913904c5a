#!/usr/bin/env bash
# Runs the Spark example on local[2] and checks that its graph equals `newsgraph build`'s
# on the same generated corpus. Installs pyspark (pip, in target/spark-venv) when missing;
# Java 17+ must be on the machine. Exits 77 (skipped) when Java or pyspark cannot be had.
#
#   bash examples/spark/run-local.sh            # 200k words
#   WORDS=2M bash examples/spark/run-local.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
words=${WORDS:-200k}
# local[2] talks to itself only: keep Spark's driver and block manager on loopback.
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_HOSTNAME=localhost

if ! command -v java >/dev/null 2>&1; then
  echo "SKIP: java not found (Spark needs Java 17+; e.g. apt-get install openjdk-17-jre-headless)"
  exit 77
fi
python=${PYTHON:-}
if [ -z "$python" ]; then
  if python3 -c "import pyspark" >/dev/null 2>&1; then
    python=python3
  else
    venv="$root/target/spark-venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" >/dev/null 2>&1; then
      echo "== installing pyspark into $venv"
      python3 -m venv "$venv" && "$venv/bin/pip" install -q pyspark || { echo "SKIP: could not install pyspark with pip"; exit 77; }
    fi
    python="$venv/bin/python"
  fi
fi

bin=${NEWSGRAPH_BIN:-$root/target/release/newsgraph}
if [ ! -x "$bin" ] || [ -n "${REBUILD:-}" ]; then
  cargo build --release --locked
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== corpus ($words words)"
"$bin" bench-corpus --words "$words" --seed 7 -o "$tmp/corpus.jsonl"
echo "== newsgraph build"
"$bin" build "$tmp/corpus.jsonl" -o "$tmp/build"
echo "== Spark on local[2]: extract --jsonl through RDD.pipe, then merge"
"$python" examples/spark/newsgraph_spark.py "$tmp/corpus.jsonl" --binary "$bin" \
  --master 'local[2]' --partitions 4 --extracts "$tmp/extracts" --out "$tmp/spark"
if cmp -s "$tmp/build/graph.json" "$tmp/spark/graph.json"; then
  echo "Spark result equals build: graph.json identical ($(wc -c <"$tmp/build/graph.json") bytes)"
else
  echo "FAIL: Spark's graph.json differs from build's"
  diff <(head -c 200000 "$tmp/build/graph.json") <(head -c 200000 "$tmp/spark/graph.json") | head -20
  exit 1
fi
