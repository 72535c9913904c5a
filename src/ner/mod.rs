//! Stage 3: named-entity recognition, IOB2 tags over PER / ORG / LOC.
//!
//! The model is a structured (averaged) perceptron over BILOU labels with
//! first-order Viterbi decoding restricted to valid label sequences, so the
//! IOB2 output is always well formed. Features are hashed to `u64` (word,
//! lowercase form, shape, affixes, ±2 context words, capitalisation patterns,
//! sentence position, gazetteers from general English word lists under
//! `src/ner/data/`, a "usually lowercase" flag learned from the training text,
//! word length, and optional groups chosen at training time and stored in the
//! model: Brown word clusters of the word and its neighbours and the word's
//! casing in a large corpus, groups of GloVe word embeddings (k-means at three
//! granularities) of the word and its neighbours (these word tables are
//! stored in the model), predicted
//! UPOS/XPOS, sentence casing, wider context).
//!
//! At run time weights are `i16` (one row of 13 label weights, padded to 16
//! lanes, per feature) in an open-addressing table. Speed comes from touching
//! little memory per token: the word-only features of the training vocabulary
//! are summed per word and offset (-2..=2) when the model is loaded (the word
//! cache: one hash look-up and three cache lines per known word; the Brown
//! cluster and corpus casing features are word-only too, so they cost known
//! words nothing and other words a word-table look-up and their rows); the
//! features built from small values (case patterns, word class, organisation
//! runs, gazetteer matches) are read from dense tables indexed by those values,
//! made at load time; the remaining look-ups are prefetched a sentence at a
//! time and probe a compact array of fingerprints (which stays in cache)
//! without branching on whether the feature exists; rows are added with SIMD;
//! and Viterbi runs over the valid BILOU transitions only, in 8-lane vector
//! steps where the CPU has AVX-512. Results are exactly those of summing every
//! feature one by one (tested). Tagging allocates only the output vector.

mod document;
mod features;
mod train;

pub use document::label_repeated_names;
pub use train::train;

use crate::model::hash::BuildIdentity;
use crate::model::{deltas, undeltas};
use crate::tag::TokenTag;
use features::{CorpusLexicon, CorpusMaps, Tok, U64Map};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Number of BILOU labels: O, then B/I/L/U for PER, ORG, LOC.
pub(crate) const NL: usize = 13;
/// Entity types in label order.
pub(crate) const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];
/// IOB2 string of each BILOU label (L maps to I, U to B).
pub(crate) const IOB: [&str; NL] =
    ["O", "B-PER", "I-PER", "I-PER", "B-PER", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "B-LOC", "I-LOC", "I-LOC", "B-LOC"];
const FORMAT_VERSION: u32 = 6;

/// BILOU label index: 1 + 4 * type + (0 B, 1 I, 2 L, 3 U).
#[inline]
pub(crate) fn label(ty: usize, part: usize) -> usize {
    1 + 4 * ty + part
}

/// Whether label `cur` may follow `prev` (`None` = sentence start).
pub(crate) fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = |l: usize| l != 0 && (l - 1) % 4 < 2; // B or I: an entity continues
    match prev {
        Some(p) if open(p) => cur != 0 && (cur - 1) / 4 == (p - 1) / 4 && (cur - 1) % 4 >= 1 && (cur - 1) % 4 <= 2,
        _ => cur == 0 || (cur - 1) % 4 == 0 || (cur - 1) % 4 == 3,
    }
}

/// Whether a sentence may end with label `l`.
pub(crate) fn allowed_end(l: usize) -> bool {
    l == 0 || (l - 1) % 4 >= 2
}

/// A trained NER model.
pub struct NerTagger {
    /// Tells this model's memoised words from another's (see [`FormMemo`]).
    id: u64,
    /// Feature groups (`features::F_*`).
    flags: u32,
    /// Feature hash -> label weights, one cache-friendly slot per feature.
    table: FeatTable,
    /// The rows of every feature of the `features::SMALL_TEMPLATES`, template
    /// after template (zero for features the model does not have), and where
    /// each template starts.
    small_rows: Vec<Slot>,
    small_base: [usize; features::SMALL_TEMPLATES.len()],
    /// `rows * NL` quantised weights (stored form).
    weights: Vec<i16>,
    /// `(NL + 1) * NL` transition scores, row NL = sentence start; disallowed = very negative.
    trans: Vec<i64>,
    tr: Trans,
    end: Vec<i64>,
    common: U64Map,
    /// Brown clusters, corpus casing and embedding groups of words (`CorpusLexicon`).
    corpus: CorpusMaps,
    /// Stored form, kept for `to_bytes`.
    keys: Vec<u64>,
    common_keys: Vec<u64>,
    common_class: Vec<u8>,
    lexicon: CorpusLexicon,
    raw_trans: Vec<i32>,
    raw_end: Vec<i32>,
    /// Words whose word-only scores are summed at load time, one a line.
    vocab: String,
    cache: WordCache,
    /// Subtracted from the score of O at every word (tuned on dev: trades
    /// precision for recall).
    o_bias: i32,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    flags: u32,
    /// Sorted feature keys, delta-encoded.
    key_deltas: Vec<u64>,
    weights: Vec<i16>,
    trans: Vec<i32>,
    end: Vec<i32>,
    common_deltas: Vec<u64>,
    common_class: Vec<u8>,
    lexicon_deltas: Vec<u64>,
    lexicon_values: Vec<u32>,
    embed_deltas: Vec<u64>,
    embed_values: Vec<u32>,
    vocab: String,
    o_bias: i32,
    /// Binarized embeddings (version 6 on).
    bin_dims: u32,
    bin: Vec<u8>,
}

const NEG: i64 = -1_000_000_000_000_000;

fn model_err(message: impl Into<String>) -> crate::Error {
    crate::Error::Model { name: "ner".into(), message: message.into() }
}

#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    feats: Vec<u64>,
    /// Per word: its cache entry, or `MEMO | k` for entry `k` of `memo`
    /// (`NO_ENTRY` while it is in neither).
    widx: Vec<u32>,
    memo: FormMemo,
    hashes: Vec<u64>,
    feat_off: Vec<usize>,
    emis: Vec<i64>,
    back: Vec<u8>,
    path: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Per-thread memo of the words outside a model's word cache: what the word
/// cache holds for its words (analysis and summed word-only weights), made on
/// first sight, so that a name or rare word met again costs a look-up (as the
/// tagger memoises every form it meets).
#[derive(Default)]
struct FormMemo {
    /// The model the entries belong to (`NerTagger::id`; 0: none).
    owner: u64,
    /// Exact-form hash -> entry.
    index: HashMap<u64, u32, BuildIdentity>,
    entries: Vec<MemoEntry>,
}

/// A memoised word: its blocks for offsets -2..=2 and its context part.
struct MemoEntry {
    blocks: [Block; 5],
    context: WordContext,
}

/// What the context features read of a word's analysis, and its gazetteer
/// value alone: all a cached or memoised word keeps besides its summed blocks.
#[derive(Clone, Copy)]
#[repr(C)]
struct WordContext {
    lower: u64,
    shape: u64,
    gaz1: u32,
    cap: u8,
    common: u8,
}

impl WordContext {
    fn of(t: &Tok) -> WordContext {
        let (lower, shape, cap, common) = t.context_part();
        WordContext { lower, shape, gaz1: features::word_gaz(lower), cap, common }
    }

    /// The analysis the context features need.
    fn tok(&self) -> Tok {
        Tok::from_context_part(self.lower, self.shape, self.cap, self.common)
    }
}

impl FormMemo {
    /// Words kept before the memo starts over (entries of 384 bytes: about 6 MB a thread).
    const MAX_WORDS: usize = 16_384;

    /// Readies the memo for a sentence of `n` words tagged by model `owner`:
    /// starts over for another model, or when the sentence might not fit.
    fn prepare(&mut self, owner: u64, n: usize) {
        if self.owner != owner || self.entries.len() + n > Self::MAX_WORDS {
            self.owner = owner;
            self.index.clear();
            self.entries.clear();
        }
    }
}

/// Marks a `Scratch::widx` entry as an index into `Scratch::memo`.
const MEMO: u32 = 1 << 31;

impl NerTagger {
    /// The model shipped in `models/ner.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static NerTagger> {
        static BYTES: &[u8] = include_bytes!("../../models/ner.bin");
        static MODEL: OnceLock<Option<NerTagger>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                // Experiments only: NEWSGRAPH_NER_MODEL=FILE uses that model instead.
                let file = std::env::var_os("NEWSGRAPH_NER_MODEL").and_then(|p| match std::fs::read(&p) {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        eprintln!(
                            "warning: NEWSGRAPH_NER_MODEL {}: {e}; using the built-in model",
                            p.to_string_lossy()
                        );
                        None
                    }
                });
                let bytes = file.as_deref().unwrap_or(BYTES);
                if bytes.is_empty() {
                    return None;
                }
                match NerTagger::from_bytes(bytes) {
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
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        flags: u32,
        keys: Vec<u64>,
        weights: Vec<i16>,
        raw_trans: Vec<i32>,
        raw_end: Vec<i32>,
        common_keys: Vec<u64>,
        common_class: Vec<u8>,
        lexicon: CorpusLexicon,
        vocab: String,
    ) -> crate::Result<NerTagger> {
        if common_keys.len() != common_class.len() {
            return Err(model_err("word class table sizes differ"));
        }
        if lexicon.keys.len() != lexicon.values.len()
            || lexicon.values.contains(&0)
            || lexicon.embed_keys.len() != lexicon.embed_values.len()
            || lexicon.embed_values.contains(&0)
            || lexicon.bin_dims > features::BIN_MAX_DIMS
            || lexicon.bin.len() != lexicon.embed_keys.len() * lexicon.bin_stride()
        {
            return Err(model_err("bad corpus lexicon"));
        }
        if weights.len() != keys.len() * NL {
            return Err(model_err(format!("{} keys but {} weights", keys.len(), weights.len())));
        }
        if raw_trans.len() != (NL + 1) * NL || raw_end.len() != NL {
            return Err(model_err("bad transition table size"));
        }
        if keys.iter().chain(&common_keys).chain(&lexicon.keys).chain(&lexicon.embed_keys).any(|&k| k == 0) {
            return Err(model_err("zero feature key"));
        }
        if common_class.iter().any(|&c| c as u64 >= features::CLASSES) {
            return Err(model_err("word class out of range"));
        }
        let table = FeatTable::build(&keys, &weights);
        let (small_rows, small_base) = small_rows(&table);
        let common = U64Map::build(common_keys.iter().copied().zip(common_class.iter().map(|&c| c as u32)));
        let mut trans: Vec<i64> = raw_trans.iter().map(|&x| x as i64).collect();
        for p in 0..=NL {
            for c in 0..NL {
                let prev = if p == NL { None } else { Some(p) };
                if !allowed(prev, c) {
                    trans[p * NL + c] = NEG;
                }
            }
        }
        let end = (0..NL).map(|l| if allowed_end(l) { raw_end[l] as i64 } else { NEG }).collect();
        let corpus = lexicon.maps();
        let cache = WordCache::build(&vocab, flags, &table, &common, &corpus);
        let tr = Trans::new(&trans);
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(NerTagger {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            small_rows,
            small_base,
            flags,
            tr,
            table,
            weights,
            trans,
            end,
            common,
            corpus,
            keys,
            common_keys,
            common_class,
            lexicon,
            raw_trans,
            raw_end,
            vocab,
            cache,
            o_bias: 0,
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> crate::Result<NerTagger> {
        let err = |e: postcard::Error| model_err(format!("cannot read model: {e}"));
        let (version, _) = postcard::take_from_bytes::<u32>(bytes).map_err(err)?;
        let s: Stored = match version {
            // Version 5 is version 6 without its last two fields, which postcard
            // writes as one zero byte each when empty (no binarized embeddings).
            5 => postcard::from_bytes(&[bytes, &[0, 0]].concat()).map_err(err)?,
            FORMAT_VERSION => postcard::from_bytes(bytes).map_err(err)?,
            v => return Err(model_err(format!("format version {v} (expected {FORMAT_VERSION})"))),
        };
        let mut m = NerTagger::from_parts(
            s.flags,
            undeltas(&s.key_deltas),
            s.weights,
            s.trans,
            s.end,
            undeltas(&s.common_deltas),
            s.common_class,
            CorpusLexicon {
                keys: undeltas(&s.lexicon_deltas),
                values: s.lexicon_values,
                embed_keys: undeltas(&s.embed_deltas),
                embed_values: s.embed_values,
                bin_dims: s.bin_dims,
                bin: s.bin,
            },
            s.vocab,
        )?;
        m.o_bias = s.o_bias;
        Ok(m)
    }

    pub(crate) fn set_o_bias(&mut self, b: i32) {
        self.o_bias = b;
    }

    pub(crate) fn o_bias(&self) -> i32 {
        self.o_bias
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let s = Stored {
            version: FORMAT_VERSION,
            flags: self.flags,
            key_deltas: deltas(&self.keys),
            weights: self.weights.clone(),
            trans: self.raw_trans.clone(),
            end: self.raw_end.clone(),
            common_deltas: deltas(&self.common_keys),
            common_class: self.common_class.clone(),
            lexicon_deltas: deltas(&self.lexicon.keys),
            lexicon_values: self.lexicon.values.clone(),
            embed_deltas: deltas(&self.lexicon.embed_keys),
            embed_values: self.lexicon.embed_values.clone(),
            vocab: self.vocab.clone(),
            o_bias: self.o_bias,
            bin_dims: self.lexicon.bin_dims,
            bin: self.lexicon.bin.clone(),
        };
        postcard::to_stdvec(&s).expect("serialising to a Vec cannot fail")
    }

    /// Whether the model uses part-of-speech features (it was trained with a tagger).
    pub fn uses_pos(&self) -> bool {
        self.flags & (features::F_POS | features::F_POS2) != 0
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
        // With AVX-512 each Viterbi step scores the openers in 8-lane vector
        // instructions (the same result).
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512 (checked just above).
            return unsafe { self.decode_avx512(words, tags, s) };
        }
        self.decode_with(words, tags, s, best_closers)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn decode_avx512(&self, words: &[&str], tags: &[TokenTag], s: &mut Scratch) {
        // SAFETY: this function runs only where the CPU has AVX-512.
        self.decode_with(words, tags, s, |d, t| unsafe { best_closers_avx512(d, t) })
    }

    #[inline(always)]
    fn decode_with(
        &self,
        words: &[&str],
        tags: &[TokenTag],
        s: &mut Scratch,
        best_closers: impl Fn(&[i64; NL], &Trans) -> ([i64; 8], [i64; 8]),
    ) {
        self.emissions(words, tags, s);
        if self.o_bias != 0 {
            for i in 0..words.len() {
                s.emis[i * NL] -= self.o_bias as i64;
            }
        }
        viterbi_sparse(best_closers, words.len(), &s.emis, &self.trans, &self.tr, &self.end, &mut s.back, &mut s.path);
    }

    /// Label scores of each word, `s.emis[i * NL + l]`. The word-only part of a
    /// score comes from the word cache (or, for other words, is summed once per
    /// token); the rest is looked up per position.
    #[inline(always)]
    fn emissions(&self, words: &[&str], tags: &[TokenTag], s: &mut Scratch) {
        let n = words.len();
        let pos = (self.uses_pos() && tags.len() == n).then_some(tags);
        let c = &self.cache;
        // Memory is touched in phases, each prefetching what the next needs, so
        // that cache misses overlap: word hashes, cache entries, analyses,
        // feature hashes, then the sums.
        s.hashes.clear();
        for w in words {
            let h = features::exact_hash(w);
            c.index.prefetch(h);
            s.hashes.push(h);
        }
        s.memo.prepare(self.id, n);
        s.widx.clear();
        for &h in &s.hashes {
            let mut e = c.index.get(h).unwrap_or(NO_ENTRY);
            if e != NO_ENTRY {
                let p = &c.entries[e as usize] as *const Entry as *const u8;
                for off in (0..std::mem::size_of::<Entry>()).step_by(64) {
                    crate::model::prefetch(p.wrapping_add(off));
                }
            } else if let Some(&k) = s.memo.index.get(&h) {
                e = MEMO | k;
            } else {
                self.corpus.words.prefetch(h);
            }
            s.widx.push(e);
        }
        // The context part of a word in the cache or the memo.
        let context = |memo: &FormMemo, e: u32| {
            if e & MEMO != 0 {
                memo.entries[(e & !MEMO) as usize].context
            } else {
                c.entries[e as usize].context
            }
        };
        s.toks.clear();
        for (w, &e) in words.iter().zip(&s.widx) {
            s.toks.push(match e {
                NO_ENTRY => features::analyse_one(w, &self.common, &self.corpus),
                e => context(&s.memo, e).tok(),
            });
        }
        let (toks, widx, memo) = (&mut s.toks, &s.widx, &s.memo);
        features::analyse_context(toks, pos, |i| match widx[i] {
            NO_ENTRY => features::GAZ_UNKNOWN,
            e => context(memo, e).gaz1,
        });
        // Word-only blocks of the words in neither the cache nor the memo: all
        // their feature hashes first (prefetched), then the sums, kept in the memo.
        s.feats.clear();
        s.feat_off.clear();
        s.feat_off.push(0);
        let mut new_words = 0;
        for j in 0..n {
            if s.widx[j] == NO_ENTRY {
                for d in -2i32..=2 {
                    let from = s.feats.len();
                    features::word_features(&s.toks[j], d, self.flags, &mut s.feats);
                    for &f in &s.feats[from..] {
                        self.table.prefetch(f);
                    }
                    s.feat_off.push(s.feats.len());
                }
                new_words += 1;
            }
        }
        if new_words > 0 {
            let mut groups = s.feat_off.windows(2);
            for j in 0..n {
                if s.widx[j] != NO_ENTRY {
                    continue;
                }
                let mut blocks = [Block::default(); 5];
                for b in &mut blocks {
                    let r = groups.next().expect("five feature groups per new word");
                    let mut a = Acc::new();
                    for &f in &s.feats[r[0]..r[1]] {
                        if let Some(w) = self.table.get(f) {
                            a.add_row(w);
                        }
                    }
                    *b = Block(a.lanes());
                }
                let k = s.memo.entries.len() as u32;
                s.memo.entries.push(MemoEntry { blocks, context: WordContext::of(&s.toks[j]) });
                s.memo.index.insert(s.hashes[j], k);
                s.widx[j] = MEMO | k;
            }
        }
        s.feats.clear();
        s.feat_off.clear();
        s.feat_off.push(0);
        for i in 0..n {
            features::other_context_features(&s.toks, i, self.flags, &mut s.feats);
            for &f in &s.feats[s.feat_off[i]..] {
                self.table.prefetch(f);
            }
            s.feat_off.push(s.feats.len());
        }
        s.emis.clear();
        s.emis.resize(n * NL, 0);
        for i in 0..n {
            let mut acc = Acc::new();
            features::small_values(&s.toks, i, self.flags, |t, v| {
                acc.add_row(&self.small_rows[self.small_base[t] + features::SMALL_TEMPLATES[t].index(v)].w)
            });
            for d in -2i32..=2 {
                let j = i as isize + d as isize;
                if j < 0 || j as usize >= n {
                    acc.add_block(&c.pad[(d + 2) as usize]);
                } else {
                    let e = s.widx[j as usize];
                    if e & MEMO != 0 {
                        acc.add_block(&s.memo.entries[(e & !MEMO) as usize].blocks[(d + 2) as usize]);
                    } else {
                        acc.add_row(&c.entries[e as usize].blocks[(d + 2) as usize].0);
                    }
                }
            }
            for &f in &s.feats[s.feat_off[i]..s.feat_off[i + 1]] {
                acc.add_row(self.table.row_or_zero(f));
            }
            let acc = acc.lanes();
            for l in 0..NL {
                s.emis[i * NL + l] = acc[l] as i64;
            }
        }
    }

    /// Label scores computed feature by feature, without the word cache (tests).
    #[cfg(test)]
    fn emissions_plain(&self, words: &[&str], tags: &[TokenTag]) -> Vec<i64> {
        let pos = (self.uses_pos() && tags.len() == words.len()).then_some(tags);
        let mut toks = Vec::new();
        features::analyse(words, pos, &self.common, &self.corpus, &mut toks);
        let mut out = Vec::new();
        let mut feats = Vec::new();
        for i in 0..words.len() {
            features::features(&toks, i, self.flags, &mut feats);
            let mut acc = [0i64; NL];
            for &f in &feats {
                if let Some(w) = self.table.get(f) {
                    for l in 0..NL {
                        acc[l] += w[l] as i64;
                    }
                }
            }
            out.extend(acc);
        }
        out
    }
}

const NO_ENTRY: u32 = u32::MAX;

/// The rows of every feature the small templates can make, and where each
/// template's rows start (see `NerTagger::small_rows`).
fn small_rows(table: &FeatTable) -> (Vec<Slot>, [usize; features::SMALL_TEMPLATES.len()]) {
    let mut rows = Vec::new();
    let mut base = [0; features::SMALL_TEMPLATES.len()];
    for (t, tpl) in features::SMALL_TEMPLATES.iter().enumerate() {
        base[t] = rows.len();
        for x in 0..tpl.size() {
            let mut row = Slot { w: [0; LANES] };
            if let Some(w) = table.get(tpl.key(&tpl.values(x))) {
                row.w[..NL].copy_from_slice(&w[..NL]);
            }
            rows.push(row);
        }
    }
    (rows, base)
}

/// Summed word-only weights of one word at one offset (lanes NL.. hold junk).
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Block([i32; LANES]);

/// Word-only scores of the model's vocabulary, summed at load time: per word,
/// its analysis, its gazetteer value alone and one [`Block`] per offset -2..=2.
#[derive(Default)]
struct WordCache {
    index: U64Map,
    entries: Vec<Entry>,
    /// Blocks of the padding before (offsets -2, -1) and after (1, 2) the sentence.
    pad: [Block; 5],
}

/// Summed word-only weights of a cached word at one offset, when they fit in i16.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Block16([i16; LANES]);

/// One cached word in three cache lines: its blocks for offsets -2..=2 and
/// its context part.
#[repr(C, align(64))]
struct Entry {
    blocks: [Block16; 5],
    context: WordContext,
}

const _: () = assert!(std::mem::size_of::<Entry>() == 192, "a cache entry is three cache lines");

impl WordCache {
    fn build(vocab: &str, flags: u32, table: &FeatTable, common: &U64Map, corpus: &CorpusMaps) -> WordCache {
        let mut c = WordCache::default();
        let mut feats = Vec::new();
        for d in [-2i32, -1, 1, 2] {
            c.pad[(d + 2) as usize] = c.block(table, features::pad(d), d, flags, &mut feats);
        }
        let mut pairs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in vocab.lines().filter(|w| !w.is_empty()) {
            let t = features::analyse_one(w, common, corpus);
            if !seen.insert(t.exact()) {
                continue;
            }
            let mut blocks = [Block16::default(); 5];
            let mut fits = true;
            for d in -2i32..=2 {
                let b = c.block(table, &t, d, flags, &mut feats);
                for l in 0..NL {
                    fits &= i16::try_from(b.0[l]).is_ok();
                    blocks[(d + 2) as usize].0[l] = b.0[l] as i16;
                }
            }
            if !fits {
                // Scored feature by feature like an unknown word.
                continue;
            }
            pairs.push((t.exact(), c.entries.len() as u32));
            c.entries.push(Entry { blocks, context: WordContext::of(&t) });
        }
        c.index = U64Map::build(pairs.into_iter());
        c
    }

    /// The summed weights of the word-only features of `t` at offset `d`.
    fn block(&self, table: &FeatTable, t: &Tok, d: i32, flags: u32, feats: &mut Vec<u64>) -> Block {
        feats.clear();
        features::word_features(t, d, flags, feats);
        let mut a = Acc::new();
        for &f in feats.iter() {
            if let Some(w) = table.get(f) {
                a.add_row(w);
            }
        }
        Block(a.lanes())
    }
}

/// One feature in 32 bytes: its label weights in lanes 0..NL and 0 in the
/// others, so that a row is added with whole-vector operations.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    w: [i16; LANES],
}

static ZERO_ROW: Slot = Slot { w: [0; LANES] };
/// Slots of a feature table compared at once by `FeatTable::row_or_zero`.
const WINDOW: usize = 4;

/// Lanes of a weight row: NL labels, padded for vector additions.
const LANES: usize = 16;

/// Open-addressing table of feature slots (linear probing, load factor <= 0.67).
/// The fingerprints are also kept apart, 4 bytes a slot, so that looking up a
/// feature the model does not have (most word pairs) touches only that small
/// array, which stays in the core's cache, and not the rows.
struct FeatTable {
    slots: Vec<Slot>,
    fps: Vec<u32>,
    mask: usize,
}

impl FeatTable {
    fn build(keys: &[u64], weights: &[i16]) -> FeatTable {
        let cap = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut t =
            FeatTable { slots: vec![Slot { w: [0; LANES] }; cap], fps: vec![0; cap + WINDOW - 1], mask: cap - 1 };
        for (r, &k) in keys.iter().enumerate() {
            let fp = Self::fp(k);
            let mut i = (k as usize) & t.mask;
            while t.fps[i] != 0 {
                i = (i + 1) & t.mask;
            }
            t.fps[i] = fp;
            if i < WINDOW - 1 {
                t.fps[cap + i] = fp;
            }
            let w = &mut t.slots[i].w;
            w[..NL].copy_from_slice(&weights[r * NL..(r + 1) * NL]);
        }
        t
    }

    #[inline(always)]
    fn fp(k: u64) -> u32 {
        ((k >> 32) as u32) | 1
    }

    #[inline(always)]
    fn prefetch(&self, k: u64) {
        crate::model::prefetch(self.fps.as_ptr().wrapping_add((k as usize) & self.mask));
        crate::model::prefetch(self.slots.as_ptr().wrapping_add((k as usize) & self.mask));
    }

    /// The row of feature `k`, or a row of zeros. The slots where `k` may be
    /// are compared all at once and the row is chosen without a branch, as
    /// whether a feature is in the model is not predictable.
    #[inline(always)]
    fn row_or_zero(&self, k: u64) -> &[i16; LANES] {
        let fp = Self::fp(k);
        let h = (k as usize) & self.mask;
        let w: &[u32; WINDOW] = self.fps[h..h + WINDOW].try_into().expect("the window is in the table");
        let (mut hit, mut empty) = (0u32, 0u32);
        for (j, &f) in w.iter().enumerate() {
            hit |= ((f == fp) as u32) << j;
            empty |= ((f == 0) as u32) << j;
        }
        // A key lies before the first empty slot from its home.
        let before_empty = (1u32 << (empty | 1 << WINDOW).trailing_zeros()) - 1;
        let hit = hit & before_empty;
        if hit == 0 && empty == 0 {
            return self.get(k).unwrap_or(&ZERO_ROW.w);
        }
        let at = (h + hit.trailing_zeros() as usize) & self.mask;
        if hit != 0 {
            &self.slots[at].w
        } else {
            &ZERO_ROW.w
        }
    }

    /// The slot of feature `k`; lanes NL.. are not weights.
    #[inline(always)]
    fn get(&self, k: u64) -> Option<&[i16; LANES]> {
        let fp = Self::fp(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let f = self.fps[i];
            if f == fp {
                return Some(&self.slots[i].w);
            }
            if f == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// 16 lanes of i32 label scores (lanes NL.. are ignored), added to with
/// vector instructions (SSE2 on x86-64, which every x86-64 CPU has).
#[derive(Clone, Copy)]
struct Acc(acc::Lanes);

#[cfg(target_arch = "x86_64")]
mod acc {
    use super::{Block, LANES};
    use std::arch::x86_64::*;
    pub(super) type Lanes = [__m128i; 4];

    #[inline(always)]
    pub(super) fn zero() -> Lanes {
        // SAFETY: SSE2 is part of x86-64.
        unsafe { [_mm_setzero_si128(); 4] }
    }

    #[inline(always)]
    pub(super) fn add_row(a: &mut Lanes, w: &[i16; LANES]) {
        // SAFETY: SSE2 is part of x86-64; the loads are unaligned ones within `w`.
        unsafe {
            let p = w.as_ptr() as *const __m128i;
            let x = _mm_loadu_si128(p);
            let y = _mm_loadu_si128(p.add(1));
            // Sign-extend i16 to i32: each lane doubled, then shifted right arithmetically.
            a[0] = _mm_add_epi32(a[0], _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16));
            a[1] = _mm_add_epi32(a[1], _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16));
            a[2] = _mm_add_epi32(a[2], _mm_srai_epi32(_mm_unpacklo_epi16(y, y), 16));
            a[3] = _mm_add_epi32(a[3], _mm_srai_epi32(_mm_unpackhi_epi16(y, y), 16));
        }
    }

    #[inline(always)]
    pub(super) fn add_block(a: &mut Lanes, b: &Block) {
        // SAFETY: SSE2 is part of x86-64; the loads are unaligned ones within `b`.
        unsafe {
            let p = b.0.as_ptr() as *const __m128i;
            for (k, lane) in a.iter_mut().enumerate() {
                *lane = _mm_add_epi32(*lane, _mm_loadu_si128(p.add(k)));
            }
        }
    }

    #[inline(always)]
    pub(super) fn lanes(a: &Lanes) -> [i32; LANES] {
        let mut out = [0i32; LANES];
        // SAFETY: SSE2 is part of x86-64; unaligned stores within `out`.
        unsafe {
            let p = out.as_mut_ptr() as *mut __m128i;
            for (k, lane) in a.iter().enumerate() {
                _mm_storeu_si128(p.add(k), *lane);
            }
        }
        out
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod acc {
    use super::{Block, LANES};
    pub(super) type Lanes = [i32; LANES];
    #[inline(always)]
    pub(super) fn zero() -> Lanes {
        [0; LANES]
    }
    #[inline(always)]
    pub(super) fn add_row(a: &mut Lanes, w: &[i16; LANES]) {
        for l in 0..LANES {
            a[l] += w[l] as i32;
        }
    }
    #[inline(always)]
    pub(super) fn add_block(a: &mut Lanes, b: &Block) {
        for l in 0..LANES {
            a[l] += b.0[l];
        }
    }
    #[inline(always)]
    pub(super) fn lanes(a: &Lanes) -> [i32; LANES] {
        *a
    }
}

impl Acc {
    #[inline(always)]
    fn new() -> Acc {
        Acc(acc::zero())
    }
    #[inline(always)]
    fn add_row(&mut self, w: &[i16; LANES]) {
        acc::add_row(&mut self.0, w)
    }
    #[inline(always)]
    fn add_block(&mut self, b: &Block) {
        acc::add_block(&mut self.0, b)
    }
    #[inline(always)]
    fn lanes(&self) -> [i32; LANES] {
        acc::lanes(&self.0)
    }
}

/// Valid predecessors of each label: (count, labels).
#[cfg(test)]
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

/// Labels that may follow O, L-* or U-* (and start a sentence): O, B-*, U-*.
const OPENERS: [usize; 7] = [0, 1, 4, 5, 8, 9, 12];
/// Labels after which an opener may come: O, L-*, U-* (in label order).
const CLOSERS: [usize; 7] = [0, 3, 4, 7, 8, 11, 12];

/// Transition scores rearranged for [`viterbi_sparse`], in lanes of 8 so that
/// each step is a few vector operations.
#[derive(Clone, Copy)]
struct Trans {
    /// `open[j][k]`: from `CLOSERS[j]` to `OPENERS[k]` (lane 7: padding).
    open: [[i64; 8]; 7],
    /// `cont[y][x]`: to continuation `CONTS[x]` from its B (y 0) or I (y 1)
    /// (lanes 6 and 7: padding).
    cont: [[i64; 8]; 2],
}

/// Labels that continue an entity: I-PER, L-PER, I-ORG, L-ORG, I-LOC, L-LOC.
const CONTS: [usize; 6] = [2, 3, 6, 7, 10, 11];

impl Trans {
    fn new(trans: &[i64]) -> Trans {
        let mut t = Trans { open: [[0; 8]; 7], cont: [[0; 8]; 2] };
        for (j, &p) in CLOSERS.iter().enumerate() {
            for (k, &c) in OPENERS.iter().enumerate() {
                t.open[j][k] = trans[p * NL + c];
            }
        }
        for (x, &c) in CONTS.iter().enumerate() {
            let b = 1 + (c - 1) / 4 * 4;
            t.cont[0][x] = trans[b * NL + c];
            t.cont[1][x] = trans[(b + 1) * NL + c];
        }
        t
    }
}

/// Viterbi over valid BILOU transitions only (same result as [`viterbi`] with
/// masked scores). Each step works on lanes of 8 (openers, then continuations)
/// that the compiler turns into vector instructions.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn viterbi_sparse(
    best_closers: impl Fn(&[i64; NL], &Trans) -> ([i64; 8], [i64; 8]),
    n: usize,
    emis: &[i64],
    trans: &[i64],
    tr: &Trans,
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
        let e = &emis[i * NL..(i + 1) * NL];
        let bk = &mut back[i * NL..(i + 1) * NL];
        // Openers: the best closer before each, the first one on ties.
        let (bs, bj) = best_closers(&delta, tr);
        // Continuations: from B or I of the same type, B on ties.
        let from_b: [i64; 8] = std::array::from_fn(|x| if x < 6 { delta[1 + CONTS[x] / 4 * 4] } else { 0 });
        let from_i: [i64; 8] = std::array::from_fn(|x| if x < 6 { delta[2 + CONTS[x] / 4 * 4] } else { 0 });
        let mut cs = [0i64; 8];
        let mut ci = [0i64; 8];
        for x in 0..8 {
            let (v0, v1) = (from_b[x] + tr.cont[0][x], from_i[x] + tr.cont[1][x]);
            let better = v1 > v0;
            cs[x] = if better { v1 } else { v0 };
            ci[x] = better as i64;
        }
        for (k, &c) in OPENERS.iter().enumerate() {
            delta[c] = bs[k] + e[c];
            bk[c] = bj[k] as u8;
        }
        for (x, &c) in CONTS.iter().enumerate() {
            delta[c] = cs[x] + e[c];
            bk[c] = (1 + c / 4 * 4) as u8 + ci[x] as u8;
        }
    }
    backtrace(n, &delta, end, back, path);
}

/// For each opener (lanes of `OPENERS`), the best score over the closers
/// before it and that closer's label, the first one on ties.
#[inline(always)]
fn best_closers(delta: &[i64; NL], tr: &Trans) -> ([i64; 8], [i64; 8]) {
    let mut bs = [NEG; 8];
    let mut bj = [0i64; 8];
    for (j, &p) in CLOSERS.iter().enumerate() {
        for k in 0..8 {
            let v = delta[p] + tr.open[j][k];
            if v > bs[k] {
                bs[k] = v;
                bj[k] = p as i64;
            }
        }
    }
    (bs, bj)
}

/// [`best_closers`] in 8-lane AVX-512 instructions.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn best_closers_avx512(delta: &[i64; NL], tr: &Trans) -> ([i64; 8], [i64; 8]) {
    use std::arch::x86_64::*;
    let mut bs = _mm512_set1_epi64(NEG);
    let mut bj = _mm512_setzero_si512();
    for (j, &p) in CLOSERS.iter().enumerate() {
        // SAFETY: `tr.open[j]` is 8 i64, the 64 bytes read.
        let row = unsafe { _mm512_loadu_si512(tr.open[j].as_ptr() as *const _) };
        let v = _mm512_add_epi64(_mm512_set1_epi64(delta[p]), row);
        let better = _mm512_cmpgt_epi64_mask(v, bs);
        bs = _mm512_mask_blend_epi64(better, bs, v);
        bj = _mm512_mask_blend_epi64(better, bj, _mm512_set1_epi64(p as i64));
    }
    let (mut s, mut b) = ([0i64; 8], [0i64; 8]);
    // SAFETY: `s` and `b` are 8 i64, the 64 bytes written.
    unsafe {
        _mm512_storeu_si512(s.as_mut_ptr() as *mut _, bs);
        _mm512_storeu_si512(b.as_mut_ptr() as *mut _, bj);
    }
    (s, b)
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
pub(crate) fn viterbi<T>(n: usize, emis: &[T], trans: &[T], end: &[T], back: &mut Vec<u8>, path: &mut Vec<u8>)
where
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
