#!/usr/bin/env python3
"""newsgraph on Apache Spark: the map step on the executors, the reduce on the driver.

    map:    every partition of the JSON Lines corpus is piped through
            `newsgraph extract --jsonl` (RDD.pipe); each document becomes one
            JSON line with its mentions, local entities and relations.
    reduce: `newsgraph merge` reads those lines (Spark's part-* files),
            resolves entities across all documents and writes graph.json etc.

Local run (the binary is on this machine):
    python newsgraph_spark.py corpus.jsonl --binary target/release/newsgraph \
        --master 'local[2]' --extracts /tmp/x --out /tmp/graph

On a cluster, ship the binary with the job and call it as ./newsgraph:
    spark-submit --master yarn --files target/release/newsgraph \
        examples/spark/newsgraph_spark.py hdfs:///news/corpus.jsonl \
        --binary ./newsgraph --driver-binary target/release/newsgraph \
        --partitions 400 --extracts hdfs:///news/extracts --out graph/
"""

import argparse
import json
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="JSON Lines documents (path, glob or URL Spark can read)")
    ap.add_argument("--binary", required=True, help="newsgraph as the executors see it (./newsgraph when shipped with --files)")
    ap.add_argument("--driver-binary", help="newsgraph on the driver, for the merge (default: --binary)")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    ap.add_argument("--partitions", type=int, default=None, help="partitions of the corpus (default: Spark's)")
    ap.add_argument("--threads", type=int, default=1, help="extraction threads per task (1: Spark runs one task per core)")
    ap.add_argument("--extracts", required=True, help="folder for the extract lines (must not exist)")
    ap.add_argument("--out", required=True, help="output folder of the merged graph (local to the driver)")
    ap.add_argument("--max-evidence", type=int, default=20)
    args = ap.parse_args()

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("newsgraph")
    if args.master:
        conf = conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        lines = sc.textFile(args.corpus, minPartitions=args.partitions) if args.partitions else sc.textFile(args.corpus)
        stem = os.path.splitext(os.path.basename(args.corpus.rstrip("/")))[0]

        # A line without an id gets the one `build` would give it: <file stem>-<line number>.
        def with_id(pair):
            line, index = pair
            if not line.strip():
                return line
            if '"id"' in line:
                return line
            try:
                doc = json.loads(line)
            except ValueError:
                return line  # newsgraph warns and skips it
            if isinstance(doc, dict) and not doc.get("id"):
                doc["id"] = "%s-%d" % (stem, index + 1)
                return json.dumps(doc)
            return line

        docs = lines.zipWithIndex().map(with_id)
        # The binary may arrive without its executable bit when shipped with --files.
        binary = args.binary
        cmd = "sh -c 'chmod +x %s 2>/dev/null; exec %s extract --jsonl --threads %d'" % (binary, binary, args.threads)
        extracts = docs.pipe(cmd, checkCode=True)
        extracts.saveAsTextFile(args.extracts)
    finally:
        sc.stop()

    merge = [
        args.driver_binary or args.binary, "merge", args.extracts, "-o", args.out,
        "--max-evidence", str(args.max_evidence),
    ]
    print("+", " ".join(merge), file=sys.stderr)
    sys.exit(subprocess.call(merge))


if __name__ == "__main__":
    main()
