//! Parser features: words, tags and partial-tree facts around the stack and
//! buffer fronts, the rich set of Zhang & Nivre (2011) adapted to arc-hybrid
//! (where no stack or buffer item has a head yet, so s1 plays the part of
//! s0's head). Words and tags are hashed once per sentence; a feature is then
//! a few integer mixes, with no allocation.

use super::State;
use crate::model::clusters::{self, cluster_prefix};
use crate::model::hash::{feature_n, hash_bytes, BuildIdentity};
use crate::tag::TokenTag;
use std::collections::HashMap;

/// Word and tag hashes of one sentence: index 0 is the root, 1..=n the
/// words, n + 1 stands for "no token".
pub(crate) struct Sentence {
    words: Vec<u64>,
    tags: Vec<u64>,
    /// Universal tags: they split what the PTB tags conflate (IN as SCONJ or
    /// ADP, VB* as AUX or VERB), which UD attaches differently.
    upos: Vec<u64>,
    /// Lemmas, and the last three characters of the lower-cased words (for
    /// words too rare to have weights of their own).
    lemmas: Vec<u64>,
    suffixes: Vec<u64>,
    /// Punctuation tokens and verbs among 1..=i, at i (0 at the root).
    puncts: Vec<u32>,
    verbs: Vec<u32>,
    /// Brown cluster path prefixes of 4 and 6 steps and the whole path (0:
    /// the word has no cluster); empty when the model has no cluster table.
    c4: Vec<u64>,
    c6: Vec<u64>,
    cf: Vec<u64>,
}

/// Brown clusters of words by their lower-case hash ([`word_hash`]), sorted
/// by key: what a parser model with cluster features stores. A word's
/// cluster is that of its most frequent spelling in the clustered corpus.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordClusters {
    pub keys: Vec<u64>,
    /// [`clusters::cluster_code`]s, never 0.
    pub codes: Vec<u32>,
    map: HashMap<u64, u32, BuildIdentity>,
}

impl WordClusters {
    pub fn new(keys: Vec<u64>, codes: Vec<u32>) -> Result<WordClusters, String> {
        if keys.len() != codes.len() || codes.contains(&0) || keys.windows(2).any(|k| k[0] >= k[1]) {
            return Err("bad word cluster table".into());
        }
        let map = keys.iter().copied().zip(codes.iter().copied()).collect();
        Ok(WordClusters { keys, codes, map })
    }

    /// The table of a word table file's text (`word<TAB>path<TAB>casing`
    /// lines, most frequent first, see `scripts/ner_clusters.py`): the words
    /// for which `keep(lower-case word, rank)` holds, rank counting distinct
    /// lower-case words with a cluster from 0, most frequent first.
    pub fn from_table(text: &str, mut keep: impl FnMut(&str, usize) -> bool) -> Result<WordClusters, (usize, String)> {
        let mut seen = std::collections::HashSet::<u64, BuildIdentity>::default();
        let mut rows = Vec::new();
        for row in clusters::rows(text) {
            let row = row?;
            if row.cluster == 0 {
                continue;
            }
            let lower = row.word.to_lowercase();
            let key = word_hash(&lower);
            if seen.insert(key) && keep(&lower, seen.len() - 1) {
                rows.push((key, row.cluster));
            }
        }
        rows.sort_unstable();
        let (keys, codes) = rows.into_iter().unzip();
        WordClusters::new(keys, codes).map_err(|e| (0, e))
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    fn get(&self, word_hash: u64) -> u32 {
        self.map.get(&word_hash).copied().unwrap_or(0)
    }
}

const ROOT: u64 = 0x5eed_0001;
const NONE: u64 = 0x5eed_0002;
/// The label of a missing dependent.
const NO_LABEL: u64 = 99;

/// Hash of the lower-cased word, without allocating for short ASCII words.
fn word_hash(w: &str) -> u64 {
    lower_hash(0x9e37, w, usize::MAX)
}

/// Hash of the lower-cased word, or of its last `chars` characters.
fn lower_hash(seed: u64, w: &str, chars: usize) -> u64 {
    let mut buf = [0u8; 32];
    match buf.get_mut(..w.len()) {
        Some(b) if w.is_ascii() => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            hash_bytes(seed, &b[b.len().saturating_sub(chars)..])
        }
        _ => {
            let lower = w.to_lowercase();
            let start = lower.char_indices().rev().nth(chars.min(lower.len()).saturating_sub(1)).map_or(0, |(i, _)| i);
            hash_bytes(seed, lower[start..].as_bytes())
        }
    }
}

/// Distance buckets: 1, 2, 3, 4, 5-6, 7-9, 10+.
fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

impl Sentence {
    /// With `clusters` empty, no cluster features.
    pub fn new<S: AsRef<str>>(words: &[S], tags: &[TokenTag], clusters: &WordClusters) -> Sentence {
        let cap = words.len() + 2;
        let mut s = Sentence {
            words: Vec::with_capacity(cap),
            tags: Vec::with_capacity(cap),
            upos: Vec::with_capacity(cap),
            lemmas: Vec::with_capacity(cap),
            suffixes: Vec::with_capacity(cap),
            puncts: Vec::with_capacity(cap),
            verbs: Vec::with_capacity(cap),
            c4: Vec::new(),
            c6: Vec::new(),
            cf: Vec::new(),
        };
        for v in [&mut s.words, &mut s.tags, &mut s.upos, &mut s.lemmas, &mut s.suffixes] {
            v.push(ROOT);
        }
        s.puncts.push(0);
        s.verbs.push(0);
        for (w, t) in words.iter().zip(tags) {
            let w = w.as_ref();
            s.words.push(word_hash(w));
            s.tags.push(hash_bytes(0x7f4a, t.xpos.as_bytes()));
            s.upos.push(hash_bytes(0x3c6e, t.upos.as_bytes()));
            s.lemmas.push(lower_hash(0x1e44, &t.lemma, usize::MAX));
            s.suffixes.push(lower_hash(0x5f11, w, 3));
            s.puncts.push(s.puncts.last().unwrap() + (t.upos == "PUNCT") as u32);
            s.verbs.push(s.verbs.last().unwrap() + (t.upos == "VERB") as u32);
        }
        for v in [&mut s.words, &mut s.tags, &mut s.upos, &mut s.lemmas, &mut s.suffixes] {
            v.push(NONE);
        }
        s.puncts.push(*s.puncts.last().unwrap());
        s.verbs.push(*s.verbs.last().unwrap());
        if !clusters.is_empty() {
            for v in [&mut s.c4, &mut s.c6, &mut s.cf] {
                v.reserve(cap);
                v.push(ROOT);
            }
            for &w in &s.words[1..=words.len()] {
                let c = clusters.get(w);
                s.c4.push(cluster_prefix(c, 4));
                s.c6.push(cluster_prefix(c, 6));
                s.cf.push(c as u64);
            }
            for v in [&mut s.c4, &mut s.c6, &mut s.cf] {
                v.push(NONE);
            }
        }
        s
    }

    /// Number of words.
    pub fn n(&self) -> usize {
        self.words.len() - 2
    }

    /// The word `k` places after `i` (`n() + 1`, no word, past the end).
    fn after(&self, i: usize, k: usize) -> usize {
        if i + k <= self.n() {
            i + k
        } else {
            self.n() + 1
        }
    }
}

/// Number of features `extract` writes without clusters (always the same, so scoring can use fixed slots).
const N_BASE_FEATURES: usize = 115;
/// ... and the cluster features added when the sentence has clusters.
const N_CLUSTER_FEATURES: usize = 18;
/// The most features `extract` writes.
pub(crate) const N_FEATURES: usize = N_BASE_FEATURES + N_CLUSTER_FEATURES;

/// Features of the word on top of the stack alone (`s0`, 0 for the root,
/// `sent.n() + 1` for none): the same in every state with that s0, so
/// parsing scores them once per word and sentence.
pub(crate) fn extract_s0(sent: &Sentence, s0: usize, out: &mut Vec<u64>) {
    let (w, t, u, sf) = (&sent.words, &sent.tags, &sent.upos, &sent.suffixes);
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(1, &[w[s0]]);
    f(2, &[t[s0]]);
    f(3, &[w[s0], t[s0]]);
    f(110, &[u[s0]]);
    f(120, &[sf[s0], t[s0]]);
    if !sent.c4.is_empty() {
        f(130, &[sent.c4[s0]]);
        f(131, &[sent.c6[s0]]);
        f(132, &[sent.cf[s0], t[s0]]);
    }
}

/// Features of the second stack word alone, as [`extract_s0`].
pub(crate) fn extract_s1(sent: &Sentence, s1: usize, out: &mut Vec<u64>) {
    let (w, t, u) = (&sent.words, &sent.tags, &sent.upos);
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(4, &[w[s1]]);
    f(5, &[t[s1]]);
    f(6, &[w[s1], t[s1]]);
    f(112, &[u[s1]]);
    if !sent.c4.is_empty() {
        f(136, &[sent.c6[s1], t[s1]]);
    }
}

/// Features of the third stack word alone (`s2`, `sent.n() + 1` when absent).
pub(crate) fn extract_s2(sent: &Sentence, s2: usize, out: &mut Vec<u64>) {
    let (w, t) = (&sent.words, &sent.tags);
    out.push(feature_n(16, &[t[s2]]));
    out.push(feature_n(17, &[w[s2], t[s2]]));
}

/// Features of the buffer alone (its front `b0`, `sent.n() + 1` when
/// empty, and the three words after it), as [`extract_s0`].
pub(crate) fn extract_buffer(sent: &Sentence, b0: usize, out: &mut Vec<u64>) {
    let (w, t, u, sf) = (&sent.words, &sent.tags, &sent.upos, &sent.suffixes);
    let [b1, b2, b3] = [1, 2, 3].map(|k| sent.after(b0, k));
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(7, &[w[b0]]);
    f(8, &[t[b0]]);
    f(9, &[w[b0], t[b0]]);
    f(10, &[w[b1]]);
    f(11, &[t[b1]]);
    f(12, &[w[b1], t[b1]]);
    f(13, &[w[b2]]);
    f(14, &[t[b2]]);
    f(15, &[w[b2], t[b2]]);
    f(27, &[t[b0], t[b1]]);
    f(28, &[w[b0], w[b1]]);
    f(34, &[w[b0], t[b0], t[b1]]);
    f(40, &[t[b0], t[b1], t[b2]]);
    f(50, &[t[b0], t[b1], t[b2], t[b3]]);
    f(111, &[u[b0]]);
    f(121, &[sf[b0], t[b0]]);
    if !sent.c4.is_empty() {
        let (c4, c6, cf) = (&sent.c4, &sent.c6, &sent.cf);
        f(133, &[c4[b0]]);
        f(134, &[c6[b0]]);
        f(135, &[cf[b0], t[b0]]);
        f(137, &[c6[b1], t[b1]]);
    }
}

/// Features of the stack top with the buffer front (`s0` and `b0` as in
/// [`extract_s0`] and [`extract_buffer`]): the same in every state with
/// that pair, as many beam hypotheses are.
pub(crate) fn extract_s0_b0(sent: &Sentence, s0: usize, b0: usize, out: &mut Vec<u64>) {
    let none = sent.n() + 1;
    let (w, t, u, l) = (&sent.words, &sent.tags, &sent.upos, &sent.lemmas);
    let b1 = sent.after(b0, 1);
    let dist = if s0 != none && s0 > 0 && b0 != none { bucket(b0 - s0) } else { 0 };
    // Between s0 and b0 (or the sentence end): punctuation, verbs; the words next to each.
    let (between_punct, between_verb) = if s0 < b0 {
        let p = sent.puncts[b0 - 1] - sent.puncts[s0];
        let v = sent.verbs[b0 - 1] - sent.verbs[s0];
        (p.min(3) as u64, v.min(2) as u64)
    } else {
        (0, 0)
    };
    let (after_s0, before_b0) = if s0 < b0 { (s0 + 1, b0 - 1) } else { (none, none) };
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(20, &[w[s0], t[s0], w[b0], t[b0]]);
    f(21, &[w[s0], t[s0], w[b0]]);
    f(22, &[w[s0], w[b0], t[b0]]);
    f(23, &[w[s0], t[s0], t[b0]]);
    f(24, &[t[s0], w[b0], t[b0]]);
    f(25, &[w[s0], w[b0]]);
    f(26, &[t[s0], t[b0]]);
    f(35, &[w[s0], t[b0], t[b1]]);
    f(41, &[t[s0], t[b0], t[b1]]);
    f(51, &[w[s0], dist]);
    f(52, &[t[s0], dist]);
    f(53, &[w[b0], dist]);
    f(54, &[t[b0], dist]);
    f(55, &[w[s0], w[b0], dist]);
    f(56, &[t[s0], t[b0], dist]);
    f(113, &[u[s0], u[b0]]);
    f(115, &[u[s0], u[b0], u[b1]]);
    f(117, &[w[s0], u[b0]]);
    f(118, &[u[s0], w[b0]]);
    f(122, &[t[before_b0], t[b0], t[b1]]);
    f(123, &[t[s0], t[after_s0], t[b0]]);
    f(124, &[u[s0], u[b0], between_punct]);
    f(125, &[u[s0], u[b0], between_verb, dist]);
    f(127, &[w[s0], w[b1]]);
    f(128, &[l[s0], l[b0]]);
    if !sent.c4.is_empty() {
        let (c4, c6, cf) = (&sent.c4, &sent.c6, &sent.cf);
        f(138, &[c4[s0], c4[b0]]);
        f(139, &[c6[s0], t[b0]]);
        f(140, &[t[s0], c6[b0]]);
        f(141, &[cf[s0], t[b0], dist]);
        f(142, &[t[s0], cf[b0], dist]);
    }
}

/// Features of the two stack words together, as [`extract_s0_b0`].
pub(crate) fn extract_s1_s0(sent: &Sentence, s1: usize, s0: usize, out: &mut Vec<u64>) {
    let none = sent.n() + 1;
    let (w, t, u, l) = (&sent.words, &sent.tags, &sent.upos, &sent.lemmas);
    let s1dist = if s1 != none && s1 > 0 && s0 != none { bucket(s0 - s1) } else { 0 };
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(29, &[w[s1], t[s1], w[s0], t[s0]]);
    f(30, &[w[s1], t[s1], t[s0]]);
    f(31, &[t[s1], w[s0], t[s0]]);
    f(32, &[w[s1], w[s0]]);
    f(33, &[t[s1], t[s0]]);
    f(57, &[t[s1], t[s0], s1dist]);
    f(58, &[w[s1], w[s0], s1dist]);
    f(114, &[u[s1], u[s0]]);
    f(129, &[l[s1], l[s0]]);
    if !sent.c4.is_empty() {
        let (c4, c6) = (&sent.c4, &sent.c6);
        f(143, &[c4[s1], c4[s0]]);
        f(144, &[c6[s1], t[s0]]);
        f(145, &[t[s1], c6[s0]]);
    }
}

/// What the features read about one word's dependents in a partial tree:
/// the two outermost on each side with their labels, how many there are on
/// each side, and the sets of their labels. Two states that agree on a
/// word's `Subtree` give it the same features, so parsing memoises their
/// scores by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Subtree {
    word: usize,
    /// Outermost, then second outermost; `sent.n() + 1` when absent.
    left: [usize; 2],
    right: [usize; 2],
    /// Their labels, [`NO_LABEL`] when absent.
    left_label: [u64; 2],
    right_label: [u64; 2],
    n_left: u64,
    n_right: u64,
    left_labels: u64,
    right_labels: u64,
}

impl Subtree {
    /// Word `x` of state `st` (`sent.n() + 1`: no word).
    pub fn of(st: &State, sent: &Sentence, x: usize) -> Subtree {
        let none = sent.n() + 1;
        // `side[x][k]` is 0 when absent (the root is never a dependent).
        let child = |side: &[[u32; 2]], k: usize| match side.get(x).map(|c| c[k]) {
            Some(c) if c != 0 => c as usize,
            _ => none,
        };
        let label = |c: usize| if c == none { NO_LABEL } else { st.labels[c] as u64 };
        let left = [child(&st.left, 0), child(&st.left, 1)];
        let right = [child(&st.right, 0), child(&st.right, 1)];
        Subtree {
            word: x,
            left,
            right,
            left_label: left.map(label),
            right_label: right.map(label),
            n_left: st.n_left.get(x).copied().unwrap_or(0) as u64,
            n_right: st.n_right.get(x).copied().unwrap_or(0) as u64,
            left_labels: st.left_labels.get(x).copied().unwrap_or(0),
            right_labels: st.right_labels.get(x).copied().unwrap_or(0),
        }
    }
}

impl std::hash::Hash for Subtree {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [l0, l1] = self.left;
        let [r0, r1] = self.right;
        let labels =
            self.left_label[0] | self.left_label[1] << 8 | self.right_label[0] << 16 | self.right_label[1] << 24;
        state.write_u64(feature_n(
            0,
            &[
                self.word as u64,
                (l0 as u64) << 32 | l1 as u64,
                (r0 as u64) << 32 | r1 as u64,
                labels | self.n_left << 32 | self.n_right << 40,
                self.left_labels,
                self.right_labels,
            ],
        ));
    }
}

/// One side of a word's dependents (see [`Subtree::left_side`]): a memo key
/// that stays the same while dependents come only on the other side, as the
/// stack top's left ones, which are all attached before it is shifted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Side {
    word: usize,
    /// Outermost, then second outermost, and their labels (as in [`Subtree`]).
    deps: [usize; 2],
    labels: [u64; 2],
    count: u64,
    label_set: u64,
    /// The label of the outermost dependent on the other side (right side only).
    other_label: u64,
}

impl std::hash::Hash for Side {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [d0, d1] = self.deps;
        state.write_u64(feature_n(
            0,
            &[
                self.word as u64,
                (d0 as u64) << 32 | d1 as u64,
                self.labels[0] | self.labels[1] << 8 | self.other_label << 16 | self.count << 32,
                self.label_set,
            ],
        ));
    }
}

impl Subtree {
    /// The word with its left dependents.
    pub fn left_side(&self) -> Side {
        Side {
            word: self.word,
            deps: self.left,
            labels: self.left_label,
            count: self.n_left,
            label_set: self.left_labels,
            other_label: NO_LABEL,
        }
    }

    /// The word with its right dependents, and its outermost left label.
    pub fn right_side(&self) -> Side {
        Side {
            word: self.word,
            deps: self.right,
            labels: self.right_label,
            count: self.n_right,
            label_set: self.right_labels,
            other_label: self.left_label[0],
        }
    }
}

/// Features of the stack top with its dependents.
pub(crate) fn extract_s0_subtree(sent: &Sentence, s0: &Subtree, out: &mut Vec<u64>) {
    extract_s0_left(sent, &s0.left_side(), out);
    extract_s0_right(sent, &s0.right_side(), out);
}

/// Features of the stack top with its left dependents ([`Subtree::left_side`]).
pub(crate) fn extract_s0_left(sent: &Sentence, side: &Side, out: &mut Vec<u64>) {
    extract_s0_side(sent, side, [62, 63, 70, 71, 72, 82, 83, 84, 90, 96, 97, 100], out);
}

/// Features of the stack top with its right dependents ([`Subtree::right_side`]),
/// and with the outermost label on each side.
pub(crate) fn extract_s0_right(sent: &Sentence, side: &Side, out: &mut Vec<u64>) {
    extract_s0_side(sent, side, [60, 61, 73, 74, 75, 85, 86, 87, 91, 94, 95, 101], out);
    out.push(feature_n(103, &[sent.tags[side.word], side.other_label, side.labels[0]]));
}

/// The same templates for either side of the stack top, under that side's ids:
/// valency, the two outermost dependents (words, tags, labels: third order),
/// the three tags together, the label set, and the outermost dependent with its head.
fn extract_s0_side(sent: &Sentence, side: &Side, ids: [u64; 12], out: &mut Vec<u64>) {
    let (w, t) = (&sent.words, &sent.tags);
    let x = side.word;
    let [d, d2] = side.deps;
    let [dl, dl2] = side.labels;
    let values: [&[u64]; 12] = [
        &[w[x], side.count],
        &[t[x], side.count],
        &[w[d]],
        &[t[d]],
        &[dl],
        &[w[d2]],
        &[t[d2]],
        &[dl2],
        &[t[x], t[d], t[d2]],
        &[w[x], side.label_set],
        &[t[x], side.label_set],
        &[w[x], w[d]],
    ];
    out.extend(ids.iter().zip(values).map(|(&id, v)| feature_n(id, v)));
}

/// Features of the buffer front with its (left) dependents.
pub(crate) fn extract_b0_subtree(sent: &Sentence, b0: &Subtree, out: &mut Vec<u64>) {
    let (w, t) = (&sent.words, &sent.tags);
    let x = b0.word;
    let [l, l2] = b0.left;
    let [ll, ll2] = b0.left_label;
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(64, &[w[x], b0.n_left]);
    f(65, &[t[x], b0.n_left]);
    f(76, &[w[l]]);
    f(77, &[t[l]]);
    f(78, &[ll]);
    f(88, &[w[l2]]);
    f(89, &[t[l2], ll2]);
    f(92, &[t[x], t[l], t[l2]]);
    f(98, &[w[x], b0.left_labels]);
    f(99, &[t[x], b0.left_labels]);
    f(102, &[w[x], w[l]]);
}

/// Features of the second stack word with its dependents.
pub(crate) fn extract_s1_subtree(sent: &Sentence, s1: &Subtree, out: &mut Vec<u64>) {
    let (w, t) = (&sent.words, &sent.tags);
    let x = s1.word;
    let ([r, r2], l) = (s1.right, s1.left[0]);
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    f(66, &[t[x], s1.n_left, s1.n_right]);
    f(67, &[w[x], s1.n_right]);
    f(79, &[w[r]]);
    f(80, &[t[r], s1.right_label[0]]);
    f(81, &[t[l], s1.left_label[0]]);
    f(93, &[t[x], t[r], t[r2]]);
}

/// The features of a state that no single word or pair settles: the stack
/// and buffer fronts with each other's dependents, and the third stack word
/// with the two above it.
pub(crate) fn extract_tree(st: &State, sent: &Sentence, [s0, s1, b0]: [&Subtree; 3], out: &mut Vec<u64>) {
    let none = sent.n() + 1;
    let (w, t, u) = (&sent.words, &sent.tags, &sent.upos);
    let s2 = st.s(2).unwrap_or(none);
    let (x0, x1, xb) = (s0.word, s1.word, b0.word);
    let (s0l, s0r, s1l, s1r, b0l) = (s0.left[0], s0.right[0], s1.left[0], s1.right[0], b0.left[0]);
    let mut f = |id: u64, values: &[u64]| out.push(feature_n(id, values));
    // Three tags.
    f(42, &[t[x1], t[x0], t[xb]]);
    f(43, &[t[s2], t[x1], t[x0]]);
    f(44, &[t[x0], t[s0l], t[xb]]);
    f(45, &[t[x0], t[s0r], t[xb]]);
    f(46, &[t[x0], t[xb], t[b0l]]);
    f(47, &[t[x1], t[x0], t[s1r]]);
    f(48, &[t[x1], t[s1l], t[x0]]);
    f(49, &[t[x1], t[x0], t[s0l]]);
    f(104, &[w[x0], t[xb], s0.right_label[0]]);
    // Where in the sentence: root alone on the stack, buffer empty.
    f(105, &[st.stack.len().min(3) as u64, (xb == none) as u64, t[x0]]);
    f(116, &[u[x1], u[x0], u[xb]]);
    f(126, &[t[x1], t[x0], s0.left_label[0], s0.right_label[0]]);
    if !sent.c4.is_empty() {
        let c4 = &sent.c4;
        let b1 = st.b(1).unwrap_or(none);
        f(146, &[t[x0], c4[s0l], c4[s0r]]);
        f(147, &[t[xb], c4[b0l], c4[b1]]);
    }
}

/// Every feature of a state (in no particular order: scores are sums).
pub(crate) fn extract(st: &State, sent: &Sentence, out: &mut Vec<u64>) {
    out.clear();
    let none = sent.n() + 1;
    let s0 = st.s(0).unwrap_or(none);
    let s1 = st.s(1).unwrap_or(none);
    let b0 = st.b(0).unwrap_or(none);
    let trees = [s0, s1, b0].map(|x| Subtree::of(st, sent, x));
    extract_s0(sent, s0, out);
    extract_s1(sent, s1, out);
    extract_s2(sent, st.s(2).unwrap_or(none), out);
    extract_buffer(sent, b0, out);
    extract_s0_b0(sent, s0, b0, out);
    extract_s1_s0(sent, s1, s0, out);
    extract_s0_subtree(sent, &trees[0], out);
    extract_s1_subtree(sent, &trees[1], out);
    extract_b0_subtree(sent, &trees[2], out);
    extract_tree(st, sent, [&trees[0], &trees[1], &trees[2]], out);
    debug_assert_eq!(out.len(), if sent.c4.is_empty() { N_BASE_FEATURES } else { N_FEATURES });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_the_last_three_lower_case_characters() {
        let s = 0x5f11;
        assert_eq!(lower_hash(s, "Running", 3), lower_hash(s, "ing", usize::MAX));
        assert_eq!(lower_hash(s, "CAFÉS", 3), lower_hash(s, "fés", usize::MAX));
        assert_eq!(lower_hash(s, "a", 3), lower_hash(s, "a", usize::MAX));
        assert_eq!(word_hash("Trump"), word_hash("trump"));
    }

    #[test]
    fn every_state_has_all_features() {
        let tag = |upos, xpos, lemma: &str| TokenTag { upos, xpos, lemma: lemma.into() };
        let words = ["Trump", "threatened", "Canada", "."];
        let tags = [
            tag("PROPN", "NNP", "Trump"),
            tag("VERB", "VBD", "threaten"),
            tag("PROPN", "NNP", "Canada"),
            tag("PUNCT", ".", "."),
        ];
        let sent = Sentence::new(&words, &tags, &WordClusters::default());
        let mut st = State::new(4);
        let mut out = Vec::new();
        for t in [super::super::SHIFT, super::super::SHIFT, super::super::SHIFT, super::super::SHIFT] {
            extract(&st, &sent, &mut out);
            assert_eq!(out.len(), N_BASE_FEATURES);
            st.apply(t);
        }
        extract(&st, &sent, &mut out);
        assert_eq!(out.len(), N_BASE_FEATURES);
        let clusters = WordClusters::from_table("Trump\t0110\t\nCanada\t0111\t\n", |_, _| true).unwrap();
        let sent = Sentence::new(&words, &tags, &clusters);
        let mut st = State::new(4);
        for t in [super::super::SHIFT, super::super::SHIFT, super::super::SHIFT, super::super::SHIFT] {
            extract(&st, &sent, &mut out);
            assert_eq!(out.len(), N_FEATURES);
            st.apply(t);
        }
    }

    #[test]
    fn cluster_table_keeps_the_words_asked_for() {
        let table = "Paris\t0110\t3\nparis\t1\t\nthe\t\t-2\nLondon\t0111\t\nToronto\t01101\t\n";
        let all = WordClusters::from_table(table, |_, _| true).unwrap();
        assert_eq!(all.len(), 3);
        // The most frequent spelling's cluster, by the lower-case form.
        assert_eq!(all.get(word_hash("PARIS")), clusters::cluster_code("0110").unwrap());
        assert_eq!(all.get(word_hash("the")), 0);
        let some = WordClusters::from_table(table, |w, rank| rank < 1 || w == "toronto").unwrap();
        assert_eq!(some.len(), 2);
        assert_eq!(some.get(word_hash("london")), 0);
        assert_eq!(some.get(word_hash("Toronto")), clusters::cluster_code("01101").unwrap());
        assert!(WordClusters::from_table("a\t012\t\n", |_, _| true).is_err());
    }
}
