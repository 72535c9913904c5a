//! Averaged perceptron over hashed features: the learner behind the tagger,
//! the NER model and the parser.
//!
//! Training keeps dense rows (one weight per class) per feature, with the
//! lazy-update averaging trick. [`Trainer::finish`] averages, prunes small
//! weights and quantises the rest to i16, giving a compact [`Weights`] that
//! scores with one hash lookup per feature.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::hash::BuildIdentity;

pub struct Trainer {
    n_classes: usize,
    rows: HashMap<u64, usize, BuildIdentity>,
    weights: Vec<f32>,
    totals: Vec<f32>,
    stamps: Vec<u32>,
    /// How many updates touched each feature (for pruning rare ones).
    touched: Vec<u32>,
    time: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            rows: HashMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            touched: Vec::new(),
            time: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current weights of `features` to `scores` (length `n_classes`).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.weights[r * self.n_classes..(r + 1) * self.n_classes];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    /// Counts one training instance (call once per prediction, updated or not).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    fn row(&mut self, f: u64) -> usize {
        let n = self.n_classes;
        let len = self.rows.len();
        let r = *self.rows.entry(f).or_insert(len);
        if r == len {
            self.weights.resize(self.weights.len() + n, 0.0);
            self.totals.resize(self.totals.len() + n, 0.0);
            self.stamps.resize(self.stamps.len() + n, 0);
            self.touched.push(0);
        }
        r
    }

    fn bump(&mut self, r: usize, c: usize, delta: f32) {
        let i = r * self.n_classes + c;
        self.totals[i] += (self.time - self.stamps[i]) as f32 * self.weights[i];
        self.stamps[i] = self.time;
        self.weights[i] += delta;
    }

    /// Moves weight from `guess` to `truth` for these features.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in features {
            let r = self.row(f);
            self.touched[r] += 1;
            self.bump(r, truth, 1.0);
            self.bump(r, guess, -1.0);
        }
    }

    /// Adds `delta` to the weight of `class` for these features (structured
    /// training, where the two sides of an update are different feature sets).
    pub fn add(&mut self, features: &[u64], class: usize, delta: f32) {
        for &f in features {
            let r = self.row(f);
            self.touched[r] += 1;
            self.bump(r, class, delta);
        }
    }

    /// The averaged weight at flat index `i` (row * classes + class), as of now.
    fn average(&self, i: usize) -> f32 {
        (self.totals[i] + (self.time - self.stamps[i]) as f32 * self.weights[i]) / self.time.max(1) as f32
    }

    /// Averages the weights, drops features touched fewer than `min_updates`
    /// times and weights below `min_weight`, and quantises the rest. Training
    /// can go on afterwards (to pick the best epoch on held-out data).
    pub fn averaged(&self, min_updates: u32, min_weight: f32) -> Weights {
        Trainer::averaged_sum(std::slice::from_ref(self), min_updates, min_weight)
    }

    /// [`Trainer::averaged`] of the sum of several trainers' averaged weights
    /// (the same problem learned from different shuffles): summing them
    /// evens out what one order of the data happened to teach.
    pub fn averaged_sum(trainers: &[Trainer], min_updates: u32, min_weight: f32) -> Weights {
        let n = trainers.first().map_or(0, |t| t.n_classes);
        assert!(trainers.iter().all(|t| t.n_classes == n), "summed trainers must share their classes");
        let mut keys: Vec<u64> = trainers.iter().flat_map(|t| t.rows.keys().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        // The summed averages and update count of feature `k`, into `row`.
        let sum_row = |k: u64, row: &mut [f32]| -> u32 {
            row.iter_mut().for_each(|w| *w = 0.0);
            let mut touched = 0u32;
            for t in trainers {
                if let Some(&r) = t.rows.get(&k) {
                    touched += t.touched[r];
                    for (c, w) in row.iter_mut().enumerate() {
                        *w += t.average(r * n + c);
                    }
                }
            }
            touched
        };
        // Two passes, so that no dense copy of all the weights is held: the
        // scale comes from every feature's weights, kept or not.
        let mut row = vec![0.0f32; n];
        let mut max = 0.0f32;
        for &k in &keys {
            sum_row(k, &mut row);
            max = row.iter().fold(max, |m, w| m.max(w.abs()));
        }
        let scale = max.max(1e-9) / i16::MAX as f32;
        let mut features = Vec::new();
        let mut classes = Vec::new();
        let mut values = Vec::new();
        for k in keys {
            if sum_row(k, &mut row) < min_updates {
                continue;
            }
            let start = classes.len();
            for (c, &w) in row.iter().enumerate() {
                if w.abs() >= min_weight {
                    let q = (w / scale).round() as i16;
                    if q != 0 {
                        classes.push(c as u16);
                        values.push(q);
                    }
                }
            }
            if classes.len() > start {
                features.push((k, start as u32));
            }
        }
        Weights::new(n, features, classes, values, scale)
    }

    /// [`Trainer::averaged`], when training is over.
    pub fn finish(self, min_updates: u32, min_weight: f32) -> Weights {
        self.averaged(min_updates, min_weight)
    }
}

/// Pruned, quantised, averaged weights: what a model file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Weights {
    n_classes: usize,
    /// (feature, first entry), sorted by feature.
    features: Vec<(u64, u32)>,
    classes: Vec<u16>,
    values: Vec<i16>,
    scale: f32,
    #[serde(skip)]
    index: Index,
}

/// The lookup side of [`Weights`], rebuilt on load: an open-addressing table
/// (linear probing, load <= 1/2) from feature to its weights. Features with
/// weights for many classes get a dense row (added with vector instructions),
/// the others a run of (class, value) entries; either way one feature's
/// weights are contiguous.
#[derive(Clone, Debug, Default)]
struct Index {
    slots: Vec<Slot>,
    mask: usize,
    entries: Vec<(u16, i16)>,
    /// Dense rows, `n_classes` values each.
    dense: Vec<i16>,
}

/// A feature and where its weights are, in 8 bytes so that twice as many
/// slots share the cache: the table position holds the feature's low bits
/// and `check` its high 32, so a stranger matches only if it agrees on about
/// 52 bits. `place` packs a 24-bit start (dense row number, or first entry)
/// under an 8-bit length; length 0 marks an empty slot (every stored feature
/// has a weight), [`DENSE`] a dense row.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    check: u32,
    place: u32,
}

const DENSE: u32 = 0xff;

impl Slot {
    fn new(key: u64, start: usize, len: u32) -> Slot {
        assert!(start < 1 << 24 && len <= DENSE, "model too large for the weight index ({start} entries)");
        Slot { check: (key >> 32) as u32, place: (start as u32) << 8 | len }
    }

    #[inline(always)]
    fn len(self) -> u32 {
        self.place & 0xff
    }

    #[inline(always)]
    fn start(self) -> usize {
        (self.place >> 8) as usize
    }
}

impl Index {
    #[inline(always)]
    fn find(&self, key: u64) -> Option<Slot> {
        let mut i = key as usize & self.mask;
        let check = (key >> 32) as u32;
        loop {
            let s = self.slots[i];
            if s.len() == 0 {
                return None;
            }
            if s.check == check {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }
}

impl Weights {
    fn new(n_classes: usize, features: Vec<(u64, u32)>, classes: Vec<u16>, values: Vec<i16>, scale: f32) -> Weights {
        let mut w = Weights { n_classes, features, classes, values, scale, index: Index::default() };
        w.build_index();
        w
    }

    /// Rebuilds the lookup table after deserialising.
    pub fn build_index(&mut self) {
        let n = self.n_classes;
        assert!(n < DENSE as usize, "at most {} classes", DENSE - 1);
        let cap = (2 * self.features.len()).next_power_of_two().max(16);
        let mut index =
            Index { slots: vec![Slot::default(); cap], mask: cap - 1, entries: Vec::new(), dense: Vec::new() };
        for (i, &(key, start)) in self.features.iter().enumerate() {
            let end = self.features.get(i + 1).map_or(self.classes.len(), |x| x.1 as usize);
            let run = start as usize..end;
            // A dense row is added with vector instructions, several classes at a
            // time, while a sparse entry costs a few scalar instructions: dense
            // wins from about a quarter of the classes.
            let slot = if 8 * run.len() > n {
                let row = index.dense.len();
                index.dense.resize(row + n, 0);
                for (&c, &v) in self.classes[run.clone()].iter().zip(&self.values[run]) {
                    index.dense[row + c as usize] = v;
                }
                Slot::new(key, row / n, DENSE)
            } else {
                let at = index.entries.len();
                index
                    .entries
                    .extend(self.classes[run.clone()].iter().zip(&self.values[run.clone()]).map(|(&c, &v)| (c, v)));
                Slot::new(key, at, run.len() as u32)
            };
            let mut j = key as usize & index.mask;
            while index.slots[j].len() != 0 {
                j = (j + 1) & index.mask;
            }
            index.slots[j] = slot;
        }
        self.index = index;
    }

    /// A smaller copy: the weights of least magnitude dropped (with features
    /// left without any) until the file is about `max_bytes` (postcard takes
    /// about 13 bytes a feature and 3 a weight).
    pub fn pruned(&self, max_bytes: usize) -> Weights {
        const FEATURE_BYTES: usize = 13;
        const WEIGHT_BYTES: usize = 3;
        let run = |i: usize| {
            let end = self.features.get(i + 1).map_or(self.values.len(), |x| x.1 as usize);
            self.features[i].1 as usize..end
        };
        // Weights, and features by their largest weight, per magnitude.
        let mut weights = vec![0usize; (1 << 15) + 1];
        let mut features = vec![0usize; (1 << 15) + 1];
        for i in 0..self.features.len() {
            let vals = &self.values[run(i)];
            vals.iter().for_each(|v| weights[v.unsigned_abs() as usize] += 1);
            features[vals.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as usize] += 1;
        }
        // The smallest magnitude that fits, counting down from the largest.
        let (mut min, mut bytes) = (weights.len(), 0);
        while min > 1 {
            let more = FEATURE_BYTES * features[min - 1] + WEIGHT_BYTES * weights[min - 1];
            if bytes + more > max_bytes {
                break;
            }
            bytes += more;
            min -= 1;
        }
        let (mut kept, mut classes, mut values) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..self.features.len() {
            let first = classes.len();
            for j in run(i) {
                if self.values[j].unsigned_abs() as usize >= min {
                    classes.push(self.classes[j]);
                    values.push(self.values[j]);
                }
            }
            if classes.len() > first {
                kept.push((self.features[i].0, first as u32));
            }
        }
        Weights::new(self.n_classes, kept, classes, values, self.scale)
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// What one unit of a score is worth in the trained (unquantised) weights.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    pub fn n_features(&self) -> usize {
        self.features.len()
    }

    /// Number of stored (feature, class) weights.
    pub fn n_entries(&self) -> usize {
        self.classes.len()
    }

    /// Adds the weights of `features` to `scores` (unscaled: compare, don't add to other scores).
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        self.score_rows(features, |_| 0, scores);
    }

    /// Adds the weights of each feature `k` of `features` to row `row_of(k)`
    /// of `scores` (rows of `n_classes`): scoring many words in one call
    /// lets their memory accesses overlap.
    #[inline]
    pub fn score_rows(&self, features: &[u64], row_of: impl Fn(usize) -> usize, scores: &mut [f32]) {
        // Adding dense rows is most of the work once the memory is fetched:
        // with AVX2 the compiler adds 8 classes per instruction instead of 4.
        // The sums are of small integers, exact in f32, so both paths agree.
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512bw") {
            // SAFETY: the CPU has AVX-512 (checked just above).
            unsafe { self.score_avx512(features, row_of, scores) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above).
            unsafe { self.score_avx2(features, row_of, scores) };
            return;
        }
        self.score_portable(features, row_of, scores);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn score_avx512(&self, features: &[u64], row_of: impl Fn(usize) -> usize, scores: &mut [f32]) {
        self.score_portable(features, row_of, scores);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, features: &[u64], row_of: impl Fn(usize) -> usize, scores: &mut [f32]) {
        self.score_portable(features, row_of, scores);
    }

    #[inline(always)]
    fn score_portable(&self, features: &[u64], row_of: impl Fn(usize) -> usize, scores: &mut [f32]) {
        // The table does not fit in cache: fetch a chunk's slots, then their
        // weights, ahead of use, so the memory accesses overlap.
        const CHUNK: usize = 32;
        let index = &self.index;
        let n = self.n_classes;
        for (c, chunk) in features.chunks(CHUNK).enumerate() {
            for &f in chunk {
                super::prefetch(index.slots.as_ptr().wrapping_add(f as usize & index.mask));
            }
            let mut found = [(Slot::default(), 0usize); CHUNK];
            let mut k = 0;
            for (j, &f) in chunk.iter().enumerate() {
                if let Some(slot) = index.find(f) {
                    if slot.len() == DENSE {
                        super::prefetch(index.dense.as_ptr().wrapping_add(slot.start() * n));
                    } else {
                        super::prefetch(index.entries.as_ptr().wrapping_add(slot.start()));
                    }
                    found[k] = (slot, row_of(c * CHUNK + j) * n);
                    k += 1;
                }
            }
            for &(slot, at) in &found[..k] {
                let scores = &mut scores[at..at + n];
                if slot.len() == DENSE {
                    let start = slot.start() * n;
                    for (s, &w) in scores.iter_mut().zip(&index.dense[start..start + n]) {
                        *s += w as f32;
                    }
                } else {
                    let start = slot.start();
                    for &(c, v) in &index.entries[start..start + slot.len() as usize] {
                        scores[c as usize] += v as f32;
                    }
                }
            }
        }
    }
}

/// The index of the highest score (the first on ties, for determinism; 0 when empty).
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    // The maximum sixteen lanes at a time, then where it first occurs: two
    // loops the compiler turns into vector instructions, unlike one loop
    // that tracks the best index.
    const LANES: usize = 16;
    let mut lanes = [f32::NEG_INFINITY; LANES];
    let chunks = scores.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (m, &s) in lanes.iter_mut().zip(chunk) {
            *m = if s > *m { s } else { *m };
        }
    }
    let max = lanes.iter().chain(rest).fold(f32::NEG_INFINITY, |m, &s| if s > m { s } else { m });
    scores.iter().position(|&s| s == max).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_takes_the_first_of_equal_highest_scores() {
        assert_eq!(argmax(&[]), 0);
        assert_eq!(argmax(&[-3.0]), 0);
        for n in [5, 16, 17, 40, 102] {
            let mut s: Vec<f32> = (0..n).map(|i| -(i as f32)).collect();
            assert_eq!(argmax(&s), 0, "{n}");
            s[n - 1] = 7.0;
            assert_eq!(argmax(&s), n - 1, "{n}");
            s[n / 2] = 7.0;
            assert_eq!(argmax(&s), n / 2, "{n}");
        }
    }

    #[test]
    fn learns_a_separable_problem_and_survives_quantisation() {
        // Class = which of two features is present.
        let mut t = Trainer::new(2);
        for _ in 0..10 {
            for (feats, truth) in [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1)] {
                let mut s = [0.0; 2];
                t.score(&feats, &mut s);
                let g = argmax(&s);
                t.update(&feats, truth, g);
                t.tick();
            }
        }
        let w = t.finish(1, 0.0);
        for (feats, truth) in [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1)] {
            let mut s = [0.0; 2];
            w.score(&feats, &mut s);
            assert_eq!(argmax(&s), truth);
        }
        let bytes = postcard::to_allocvec(&w).unwrap();
        let mut back: Weights = postcard::from_bytes(&bytes).unwrap();
        back.build_index();
        let mut s = [0.0; 2];
        back.score(&[2, 10], &mut s);
        assert_eq!(argmax(&s), 1);
    }

    #[test]
    fn summed_trainers_add_their_averages() {
        // Two trainers that each learned one feature: the sum knows both.
        let learn = |feature: u64, class: usize| {
            let mut t = Trainer::new(2);
            t.update(&[feature], class, 1 - class);
            t.tick();
            t
        };
        let (a, b) = (learn(1, 0), learn(2, 1));
        let sum = Trainer::averaged_sum(&[a, b], 1, 0.0);
        assert_eq!(sum.n_features(), 2);
        for (feature, class) in [(1u64, 0usize), (2, 1)] {
            let mut s = [0.0; 2];
            sum.score(&[feature], &mut s);
            assert_eq!(argmax(&s), class);
            assert_eq!(s[class], -s[1 - class], "equal and opposite updates");
        }
        // One trainer alone: the same as its own average, and rare features pruned alike.
        let one = Trainer::averaged_sum(&[learn(3, 1)], 2, 0.0);
        assert_eq!(one.n_features(), 0);
        let t = learn(3, 1);
        assert_eq!(
            postcard::to_allocvec(&t.averaged(1, 0.0)).unwrap(),
            postcard::to_allocvec(&Trainer::averaged_sum(&[t], 1, 0.0)).unwrap()
        );
    }
}
