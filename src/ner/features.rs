//! Token analysis and hashed features for the NER model.
//!
//! Everything a feature needs is reduced to `u64` hashes once per token (lowercase
//! form, exact form, shape, affixes, gazetteer matches), without allocating; the
//! features of a position are then hashes of (template, values) pushed into a
//! reused buffer.

use crate::model::clusters::{self, cluster_prefix};
use crate::tag::TokenTag;
use std::sync::OnceLock;

const K: u64 = 0x517c_c1b7_2722_0a95;
const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// One step of the streaming hash (FxHash-like).
#[inline(always)]
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Final avalanche (murmur3 fmix64); never returns 0 (0 marks an empty slot).
#[inline(always)]
pub(crate) fn finish(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x | 1
}

/// Calls `f` with each lowercased char of `w`.
#[inline(always)]
fn for_lower(w: &str, mut f: impl FnMut(char)) {
    for c in w.chars() {
        if c.is_ascii() {
            f(c.to_ascii_lowercase())
        } else {
            for l in c.to_lowercase() {
                f(l)
            }
        }
    }
}

/// Hash of the lowercase form of one word.
pub(crate) fn lower_hash(w: &str) -> u64 {
    let mut h = SEED;
    for_lower(w, |c| h = mix(h, c as u64));
    finish(h)
}

/// Hash of an arbitrary string (used for POS tags).
#[inline]
pub(crate) fn str_hash(s: &str) -> u64 {
    let mut h = SEED ^ 0x9e37;
    for b in s.bytes() {
        h = mix(h, b as u64);
    }
    finish(h)
}

/// Hash of a phrase from the lowercase hashes of its words.
#[inline(always)]
fn phrase_step(h: u64, word: u64) -> u64 {
    mix(h, word)
}

// ---------------------------------------------------------------------------
// A small open-addressing map from u64 hashes (never 0) to u32.

#[derive(Clone, Debug)]
pub(crate) struct U64Map {
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl Default for U64Map {
    /// An empty map (look-ups need at least one empty slot).
    fn default() -> Self {
        U64Map::build(std::iter::empty())
    }
}

impl U64Map {
    /// Builds the map; values of repeated keys are OR-ed together.
    pub(crate) fn build(pairs: impl ExactSizeIterator<Item = (u64, u32)>) -> U64Map {
        let cap = (pairs.len() * 2).next_power_of_two().max(16);
        let mut m = U64Map { slots: vec![(0, 0); cap], mask: cap - 1 };
        for (k, v) in pairs {
            debug_assert!(k != 0);
            let mut i = (k as usize) & m.mask;
            loop {
                let slot = &mut m.slots[i];
                if slot.0 == k {
                    slot.1 |= v;
                    break;
                }
                if slot.0 == 0 {
                    *slot = (k, v);
                    break;
                }
                i = (i + 1) & m.mask;
            }
        }
        m
    }

    #[inline(always)]
    pub(crate) fn prefetch(&self, k: u64) {
        crate::model::prefetch(self.slots.as_ptr().wrapping_add((k as usize) & self.mask));
    }

    #[inline(always)]
    pub(crate) fn get(&self, k: u64) -> Option<u32> {
        let mut i = (k as usize) & self.mask;
        loop {
            // SAFETY-free: mask keeps i in range.
            let (key, v) = self.slots[i];
            if key == k {
                return Some(v);
            }
            if key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

// ---------------------------------------------------------------------------
// Gazetteers: general English word lists under src/ner/data.

pub(crate) const GAZ_TYPES: usize = 10;
const PREFIX_BIT: u32 = 1 << 31;

pub(crate) struct Gazetteer {
    map: U64Map,
    max_len: usize,
}

/// (list, gazetteer type) pairs.
const LISTS: [(&str, usize); 11] = [
    (include_str!("data/countries.txt"), 0),
    (include_str!("data/cities.txt"), 1),
    (include_str!("data/regions.txt"), 2),
    (include_str!("data/nationalities.txt"), 3),
    (include_str!("data/titles.txt"), 4),
    (include_str!("data/org_heads.txt"), 5),
    (include_str!("data/first_names.txt"), 6),
    (include_str!("data/given_names.txt"), 6),
    (include_str!("data/world_cities.txt"), 7),
    (include_str!("data/surnames.txt"), 8),
    (include_str!("data/organisations.txt"), 9),
];

pub(crate) fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut pairs = Vec::new();
        let mut max_len = 1;
        for &(text, t) in LISTS.iter() {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let words: Vec<&str> = line.split_whitespace().collect();
                max_len = max_len.max(words.len());
                let mut h = SEED;
                for (j, w) in words.iter().enumerate() {
                    h = phrase_step(h, lower_hash(w));
                    let key = finish(h);
                    if j + 1 == words.len() {
                        pairs.push((key, 1u32 << t));
                    } else {
                        pairs.push((key, PREFIX_BIT));
                    }
                }
            }
        }
        Gazetteer { map: U64Map::build(pairs.into_iter()), max_len }
    })
}

// ---------------------------------------------------------------------------
// Brown word clusters (from a large corpus; see scripts/ner_clusters.py).

/// What a large corpus says about words, by the exact-form hash of the word
/// ([`exact_hash`]), keys sorted: its Brown cluster ([`clusters::cluster_code`]) in the
/// low 24 bits, its [casing](Tok::casing) + 5 in the bits above (0: unknown).
#[derive(Clone, Debug, Default)]
pub(crate) struct CorpusLexicon {
    pub keys: Vec<u64>,
    pub values: Vec<u32>,
    /// Word-embedding groups by lowercase-form hash ([`lower_hash`]), keys
    /// sorted: see [`CorpusLexicon::parse_embeddings`].
    pub embed_keys: Vec<u64>,
    pub embed_values: Vec<u32>,
    /// Binarized embeddings (Guo et al. 2014) of the words of `embed_keys`, in
    /// their order: `bin_dims` dimensions of 2 bits each (bit 0: above the mean
    /// of the dimension's positive values, bit 1: below the mean of its
    /// negative values), [`CorpusLexicon::bin_stride`] bytes a word; empty: none.
    pub bin_dims: u32,
    pub bin: Vec<u8>,
}

/// The look-up tables of a [`CorpusLexicon`].
#[derive(Clone, Debug, Default)]
pub(crate) struct CorpusMaps {
    /// Exact-form hash -> Brown cluster and corpus casing.
    pub words: U64Map,
    /// Lowercase-form hash -> embedding groups.
    pub embed: U64Map,
    /// Lowercase-form hash -> row of `bin_rows`.
    pub bin: U64Map,
    /// Binarized embedding of a word: (dimensions above the positive mean,
    /// dimensions below the negative mean), one bit each.
    pub bin_rows: Vec<(u128, u128)>,
}

/// Most dimensions a binarized embedding may have.
pub(crate) const BIN_MAX_DIMS: u32 = 128;

/// Granularities of the embedding groups and the bits each takes in a value.
const EMBED_GROUPS: [(u32, u32); 3] = [(64, 6), (512, 9), (4096, 12)];
/// Set in every embedding value, so that none is 0.
const EMBED_PRESENT: u32 = 1 << 27;

const CLUSTER_BITS: u32 = 24;

impl CorpusLexicon {
    /// Reads `word<TAB>path<TAB>casing` lines (path: 0/1 steps from the root;
    /// casing: -4..=4; either may be empty); the first line of a word counts.
    /// Errors give the line number.
    pub(crate) fn parse(text: &str) -> Result<CorpusLexicon, (usize, String)> {
        let mut rows = Vec::new();
        for row in clusters::rows(text) {
            let row = row?;
            let casing = match row.casing {
                "" => 0,
                c => match c.parse::<i32>() {
                    Ok(x) if (-4..=4).contains(&x) => (x + 5) as u32,
                    _ => return Err((row.line, format!("bad casing {c:?}"))),
                },
            };
            let value = casing << CLUSTER_BITS | row.cluster;
            if value != 0 {
                rows.push((exact_hash(row.word), row.line, value));
            }
        }
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        Ok(CorpusLexicon {
            keys: rows.iter().map(|r| r.0).collect(),
            values: rows.iter().map(|r| r.2).collect(),
            ..CorpusLexicon::default()
        })
    }

    /// Reads `word<TAB>g64<TAB>g512<TAB>g4096` lines (the groups of the word's
    /// embedding at three granularities, from `scripts/embedding_clusters.py`);
    /// words are lowercase, the first line of a word counts. Errors give the line number.
    pub(crate) fn parse_embeddings(text: &str) -> Result<(Vec<u64>, Vec<u32>), (usize, String)> {
        let mut rows = Vec::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 4 {
                return Err((n + 1, "expected word<TAB>group of 64<TAB>group of 512<TAB>group of 4096".into()));
            }
            let mut value = 0;
            for (col, (k, bits)) in cols[1..].iter().zip(EMBED_GROUPS) {
                match col.parse::<u32>() {
                    Ok(g) if g < k => value = value << bits | g,
                    _ => return Err((n + 1, format!("bad group {col:?} (0 to {})", k - 1))),
                }
            }
            rows.push((lower_hash(cols[0]), n, value | EMBED_PRESENT));
        }
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        Ok((rows.iter().map(|r| r.0).collect(), rows.iter().map(|r| r.2).collect()))
    }

    /// Reads `word<TAB>signs` lines (one `+`, `-` or `0` per dimension, from
    /// `scripts/embedding_binarized.py`; `*`: both bits, from `scripts/embedding_prototypes.py`) and stores them for the words of the
    /// embedding groups (read first; other words are left out, words without a
    /// line get no dimension). Errors give the line number.
    pub(crate) fn set_binarized(&mut self, text: &str) -> Result<usize, (usize, String)> {
        let index: std::collections::HashMap<u64, usize> =
            self.embed_keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut dims = 0usize;
        let mut bin = Vec::new();
        let mut stored = 0;
        let mut seen = std::collections::HashSet::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let Some((word, signs)) = line.split_once('\t') else {
                return Err((n + 1, "expected word<TAB>signs".into()));
            };
            if dims == 0 {
                dims = signs.len();
                if dims == 0 || dims > BIN_MAX_DIMS as usize {
                    return Err((n + 1, format!("{dims} dimensions (1 to {BIN_MAX_DIMS})")));
                }
                bin = vec![0u8; self.embed_keys.len() * dims.div_ceil(4)];
            }
            if signs.len() != dims {
                return Err((n + 1, format!("{} dimensions, the first line has {dims}", signs.len())));
            }
            let h = lower_hash(word);
            let Some(&row) = index.get(&h) else { continue };
            if !seen.insert(h) {
                continue;
            }
            stored += 1;
            let stride = dims.div_ceil(4);
            for (j, c) in signs.bytes().enumerate() {
                let v = match c {
                    b'+' => 1u8,
                    b'-' => 2,
                    b'0' => 0,
                    b'*' => 3,
                    _ => return Err((n + 1, format!("bad sign {:?}", c as char))),
                };
                bin[row * stride + j / 4] |= v << (2 * (j % 4));
            }
        }
        self.bin_dims = dims as u32;
        self.bin = bin;
        Ok(stored)
    }

    /// Bytes of one word's binarized embedding.
    pub(crate) fn bin_stride(&self) -> usize {
        (self.bin_dims as usize).div_ceil(4)
    }

    pub(crate) fn maps(&self) -> CorpusMaps {
        let mut bin_rows = Vec::new();
        let mut bin_pairs = Vec::new();
        let stride = self.bin_stride();
        if stride > 0 {
            for (i, &k) in self.embed_keys.iter().enumerate() {
                let (mut p, mut m) = (0u128, 0u128);
                for j in 0..self.bin_dims as usize {
                    let v = self.bin[i * stride + j / 4] >> (2 * (j % 4)) & 3;
                    p |= ((v & 1) as u128) << j;
                    m |= ((v >> 1) as u128) << j;
                }
                if p | m != 0 {
                    bin_pairs.push((k, bin_rows.len() as u32));
                    bin_rows.push((p, m));
                }
            }
        }
        CorpusMaps {
            words: U64Map::build(self.keys.iter().copied().zip(self.values.iter().copied())),
            embed: U64Map::build(self.embed_keys.iter().copied().zip(self.embed_values.iter().copied())),
            bin: U64Map::build(bin_pairs.into_iter()),
            bin_rows,
        }
    }

    pub(crate) fn has_clusters(&self) -> bool {
        !self.keys.is_empty()
    }

    pub(crate) fn has_embeddings(&self) -> bool {
        !self.embed_keys.is_empty()
    }

    pub(crate) fn has_binarized(&self) -> bool {
        self.bin_dims != 0 && !self.embed_keys.is_empty()
    }
}

// ---------------------------------------------------------------------------
// Per-token analysis.

/// Capitalisation classes.
pub(crate) const CAP_LOWER: u8 = 0;
pub(crate) const CAP_INIT: u8 = 1;
pub(crate) const CAP_ALL: u8 = 2;
pub(crate) const CAP_CAMEL: u8 = 3;
pub(crate) const CAP_MIXED: u8 = 4;
pub(crate) const CAP_DIGIT: u8 = 5;
pub(crate) const CAP_PUNCT: u8 = 6;
const CAP_PAD: u8 = 7;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    pub lower: u64,
    exact: u64,
    shape: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    pub cap: u8,
    common: u8,
    /// Number of chars (lowercase form), at most 255.
    len: u8,
    /// Gazetteer matches: bit 4*type + (0 B, 1 I, 2 L, 3 U).
    gaz: u64,
    pos: u64,
    xpos: u64,
    /// Casing class of the whole sentence (see [`sentence_class`]).
    sent: u8,
    /// Place in a capitalised run holding an organisation head word: 0 none, 1 first, 2 inside, 3 last, 4 alone.
    orgrun: u8,
    /// Brown cluster of the exact form (see [`clusters::cluster_code`]); 0: none.
    cluster: u32,
    /// How much more often the lowercase form is capitalised than not in a
    /// large corpus, log ratio rounded, + 5 (1..=9); 0: unknown.
    casing: u8,
    /// Embedding groups of the lowercase form (see [`CorpusLexicon::parse_embeddings`]); 0: none.
    embed: u32,
    /// Binarized embedding of the lowercase form: dimensions above the
    /// positive mean, dimensions below the negative mean (see [`CorpusMaps::bin_rows`]).
    bin_pos: u128,
    bin_neg: u128,
}

const PAD_L: Tok = Tok {
    lower: 0x1111,
    exact: 0x1111,
    shape: 0x1111,
    pre: [0; 3],
    suf: [0; 4],
    cap: CAP_PAD,
    common: 4,
    len: 0,
    gaz: 0,
    pos: 0x1111,
    xpos: 0x1111,
    sent: 0,
    orgrun: 5,
    cluster: 0,
    casing: 0,
    embed: 0,
    bin_pos: 0,
    bin_neg: 0,
};
const PAD_R: Tok = Tok {
    lower: 0x2222,
    exact: 0x2222,
    shape: 0x2222,
    pre: [0; 3],
    suf: [0; 4],
    cap: CAP_PAD,
    common: 4,
    len: 0,
    gaz: 0,
    pos: 0x2222,
    xpos: 0x2222,
    sent: 0,
    orgrun: 6,
    cluster: 0,
    casing: 0,
    embed: 0,
    bin_pos: 0,
    bin_neg: 0,
};

fn analyse_word(w: &str, common: &U64Map, lexicon: &CorpusMaps) -> Tok {
    let mut t = Tok::default();
    // Forward pass: lowercase hash, exact hash, shape, prefixes, case flags.
    let (mut hl, mut he, mut hs) = (SEED, SEED ^ 0x55, SEED ^ 0xaa);
    let mut hp = SEED ^ 0x77;
    let mut n = 0usize;
    let (mut upper, mut lower, mut digit, mut first_upper) = (0u32, 0u32, 0u32, false);
    let mut last_shape = '\0';
    for c in w.chars() {
        he = mix(he, c as u64);
        let s = if c.is_uppercase() {
            upper += 1;
            if n == 0 {
                first_upper = true;
            }
            'X'
        } else if c.is_lowercase() {
            lower += 1;
            'x'
        } else if c.is_ascii_digit() {
            digit += 1;
            'd'
        } else if c.is_alphabetic() {
            lower += 1;
            'x'
        } else if c.is_ascii() {
            c
        } else {
            'o'
        };
        if s != last_shape {
            hs = mix(hs, s as u64);
            last_shape = s;
        }
        let mut lc = |l: char| {
            hl = mix(hl, l as u64);
            if n < 3 {
                hp = mix(hp, l as u64);
                t.pre[n] = finish(hp);
            }
            n += 1;
        };
        if c.is_ascii() {
            lc(c.to_ascii_lowercase())
        } else {
            for l in c.to_lowercase() {
                lc(l)
            }
        }
    }
    // Backward pass: suffixes of the lowercase form.
    let mut hsuf = SEED ^ 0x99;
    let mut k = 0;
    'outer: for c in w.chars().rev() {
        let mut push = |l: char| {
            if k < 4 {
                hsuf = mix(hsuf, l as u64);
                t.suf[k] = finish(hsuf);
                k += 1;
            }
        };
        if c.is_ascii() {
            push(c.to_ascii_lowercase())
        } else {
            for l in c.to_lowercase() {
                push(l)
            }
        }
        if k >= 4 {
            break 'outer;
        }
    }
    t.len = n.min(255) as u8;
    t.lower = finish(hl);
    t.exact = finish(he);
    t.shape = finish(hs);
    t.cap = if upper + lower == 0 {
        if digit > 0 {
            CAP_DIGIT
        } else {
            CAP_PUNCT
        }
    } else if upper == 0 {
        CAP_LOWER
    } else if first_upper && lower == 0 {
        CAP_ALL
    } else if first_upper && upper == 1 {
        CAP_INIT
    } else if first_upper {
        CAP_MIXED
    } else {
        CAP_CAMEL
    };
    t.common = common.get(t.lower).unwrap_or(0) as u8;
    let corpus = lexicon.words.get(t.exact).unwrap_or(0);
    t.embed = lexicon.embed.get(t.lower).unwrap_or(0);
    if let Some(r) = lexicon.bin.get(t.lower) {
        (t.bin_pos, t.bin_neg) = lexicon.bin_rows[r as usize];
    }
    t.cluster = corpus & ((1 << CLUSTER_BITS) - 1);
    t.casing = (corpus >> CLUSTER_BITS) as u8;
    t
}

/// Fills `out` with the analysis of each word. `pos` gives one tag per word, or None.
pub(crate) fn analyse(
    words: &[&str],
    pos: Option<&[TokenTag]>,
    common: &U64Map,
    lexicon: &CorpusMaps,
    out: &mut Vec<Tok>,
) {
    out.clear();
    out.extend(words.iter().map(|w| analyse_word(w, common, lexicon)));
    analyse_context(out, pos, |_| GAZ_UNKNOWN);
}

/// `word_gaz` value meaning "look the word up".
pub(crate) const GAZ_UNKNOWN: u32 = u32::MAX;

/// The gazetteer value of one word alone (0: in no list, not a phrase start).
pub(crate) fn word_gaz(lower: u64) -> u32 {
    gazetteer().map.get(finish(phrase_step(SEED, lower))).unwrap_or(0)
}

/// Hash of the exact form of a word (the same as its analysis' `exact`).
#[inline]
pub(crate) fn exact_hash(w: &str) -> u64 {
    let mut he = SEED ^ 0x55;
    for c in w.chars() {
        he = mix(he, c as u64);
    }
    finish(he)
}

/// Analyses a word on its own (no tags, gazetteers or sentence context yet).
pub(crate) fn analyse_one(w: &str, common: &U64Map, lexicon: &CorpusMaps) -> Tok {
    analyse_word(w, common, lexicon)
}

impl Tok {
    pub(crate) fn exact(&self) -> u64 {
        self.exact
    }

    /// The fields of a word's analysis that [`context_features`] reads.
    pub(crate) fn context_part(&self) -> (u64, u64, u8, u8) {
        (self.lower, self.shape, self.cap, self.common)
    }

    /// A word analysis with only what [`context_features`] reads (for words
    /// whose word-only features are already summed).
    pub(crate) fn from_context_part(lower: u64, shape: u64, cap: u8, common: u8) -> Tok {
        Tok { lower, shape, cap, common, ..Tok::default() }
    }
}

/// Adds what depends on the sentence to word analyses: tags, gazetteer
/// matches, sentence casing, organisation runs. `first_gaz(i)` is the
/// gazetteer value of word `i` alone when known, else [`GAZ_UNKNOWN`].
#[inline]
pub(crate) fn analyse_context(out: &mut [Tok], pos: Option<&[TokenTag]>, first_gaz: impl Fn(usize) -> u32) {
    if let Some(pos) = pos {
        if pos.len() == out.len() {
            for (t, p) in out.iter_mut().zip(pos) {
                t.pos = str_hash(p.upos);
                t.xpos = str_hash(p.xpos);
            }
        }
    }
    let sent = sentence_class(out);
    for t in out.iter_mut() {
        t.sent = sent;
    }
    // Gazetteer matching, longest phrases included (all matches are marked).
    let g = gazetteer();
    let n = out.len();
    for i in 0..n {
        let mut h = SEED;
        for j in i..n.min(i + g.max_len) {
            h = phrase_step(h, out[j].lower);
            let v = if j == i {
                match first_gaz(i) {
                    GAZ_UNKNOWN => g.map.get(finish(h)).unwrap_or(0),
                    v => v,
                }
            } else {
                g.map.get(finish(h)).unwrap_or(0)
            };
            if v == 0 {
                break;
            }
            let types = v & !PREFIX_BIT;
            if types != 0 {
                for ty in 0..GAZ_TYPES as u32 {
                    if types & (1 << ty) == 0 {
                        continue;
                    }
                    if i == j {
                        out[i].gaz |= 1u64 << (4 * ty + 3);
                    } else {
                        out[i].gaz |= 1u64 << (4 * ty);
                        for t in &mut out[i + 1..j] {
                            t.gaz |= 1u64 << (4 * ty + 1);
                        }
                        out[j].gaz |= 1u64 << (4 * ty + 2);
                    }
                }
            }
            if v & PREFIX_BIT == 0 {
                break;
            }
        }
    }
    mark_org_runs(out);
}

/// Casing of the whole sentence: 0 ordinary, 1 no capital letter at all,
/// 2 mostly all-capitals words, 3 mostly capitalised words (a headline).
fn sentence_class(toks: &[Tok]) -> u8 {
    let (mut alpha, mut lower, mut all, mut init) = (0u32, 0u32, 0u32, 0u32);
    for t in toks {
        match t.cap {
            CAP_LOWER => lower += 1,
            CAP_ALL => all += 1,
            CAP_INIT | CAP_MIXED | CAP_CAMEL => init += 1,
            _ => continue,
        }
        alpha += 1;
    }
    if alpha == 0 || lower == alpha {
        1
    } else if alpha >= 3 && all * 2 >= alpha {
        2
    } else if alpha >= 4 && (init + all) * 10 >= alpha * 7 {
        3
    } else {
        0
    }
}

/// Words that may join the parts of a name ("Bank of England", "Food and Drug Administration").
fn connectors() -> &'static [u64; 5] {
    static C: OnceLock<[u64; 5]> = OnceLock::new();
    C.get_or_init(|| ["of", "and", "for", "&", "de"].map(lower_hash))
}

fn mark_org_runs(out: &mut [Tok]) {
    let capish = |t: &Tok| matches!(t.cap, CAP_INIT | CAP_ALL | CAP_MIXED | CAP_CAMEL);
    let head = 1u64 << (4 * 5 + 3);
    let conn = connectors();
    let n = out.len();
    let mut i = 0;
    while i < n {
        if !capish(&out[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut has_head = false;
        while j < n {
            if capish(&out[j]) {
                has_head |= out[j].gaz & head != 0;
            } else if !(conn.contains(&out[j].lower) && j + 1 < n && capish(&out[j + 1])) {
                break;
            }
            j += 1;
        }
        if has_head {
            if j - i == 1 {
                out[i].orgrun = 4;
            } else {
                out[i].orgrun = 1;
                for t in &mut out[i + 1..j - 1] {
                    t.orgrun = 2;
                }
                out[j - 1].orgrun = 3;
            }
        }
        i = j;
    }
}

/// Feature groups a model may use (stored in the model).
pub(crate) const F_POS: u32 = 1;
pub(crate) const F_POS2: u32 = 2;
pub(crate) const F_SENT: u32 = 4;
pub(crate) const F_WIDE: u32 = 8;
pub(crate) const F_SENTLEX: u32 = 16;
pub(crate) const F_LEN: u32 = 32;
/// Leaves out the word-pair and neighbour-word-with-case features (8, 9, 23, 24).
pub(crate) const F_LEAN: u32 = 64;
/// Keeps those features only for words with a capital letter or digit.
pub(crate) const F_LEAN_LOWER: u32 = 128;
/// Brown cluster path prefixes of the word (needs a cluster table).
pub(crate) const F_CLUSTER: u32 = 256;
/// ... and of the words before and after it.
pub(crate) const F_CLUSTER_NEAR: u32 = 512;
/// ... and of the words two before and two after it.
pub(crate) const F_CLUSTER_FAR: u32 = 1024;
/// The word's casing in a large corpus, with its capitalisation here.
pub(crate) const F_CASING: u32 = 2048;
/// Word-embedding groups of the words at -2..=2 (needs embedding groups in the lexicon).
pub(crate) const F_EMBED: u32 = 4096;
/// Binarized embedding dimensions (Guo et al. 2014) of the word (needs a
/// binarized table in the lexicon).
pub(crate) const F_BIN: u32 = 8192;
/// ... of the words at -1 and 1.
pub(crate) const F_BIN_NEAR: u32 = 16384;
/// ... of the words at -2 and 2.
pub(crate) const F_BIN_FAR: u32 = 32768;
/// ... of the word with its capitalisation.
pub(crate) const F_BIN_CAP: u32 = 65536;
/// The groups that need a binarized embedding table.
pub(crate) const F_BINS: u32 = F_BIN | F_BIN_NEAR | F_BIN_FAR | F_BIN_CAP;
/// The groups that need the Brown clusters and casing of a [`CorpusLexicon`].
pub(crate) const F_BROWN: u32 = F_CLUSTER | F_CLUSTER_NEAR | F_CLUSTER_FAR | F_CASING;
/// The groups that need a [`CorpusLexicon`].
pub(crate) const F_CORPUS: u32 = F_BROWN | F_EMBED | F_BINS;

#[inline(always)]
fn f1(t: u64, a: u64) -> u64 {
    finish(mix(mix(SEED, t), a))
}
#[inline(always)]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    finish(mix(mix(mix(SEED, t), a), b))
}
#[inline(always)]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(mix(SEED, t), a), b), c))
}

/// Pushes the feature hashes of position `i` into `out` (cleared first).
pub(crate) fn features(toks: &[Tok], i: usize, flags: u32, out: &mut Vec<u64>) {
    out.clear();
    features_into(toks, i, flags, out);
}

/// The padding token before (`d < 0`) or after the sentence.
#[inline]
pub(crate) fn pad(d: i32) -> &'static Tok {
    if d < 0 {
        &PAD_L
    } else {
        &PAD_R
    }
}

/// Appends the feature hashes of position `i` to `out`: the word-only features
/// of the tokens at offsets -2..=2, then those that combine tokens or depend on
/// the sentence.
#[inline]
pub(crate) fn features_into(toks: &[Tok], i: usize, flags: u32, out: &mut Vec<u64>) {
    for d in -2i32..=2 {
        let j = i as isize + d as isize;
        let t = if j < 0 || j as usize >= toks.len() { pad(d) } else { &toks[j as usize] };
        word_features(t, d, flags, out);
    }
    context_features(toks, i, flags, out);
}

/// Features that depend only on the word `t` seen at offset `d` from the
/// position being labelled (the same for every occurrence of the word, so
/// their weights can be summed once per word).
#[inline]
pub(crate) fn word_features(t: &Tok, d: i32, flags: u32, out: &mut Vec<u64>) {
    if flags & F_CORPUS != 0 {
        corpus_features(t, d, flags, out);
    }
    if flags & F_EMBED != 0 {
        embed_features(t, d, out);
    }
    if flags & F_BINS != 0 {
        bin_features(t, d, flags, out);
    }
    match d {
        0 => {
            out.push(f1(1, 0));
            if t.cap != CAP_LOWER {
                out.push(f1(2, t.exact));
            }
            out.push(f1(3, t.lower));
            out.push(f1(10, t.shape));
            for k in 0..3 {
                if t.pre[k] != 0 {
                    out.push(f1(14 + k as u64, t.pre[k]));
                }
            }
            for k in 0..4 {
                if t.suf[k] != 0 {
                    out.push(f1(17 + k as u64, t.suf[k]));
                }
            }
            if flags & F_LEN != 0 {
                let len = t.len.min(6) as u64;
                out.push(f2(70, t.cap as u64, len));
                out.push(f3(71, t.cap as u64, len, t.common as u64));
            }
        }
        -1 => {
            out.push(f1(4, t.lower));
            out.push(f1(11, t.shape));
            out.push(f1(28, t.exact));
            if flags & F_WIDE != 0 {
                out.push(f1(60, t.suf[2]));
            }
        }
        1 => {
            out.push(f1(5, t.lower));
            out.push(f1(12, t.shape));
            out.push(f1(29, t.exact));
            if flags & F_WIDE != 0 {
                out.push(f1(61, t.suf[2]));
            }
        }
        -2 => {
            out.push(f1(6, t.lower));
            out.push(f1(33, t.shape));
        }
        _ => {
            out.push(f1(7, t.lower));
            out.push(f1(34, t.shape));
        }
    }
}

/// Path prefixes of lengths 4, 6, 10 and all (Ratinov & Roth 2009): short
/// ones are broad word classes, long ones near-synonyms ("Paris", "Toronto").
const CLUSTER_PREFIXES: [u32; 4] = [4, 6, 10, 32];

/// Brown cluster and corpus casing features of the word `t` at offset `d`.
#[inline]
fn corpus_features(t: &Tok, d: i32, flags: u32, out: &mut Vec<u64>) {
    if d == 0 && flags & F_CASING != 0 {
        out.push(f2(93, t.casing as u64, t.cap as u64));
    }
    let c = t.cluster;
    match d {
        0 if flags & F_CLUSTER != 0 => {
            if c == 0 {
                // Rare or unseen in the clustered corpus: with capitalisation, a hint of a name.
                out.push(f1(80, t.cap as u64));
                return;
            }
            for (k, &len) in CLUSTER_PREFIXES.iter().enumerate() {
                out.push(f1(81 + k as u64, cluster_prefix(c, len)));
            }
        }
        -1 | 1 if flags & F_CLUSTER_NEAR != 0 && c != 0 => {
            let side = (d + 1) as u64;
            for (k, &len) in CLUSTER_PREFIXES.iter().enumerate() {
                out.push(f2(87 + k as u64, side, cluster_prefix(c, len)));
            }
        }
        -2 | 2 if flags & F_CLUSTER_FAR != 0 && c != 0 => {
            let side = (d + 2) as u64;
            out.push(f2(91, side, cluster_prefix(c, 6)));
            out.push(f2(92, side, c as u64));
        }
        _ => {}
    }
}

/// The three groups packed in an embedding value (see [`EMBED_GROUPS`]).
#[inline(always)]
fn embed_groups(value: u32) -> [u32; 3] {
    [value >> 21 & 63, value >> 12 & 511, value & 4095]
}

/// The embedding groups of the word `t` at offset `d`: all three of the
/// word itself (and the middle one with its capitalisation), the two coarser
/// of its neighbours, the coarsest two words away.
#[inline]
fn embed_features(t: &Tok, d: i32, out: &mut Vec<u64>) {
    let e = t.embed;
    if e == 0 {
        if d == 0 {
            out.push(f1(100, t.cap as u64));
        }
        return;
    }
    let [g64, g512, g4096] = embed_groups(e).map(u64::from);
    let side = (d + 2) as u64;
    match d {
        0 => {
            out.push(f1(101, g64));
            out.push(f1(102, g512));
            out.push(f1(103, g4096));
            out.push(f2(104, g512, t.cap as u64));
        }
        -1 | 1 => {
            out.push(f2(105, side, g64));
            out.push(f2(106, side, g512));
        }
        _ => out.push(f2(107, side, g64)),
    }
}

/// The binarized embedding dimensions of the word `t` at offset `d`: one
/// feature per (offset, dimension, sign) that is not null.
#[inline]
fn bin_features(t: &Tok, d: i32, flags: u32, out: &mut Vec<u64>) {
    let on = match d {
        0 => flags & (F_BIN | F_BIN_CAP) != 0,
        -1 | 1 => flags & F_BIN_NEAR != 0,
        _ => flags & F_BIN_FAR != 0,
    };
    if !on {
        return;
    }
    let side = (d + 2) as u64;
    let (own, cap) = (d != 0 || flags & F_BIN != 0, d == 0 && flags & F_BIN_CAP != 0);
    for (sign, mask) in [(0u64, t.bin_pos), (1, t.bin_neg)] {
        let mut m = mask;
        while m != 0 {
            let j = m.trailing_zeros() as u64;
            if own {
                out.push(f3(110, side, j, sign));
            }
            if cap {
                out.push(f3(111, j * 2 + sign, t.cap as u64, 0));
            }
            m &= m - 1;
        }
    }
}

/// Every feature hash [`bin_features`] can make (training gives them their own learning rate).
pub(crate) fn all_bin_features() -> Vec<u64> {
    let mut out = Vec::new();
    for j in 0..BIN_MAX_DIMS as u64 {
        for sign in 0..2 {
            for side in 0..5 {
                out.push(f3(110, side, j, sign));
            }
            for cap in 0..8 {
                out.push(f3(111, j * 2 + sign, cap, 0));
            }
        }
    }
    out
}

/// Features of position `i` that combine several tokens, or a token with its
/// place, tags, gazetteer matches or the sentence.
#[inline]
pub(crate) fn context_features(toks: &[Tok], i: usize, flags: u32, out: &mut Vec<u64>) {
    small_values(toks, i, flags, |t, v| out.push(SMALL_TEMPLATES[t].key(v)));
    other_context_features(toks, i, flags, out);
}

/// Number of values of each small feature argument (powers of two, so that a
/// value is masked into range rather than checked).
const CAPS: u64 = 8;
pub(crate) const CLASSES: u64 = 8;
const RUNS: u64 = 8;
const SENTS: u64 = 4;
const FIRST: u64 = 2;
/// Gazetteer match bits (4 * GAZ_TYPES = 40 are used).
const GAZ_BITS: u64 = 64;

/// A context feature template whose arguments take few values (case classes,
/// word class, organisation runs, sentence class, gazetteer matches): every
/// feature it can make can be listed, so a model turns each template into a
/// dense table of rows indexed by the values instead of hashing them.
pub(crate) struct SmallTemplate {
    id: u64,
    /// Number of values of each argument.
    dims: &'static [u64],
}

impl SmallTemplate {
    /// The hashed feature of `values`.
    #[inline(always)]
    pub(crate) fn key(&self, v: &[u64]) -> u64 {
        match *v {
            [a] => f1(self.id, a),
            [a, b] => f2(self.id, a, b),
            [a, b, c] => f3(self.id, a, b, c),
            _ => unreachable!("small templates have one to three arguments"),
        }
    }

    /// Number of distinct features.
    pub(crate) fn size(&self) -> usize {
        self.dims.iter().product::<u64>() as usize
    }

    /// Place of `values` among the template's features (values out of range are masked).
    #[inline(always)]
    pub(crate) fn index(&self, v: &[u64]) -> usize {
        let mut x = 0;
        for (a, d) in v.iter().zip(self.dims) {
            x = x * d + (a & (d - 1));
        }
        x as usize
    }

    /// The values of the template's feature number `index`.
    pub(crate) fn values(&self, mut index: usize) -> Vec<u64> {
        let mut v = vec![0; self.dims.len()];
        for (x, &d) in v.iter_mut().zip(self.dims).rev() {
            *x = index as u64 % d;
            index /= d as usize;
        }
        v
    }
}

const fn tpl(id: u64, dims: &'static [u64]) -> SmallTemplate {
    SmallTemplate { id, dims }
}

/// The small-valued templates, in the order [`small_values`] refers to them.
pub(crate) const SMALL_TEMPLATES: [SmallTemplate; 14] = [
    tpl(21, &[CAPS, FIRST]),
    tpl(22, &[CAPS, CAPS, CAPS]),
    tpl(25, &[CLASSES, CAPS, FIRST]),
    tpl(26, &[CAPS, CAPS, CAPS]),
    tpl(27, &[CAPS, CAPS, CAPS]),
    tpl(36, &[RUNS, CAPS]),
    tpl(37, &[RUNS, RUNS, RUNS]),
    tpl(50, &[SENTS, CAPS, FIRST]),
    tpl(51, &[SENTS, CAPS, CLASSES]),
    tpl(52, &[SENTS, CAPS, CAPS]),
    tpl(35, &[GAZ_BITS]),
    tpl(30, &[GAZ_BITS, CAPS]),
    tpl(31, &[GAZ_BITS, CAPS]),
    tpl(32, &[GAZ_BITS, CAPS]),
];

/// Calls `f(template, values)` for each small-valued context feature of
/// position `i` (`template` indexes [`SMALL_TEMPLATES`]): case patterns, word
/// class, organisation runs, sentence casing, and each gazetteer match of
/// i-1, i and i+1 with the case class of i.
#[inline(always)]
pub(crate) fn small_values(toks: &[Tok], i: usize, flags: u32, mut f: impl FnMut(usize, &[u64])) {
    let t = &toks[i];
    let p1 = if i >= 1 { &toks[i - 1] } else { &PAD_L };
    let p2 = if i >= 2 { &toks[i - 2] } else { &PAD_L };
    let n1 = toks.get(i + 1).unwrap_or(&PAD_R);
    let n2 = toks.get(i + 2).unwrap_or(&PAD_R);
    let (cap, p1c, p2c, n1c, n2c) = (t.cap as u64, p1.cap as u64, p2.cap as u64, n1.cap as u64, n2.cap as u64);
    let (first, common) = ((i == 0) as u64, t.common as u64);
    f(0, &[cap, first]);
    f(1, &[p1c, cap, n1c]);
    f(2, &[common, cap, first]);
    f(3, &[p1c, p2c, cap]);
    f(4, &[n1c, n2c, cap]);
    f(5, &[t.orgrun as u64, cap]);
    f(6, &[p1.orgrun as u64, t.orgrun as u64, n1.orgrun as u64]);
    if flags & F_SENT != 0 {
        let sent = t.sent as u64;
        f(7, &[sent, cap, first]);
        f(8, &[sent, cap, common]);
        f(9, &[sent, p1c, n1c]);
    }
    let mut g = t.gaz;
    while g != 0 {
        let b = g.trailing_zeros() as u64;
        f(10, &[b]);
        f(11, &[b, cap]);
        g &= g - 1;
    }
    let mut g = p1.gaz;
    while g != 0 {
        f(12, &[g.trailing_zeros() as u64, cap]);
        g &= g - 1;
    }
    let mut g = n1.gaz;
    while g != 0 {
        f(13, &[g.trailing_zeros() as u64, cap]);
        g &= g - 1;
    }
}

/// The context features that are not [`small_values`].
#[inline]
pub(crate) fn other_context_features(toks: &[Tok], i: usize, flags: u32, out: &mut Vec<u64>) {
    let t = &toks[i];
    let p1 = if i >= 1 { &toks[i - 1] } else { &PAD_L };
    let p2 = if i >= 2 { &toks[i - 2] } else { &PAD_L };
    let n1 = toks.get(i + 1).unwrap_or(&PAD_R);
    let n2 = toks.get(i + 2).unwrap_or(&PAD_R);
    let cap = t.cap as u64;
    let lean = flags & F_LEAN != 0 || (flags & F_LEAN_LOWER != 0 && matches!(t.cap, CAP_LOWER | CAP_PUNCT));
    out.push(f3(13, p1.shape, t.shape, n1.shape));
    if !lean {
        out.push(f2(8, p1.lower, t.lower));
        out.push(f2(9, t.lower, n1.lower));
        out.push(f2(23, p1.lower, cap));
        out.push(f2(24, n1.lower, cap));
    }
    if flags & F_POS != 0 {
        out.push(f1(40, t.pos));
        out.push(f2(41, p1.pos, t.pos));
        out.push(f2(42, t.pos, n1.pos));
        out.push(f2(43, t.pos, cap));
    }
    if flags & F_POS2 != 0 {
        out.push(f1(44, p1.pos));
        out.push(f1(45, n1.pos));
        out.push(f3(46, p1.pos, t.pos, n1.pos));
        out.push(f1(47, t.xpos));
        out.push(f2(48, t.xpos, cap));
    }
    if flags & F_SENTLEX != 0 {
        out.push(f2(53, t.sent as u64, t.lower));
    }
    if flags & F_WIDE != 0 {
        out.push(f2(62, p1.lower, n1.lower));
        out.push(f2(63, p2.lower, p1.lower));
        out.push(f2(64, n1.lower, n2.lower));
    }
}

#[cfg(test)]
impl Tok {
    pub(crate) fn gaz_bits(&self) -> u64 {
        self.gaz
    }

    pub(crate) fn embed_groups(&self) -> Option<[u32; 3]> {
        (self.embed != 0).then(|| embed_groups(self.embed))
    }
}
