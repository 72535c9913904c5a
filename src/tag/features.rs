//! The tagger's features: hashed, no allocation per feature.

use crate::model::hash::{feature, feature2, feature_n, feature_sn};
use crate::model::push_shape;
use std::borrow::Cow;

use super::Lexicon;

/// Per-sentence feature extractor with reusable buffers.
pub(super) struct Features<'a> {
    words: &'a [&'a str],
    /// Lower-cased words and shapes, each word's a range of `text`: the
    /// sentence's own buffer, or the tagger's memo of known forms.
    text: Cow<'a, str>,
    lower: Cow<'a, [(u32, u32)]>,
    shapes: Cow<'a, [(u32, u32)]>,
    /// What the lexicon says of each word (see [`Features::lexicon_at`]).
    lexicon: Cow<'a, [LexView]>,
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

/// A word's lexicon entry as features read it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct LexView {
    /// The most frequent training label + 1 (0 when unseen): a cheap look-ahead.
    likely: u64,
    /// The ambiguity class (0 when unseen).
    class: u64,
}

impl LexView {
    /// What the lexicon says of a lower-cased word.
    pub fn of(lexicon: &Lexicon, lower: &str) -> LexView {
        match lexicon.get(lower) {
            Some(x) => LexView { likely: x.label as u64 + 1, class: x.class },
            None => LexView { likely: 0, class: 0 },
        }
    }
}

/// Appends `w` lower-cased to `text`, returning its range there.
fn push_lower(w: &str, text: &mut String) -> (u32, u32) {
    let s = text.len() as u32;
    if w.chars().any(char::is_uppercase) {
        text.extend(w.chars().flat_map(char::to_lowercase));
    } else {
        text.push_str(w);
    }
    (s, text.len() as u32)
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

impl<'a> Features<'a> {
    pub fn new(words: &'a [&'a str], lexicon: &Lexicon) -> Features<'a> {
        let mut text = String::with_capacity(2 * words.iter().map(|w| w.len()).sum::<usize>());
        let mut lower = Vec::with_capacity(words.len());
        let mut shapes = Vec::with_capacity(words.len());
        for w in words {
            lower.push(push_lower(w, &mut text));
            let s = text.len() as u32;
            push_shape(w, &mut text);
            shapes.push((s, text.len() as u32));
        }
        let lexicon = lower.iter().map(|&(s, e)| LexView::of(lexicon, &text[s as usize..e as usize])).collect();
        Features {
            words,
            text: Cow::Owned(text),
            lower: Cow::Owned(lower),
            shapes: Cow::Owned(shapes),
            lexicon: Cow::Owned(lexicon),
            buf: Vec::with_capacity(48),
        }
    }

    /// Features over words whose lower case and shape are ranges of `text` already.
    pub fn from_known(
        words: &'a [&'a str],
        text: &'a str,
        lower: &'a [(u32, u32)],
        shapes: &'a [(u32, u32)],
        lexicon: &'a [LexView],
    ) -> Features<'a> {
        let (text, lower, shapes, lexicon) =
            (Cow::Borrowed(text), Cow::Borrowed(lower), Cow::Borrowed(shapes), Cow::Borrowed(lexicon));
        Features { words, text, lower, shapes, lexicon, buf: Vec::new() }
    }

    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.lower[i];
        &self.text[s as usize..e as usize]
    }

    pub fn shape_of(&self, i: usize) -> &str {
        let (s, e) = self.shapes[i];
        &self.text[s as usize..e as usize]
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

    /// What the lexicon says of word `k` (0s when unseen, `u64::MAX` outside the sentence).
    pub fn lexicon_at(&self, k: isize) -> LexView {
        if k < 0 || k as usize >= self.words.len() {
            LexView { likely: u64::MAX, class: u64::MAX }
        } else {
            self.lexicon[k as usize]
        }
    }

    /// Appends the features that depend on word `j` alone, in the slot it
    /// fills relative to the tagged word (`j` may lie outside the sentence
    /// for the neighbour slots; `First` or `Word` says whether the tagged
    /// word starts its sentence). The tagger memoises their scores per word.
    pub fn push_word_features(&self, j: isize, slot: WordSlot, b: &mut Vec<u64>) {
        let l = self.low(j);
        let inside = j >= 0 && (j as usize) < self.words.len();
        match slot {
            WordSlot::Word | WordSlot::First => {
                let i = j as usize;
                let first = (slot == WordSlot::First) as u64;
                b.push(feature_sn(6, self.shape_of(i), &[first]));
                b.push(feature_sn(29, self.words[i], &[first]));
                b.push(feature_n(0, &[]));
                b.push(feature(1, l));
                b.push(feature(2, self.words[i]));
                for n in 1..=4 {
                    b.push(feature_n(3, &[n as u64]) ^ feature(3, suffix(l, n)));
                }
                for n in 1..=3 {
                    b.push(feature_n(4, &[n as u64]) ^ feature(4, prefix(l, n)));
                }
                b.push(feature(5, self.shape_of(i)));
                let lex = self.lexicon_at(j);
                b.push(feature_n(22, &[lex.likely]));
                b.push(feature_n(31, &[lex.class]));
            }
            WordSlot::Prev => {
                b.push(feature(7, l));
                b.push(feature(11, suffix(l, 3)));
                if inside {
                    b.push(feature(21, self.shape_of(j as usize)));
                }
            }
            WordSlot::Prev2 => b.push(feature(8, l)),
            WordSlot::Next => {
                b.push(feature(9, l));
                b.push(feature(12, suffix(l, 3)));
                if inside {
                    b.push(feature(20, self.shape_of(j as usize)));
                }
                let lex = self.lexicon_at(j);
                b.push(feature_n(23, &[lex.likely]));
                b.push(feature_n(32, &[lex.class]));
            }
            WordSlot::Next2 => {
                b.push(feature(10, l));
                b.push(feature_n(24, &[self.lexicon_at(j).likely]));
            }
        }
    }

    /// Appends the features of word `i` that combine it with its neighbours
    /// (but not with the labels: see [`Features::push_label_features`]).
    pub fn push_window_features(&self, i: usize, b: &mut Vec<u64>) {
        let ii = i as isize;
        let l = self.lower(i);
        let (m1, p1) = (self.low(ii - 1), self.low(ii + 1));
        let (lex, next_lex) = (self.lexicon_at(ii), self.lexicon_at(ii + 1));
        b.push(feature2(13, m1, l));
        b.push(feature2(14, l, p1));
        b.push(feature2(19, m1, p1));
        b.push(feature_n(26, &[lex.likely, next_lex.likely]));
        b.push(feature_sn(27, l, &[next_lex.likely]));
        b.push(feature2(30, suffix(l, 3), p1));
        b.push(feature_n(34, &[lex.class, next_lex.class]));
    }

    /// Appends the features of word `i` that use the two previous labels
    /// (0 = none, else label + 1): the ones left to score once those are known.
    pub fn push_label_features(&self, i: usize, prev1: u64, prev2: u64, b: &mut Vec<u64>) {
        let ii = i as isize;
        let (l, shape, p1) = (self.lower(i), self.shape_of(i), self.low(ii + 1));
        let (lex, next_lex) = (self.lexicon_at(ii), self.lexicon_at(ii + 1));
        b.push(feature_n(15, &[prev1]));
        b.push(feature_n(16, &[prev1, prev2]));
        b.push(feature_sn(17, l, &[prev1]));
        b.push(feature_sn(18, p1, &[prev1]));
        b.push(feature_n(25, &[prev1, next_lex.likely]));
        b.push(feature_sn(28, shape, &[prev1]));
        b.push(feature_n(33, &[lex.class, prev1]));
    }

    /// All features of word `i` given the two previous labels (0 = none, else label + 1).
    pub fn extract(&mut self, i: usize, prev1: u64, prev2: u64) -> &[u64] {
        let mut b = std::mem::take(&mut self.buf);
        b.clear();
        let ii = i as isize;
        for slot in WordSlot::ALL {
            let slot = if slot == WordSlot::Word && i == 0 { WordSlot::First } else { slot };
            self.push_word_features(ii + slot.offset(), slot, &mut b);
        }
        self.push_window_features(i, &mut b);
        self.push_label_features(i, prev1, prev2, &mut b);
        self.buf = b;
        &self.buf
    }
}

/// The position of a word relative to the word being tagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WordSlot {
    /// The tagged word when it is not the first of its sentence.
    Word,
    /// The tagged word first in its sentence.
    First,
    Prev,
    Prev2,
    Next,
    Next2,
}

impl WordSlot {
    pub const ALL: [WordSlot; 5] = [WordSlot::Word, WordSlot::Prev, WordSlot::Prev2, WordSlot::Next, WordSlot::Next2];

    pub fn offset(self) -> isize {
        match self {
            WordSlot::Word | WordSlot::First => 0,
            WordSlot::Prev => -1,
            WordSlot::Prev2 => -2,
            WordSlot::Next => 1,
            WordSlot::Next2 => 2,
        }
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
