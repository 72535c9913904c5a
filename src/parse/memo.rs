//! Scoring parser states for parsing, with memoised feature groups.
//!
//! Most features of a state depend only on which words are at its stack and
//! buffer fronts (see the `extract_*` groups of `features`), and the same
//! words come back again and again: a buffer front stays while words are
//! reduced onto it, a stack word returns to the top when the words above it
//! are reduced, and the hypotheses of a beam mostly differ in a label or one
//! arc. So the scores of each group are summed once per sentence and word
//! (or pair of words), and a state adds up those rows and scores only the
//! features of its partial tree. The weights are integers, exact in f32, so
//! the sums equal those of scoring every feature one by one.

use super::features::{extract_buffer, extract_s0, extract_s0_b0, extract_s1, extract_s1_s0, extract_tree, Sentence};
use super::State;
use crate::model::hash::BuildIdentity;
use crate::model::perceptron::Weights;
use std::collections::HashMap;

/// Score rows of one feature group, one row per word position, filled on first use.
#[derive(Default)]
struct PositionRows {
    rows: Vec<f32>,
    filled: Vec<bool>,
}

impl PositionRows {
    fn start(&mut self, positions: usize, n_classes: usize) {
        self.rows.clear();
        self.rows.resize(positions * n_classes, 0.0);
        self.filled.clear();
        self.filled.resize(positions, false);
    }
}

#[derive(Default)]
pub(crate) struct StateScorer {
    n_classes: usize,
    s0: PositionRows,
    s1: PositionRows,
    buffer: PositionRows,
    /// Whether to memoise the pair groups too: worth it in a beam, whose
    /// hypotheses share pairs, but not in a greedy parse, which meets each
    /// pair once.
    pairs: bool,
    /// (group, first word, second word) -> row of `pair_rows`.
    pair_index: HashMap<u64, u32, BuildIdentity>,
    pair_rows: Vec<f32>,
    keys: Vec<u64>,
}

impl StateScorer {
    /// Starts a sentence of `n` words, for a beam of width `width`.
    pub fn start(&mut self, n: usize, n_classes: usize, width: usize) {
        self.n_classes = n_classes;
        // Positions 0 (the root) to n + 1 (no word).
        for group in [&mut self.s0, &mut self.s1, &mut self.buffer] {
            group.start(n + 2, n_classes);
        }
        self.pairs = width > 1;
        self.pair_index.clear();
        self.pair_rows.clear();
    }

    /// Writes the scores of every transition from `st` to `scores`.
    pub fn score(&mut self, st: &State, sent: &Sentence, weights: &Weights, scores: &mut [f32]) {
        let n = self.n_classes;
        let none = sent.n() + 1;
        let s0 = st.s(0).unwrap_or(none);
        let s1 = st.s(1).unwrap_or(none);
        let b0 = st.b(0).unwrap_or(none);
        let keys = &mut self.keys;
        let mut row = |group: &mut PositionRows, at: usize, extract: &dyn Fn(&mut Vec<u64>)| -> usize {
            if !group.filled[at] {
                keys.clear();
                extract(keys);
                weights.score(keys, &mut group.rows[at * n..(at + 1) * n]);
                group.filled[at] = true;
            }
            at * n
        };
        let r0 = row(&mut self.s0, s0, &|k| extract_s0(sent, s0, k));
        let r1 = row(&mut self.s1, s1, &|k| extract_s1(sent, s1, k));
        let rb = row(&mut self.buffer, b0, &|k| extract_buffer(sent, b0, k));
        let (s0_rows, s1_rows, b_rows) = (&self.s0.rows[r0..r0 + n], &self.s1.rows[r1..r1 + n], &self.buffer.rows[rb..rb + n]);
        for (((s, a), b), c) in scores.iter_mut().zip(s0_rows).zip(s1_rows).zip(b_rows) {
            *s = a + b + c;
        }
        self.keys.clear();
        if self.pairs {
            for (group, a, b) in [(0u64, s0, b0), (1, s1, s0)] {
                let key = ((a as u64) << 33 | (b as u64) << 1 | group).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let at = match self.pair_index.get(&key) {
                    Some(&at) => at as usize,
                    None => {
                        let at = self.pair_rows.len();
                        self.pair_rows.resize(at + n, 0.0);
                        self.keys.clear();
                        if group == 0 {
                            extract_s0_b0(sent, a, b, &mut self.keys);
                        } else {
                            extract_s1_s0(sent, a, b, &mut self.keys);
                        }
                        weights.score(&self.keys, &mut self.pair_rows[at..at + n]);
                        self.pair_index.insert(key, at as u32);
                        at
                    }
                };
                for (s, w) in scores.iter_mut().zip(&self.pair_rows[at..at + n]) {
                    *s += w;
                }
            }
            self.keys.clear();
        } else {
            extract_s0_b0(sent, s0, b0, &mut self.keys);
            extract_s1_s0(sent, s1, s0, &mut self.keys);
        }
        extract_tree(st, sent, &mut self.keys);
        weights.score(&self.keys, scores);
    }
}
