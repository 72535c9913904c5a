//! Training: structured averaged perceptron over BILOU labels, Viterbi decoding.

use super::features::{self, CorpusLexicon, CorpusMaps, U64Map, CAP_LOWER};
use super::{allowed, allowed_end, label, viterbi, NerTagger, IOB, NL, TYPES};
use crate::model::TrainConfig;
use crate::tag::{Tagger, TokenTag};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

/// One training sentence: words and BILOU gold labels.
pub(crate) struct Sent {
    pub words: Vec<String>,
    pub gold: Vec<u8>,
    /// `# sent_id` of the sentence, when given.
    pub id: Option<String>,
}

/// The value of a `# sent_id = ...` comment line.
fn sent_id(line: &str) -> Option<String> {
    let rest = line.strip_prefix('#')?.trim_start().strip_prefix("sent_id")?;
    Some(rest.trim_start().strip_prefix('=')?.trim().to_string())
}

/// Reads an IOB2 file (id, token, tag, ... tab-separated; `#` comments; blank
/// line between sentences). Types other than PER/ORG/LOC become O; spans are
/// read the way the evaluation reads them (an I- tag of another type starts a span).
pub(crate) fn read_iob2(path: &Path) -> crate::Result<Vec<Sent>> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    parse_iob2(&text).map_err(|(line, message)| crate::Error::Data { path: path.into(), line, message })
}

pub(crate) fn parse_iob2(text: &str) -> Result<Vec<Sent>, (usize, String)> {
    let mut out = Vec::new();
    let (mut words, mut tags): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut id = None;
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>, id: &mut Option<String>| {
        if !words.is_empty() {
            let gold = iob2_to_bilou(&tags.iter().map(|s| s.as_str()).collect::<Vec<_>>());
            out.push(Sent { words: std::mem::take(words), gold, id: id.take() });
            tags.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut words, &mut tags, &mut id);
            continue;
        }
        if line.starts_with('#') {
            if let Some(v) = sent_id(line) {
                id = Some(v);
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err((n + 1, "expected tab-separated columns: id, token, IOB2 tag".into()));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        words.push(cols[1].to_string());
        tags.push(cols.get(2).copied().unwrap_or("O").to_string());
    }
    flush(&mut words, &mut tags, &mut id);
    Ok(out)
}

/// Entity spans (start, end exclusive, type index) of IOB2 tags, read like the evaluation.
pub(crate) fn spans(tags: &[&str]) -> Vec<(usize, usize, usize)> {
    let ty = |t: &str| -> Option<(bool, usize)> {
        let (b, rest) = if let Some(r) = t.strip_prefix("B-") {
            (true, r)
        } else if let Some(r) = t.strip_prefix("I-") {
            (false, r)
        } else {
            return None;
        };
        TYPES.iter().position(|&x| x == rest).map(|k| (b, k))
    };
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, t) in tags.iter().enumerate() {
        let parsed = ty(t);
        if let (Some((false, k)), Some((_, ck))) = (parsed, cur) {
            if k == ck {
                continue;
            }
        }
        if let Some((s, k)) = cur.take() {
            out.push((s, i, k));
        }
        if let Some((_, k)) = parsed {
            cur = Some((i, k));
        }
    }
    if let Some((s, k)) = cur {
        out.push((s, tags.len(), k));
    }
    out
}

fn iob2_to_bilou(tags: &[&str]) -> Vec<u8> {
    let mut out = vec![0u8; tags.len()];
    for (s, e, k) in spans(tags) {
        if e - s == 1 {
            out[s] = label(k, 3) as u8;
        } else {
            out[s] = label(k, 0) as u8;
            for o in &mut out[s + 1..e - 1] {
                *o = label(k, 1) as u8;
            }
            out[e - 1] = label(k, 2) as u8;
        }
    }
    out
}

/// Exact-span counts (tp, fp, fn) per type.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Counts {
    pub per_type: [[usize; 3]; 3],
}

impl Counts {
    pub(crate) fn add(&mut self, gold: &[&str], pred: &[&str]) {
        let g = spans(gold);
        let p = spans(pred);
        for s in &p {
            if g.contains(s) {
                self.per_type[s.2][0] += 1;
            } else {
                self.per_type[s.2][1] += 1;
            }
        }
        for s in &g {
            if !p.contains(s) {
                self.per_type[s.2][2] += 1;
            }
        }
    }
    fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
        let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
        let r = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
    pub(crate) fn total(&self) -> (f64, f64, f64) {
        let s = self.per_type.iter().fold([0; 3], |a, x| [a[0] + x[0], a[1] + x[1], a[2] + x[2]]);
        Self::prf(s[0], s[1], s[2])
    }
    pub(crate) fn of_type(&self, k: usize) -> (f64, f64, f64) {
        let s = self.per_type[k];
        Self::prf(s[0], s[1], s[2])
    }
}

/// Scores a model on sentences; `pos` gives tags per sentence when the model uses them.
pub(crate) fn evaluate(model: &NerTagger, sents: &[Sent], pos: &[Vec<TokenTag>]) -> Counts {
    let mut c = Counts::default();
    for (i, s) in sents.iter().enumerate() {
        let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
        let tags = pos.get(i).map(|v| v.as_slice()).unwrap_or(&[]);
        let pred = model.tag(&words, tags);
        let gold: Vec<&str> = s.gold.iter().map(|&l| IOB[l as usize]).collect();
        c.add(&gold, &pred);
    }
    c
}

// ---------------------------------------------------------------------------

/// Keys are already hashes: the identity hasher is enough.
#[derive(Default)]
struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

struct Perceptron {
    index: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Transitions: (NL + 1) * NL, then NL end scores.
    tw: Vec<f32>,
    tu: Vec<f64>,
    c: f64,
    /// Learning rate of each row (1 but for the `rated` features).
    rate: Vec<f32>,
    /// Features with their own learning rate, and that rate.
    rated: std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>,
    rated_rate: f32,
}

const TN: usize = (NL + 1) * NL;

impl Perceptron {
    fn new() -> Self {
        Perceptron {
            index: HashMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            u: Vec::new(),
            tw: vec![0.0; TN + NL],
            tu: vec![0.0; TN + NL],
            c: 1.0,
            rate: Vec::new(),
            rated: Default::default(),
            rated_rate: 1.0,
        }
    }

    fn row(&mut self, k: u64) -> usize {
        let n = self.keys.len() as u32;
        let r = *self.index.entry(k).or_insert(n) as usize;
        if r == n as usize {
            self.keys.push(k);
            self.rate.push(if self.rated.contains(&k) { self.rated_rate } else { 1.0 });
            self.w.extend([0.0; NL]);
            self.u.extend([0.0; NL]);
        }
        r
    }

    fn emissions(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let r = r as usize * NL;
                for l in 0..NL {
                    out[l] += self.w[r + l];
                }
            }
        }
    }

    fn update_feats(&mut self, feats: &[u64], l: usize, d: f32) {
        for &f in feats {
            let row = self.row(f);
            let d = d * self.rate[row];
            let r = row * NL + l;
            self.w[r] += d;
            self.u[r] += self.c * d as f64;
        }
    }

    fn update_trans(&mut self, i: usize, d: f32) {
        self.tw[i] += d;
        self.tu[i] += self.c * d as f64;
    }
}

/// Averaged, quantised, pruned runtime model: the sum of the averaged weights
/// of the ensemble's perceptrons (trained on different shuffles).
fn to_model(
    pcs: &[Perceptron],
    flags: u32,
    common: &(Vec<u64>, Vec<u8>),
    prune: i16,
    vocab: &str,
    lexicon: &CorpusLexicon,
) -> crate::Result<NerTagger> {
    let mut rows: HashMap<u64, [f32; NL], BuildHasherDefault<IdHasher>> = HashMap::default();
    let mut tavg = vec![0f32; TN + NL];
    for pc in pcs {
        let avg = |w: f32, u: f64| (w as f64 - u / pc.c) as f32;
        for (r, &key) in pc.keys.iter().enumerate() {
            let row = rows.entry(key).or_insert([0.0; NL]);
            for l in 0..NL {
                row[l] += avg(pc.w[r * NL + l], pc.u[r * NL + l]);
            }
        }
        for (t, (&w, &u)) in tavg.iter_mut().zip(pc.tw.iter().zip(&pc.tu)) {
            *t += avg(w, u);
        }
    }
    let max = rows.values().flatten().chain(&tavg).fold(0f32, |m, &x| m.max(x.abs())).max(1e-6);
    // The largest weight becomes QMAX: small enough that the summed word-only
    // weights of a word (the model's word cache) fit in i16.
    const QMAX: f32 = 4000.0;
    let scale = QMAX / max;
    let mut sorted: Vec<(u64, [f32; NL])> = rows.into_iter().collect();
    sorted.sort_unstable_by_key(|r| r.0);
    let mut keys = Vec::new();
    let mut weights = Vec::new();
    for (key, row) in sorted {
        let q: Vec<i16> = row.iter().map(|&x| (x * scale).round() as i16).collect();
        if q.iter().any(|&x| x.abs() >= prune.max(1)) {
            keys.push(key);
            weights.extend(q);
        }
    }
    let q = |x: &f32| (x * scale).round() as i32;
    let trans: Vec<i32> = tavg[..TN].iter().map(q).collect();
    let end: Vec<i32> = tavg[TN..].iter().map(q).collect();
    NerTagger::from_parts(
        flags,
        keys,
        weights,
        trans,
        end,
        common.0.clone(),
        common.1.clone(),
        lexicon.clone(),
        vocab.to_string(),
    )
}

/// Casing classes of words seen in the training text (not sentence-initially):
/// 1 mostly lowercase, 2 mostly capitalised, 3 mixed. A hint whether a
/// capitalised occurrence is a name. Learned from the training text only.
fn word_classes(sents: &[Sent]) -> (Vec<u64>, Vec<u8>) {
    let mut counts: HashMap<u64, (u32, u32), BuildHasherDefault<IdHasher>> = HashMap::default();
    let (empty, no_corpus) = (U64Map::build(std::iter::empty()), CorpusMaps::default());
    let mut toks = Vec::new();
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
        features::analyse(&words, None, &empty, &no_corpus, &mut toks);
        for t in toks.iter().skip(1) {
            let e = counts.entry(t.lower).or_default();
            if t.cap == CAP_LOWER {
                e.0 += 1;
            } else if t.cap != features::CAP_DIGIT && t.cap != features::CAP_PUNCT {
                e.1 += 1;
            }
        }
    }
    let mut v: Vec<(u64, u8)> = counts
        .into_iter()
        .filter(|(_, (l, c))| l + c >= 2)
        .map(|(k, (l, c))| {
            (
                k,
                if l > 2 * c {
                    1
                } else if c > 2 * l {
                    2
                } else {
                    3
                },
            )
        })
        .collect();
    v.sort_unstable();
    v.into_iter().unzip()
}

struct Prepared {
    /// Feature hashes of all tokens, flattened; `tok_off[t]..tok_off[t+1]`.
    feats: Vec<u64>,
    tok_off: Vec<usize>,
    /// First token of each sentence; `sent_off[s]..sent_off[s+1]`.
    sent_off: Vec<usize>,
    gold: Vec<u8>,
}

fn prepare(sents: &[&Sent], pos: &[Vec<TokenTag>], flags: u32, common: &U64Map, corpus: &CorpusMaps) -> Prepared {
    let use_pos = flags & (features::F_POS | features::F_POS2) != 0;
    let mut p = Prepared { feats: Vec::new(), tok_off: vec![0], sent_off: vec![0], gold: Vec::new() };
    let (mut toks, mut buf) = (Vec::new(), Vec::new());
    for (i, s) in sents.iter().enumerate() {
        let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
        let tags = if use_pos { pos.get(i).map(|v| v.as_slice()) } else { None };
        features::analyse(&words, tags, common, corpus, &mut toks);
        for t in 0..words.len() {
            features::features(&toks, t, flags, &mut buf);
            p.feats.extend_from_slice(&buf);
            p.tok_off.push(p.feats.len());
        }
        p.gold.extend_from_slice(&s.gold);
        p.sent_off.push(p.gold.len());
    }
    p
}

/// Predicted tags of the training sentences as at run time: when the UD EWT
/// training file (same sentences) is found beside the UNER folder
/// (`<data>/../ud-ewt/en_ewt-ud-train.conllu`), each of `FOLDS` parts is tagged by a
/// tagger trained on the others (jackknifing); otherwise by `tagger`.
fn jackknife_tags(
    ud_train: Option<&Path>,
    sents: &[Sent],
    tagger: Option<&Tagger>,
    seed: u64,
    verbose: bool,
) -> crate::Result<Vec<Vec<TokenTag>>> {
    const FOLDS: usize = 5;
    let Some(tagger) = tagger else {
        return Ok(Vec::new());
    };
    let ud = match ud_train {
        Some(p) if p.is_file() => crate::text::conllu::read_file(p)?,
        _ => return Ok(tag_all(Some(tagger), sents)),
    };
    // The UNER sentences are UD sentences (of an older UD release): a UD sentence
    // is held out with the NER sentence of the same sent_id. UD sentences that
    // match none are in every fold's training part.
    let mut fold_of: HashMap<&str, usize> = HashMap::new();
    for (i, s) in sents.iter().enumerate() {
        if let Some(id) = &s.id {
            fold_of.insert(id.as_str(), i % FOLDS);
        }
    }
    let ud_fold: Vec<Option<usize>> = ud
        .iter()
        .map(|u| u.comments.iter().find_map(|c| sent_id(c)).and_then(|id| fold_of.get(id.as_str()).copied()))
        .collect();
    if fold_of.len() != sents.len() || ud_fold.iter().flatten().count() * 10 < sents.len() * 9 {
        if verbose {
            eprintln!("ner: the UD training sentences do not match the NER ones; tagging with the built-in tagger");
        }
        return Ok(tag_all(Some(tagger), sents));
    }
    let mut out: Vec<Vec<TokenTag>> = vec![Vec::new(); sents.len()];
    for fold in 0..FOLDS {
        let rest: Vec<_> = ud.iter().zip(&ud_fold).filter(|(_, f)| **f != Some(fold)).map(|(s, _)| s.clone()).collect();
        let t = crate::tag::train_on(&rest, 10, seed + fold as u64, false);
        for (i, s) in sents.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
            out[i] = t.tag(&s.words.iter().map(|w| w.as_str()).collect::<Vec<_>>());
        }
        if verbose {
            eprintln!("ner: jackknife fold {}/{FOLDS} tagged", fold + 1);
        }
    }
    Ok(out)
}

fn tag_all(tagger: Option<&Tagger>, sents: &[Sent]) -> Vec<Vec<TokenTag>> {
    match tagger {
        None => Vec::new(),
        Some(t) => sents.iter().map(|s| t.tag(&s.words.iter().map(|w| w.as_str()).collect::<Vec<_>>())).collect(),
    }
}

/// The training words seen at least `min` times, sorted, one a line: the
/// model sums their word-only weights at load time.
fn vocabulary(sents: &[Sent], min: usize) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in sents.iter().flat_map(|s| &s.words) {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut v: Vec<&str> =
        counts.into_iter().filter(|&(w, c)| c >= min.max(1) && !w.contains('\n')).map(|(w, _)| w).collect();
    v.sort_unstable();
    v.join("\n")
}

/// Options that are not part of [`TrainConfig`].
pub(crate) struct Options {
    /// Feature groups (`features::F_*`); the POS groups need a tagger.
    pub flags: u32,
    /// Words seen this often in training go into the model's word cache.
    pub vocab_min: usize,
    /// Choose the O bias on dev.
    pub tune_bias: bool,
    pub prune: i16,
    /// Number of perceptrons (different shuffles) whose weights are summed.
    pub ensemble: usize,
    /// Chance that a feature occurrence is left out of a training sentence
    /// (dropped afresh each time the sentence is seen; 0: none).
    pub dropout: f64,
    /// Added to the score of every wrong label when a training sentence is
    /// decoded (loss-augmented decoding: the gold path must win by a margin).
    pub margin: f32,
    /// Brown clusters, corpus casing and embedding groups for the `features::F_CORPUS` groups
    /// (stored in the model; without them those groups are left out).
    pub lexicon: CorpusLexicon,
    pub verbose: bool,
}

/// Reads the word table written by `scripts/ner_clusters.py`
/// (`word<TAB>cluster path<TAB>casing` lines).
pub(crate) fn read_lexicon(path: &Path) -> crate::Result<CorpusLexicon> {
    crate::model::clusters::read_table(path, CorpusLexicon::parse)
}

/// Trains the model on `cfg.train`, picking the epoch with the best dev F1 when
/// `cfg.dev` is given, then the O bias with the best dev F1. Progress goes to
/// stderr. The feature groups are [`DEFAULT_FLAGS`], plus [`CORPUS_FLAGS`]
/// when word tables are given (`clusters`, see [`read_lexicon`]; `embeddings`,
/// see [`CorpusLexicon::parse_embeddings`]); when they
/// include POS features, `tagger`'s predicted tags are used, on the training
/// text jackknifed (see [`jackknife_tags`]), and are then expected at run time too.
pub fn train(
    cfg: &TrainConfig,
    tagger: Option<&Tagger>,
    clusters: Option<&Path>,
    embeddings: Option<&Path>,
    binarized: Option<&Path>,
) -> crate::Result<NerTagger> {
    let train = read_iob2(&cfg.train)?;
    let ud = cfg.train.parent().and_then(|d| d.parent()).map(|d| d.join("ud-ewt").join("en_ewt-ud-train.conllu"));
    let mut lexicon = match clusters {
        Some(p) => read_lexicon(p)?,
        None => CorpusLexicon::default(),
    };
    if let Some(p) = embeddings {
        (lexicon.embed_keys, lexicon.embed_values) =
            crate::model::clusters::read_table(p, CorpusLexicon::parse_embeddings)?;
    }
    if let Some(p) = binarized {
        if !lexicon.has_embeddings() {
            return Err(crate::Error::Invalid("--binarized needs --embeddings (it is stored for their words)".into()));
        }
        let text = std::fs::read_to_string(p).map_err(|e| crate::Error::io(p, e))?;
        let n = lexicon.set_binarized(&text).map_err(|(line, message)| crate::Error::Data {
            path: p.into(),
            line,
            message,
        })?;
        eprintln!("ner: binarized embeddings of {n} words, {} dimensions", lexicon.bin_dims);
    }
    // Experiments only: NEWSGRAPH_NER_BIN_FLAGS=N uses the binarized-embedding groups N.
    let bin_flags = env_or("NEWSGRAPH_NER_BIN_FLAGS", BIN_FLAGS);
    let flags = DEFAULT_FLAGS | CORPUS_FLAGS | (bin_flags & features::F_BINS);
    // Experiments only: NEWSGRAPH_NER_PRUNE=N drops weights rows below N.
    let prune = env_or("NEWSGRAPH_NER_PRUNE", 60i16);
    let train_pos = if tagger.is_none() || flags & (features::F_POS | features::F_POS2) == 0 {
        Vec::new()
    } else {
        jackknife_tags(ud.as_deref(), &train, tagger, cfg.seed, true)?
    };
    let dev = match &cfg.dev {
        Some(p) => read_iob2(p)?,
        None => Vec::new(),
    };
    train_on(
        &train,
        &train_pos,
        &dev,
        cfg.epochs,
        cfg.seed,
        tagger,
        &Options {
            flags,
            vocab_min: 1,
            tune_bias: true,
            prune,
            ensemble: env_or("NEWSGRAPH_NER_ENSEMBLE", ENSEMBLE),
            dropout: env_or("NEWSGRAPH_NER_DROPOUT", DROPOUT),
            margin: env_or("NEWSGRAPH_NER_MARGIN", MARGIN),
            lexicon,
            verbose: true,
        },
    )
}

/// Feature groups of the shipped model: the base set plus word length, with
/// the word-pair features only for words with a capital letter or digit
/// (EWT dev F1 with the shipped embedding table, k-means seed 2, 0.753 -> 0.762;
/// with seed 1's 0.753 -> 0.750, seed 3's 0.749: no worse, and fewer look-ups).
/// POS features (jackknifed tags) did not help on dev, so no tags are needed
/// at run time; the other groups stay available to `train_on`.
const DEFAULT_FLAGS: u32 = features::F_LEN | features::F_LEAN_LOWER;
/// Feature groups used when word tables are given (each dropped without its
/// table): Brown clusters of the words at -2..=2 and the word's corpus casing
/// (`--clusters`); embedding groups of the words at -2..=2 (`--embeddings`:
/// EWT dev F1 before the document pass 0.736 -> 0.753 with the word tables of
/// k-means seeds 1 and 2 alike, the shipped model's 2 with the lean word pairs
/// of [`DEFAULT_FLAGS`] 0.762). Clusters conjoined with capitalisation, or of the neighbours
/// with the word's capitalisation, did not help on dev; nor did the finest
/// embedding groups of the neighbours, the coarse and fine ones with
/// capitalisation, 250 k words instead of 150 k, or a copy of the training
/// text with words hidden (word dropout).
const CORPUS_FLAGS: u32 = features::F_BROWN | features::F_EMBED;
/// Binarized embedding groups used when a binarized table is given
/// (`--binarized`): the dimensions of the words at -2..=2, and of the word
/// with its capitalisation. EWT dev F1 after the document pass, seeds 1-3:
/// 0.7654 mean without, 0.7729 with (0.7734, 0.7735, 0.7717); only -1..=1 and
/// no capitalisation 0.7664; at learning rate 1 (below) worse than without
/// (seed 1: 0.750), as were 50 PCA dimensions and Guo et al.'s distributional
/// prototypes (scripts/embedding_prototypes.py, seeds 1-3 mean 0.7545).
const BIN_FLAGS: u32 = features::F_BINS;
/// Learning rate of the binarized embedding features (the others': 1): some
/// 40 of the 100 dimensions of a word are set, so these dense features would
/// otherwise swamp the sparse ones.
const BIN_RATE: f32 = 0.1;
/// Perceptrons summed in the shipped model, the share of feature occurrences
/// left out of each training sentence, and the margin of loss-augmented
/// decoding (see [`Options`]). Together they raised EWT dev F1 (after the
/// document pass) over training seeds 1-4 from 0.7667 (4, 0, 0) to 0.7809,
/// and test from 0.7973 to 0.8054; each alone was within the seeds' spread
/// (dev: dropout 0.2, 8 seeds, 0.7698 -> 0.7766; margin 3, 3 seeds, 0.7659 ->
/// 0.7683; 16 perceptrons, 2 seeds, 0.7682 -> 0.7755).
const ENSEMBLE: usize = 16;
const DROPOUT: f64 = 0.2;
const MARGIN: f32 = 3.0;

/// Experiments only: the value of the environment variable `name`, else `default`.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub(crate) fn train_on(
    train: &[Sent],
    train_pos: &[Vec<TokenTag>],
    dev: &[Sent],
    epochs: usize,
    seed: u64,
    tagger: Option<&Tagger>,
    opt: &Options,
) -> crate::Result<NerTagger> {
    if train.is_empty() {
        return Err(crate::Error::Invalid("NER training data has no sentences".into()));
    }
    let mut flags = if tagger.is_some() { opt.flags } else { opt.flags & !(features::F_POS | features::F_POS2) };
    if !opt.lexicon.has_clusters() {
        flags &= !features::F_BROWN;
    }
    if !opt.lexicon.has_embeddings() {
        flags &= !features::F_EMBED;
    }
    if !opt.lexicon.has_binarized() {
        flags &= !features::F_BINS;
    }
    let mut lexicon = if flags & features::F_CORPUS != 0 { opt.lexicon.clone() } else { CorpusLexicon::default() };
    if flags & features::F_BINS == 0 {
        lexicon.bin_dims = 0;
        lexicon.bin.clear();
    }
    let corpus = lexicon.maps();
    let use_pos = flags & (features::F_POS | features::F_POS2) != 0;
    let start = std::time::Instant::now();
    let train_pos: Vec<Vec<TokenTag>> = if !use_pos {
        Vec::new()
    } else if train_pos.len() == train.len() {
        train_pos.to_vec()
    } else {
        tag_all(tagger, train)
    };
    let dev_pos = if use_pos { tag_all(tagger, dev) } else { Vec::new() };
    let common_keys = word_classes(train);
    let train_all: Vec<&Sent> = train.iter().collect();
    let common = U64Map::build(common_keys.0.iter().copied().zip(common_keys.1.iter().map(|&c| c as u32)));
    let data = prepare(&train_all, &train_pos, flags, &common, &corpus);
    let vocab = vocabulary(train, opt.vocab_min);
    if opt.verbose {
        eprintln!(
            "ner: {} train sentences, {} dev, {} feature occurrences, feature groups {flags}",
            train_all.len(),
            dev.len(),
            data.feats.len(),
        );
    }
    let k = opt.ensemble.max(1);
    // Experiments only: NEWSGRAPH_NER_BIN_RATE=X is the learning rate of the binarized-embedding features.
    let bin_rate = env_or("NEWSGRAPH_NER_BIN_RATE", BIN_RATE);
    let mut pcs: Vec<Perceptron> = (0..k)
        .map(|_| {
            let mut p = Perceptron::new();
            if flags & features::F_BINS != 0 && bin_rate != 1.0 {
                p.rated = features::all_bin_features().into_iter().collect();
                p.rated_rate = bin_rate;
            }
            p
        })
        .collect();
    let mut orders: Vec<Vec<usize>> = vec![(0..train_all.len()).collect(); k];
    let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next_rand = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut tmask = vec![0f32; TN + NL];
    for p in 0..=NL {
        for c in 0..NL {
            if !allowed((p < NL).then_some(p), c) {
                tmask[p * NL + c] = -1e30;
            }
        }
    }
    for l in 0..NL {
        if !allowed_end(l) {
            tmask[TN + l] = -1e30;
        }
    }
    let (mut emis, mut back, mut path, mut trans) = (Vec::new(), Vec::new(), Vec::new(), vec![0f32; TN + NL]);
    let mut best: Option<(f64, usize, NerTagger)> = None;
    let (mut kept, mut kept_off) = (Vec::new(), Vec::new());
    let (drop_below, margin) = ((opt.dropout.clamp(0.0, 1.0) * 4294967296.0) as u64, opt.margin);
    for epoch in 1..=epochs.max(1) {
        let mut errors = 0usize;
        for (pc, order) in pcs.iter_mut().zip(orders.iter_mut()) {
            for i in (1..order.len()).rev() {
                let j = (next_rand() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &s in order.iter() {
                let (a, b) = (data.sent_off[s], data.sent_off[s + 1]);
                let n = b - a;
                kept.clear();
                kept_off.clear();
                kept_off.push(0);
                let salt = if drop_below > 0 { next_rand() } else { 0 };
                for t in 0..n {
                    let tok = a + t;
                    for &f in &data.feats[data.tok_off[tok]..data.tok_off[tok + 1]] {
                        if features::finish(f ^ salt) >> 32 >= drop_below {
                            kept.push(f);
                        }
                    }
                    kept_off.push(kept.len());
                }
                emis.clear();
                emis.resize(n * NL, 0f32);
                for t in 0..n {
                    pc.emissions(&kept[kept_off[t]..kept_off[t + 1]], &mut emis[t * NL..(t + 1) * NL]);
                    if margin != 0.0 {
                        let g = data.gold[a + t] as usize;
                        for (l, e) in emis[t * NL..(t + 1) * NL].iter_mut().enumerate() {
                            if l != g {
                                *e += margin;
                            }
                        }
                    }
                }
                for (x, (w, m)) in trans.iter_mut().zip(pc.tw.iter().zip(&tmask)) {
                    *x = w + m;
                }
                viterbi(n, &emis, &trans[..TN], &trans[TN..], &mut back, &mut path);
                let gold = &data.gold[a..b];
                if path.as_slice() != gold {
                    for t in 0..n {
                        let (g, p) = (gold[t] as usize, path[t] as usize);
                        if g != p {
                            errors += 1;
                            let f = &kept[kept_off[t]..kept_off[t + 1]];
                            pc.update_feats(f, g, 1.0);
                            pc.update_feats(f, p, -1.0);
                        }
                        let gp = if t == 0 { NL } else { gold[t - 1] as usize };
                        let pp = if t == 0 { NL } else { path[t - 1] as usize };
                        if (gp, g) != (pp, p) {
                            pc.update_trans(gp * NL + g, 1.0);
                            pc.update_trans(pp * NL + p, -1.0);
                        }
                    }
                    let (g, p) = (gold[n - 1] as usize, path[n - 1] as usize);
                    if g != p {
                        pc.update_trans(TN + g, 1.0);
                        pc.update_trans(TN + p, -1.0);
                    }
                }
                pc.c += 1.0;
            }
        }
        let model = to_model(&pcs, flags, &common_keys, opt.prune, &vocab, &lexicon)?;
        let f1 = if dev.is_empty() { 0.0 } else { evaluate(&model, dev, &dev_pos).total().2 };
        if opt.verbose {
            eprintln!(
                "ner epoch {epoch}: train token errors {errors}, features {}, dev F1 {:.4} ({:.0}s)",
                model.num_features(),
                f1,
                start.elapsed().as_secs_f64()
            );
        }
        if dev.is_empty() || best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, model));
        }
    }
    let (f1, epoch, mut model) = best.expect("at least one epoch");
    if !dev.is_empty() && opt.tune_bias {
        // The O bias with the best dev F1 (ties: the smaller bias).
        let mut best_b = (f1, 0);
        for b in [100, 200, 300, 400, 600, 800, 1000, 1300, 1600, 2000, 2500, 3000, 4000, 6000] {
            model.set_o_bias(b);
            let f = evaluate(&model, dev, &dev_pos).total().2;
            if opt.verbose {
                eprintln!("ner: O bias {b}: dev F1 {f:.4}");
            }
            if f > best_b.0 {
                best_b = (f, b);
            }
        }
        model.set_o_bias(best_b.1);
    }
    let f1 = if dev.is_empty() { f1 } else { evaluate(&model, dev, &dev_pos).total().2 };
    if opt.verbose && !dev.is_empty() {
        let c = evaluate(&model, dev, &dev_pos);
        let t = |k: usize| c.of_type(k).2;
        eprintln!(
            "ner: best dev F1 {f1:.4} at epoch {epoch}, O bias {} (PER {:.4}, ORG {:.4}, LOC {:.4}); {} features",
            model.o_bias(),
            t(0),
            t(1),
            t(2),
            model.num_features()
        );
    }
    Ok(model)
}
