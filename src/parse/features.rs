//! Parser features: words, tags and partial-tree facts around the stack and
//! buffer fronts (after Zhang & Nivre 2011), hashed without allocation.

use super::State;
use crate::model::hash::{feature, feature2, feature_n, feature_sn};
use crate::model::hash::hash_bytes;
use crate::tag::TokenTag;

const ROOT: &str = "<root>";
const NONE: &str = "<none>";

/// Word (lower case) and tag of token `x` (0 = root, None = no token).
fn wt<'a>(x: Option<usize>, lower: &'a [String], tags: &'a [TokenTag]) -> (&'a str, &'a str) {
    match x {
        None => (NONE, NONE),
        Some(0) => (ROOT, ROOT),
        Some(i) => (lower[i - 1].as_str(), tags[i - 1].xpos),
    }
}

fn h(s: &str) -> u64 {
    hash_bytes(0x9e37, s.as_bytes())
}

pub(crate) fn extract(st: &State, lower: &[String], tags: &[TokenTag], out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.b(0), st.b(1), st.b(2));
    let (s0w, s0t) = wt(s0, lower, tags);
    let (s1w, s1t) = wt(s1, lower, tags);
    let (_, s2t) = wt(s2, lower, tags);
    let (b0w, b0t) = wt(b0, lower, tags);
    let (b1w, b1t) = wt(b1, lower, tags);
    let (_, b2t) = wt(b2, lower, tags);
    let child = |x: Option<usize>, side: &[[usize; 2]], k: usize| x.and_then(|i| Some(side[i][k]).filter(|&c| c != 0));
    let label = |c: Option<usize>| c.map_or(u64::MAX, |c| st.labels[c] as u64);
    let (s0l, s0r, s1r, b0l) = (child(s0, &st.left, 0), child(s0, &st.right, 0), child(s1, &st.right, 0), child(b0, &st.left, 0));
    let (s0l2, s0r2, b0l2) = (child(s0, &st.left, 1), child(s0, &st.right, 1), child(b0, &st.left, 1));
    let (s0lw, s0lt) = wt(s0l, lower, tags);
    let (s0rw, s0rt) = wt(s0r, lower, tags);
    let (b0lw, b0lt) = wt(b0l, lower, tags);
    let (_, s1rt) = wt(s1r, lower, tags);
    // Unigrams.
    out.push(feature(1, s0w));
    out.push(feature(2, s0t));
    out.push(feature2(3, s0w, s0t));
    out.push(feature(4, s1w));
    out.push(feature(5, s1t));
    out.push(feature2(6, s1w, s1t));
    out.push(feature(7, b0w));
    out.push(feature(8, b0t));
    out.push(feature2(9, b0w, b0t));
    out.push(feature(10, b1w));
    out.push(feature(11, b1t));
    out.push(feature2(12, b1w, b1t));
    out.push(feature(13, b2t));
    out.push(feature(14, s2t));
    // Pairs.
    out.push(feature2(15, s0w, b0w));
    out.push(feature2(16, s0t, b0t));
    out.push(feature_sn(17, s0w, &[h(s0t), h(b0t)]));
    out.push(feature_sn(18, b0w, &[h(s0t), h(b0t)]));
    out.push(feature_sn(19, s0w, &[h(s0t), h(b0w)]));
    out.push(feature2(20, s0w, s1w));
    out.push(feature2(21, s0t, s1t));
    out.push(feature_sn(22, s1w, &[h(s0t)]));
    out.push(feature_sn(23, s0w, &[h(s1t)]));
    // Triples of tags.
    out.push(feature_n(24, &[h(s0t), h(b0t), h(b1t)]));
    out.push(feature_n(25, &[h(s1t), h(s0t), h(b0t)]));
    out.push(feature_n(26, &[h(s2t), h(s1t), h(s0t)]));
    out.push(feature_n(27, &[h(b0t), h(b1t), h(b2t)]));
    out.push(feature_n(28, &[h(s0t), h(s0lt), h(b0t)]));
    out.push(feature_n(29, &[h(s0t), h(s0rt), h(b0t)]));
    out.push(feature_n(30, &[h(s0t), h(b0t), h(b0lt)]));
    out.push(feature_n(31, &[h(s1t), h(s0t), h(s1rt)]));
    // Distance and valency.
    let dist = match (s0, b0) {
        (Some(a), Some(b)) if a > 0 => (b - a).min(6) as u64,
        _ => 0,
    };
    out.push(feature_sn(32, s0w, &[dist]));
    out.push(feature_n(33, &[h(s0t), h(b0t), dist]));
    let s0i = s0.unwrap_or(0);
    out.push(feature_sn(34, s0w, &[st.n_left[s0i] as u64, st.n_right[s0i] as u64]));
    out.push(feature_sn(35, s0t, &[st.n_left[s0i] as u64, st.n_right[s0i] as u64]));
    if let Some(b) = b0 {
        out.push(feature_sn(36, b0w, &[st.n_left[b] as u64]));
        out.push(feature_sn(37, b0t, &[st.n_left[b] as u64]));
    }
    // Labels of children.
    out.push(feature_n(38, &[label(s0l), label(s0r)]));
    out.push(feature_sn(39, s0t, &[label(s0l), label(s0r)]));
    out.push(feature_sn(40, b0t, &[label(b0l), label(b0l2)]));
    out.push(feature_sn(41, s0w, &[label(s0l)]));
    out.push(feature_sn(42, s0w, &[label(s0r)]));
    out.push(feature_sn(43, s1t, &[label(s1r)]));
    out.push(feature_n(44, &[label(s0l2), label(s0r2), h(s0t)]));
    out.push(feature_sn(45, b0w, &[label(b0l)]));
    // Children's words and richer pairs.
    out.push(feature2(47, s0lw, s0w));
    out.push(feature2(48, s0rw, s0w));
    out.push(feature2(49, b0lw, b0w));
    out.push(feature_sn(50, s0w, &[h(s0t), h(b0w), h(b0t)]));
    out.push(feature2(51, b0w, b1w));
    out.push(feature_sn(52, s1w, &[h(s1t), h(s0w)]));
    out.push(feature_sn(53, s0w, &[h(b0t), h(b1t)]));
    out.push(feature_sn(54, b0w, &[h(b1t), h(s0t)]));
    // Is the stack down to the root, is the buffer empty.
    out.push(feature_n(46, &[st.stack.len().min(3) as u64, b0.is_none() as u64, h(s0t)]));
}
