//! Stage 2: part-of-speech tags (UPOS and Penn XPOS) and lemmas.
//!
//! A greedy left-to-right averaged perceptron predicts the joint UPOS+XPOS
//! label from hashed features of the word, its affixes and shape, its
//! neighbours, the labels the lexicon gives them (most frequent, and the
//! ambiguity class) and the two previous predictions; very frequent
//! unambiguous words come from a tag dictionary. The weights are the sum of
//! three perceptrons trained on different shuffles, each training sentence
//! seeing the lexicon of the other folds only. Lemmas come from a table
//! learned from the training data, then suffix rules ([`lemma`]). Trained on
//! UD English-EWT.

mod features;
pub mod lemma;
mod train;

pub use train::{train, train_on};

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::model::hash::{hash_bytes, BuildIdentity};
use crate::model::perceptron::{argmax, Weights};
use crate::Result;
use features::{Features, LexView, WordSlot};

/// The tags of one token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenTag {
    pub upos: &'static str,
    pub xpos: &'static str,
    /// Shared: a form tagged alike shares one lemma (no allocation per token).
    pub lemma: Arc<str>,
}

/// The universal POS tags.
pub const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
];

/// The Penn Treebank tags used by UD English-EWT.
pub const XPOS: &[&str] = &[
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "GW", "HYPH", "IN", "JJ",
    "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP",
    "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``",
];

pub(crate) fn upos_index(t: &str) -> Option<usize> {
    UPOS.iter().position(|x| *x == t)
}

pub(crate) fn xpos_index(t: &str) -> Option<usize> {
    XPOS.iter().position(|x| *x == t)
}

/// Model file format version; bump when the layout or features change.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct TaggerFile {
    format: u32,
    /// Joint labels as (UPOS index, XPOS index).
    labels: Vec<(u8, u8)>,
    weights: Weights,
    /// Frequent unambiguous words (lower case) and their label.
    tagdict: Vec<(String, u16)>,
    /// Every training word seen twice or more.
    lexicon: Vec<(String, LexEntry)>,
    lemmas: lemma::Lemmatizer,
}

/// A trained tagger (loaded once; see [`Tagger::builtin`]).
pub struct Tagger {
    /// Tells this tagger's memoised word scores from another's.
    id: u64,
    labels: Vec<(u8, u8)>,
    weights: Weights,
    tagdict: WordLabels,
    lexicon: Lexicon,
    lemmas: lemma::Lemmatizer,
}

/// Words (lower case) and a joint label index, with a fast string hash.
pub(crate) type WordLabels = HashMap<String, u16, BuildIdentity>;

/// A training word seen twice or more: its most frequent label and its
/// ambiguity class (bit `x` set when XPOS `x` had 5 % or more of its uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LexEntry {
    pub label: u16,
    pub class: u64,
}

/// The lexicon: training words (lower case) seen twice or more.
pub(crate) type Lexicon = HashMap<String, LexEntry, BuildIdentity>;

impl Tagger {
    /// The model shipped in `models/tagger.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static Tagger> {
        static MODEL: OnceLock<Option<Tagger>> = OnceLock::new();
        crate::model::builtin(&MODEL, include_bytes!("../../models/tagger.bin"), Tagger::from_bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let mut f: TaggerFile = crate::model::decode("tagger", bytes, FORMAT)?;
        f.weights.build_index();
        f.lemmas.build_index();
        Ok(Tagger::new(f.labels, f.weights, f.tagdict.into_iter().collect(), f.lexicon.into_iter().collect(), f.lemmas))
    }

    fn new(
        labels: Vec<(u8, u8)>,
        weights: Weights,
        tagdict: WordLabels,
        lexicon: Lexicon,
        lemmas: lemma::Lemmatizer,
    ) -> Tagger {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Tagger { id, labels, weights, tagdict, lexicon, lemmas }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut tagdict: Vec<(String, u16)> = self.tagdict.iter().map(|(k, v)| (k.clone(), *v)).collect();
        tagdict.sort();
        let mut lexicon: Vec<(String, LexEntry)> = self.lexicon.iter().map(|(k, v)| (k.clone(), *v)).collect();
        lexicon.sort_by(|a, b| a.0.cmp(&b.0));
        let f = TaggerFile {
            format: FORMAT,
            labels: self.labels.clone(),
            weights: self.weights.clone(),
            tagdict,
            lexicon,
            lemmas: self.lemmas.clone(),
        };
        postcard::to_allocvec(&f).expect("serialising to memory cannot fail")
    }

    /// The joint label index of each word, and what `each` makes of the word
    /// (its memoised form) and label.
    fn predict<T>(&self, words: &[&str], mut each: impl FnMut(&mut Form, &str, usize) -> T) -> Vec<T> {
        FORMS.with(|memo| {
            let memo = &mut *memo.borrow_mut();
            memo.prepare(self);
            let mut ids = std::mem::take(&mut memo.ids);
            memo.forms_of(self, words, &mut ids);
            let labels = memo.predict(self, words, &ids);
            let out = ids.iter().zip(words).zip(labels).map(|((&id, w), l)| each(memo.form(id), w, l)).collect();
            memo.ids = ids;
            out
        })
    }

    /// The XPOS a word (lower case) most often had in training, if seen twice or more:
    /// a part of speech without tagging the sentence.
    pub fn likely_xpos(&self, lower: &str) -> Option<&'static str> {
        self.lexicon.get(lower).map(|e| XPOS[self.labels[e.label as usize].1 as usize])
    }

    pub fn tag(&self, words: &[&str]) -> Vec<TokenTag> {
        self.predict(words, |form, w, l| {
            let (u, x) = self.labels[l];
            let (upos, xpos) = (UPOS[u as usize], XPOS[x as usize]);
            // A form mostly comes with one or two labels, and then with one
            // lemma each: the last two are kept, the most recent first.
            let l = l as u16;
            if form.lemmas[0].0 != l {
                form.lemmas.swap(0, 1);
                if form.lemmas[0].0 != l {
                    form.lemmas[0] = (l, self.lemmas.lemma(w, upos, xpos).into());
                }
            }
            TokenTag { upos, xpos, lemma: form.lemmas[0].1.clone() }
        })
    }
}

thread_local! {
    static FORMS: RefCell<FormMemo> = RefCell::new(FormMemo::default());
}

/// Per-thread memo of what the tagger knows of a word form: its lower case,
/// shape, tag-dictionary label and lexicon entry, and the summed scores of
/// the features of the form alone in each position around the tagged word
/// (its own 16 features, and the 1 to 5 it gives as a neighbour: 27 of the 41
/// features). Tagging a known form then costs one hash look-up, and only the
/// 14 features that combine words or use labels are looked up in the weights.
/// The sums are of i16 weights, exact in f32, so the tags are the same as
/// from scoring every feature (tested).
#[derive(Default)]
struct FormMemo {
    /// The tagger the memo belongs to.
    owner: u64,
    n_labels: usize,
    index: FormIndex,
    forms: Vec<Form>,
    /// Lower cases and shapes of the forms.
    text: String,
    /// `n_labels` scores per row.
    rows: Vec<f32>,
    /// The row of each slot of `WordSlot::ALL` outside the sentence.
    edge: [u32; 5],
    /// Reused buffers: a sentence's form ids and hashes, its words' lower cases, shapes
    /// and lexicon entries, features and the word each feature belongs to,
    /// and scores (a row per word).
    ids: Vec<u32>,
    hashes: Vec<u64>,
    lower: Vec<(u32, u32)>,
    shapes: Vec<(u32, u32)>,
    lexicon: Vec<LexView>,
    feats: Vec<u64>,
    owners: Vec<u32>,
    scores: Vec<f32>,
}

/// The memo's index from a form's text to its id: open addressing over
/// (hash, id) pairs, the texts in one buffer (cheaper to probe than a map of
/// boxed strings, where every probe follows a pointer).
#[derive(Default)]
struct FormIndex {
    /// (hash, id + 1); id 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    /// The text of form `id` is `text[ends[id]..ends[id + 1]]`.
    text: String,
    ends: Vec<u32>,
}

impl FormIndex {
    /// Empties the index, sized for `forms` forms.
    fn clear(&mut self, forms: usize) {
        self.slots.clear();
        self.slots.resize((2 * forms).next_power_of_two(), (0, 0));
        self.text.clear();
        self.ends.clear();
        self.ends.push(0);
    }

    fn slot(&self, h: u64) -> usize {
        h as usize & (self.slots.len() - 1)
    }

    fn prefetch(&self, h: u64) {
        crate::model::prefetch(self.slots.as_ptr().wrapping_add(self.slot(h)));
    }

    fn get(&self, h: u64, w: &str) -> Option<u32> {
        let mut i = self.slot(h);
        loop {
            let (sh, id) = self.slots[i];
            if id == 0 {
                return None;
            }
            let id = id as usize - 1;
            if sh == h && self.text[self.ends[id] as usize..self.ends[id + 1] as usize] == *w {
                return Some(id as u32);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }

    /// Adds form `w` (hash `h`, not yet present) as `id`, the next id.
    fn insert(&mut self, h: u64, w: &str, id: u32) {
        debug_assert_eq!(id as usize + 1, self.ends.len());
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        // At most half full, so that probes stay short (a huge sentence can
        // outgrow the size the memo starts over at).
        if 2 * self.ends.len() > self.slots.len() {
            let size = 2 * self.slots.len().max(8);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            for (sh, sid) in old.into_iter().filter(|s| s.1 != 0) {
                self.place(sh, sid);
            }
        }
        self.place(h, id + 1);
    }

    fn place(&mut self, h: u64, stored: u32) {
        let mut i = self.slot(h);
        while self.slots[i].1 != 0 {
            i = (i + 1) & (self.slots.len() - 1);
        }
        self.slots[i] = (h, stored);
    }
}

/// A memoised word form.
struct Form {
    lower: (u32, u32),
    shape: (u32, u32),
    /// Its tag-dictionary label, or `NO_LABEL`.
    tagdict: u16,
    lex: LexView,
    /// Its score row in each of `WordSlot::ALL`.
    rows: [u32; 5],
    /// Its row as the first word of a sentence (`NO_ROW` until needed).
    first: u32,
    /// Its lemmas under the last two labels it was tagged with (`NO_LABEL`:
    /// none yet), the most recent first.
    lemmas: [(u16, Arc<str>); 2],
}

const NO_LABEL: u16 = u16::MAX;
const NO_ROW: u32 = u32::MAX;

impl FormMemo {
    /// Forms kept before the memo starts over: with 102 labels a form's rows
    /// take 2 KB, so at most about 50 MB a thread.
    const MAX_FORMS: usize = 24_576;

    fn prepare(&mut self, tagger: &Tagger) {
        if self.owner == tagger.id && self.forms.len() < Self::MAX_FORMS {
            return;
        }
        self.owner = tagger.id;
        self.n_labels = tagger.labels.len();
        self.index.clear(Self::MAX_FORMS);
        self.forms.clear();
        self.text.clear();
        self.rows.clear();
        // Reserved whole: growing by copying would move tens of megabytes, and
        // pages not yet written take no memory.
        self.rows.reserve_exact((Self::MAX_FORMS + 64) * WordSlot::ALL.len() * self.n_labels);
        let empty = Features::new(&[], &tagger.lexicon);
        for (k, slot) in WordSlot::ALL.into_iter().enumerate().skip(1) {
            // Outside an empty sentence, -1 lies before it and 0 after it.
            let j = if slot.offset() < 0 { -1 } else { 0 };
            self.edge[k] = self.push_row(tagger, &empty, j, slot);
        }
    }

    /// Scores the features word `j` gives in `slot` into a new row.
    fn push_row(&mut self, tagger: &Tagger, feats: &Features, j: isize, slot: WordSlot) -> u32 {
        let at = self.rows.len();
        self.rows.resize(at + self.n_labels, 0.0);
        self.feats.clear();
        feats.push_word_features(j, slot, &mut self.feats);
        tagger.weights.score(&self.feats, &mut self.rows[at..]);
        (at / self.n_labels) as u32
    }

    /// The memo ids of the forms of `words`, each computed on first sight.
    fn forms_of(&mut self, tagger: &Tagger, words: &[&str], ids: &mut Vec<u32>) {
        // Hash every word and fetch its slot before probing any, so that the
        // cache misses of a sentence overlap.
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        hashes.extend(words.iter().map(|w| hash_bytes(0, w.as_bytes())));
        hashes.iter().for_each(|&h| self.index.prefetch(h));
        ids.clear();
        for (&h, w) in hashes.iter().zip(words) {
            let id = match self.index.get(h, w) {
                Some(id) => id,
                None => self.add_form(tagger, w, h),
            };
            ids.push(id);
        }
        self.hashes = hashes;
        if let (Some(&id), Some(w)) = (ids.first(), words.first()) {
            if self.forms[id as usize].first == NO_ROW {
                let one = [*w];
                let row = self.push_row(tagger, &Features::new(&one, &tagger.lexicon), 0, WordSlot::First);
                self.forms[id as usize].first = row;
            }
        }
    }

    /// Memoises form `w` (of hash `h`).
    fn add_form(&mut self, tagger: &Tagger, w: &str, h: u64) -> u32 {
        let one = [w];
        let feats = Features::new(&one, &tagger.lexicon);
        // The word's lower case, shape and lexicon entry, as its features see them.
        let mut keep = |part: &str| {
            let start = self.text.len() as u32;
            self.text.push_str(part);
            (start, self.text.len() as u32)
        };
        let (lower, shape) = (keep(feats.lower(0)), keep(feats.shape_of(0)));
        let tagdict = tagger.tagdict.get(feats.lower(0)).copied().unwrap_or(NO_LABEL);
        let lex = feats.lexicon_at(0);
        let mut rows = [0; 5];
        for (r, slot) in rows.iter_mut().zip(WordSlot::ALL) {
            *r = self.push_row(tagger, &feats, 0, slot);
        }
        let id = self.forms.len() as u32;
        self.forms.push(Form {
            lower,
            shape,
            tagdict,
            lex,
            rows,
            first: NO_ROW,
            lemmas: [(NO_LABEL, "".into()), (NO_LABEL, "".into())],
        });
        self.index.insert(h, w, id);
        id
    }

    fn form(&mut self, id: u32) -> &mut Form {
        &mut self.forms[id as usize]
    }

    /// Greedy left-to-right tagging of words whose forms are `ids`.
    fn predict(&mut self, tagger: &Tagger, words: &[&str], ids: &[u32]) -> Vec<usize> {
        // Summing rows is much of the work: with AVX2 or AVX-512 the compiler
        // adds 8 or 16 labels per instruction instead of 4 (the same sums).
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512bw") {
            // SAFETY: the CPU has AVX-512 (checked just above).
            return unsafe { self.predict_avx512(tagger, words, ids) };
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above).
            return unsafe { self.predict_avx2(tagger, words, ids) };
        }
        self.predict_portable(tagger, words, ids)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn predict_avx512(&mut self, tagger: &Tagger, words: &[&str], ids: &[u32]) -> Vec<usize> {
        self.predict_portable(tagger, words, ids)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn predict_avx2(&mut self, tagger: &Tagger, words: &[&str], ids: &[u32]) -> Vec<usize> {
        self.predict_portable(tagger, words, ids)
    }

    #[inline(always)]
    fn predict_portable(&mut self, tagger: &Tagger, words: &[&str], ids: &[u32]) -> Vec<usize> {
        let n = self.n_labels;
        let FormMemo { forms, text, rows, edge, feats: buf, owners, scores, lower, shapes, lexicon, .. } = self;
        let form = |i: usize| &forms[ids[i] as usize];
        let row = |r: u32| &rows[r as usize * n..(r as usize + 1) * n];
        lower.clear();
        lower.extend(ids.iter().map(|&id| forms[id as usize].lower));
        shapes.clear();
        shapes.extend(ids.iter().map(|&id| forms[id as usize].shape));
        lexicon.clear();
        lexicon.extend(ids.iter().map(|&id| forms[id as usize].lex));
        let feats = Features::from_known(words, text, lower, shapes, lexicon);
        // The memo row of the word in slot `k` of `WordSlot::ALL` around word `i`.
        let slot_row = |i: usize, k: usize| -> u32 {
            let j = i as isize + WordSlot::ALL[k].offset();
            match j {
                j if j < 0 || j as usize >= words.len() => edge[k],
                j => form(j as usize).rows[k],
            }
        };
        // First what does not depend on the labels, for every word at once:
        // the memoised rows, then the other features in one call.
        scores.clear();
        scores.resize(words.len() * n, 0.0);
        buf.clear();
        owners.clear();
        for (i, sc) in scores.chunks_exact_mut(n).enumerate() {
            if i + 1 < words.len() && form(i + 1).tagdict == NO_LABEL {
                // The next word's rows are often not in cache: fetch them
                // while this word's are added.
                for k in 0..WordSlot::ALL.len() {
                    let r = row(slot_row(i + 1, k));
                    for line in (0..n).step_by(16) {
                        crate::model::prefetch(r.as_ptr().wrapping_add(line));
                    }
                }
            }
            if form(i).tagdict != NO_LABEL {
                continue;
            }
            let [r0, r1, r2, r3, r4] = std::array::from_fn(|k| row(slot_row(i, k)));
            let r0 = if i == 0 { row(form(0).first) } else { r0 };
            for (((((s, a), b), c), d), e) in sc.iter_mut().zip(r0).zip(r1).zip(r2).zip(r3).zip(r4) {
                *s = a + b + c + d + e;
            }
            feats.push_window_features(i, buf);
            owners.resize(buf.len(), i as u32);
        }
        tagger.weights.score_rows(buf, |k| owners[k] as usize, scores);
        // Then left to right, the features that use the previous labels.
        let mut out: Vec<usize> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            if form(i).tagdict != NO_LABEL {
                out.push(form(i).tagdict as usize);
                continue;
            }
            let prev = |k: usize| if i >= k { out[i - k] as u64 + 1 } else { 0 };
            buf.clear();
            feats.push_label_features(i, prev(1), prev(2), buf);
            let sc = &mut scores[i * n..(i + 1) * n];
            tagger.weights.score(buf, sc);
            out.push(argmax(sc));
        }
        out
    }
}

/// Tags with the built-in model when there is one, else by rules.
pub fn tag(words: &[&str]) -> Vec<TokenTag> {
    match Tagger::builtin() {
        Some(t) => t.tag(words),
        None => tag_by_rules(words),
    }
}

/// A crude fallback when no model is built in: capitalised words are proper
/// nouns, "-ed" words verbs, the rest nouns.
pub fn tag_by_rules(words: &[&str]) -> Vec<TokenTag> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            let (upos, xpos) = if w.chars().all(|c| !c.is_alphanumeric()) {
                ("PUNCT", ".")
            } else if w.chars().next().is_some_and(|c| c.is_uppercase())
                && (i > 0 || !matches!(lower.as_str(), "the" | "a" | "later" | "he" | "she" | "it" | "in"))
            {
                ("PROPN", "NNP")
            } else if lower.ends_with("ed") {
                ("VERB", "VBD")
            } else {
                ("NOUN", "NN")
            };
            TokenTag { upos, xpos, lemma: lower.into() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_tags_news_verbs_and_lemmas() {
        let Some(t) = Tagger::builtin() else {
            eprintln!("skipped: models/tagger.bin is empty");
            return;
        };
        let words = ["Carney", "has", "repeatedly", "threatened", "Canada", "'s", "sovereignty", "."];
        let tags = t.tag(&words);
        assert_eq!(tags[0].upos, "PROPN");
        assert_eq!(tags[1].upos, "AUX");
        assert_eq!(tags[3].upos, "VERB");
        assert_eq!(tags[3].xpos, "VBN");
        assert_eq!(&*tags[3].lemma, "threaten");
        let tags = t.tag(&["Carney", "met", "Starmer", "and", "criticised", "the", "tariffs", "."]);
        assert_eq!(&*tags[1].lemma, "meet");
        assert_eq!(&*tags[4].lemma, "criticise");
        assert_eq!(&*tags[6].lemma, "tariff");
        assert!(t.tag(&[]).is_empty());
    }

    #[test]
    fn memoised_word_scores_give_the_same_tags_as_scoring_every_feature() {
        let Some(t) = Tagger::builtin() else { return };
        let sentences: [&[&str]; 3] = [
            &["Carney", "met", "Starmer", "in", "London", "on", "Tuesday", "."],
            &["The", "talks", ",", "which", "Trump", "called", "\"", "great", "\"", ",", "ended", "early"],
            &["Ü", "2,000", "U.S.", "F-35s", "flew", "over", "Kyiv", "!"],
        ];
        for words in sentences {
            // Twice: the second time every word comes from the memo.
            for _ in 0..2 {
                let mut feats = Features::new(words, &t.lexicon);
                let mut full = Vec::new();
                for i in 0..words.len() {
                    if let Some(&l) = t.tagdict.get(feats.lower(i)) {
                        full.push(l as usize);
                        continue;
                    }
                    let prev = |k: usize| if i >= k { full[i - k] as u64 + 1 } else { 0 };
                    let mut scores = vec![0.0f32; t.labels.len()];
                    t.weights.score(feats.extract(i, prev(1), prev(2)), &mut scores);
                    full.push(argmax(&scores));
                }
                assert_eq!(t.predict(words, |_, _, l| l), full, "{words:?}");
            }
        }
    }

    #[test]
    fn form_index_finds_every_form_and_grows_past_its_size() {
        let mut index = FormIndex::default();
        index.clear(4);
        let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        for (id, w) in words.iter().enumerate() {
            let h = hash_bytes(0, w.as_bytes());
            assert_eq!(index.get(h, w), None);
            index.insert(h, w, id as u32);
        }
        for (id, w) in words.iter().enumerate() {
            assert_eq!(index.get(hash_bytes(0, w.as_bytes()), w), Some(id as u32));
        }
        // The same hash with other text is another form.
        assert_eq!(index.get(hash_bytes(0, b"w1"), "w2"), None);
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let Some(t) = Tagger::builtin() else { return };
        let again = Tagger::from_bytes(&t.to_bytes()).unwrap();
        let words = ["He", "struck", "a", "deal", "."];
        assert_eq!(t.tag(&words), again.tag(&words));
        assert!(Tagger::from_bytes(b"junk").is_err());
    }
}
