#!/usr/bin/env python3
"""Writes the word table of the NER model's Brown-cluster and casing features.

Reads spaCy's English lexeme data (the spacy-lookups-data package, MIT licence):

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/slk
    cd /tmp/slk && python3 -m zipfile -e spacy_lookups_data-1.0.5-py2.py3-none-any.whl .
    python3 scripts/ner_clusters.py /tmp/slk/spacy_lookups_data/data -o /tmp/ner_clusters.tsv
    newsgraph train ner --data ../shared/data/uner-ewt --clusters /tmp/ner_clusters.tsv -o models/ner.bin

Output: one `word<TAB>path<TAB>casing` line per word, most frequent words
first. path is the word's cluster as a string of 0/1 from the root of the
Brown hierarchy (empty: none). casing says how much more often the word's
lowercase form is written capitalised than in lowercase in the corpus behind
the frequencies: round(log(P(Title) + P(UPPER)) - log P(lower)), from -4 to 4
(empty: all three unseen). Words with neither are left out.

spaCy stores a path as the integer whose binary digits, read from the least
significant bit, are the path (`int(path[::-1], 2)`), so trailing zeros of a
path are lost: Paris, London, Toronto -> 678 -> 0110010101. Standard library only.
"""

import argparse
import gzip
import json
import math
import os
import sys


def path_of(code):
    """The cluster path of spaCy's integer form (0: no cluster -> "")."""
    return bin(code)[2:][::-1] if code > 0 else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="folder holding en_lexeme_cluster.json.gz and en_lexeme_prob.json.gz")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--clustered", type=int, default=0, help="the N most frequent words with a cluster (0: all)")
    ap.add_argument("--frequent", type=int, default=100000, help="and the N most frequent words (for casing)")
    args = ap.parse_args()

    def load(name):
        with gzip.open(os.path.join(args.data, name), "rt", encoding="utf-8") as f:
            return json.load(f)

    clusters = load("en_lexeme_cluster.json.gz")
    logprob = load("en_lexeme_prob.json.gz")
    # Unseen words have the lowest probability.
    floor = min(logprob.values())

    def casing(w):
        low, title, upper = (logprob.get(v, floor) for v in (w.lower(), w.title(), w.upper()))
        if max(low, title, upper) <= floor:
            return ""
        return str(max(-4, min(4, round(math.log(math.exp(title) + math.exp(upper)) - low))))

    # Most frequent first; ties by word, so the output is reproducible.
    words = sorted(
        (w for w in logprob.keys() | clusters.keys() if w.strip() and "\t" not in w and "\n" not in w),
        key=lambda w: (-logprob.get(w, floor), w),
    )
    clustered = [w for w in words if clusters.get(w, 0) > 0]
    keep = set(clustered if args.clustered <= 0 else clustered[: args.clustered])
    keep.update(words[: args.frequent])
    keep = [w for w in words if w in keep]
    with open(args.output, "w", encoding="utf-8") as out:
        for w in keep:
            out.write(f"{w}\t{path_of(clusters.get(w, 0))}\t{casing(w)}\n")
    print(f"wrote {len(keep)} words ({len(clustered)} with a cluster) to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
