//! The tagger's features: hashed, no allocation per feature.

use std::collections::HashMap;

use crate::model::hash::{feature, feature2, feature_n, feature_sn};
use crate::model::push_shape;

/// Per-sentence feature extractor with reusable buffers.
pub(super) struct Features<'a> {
    words: &'a [&'a str],
    /// All lower-cased words in one buffer, and each word's range in it.
    lower_buf: String,
    lower: Vec<(u32, u32)>,
    /// Each word's most frequent training label + 1 (0 when unseen): a cheap look-ahead.
    likely: Vec<u64>,
    shape_buf: String,
    shapes: Vec<(u32, u32)>,
    buf: Vec<u64>,
}

/// The last `n` characters of `s` (whole string if shorter).
pub(crate) fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// The first `n` characters of `s`.
pub(crate) fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Word shape with runs collapsed: "Carney" -> "Xx", "F-35" -> "X-d", "U.S." -> "X.X.".
#[cfg(test)]
pub(crate) fn shape(w: &str) -> String {
    let mut out = String::new();
    push_shape(w, &mut out);
    out
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

impl<'a> Features<'a> {
    pub fn new(words: &'a [&'a str], lexicon: &HashMap<String, u16>) -> Features<'a> {
        let mut lower_buf = String::with_capacity(words.iter().map(|w| w.len()).sum());
        let mut lower = Vec::with_capacity(words.len());
        let mut shape_buf = String::new();
        let mut shapes = Vec::with_capacity(words.len());
        for w in words {
            let s = lower_buf.len() as u32;
            if w.chars().any(char::is_uppercase) {
                lower_buf.extend(w.chars().flat_map(char::to_lowercase));
            } else {
                lower_buf.push_str(w);
            }
            lower.push((s, lower_buf.len() as u32));
            let s = shape_buf.len() as u32;
            push_shape(w, &mut shape_buf);
            shapes.push((s, shape_buf.len() as u32));
        }
        let likely = lower
            .iter()
            .map(|&(s, e)| lexicon.get(&lower_buf[s as usize..e as usize]).map_or(0, |&x| x as u64 + 1))
            .collect();
        Features { words, lower_buf, lower, likely, shape_buf, shapes, buf: Vec::with_capacity(48) }
    }

    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.lower[i];
        &self.lower_buf[s as usize..e as usize]
    }

    fn shape_of(&self, i: usize) -> &str {
        let (s, e) = self.shapes[i];
        &self.shape_buf[s as usize..e as usize]
    }

    fn low(&self, i: isize) -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= self.words.len() {
            EOS
        } else {
            self.lower(i as usize)
        }
    }

    /// Features of word `i` given the two previous labels (0 = none, else label + 1).
    pub fn extract(&mut self, i: usize, prev1: u64, prev2: u64) -> &[u64] {
        let ii = i as isize;
        let w = self.words[i];
        let mut b = std::mem::take(&mut self.buf);
        let l = self.lower(i);
        b.clear();
        b.push(feature_n(0, &[]));
        b.push(feature(1, l));
        b.push(feature(2, w));
        for n in 1..=4 {
            b.push(feature_n(3, &[n as u64]) ^ feature(3, suffix(l, n)));
        }
        for n in 1..=3 {
            b.push(feature_n(4, &[n as u64]) ^ feature(4, prefix(l, n)));
        }
        b.push(feature(5, self.shape_of(i)));
        b.push(feature_sn(6, self.shape_of(i), &[(i == 0) as u64]));
        let (m1, m2, p1, p2) = (self.low(ii - 1), self.low(ii - 2), self.low(ii + 1), self.low(ii + 2));
        b.push(feature(7, m1));
        b.push(feature(8, m2));
        b.push(feature(9, p1));
        b.push(feature(10, p2));
        b.push(feature(11, suffix(m1, 3)));
        b.push(feature(12, suffix(p1, 3)));
        b.push(feature2(13, m1, l));
        b.push(feature2(14, l, p1));
        b.push(feature_n(15, &[prev1]));
        b.push(feature_n(16, &[prev1, prev2]));
        b.push(feature_sn(17, l, &[prev1]));
        b.push(feature_sn(18, p1, &[prev1]));
        b.push(feature2(19, m1, p1));
        let likely = |k: isize| if k < 0 || k as usize >= self.words.len() { u64::MAX } else { self.likely[k as usize] };
        b.push(feature_n(22, &[likely(ii)]));
        b.push(feature_n(23, &[likely(ii + 1)]));
        b.push(feature_n(24, &[likely(ii + 2)]));
        b.push(feature_n(25, &[prev1, likely(ii + 1)]));
        b.push(feature_n(26, &[likely(ii), likely(ii + 1)]));
        b.push(feature_sn(27, l, &[likely(ii + 1)]));
        b.push(feature_sn(28, self.shape_of(i), &[prev1]));
        b.push(feature_sn(29, w, &[(i == 0) as u64]));
        b.push(feature2(30, suffix(l, 3), p1));
        if i + 1 < self.words.len() {
            b.push(feature(20, self.shape_of(i + 1)));
        }
        if i > 0 {
            b.push(feature(21, self.shape_of(i - 1)));
        }
        self.buf = b;
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_respect_characters() {
        assert_eq!(suffix("Béland", 3), "and");
        assert_eq!(suffix("né", 4), "né");
        assert_eq!(prefix("Éric", 2), "Ér");
        assert_eq!(shape("Carney"), "Xx");
        assert_eq!(shape("F-35"), "X-d");
        assert_eq!(shape("U.S."), "X.X.");
    }
}
