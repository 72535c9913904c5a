//! Scoring parser states for parsing, with memoised feature groups.
//!
//! Most features of a state depend only on which words are at its stack and
//! buffer fronts, or on one of those words and its dependents (see the
//! `extract_*` groups of `features`), and these come back again and again:
//! a buffer front stays while words are reduced onto it, a stack word
//! returns to the top when the words above it are reduced, and the
//! hypotheses of a beam mostly differ in a label or one arc. So the scores
//! of each group are summed once per sentence and word, pair of words, or
//! word with its dependents, and a state adds up those rows and scores only
//! the few features left. The weights are integers, exact in f32, so the
//! sums equal those of scoring every feature one by one.

use super::features::{
    extract_b0_subtree, extract_buffer, extract_s0, extract_s0_b0, extract_s0_left, extract_s0_right,
    extract_s0_subtree, extract_s1, extract_s1_s0, extract_s1_subtree, extract_s2, extract_tree, Sentence, Side,
    Subtree,
};
use super::State;
use crate::model::hash::BuildIdentity;
use crate::model::perceptron::Weights;
use std::collections::HashMap;
use std::hash::Hash;

/// Score rows of one feature group, one row per word position, filled on first use.
#[derive(Default)]
struct PositionRows {
    rows: Vec<f32>,
    filled: Vec<bool>,
}

impl PositionRows {
    fn start(&mut self, positions: usize, n_classes: usize) {
        if self.rows.capacity() > (4 * positions * n_classes).max(1 << 18) {
            // A very long sentence came before (more than a megabyte of rows): give its memory back.
            self.rows = Vec::new();
        }
        self.rows.clear();
        self.rows.resize(positions * n_classes, 0.0);
        self.filled.clear();
        self.filled.resize(positions, false);
    }

    /// The row of position `at` (scored by `fill` the first time).
    fn get(&mut self, at: usize, n_classes: usize, fill: impl FnOnce(&mut [f32])) -> &[f32] {
        let row = &mut self.rows[at * n_classes..(at + 1) * n_classes];
        if !self.filled[at] {
            fill(row);
            self.filled[at] = true;
        }
        row
    }
}

/// Score rows of one feature group by key (keys hash themselves well: the
/// map's hasher keeps their `write_u64`).
struct KeyedRows<K> {
    index: HashMap<K, u32, BuildIdentity>,
    rows: Vec<f32>,
    /// The row of a key met once the table is full.
    scratch: Vec<f32>,
}

/// The most rows a [`KeyedRows`] keeps per sentence (about 1.8 MB): a beam
/// of 5 over a 40-word sentence needs a few hundred; keys met after it is
/// full are scored every time, so a pathological sentence of thousands of
/// words parses in bounded memory.
const MAX_KEYED_ROWS: usize = 4096;

impl<K> Default for KeyedRows<K> {
    fn default() -> Self {
        KeyedRows { index: HashMap::default(), rows: Vec::new(), scratch: Vec::new() }
    }
}

impl<K: Hash + Eq> KeyedRows<K> {
    fn clear(&mut self) {
        self.index.clear();
        self.rows.clear();
    }

    /// The row of `key` (scored by `fill` the first time).
    fn get(&mut self, key: K, n_classes: usize, fill: impl FnOnce(&mut [f32])) -> &[f32] {
        if self.index.len() >= MAX_KEYED_ROWS && !self.index.contains_key(&key) {
            self.scratch.clear();
            self.scratch.resize(n_classes, 0.0);
            fill(&mut self.scratch);
            return &self.scratch;
        }
        let at = *self.index.entry(key).or_insert_with(|| {
            let at = self.rows.len();
            self.rows.resize(at + n_classes, 0.0);
            fill(&mut self.rows[at..]);
            at as u32
        }) as usize;
        &self.rows[at..at + n_classes]
    }
}

#[derive(Default)]
pub(crate) struct StateScorer {
    n_classes: usize,
    s0: PositionRows,
    s1: PositionRows,
    s2: PositionRows,
    buffer: PositionRows,
    /// Whether to memoise the pair and subtree groups too: worth it in a
    /// beam, whose hypotheses share them, but not in a greedy parse, which
    /// meets each pair once and a third of the subtrees again.
    shared: bool,
    s0_b0: KeyedRows<u64>,
    s1_s0: KeyedRows<u64>,
    /// The stack top's two sides apart: its left dependents are fixed once it
    /// is on the stack, so their row is met again while right ones come.
    s0_left: KeyedRows<Side>,
    s0_right: KeyedRows<Side>,
    s1_subtree: KeyedRows<Subtree>,
    b0_subtree: KeyedRows<Subtree>,
    keys: Vec<u64>,
}

/// Adds `row` to `scores`.
fn add(scores: &mut [f32], row: &[f32]) {
    scores.iter_mut().zip(row).for_each(|(s, w)| *s += w);
}

/// A row scored from the features that `extract` writes.
fn scored<'a>(
    weights: &'a Weights,
    keys: &'a mut Vec<u64>,
    extract: impl FnOnce(&mut Vec<u64>) + 'a,
) -> impl FnOnce(&mut [f32]) + 'a {
    move |row| {
        keys.clear();
        extract(keys);
        weights.score(keys, row);
    }
}

/// Both word positions of a pair in one key, mixed so that the map's
/// identity hasher spreads them.
fn pair_key(a: usize, b: usize) -> u64 {
    ((a as u64) << 32 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl StateScorer {
    /// Starts a sentence of `n` words, for a beam of width `width`.
    pub fn start(&mut self, n: usize, n_classes: usize, width: usize) {
        self.n_classes = n_classes;
        // Positions 0 (the root) to n + 1 (no word).
        for group in [&mut self.s0, &mut self.s1, &mut self.s2, &mut self.buffer] {
            group.start(n + 2, n_classes);
        }
        self.shared = width > 1;
        self.s0_b0.clear();
        self.s1_s0.clear();
        self.s0_left.clear();
        self.s0_right.clear();
        for group in [&mut self.s1_subtree, &mut self.b0_subtree] {
            group.clear();
        }
    }

    /// Writes the scores of every transition from `st` to `scores`.
    pub fn score(&mut self, st: &State, sent: &Sentence, weights: &Weights, scores: &mut [f32]) {
        let n = self.n_classes;
        let none = sent.n() + 1;
        let s0 = st.s(0).unwrap_or(none);
        let s1 = st.s(1).unwrap_or(none);
        let s2 = st.s(2).unwrap_or(none);
        let b0 = st.b(0).unwrap_or(none);
        let keys = &mut self.keys;
        scores.copy_from_slice(self.s0.get(s0, n, scored(weights, keys, |k| extract_s0(sent, s0, k))));
        add(scores, self.s1.get(s1, n, scored(weights, keys, |k| extract_s1(sent, s1, k))));
        add(scores, self.s2.get(s2, n, scored(weights, keys, |k| extract_s2(sent, s2, k))));
        add(scores, self.buffer.get(b0, n, scored(weights, keys, |k| extract_buffer(sent, b0, k))));
        let [t0, t1, tb] = [s0, s1, b0].map(|x| Subtree::of(st, sent, x));
        keys.clear();
        if self.shared {
            let (left, right) = (t0.left_side(), t0.right_side());
            add(scores, self.s0_left.get(left, n, scored(weights, keys, |k| extract_s0_left(sent, &left, k))));
            add(scores, self.s0_right.get(right, n, scored(weights, keys, |k| extract_s0_right(sent, &right, k))));
            add(scores, self.s1_subtree.get(t1, n, scored(weights, keys, |k| extract_s1_subtree(sent, &t1, k))));
            add(scores, self.b0_subtree.get(tb, n, scored(weights, keys, |k| extract_b0_subtree(sent, &tb, k))));
            let row = self.s0_b0.get(pair_key(s0, b0), n, scored(weights, keys, |k| extract_s0_b0(sent, s0, b0, k)));
            add(scores, row);
            let row = self.s1_s0.get(pair_key(s1, s0), n, scored(weights, keys, |k| extract_s1_s0(sent, s1, s0, k)));
            add(scores, row);
            keys.clear();
        } else {
            extract_s0_subtree(sent, &t0, keys);
            extract_s1_subtree(sent, &t1, keys);
            extract_b0_subtree(sent, &tb, keys);
            extract_s0_b0(sent, s0, b0, keys);
            extract_s1_s0(sent, s1, s0, keys);
        }
        extract_tree(st, sent, [&t0, &t1, &tb], keys);
        weights.score(keys, scores);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::features::extract;
    use crate::parse::{kind, n_classes, Parser};

    #[test]
    fn keyed_rows_stop_growing_when_full_and_still_score() {
        let mut rows = KeyedRows::<u64>::default();
        for round in 0..2 {
            for key in 0..MAX_KEYED_ROWS as u64 + 100 {
                let row = rows.get(key, 3, |r| r.iter_mut().for_each(|x| *x = key as f32));
                assert_eq!(row, &[key as f32; 3], "round {round}, key {key}");
            }
        }
        assert_eq!(rows.index.len(), MAX_KEYED_ROWS);
        assert_eq!(rows.rows.len(), MAX_KEYED_ROWS * 3);
    }

    #[test]
    fn memoised_scores_equal_scoring_every_feature() {
        let Some(parser) = Parser::builtin() else {
            eprintln!("skipped: models/parser.bin is empty");
            return;
        };
        let (mut plain, mut memo) = (vec![0.0; n_classes()], vec![0.0; n_classes()]);
        let mut keys = Vec::new();
        let mut compared = 0;
        for words in crate::parse::TEST_SENTENCES.map(|t| t.split(' ').collect::<Vec<_>>()) {
            let tags = crate::tag::tag(&words);
            let sent = Sentence::new(&words, &tags, &parser.clusters);
            for width in [1, 4] {
                let mut scorer = StateScorer::default();
                scorer.start(words.len(), n_classes(), width);
                // Several walks through the sentence, so that memoised rows are met again.
                for walk in 0..4usize {
                    let mut st = State::new(words.len());
                    let mut k = walk;
                    while !st.terminal() {
                        extract(&st, &sent, &mut keys);
                        plain.iter_mut().for_each(|s| *s = 0.0);
                        parser.weights.score(&keys, &mut plain);
                        scorer.score(&st, &sent, &parser.weights, &mut memo);
                        assert_eq!(plain, memo, "{words:?} width {width} walk {walk}");
                        compared += 1;
                        // A valid transition, varying with the walk.
                        let valid: Vec<usize> = (0..n_classes()).filter(|&t| st.valid()[kind(t)]).collect();
                        k = (k * 31 + 7) % 1009;
                        st.apply(valid[k % valid.len()]);
                    }
                }
            }
        }
        assert!(compared > 300, "{compared} states");
    }
}
