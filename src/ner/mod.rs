//! Stage 3: named-entity recognition, IOB2 tags over PER / ORG / LOC.
//!
//! The model is a structured (averaged) perceptron over BILOU labels with
//! first-order Viterbi decoding restricted to valid label sequences, so the
//! IOB2 output is always well formed. Features are hashed to `u64` (word,
//! lowercase form, shape, affixes, ±2 context words, capitalisation patterns,
//! sentence position, gazetteers from general English word lists under
//! `src/ner/data/`, a "usually lowercase" flag learned from the training text,
//! and, when the model was trained with a tagger, predicted UPOS).
//!
//! At run time weights are `i16` (one row of 13 label weights per feature) in an
//! open-addressing table; tagging allocates only the output vector.

mod features;
mod train;

pub use train::train;

use crate::tag::TokenTag;
use features::{Tok, U64Map};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::OnceLock;

/// Number of BILOU labels: O, then B/I/L/U for PER, ORG, LOC.
pub(crate) const NL: usize = 13;
/// Entity types in label order.
pub(crate) const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];
/// IOB2 string of each BILOU label (L maps to I, U to B).
pub(crate) const IOB: [&str; NL] = [
    "O", "B-PER", "I-PER", "I-PER", "B-PER", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "B-LOC", "I-LOC",
    "I-LOC", "B-LOC",
];
const FORMAT_VERSION: u32 = 2;

/// BILOU label index: 1 + 4 * type + (0 B, 1 I, 2 L, 3 U).
#[inline]
pub(crate) fn label(ty: usize, part: usize) -> usize {
    1 + 4 * ty + part
}

/// Whether label `cur` may follow `prev` (`None` = sentence start).
pub(crate) fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = |l: usize| l != 0 && (l - 1) % 4 < 2; // B or I: an entity continues
    match prev {
        Some(p) if open(p) => {
            cur != 0 && (cur - 1) / 4 == (p - 1) / 4 && (cur - 1) % 4 >= 1 && (cur - 1) % 4 <= 2
        }
        _ => cur == 0 || (cur - 1) % 4 == 0 || (cur - 1) % 4 == 3,
    }
}

/// Whether a sentence may end with label `l`.
pub(crate) fn allowed_end(l: usize) -> bool {
    l == 0 || (l - 1) % 4 >= 2
}

/// A trained NER model.
pub struct NerTagger {
    use_pos: bool,
    /// Feature hash -> label weights, one cache-friendly slot per feature.
    table: FeatTable,
    /// `rows * NL` quantised weights (stored form).
    weights: Vec<i16>,
    /// `(NL + 1) * NL` transition scores, row NL = sentence start; disallowed = very negative.
    trans: Vec<i64>,
    end: Vec<i64>,
    common: U64Map,
    /// Stored form, kept for `to_bytes`.
    keys: Vec<u64>,
    common_keys: Vec<u64>,
    common_class: Vec<u8>,
    raw_trans: Vec<i32>,
    raw_end: Vec<i32>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    use_pos: bool,
    /// Sorted feature keys, delta-encoded.
    key_deltas: Vec<u64>,
    weights: Vec<i16>,
    trans: Vec<i32>,
    end: Vec<i32>,
    common_deltas: Vec<u64>,
    common_class: Vec<u8>,
}

const NEG: i64 = -1_000_000_000_000_000;

fn deltas(sorted: &[u64]) -> Vec<u64> {
    let mut prev = 0u64;
    sorted
        .iter()
        .map(|&k| {
            let d = k.wrapping_sub(prev);
            prev = k;
            d
        })
        .collect()
}

fn undeltas(d: &[u64]) -> Vec<u64> {
    let mut prev = 0u64;
    d.iter()
        .map(|&x| {
            prev = prev.wrapping_add(x);
            prev
        })
        .collect()
}

fn model_err(message: impl Into<String>) -> crate::Error {
    crate::Error::Model {
        name: "ner".into(),
        message: message.into(),
    }
}

#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    feats: Vec<u64>,
    feat_off: Vec<usize>,
    emis: Vec<i64>,
    back: Vec<u8>,
    path: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl NerTagger {
    /// The model shipped in `models/ner.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static NerTagger> {
        static BYTES: &[u8] = include_bytes!("../../models/ner.bin");
        static MODEL: OnceLock<Option<NerTagger>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                if BYTES.is_empty() {
                    return None;
                }
                match NerTagger::from_bytes(BYTES) {
                    Ok(m) => Some(m),
                    Err(e) => {
                        eprintln!("warning: {e}");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// Assembles a model from sorted keys, their weight rows and transition scores.
    pub(crate) fn from_parts(
        use_pos: bool,
        keys: Vec<u64>,
        weights: Vec<i16>,
        raw_trans: Vec<i32>,
        raw_end: Vec<i32>,
        common_keys: Vec<u64>,
        common_class: Vec<u8>,
    ) -> crate::Result<NerTagger> {
        if common_keys.len() != common_class.len() {
            return Err(model_err("word class table sizes differ"));
        }
        if weights.len() != keys.len() * NL {
            return Err(model_err(format!(
                "{} keys but {} weights",
                keys.len(),
                weights.len()
            )));
        }
        if raw_trans.len() != (NL + 1) * NL || raw_end.len() != NL {
            return Err(model_err("bad transition table size"));
        }
        if keys.iter().chain(&common_keys).any(|&k| k == 0) {
            return Err(model_err("zero feature key"));
        }
        let table = FeatTable::build(&keys, &weights);
        let common = U64Map::build(
            common_keys
                .iter()
                .copied()
                .zip(common_class.iter().map(|&c| c as u32)),
        );
        let mut trans: Vec<i64> = raw_trans.iter().map(|&x| x as i64).collect();
        for p in 0..=NL {
            for c in 0..NL {
                let prev = if p == NL { None } else { Some(p) };
                if !allowed(prev, c) {
                    trans[p * NL + c] = NEG;
                }
            }
        }
        let end = (0..NL)
            .map(|l| {
                if allowed_end(l) {
                    raw_end[l] as i64
                } else {
                    NEG
                }
            })
            .collect();
        Ok(NerTagger {
            use_pos,
            table,
            weights,
            trans,
            end,
            common,
            keys,
            common_keys,
            common_class,
            raw_trans,
            raw_end,
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> crate::Result<NerTagger> {
        let s: Stored = postcard::from_bytes(bytes)
            .map_err(|e| model_err(format!("cannot read model: {e}")))?;
        if s.version != FORMAT_VERSION {
            return Err(model_err(format!(
                "format version {} (expected {FORMAT_VERSION})",
                s.version
            )));
        }
        NerTagger::from_parts(
            s.use_pos,
            undeltas(&s.key_deltas),
            s.weights,
            s.trans,
            s.end,
            undeltas(&s.common_deltas),
            s.common_class,
        )
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let s = Stored {
            version: FORMAT_VERSION,
            use_pos: self.use_pos,
            key_deltas: deltas(&self.keys),
            weights: self.weights.clone(),
            trans: self.raw_trans.clone(),
            end: self.raw_end.clone(),
            common_deltas: deltas(&self.common_keys),
            common_class: self.common_class.clone(),
        };
        postcard::to_stdvec(&s).expect("serialising to a Vec cannot fail")
    }

    /// Whether the model uses part-of-speech features (it was trained with a tagger).
    pub fn uses_pos(&self) -> bool {
        self.use_pos
    }

    /// Number of feature rows in the model.
    pub fn num_features(&self) -> usize {
        self.keys.len()
    }

    /// One IOB2 label per word: "O", "B-PER", "I-PER", "B-ORG", ... "I-LOC".
    /// `tags` (one per word) is used only by models trained with POS features;
    /// pass `&[]` when there are none.
    pub fn tag(&self, words: &[&str], tags: &[TokenTag]) -> Vec<&'static str> {
        if words.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            self.decode(words, tags, s);
            s.path.iter().map(|&l| IOB[l as usize]).collect()
        })
    }

    /// BILOU label indices of the best valid sequence, left in `s.path`.
    fn decode(&self, words: &[&str], tags: &[TokenTag], s: &mut Scratch) {
        let pos = (self.use_pos && tags.len() == words.len()).then_some(tags);
        features::analyse(words, pos, &self.common, &mut s.toks);
        let n = words.len();
        // All feature hashes of the sentence first, then the table look-ups with
        // the next token's slots prefetched while the current one is summed.
        s.feats.clear();
        s.feat_off.clear();
        s.feat_off.push(0);
        for i in 0..n {
            features::features_into(&s.toks, i, self.use_pos, &mut s.feats);
            s.feat_off.push(s.feats.len());
        }
        s.emis.clear();
        s.emis.resize(n * NL, 0);
        for &f in &s.feats[..s.feat_off[1]] {
            self.table.prefetch(f);
        }
        for i in 0..n {
            if i + 1 < n {
                for &f in &s.feats[s.feat_off[i + 1]..s.feat_off[i + 2]] {
                    self.table.prefetch(f);
                }
            }
            let mut acc = [0i32; NL];
            for &f in &s.feats[s.feat_off[i]..s.feat_off[i + 1]] {
                if let Some(w) = self.table.get(f) {
                    for l in 0..NL {
                        acc[l] += w[l] as i32;
                    }
                }
            }
            for l in 0..NL {
                s.emis[i * NL + l] = acc[l] as i64;
            }
        }
        viterbi_sparse(n, &s.emis, &self.trans, &self.end, &mut s.back, &mut s.path);
    }
}

/// One feature: a 32-bit fingerprint of its hash and its label weights, in 32 bytes.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    fp: u32,
    w: [i16; NL],
}

/// Open-addressing table of feature slots (linear probing, load factor <= 0.67).
struct FeatTable {
    slots: Vec<Slot>,
    mask: usize,
}

impl FeatTable {
    fn build(keys: &[u64], weights: &[i16]) -> FeatTable {
        let cap = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut t = FeatTable {
            slots: vec![Slot { fp: 0, w: [0; NL] }; cap],
            mask: cap - 1,
        };
        for (r, &k) in keys.iter().enumerate() {
            let fp = Self::fp(k);
            let mut i = (k as usize) & t.mask;
            while t.slots[i].fp != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i].fp = fp;
            t.slots[i].w.copy_from_slice(&weights[r * NL..(r + 1) * NL]);
        }
        t
    }

    #[inline(always)]
    fn fp(k: u64) -> u32 {
        ((k >> 32) as u32) | 1
    }

    #[inline(always)]
    fn prefetch(&self, k: u64) {
        crate::model::prefetch(self.slots.as_ptr().wrapping_add((k as usize) & self.mask));
    }

    #[inline(always)]
    fn get(&self, k: u64) -> Option<&[i16; NL]> {
        let fp = Self::fp(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.fp == fp {
                return Some(&s.w);
            }
            if s.fp == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Valid predecessors of each label: (count, labels).
const PREDS: [(usize, [u8; 7]); NL] = {
    let mut out = [(0usize, [0u8; 7]); NL];
    let mut c = 0;
    while c < NL {
        if c == 0 || (c - 1) % 4 == 0 || (c - 1) % 4 == 3 {
            // O, B, U follow O, L-*, U-*.
            out[c] = (7, [0, 3, 4, 7, 8, 11, 12]);
        } else {
            // I, L follow B or I of the same type.
            let b = (c - 1) / 4 * 4 + 1;
            out[c] = (2, [b as u8, b as u8 + 1, 0, 0, 0, 0, 0]);
        }
        c += 1;
    }
    out
};

/// Viterbi over valid BILOU transitions only (same result as [`viterbi`] with masked scores).
fn viterbi_sparse(
    n: usize,
    emis: &[i64],
    trans: &[i64],
    end: &[i64],
    back: &mut Vec<u8>,
    path: &mut Vec<u8>,
) {
    path.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * NL, 0);
    let mut delta: [i64; NL] = std::array::from_fn(|c| trans[NL * NL + c] + emis[c]);
    for i in 1..n {
        let mut next = [0i64; NL];
        for c in 0..NL {
            let (k, ps) = &PREDS[c];
            let mut best = ps[0] as usize;
            let mut bs = delta[best] + trans[best * NL + c];
            for &p in &ps[1..*k] {
                let v = delta[p as usize] + trans[p as usize * NL + c];
                if v > bs {
                    bs = v;
                    best = p as usize;
                }
            }
            next[c] = bs + emis[i * NL + c];
            back[i * NL + c] = best as u8;
        }
        delta = next;
    }
    backtrace(n, &delta, end, back, path);
}

/// The best final label (with its end score), then the path back through `back`.
fn backtrace<T>(n: usize, delta: &[T; NL], end: &[T], back: &[u8], path: &mut Vec<u8>)
where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    let mut best = 0usize;
    let mut bs = delta[0] + end[0];
    for c in 1..NL {
        let v = delta[c] + end[c];
        if v > bs {
            bs = v;
            best = c;
        }
    }
    path.resize(n, 0);
    path[n - 1] = best as u8;
    for i in (1..n).rev() {
        path[i - 1] = back[i * NL + path[i] as usize];
    }
}

/// First-order Viterbi over `n` positions; `trans` has a start row at index NL.
pub(crate) fn viterbi<T>(
    n: usize,
    emis: &[T],
    trans: &[T],
    end: &[T],
    back: &mut Vec<u8>,
    path: &mut Vec<u8>,
) where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    path.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * NL, 0);
    let mut delta: [T; NL] = std::array::from_fn(|c| trans[NL * NL + c] + emis[c]);
    for i in 1..n {
        let mut next = delta;
        for c in 0..NL {
            let mut best = 0usize;
            let mut bs = delta[0] + trans[c];
            for p in 1..NL {
                let v = delta[p] + trans[p * NL + c];
                if v > bs {
                    bs = v;
                    best = p;
                }
            }
            next[c] = bs + emis[i * NL + c];
            back[i * NL + c] = best as u8;
        }
        delta = next;
    }
    backtrace(n, &delta, end, back, path);
}

#[cfg(test)]
mod tests;
