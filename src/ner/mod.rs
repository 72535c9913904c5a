//! Stage 3: named-entity recognition, IOB2 tags over PER / ORG / LOC.
//!
//! A greedy left-to-right averaged perceptron over the word, its shape and
//! affixes, its neighbours, the tagger's part of speech, gazetteer hits
//! (places, bodies, nationality words, first names, titles, organisation head
//! words) and the previous labels; predictions are constrained to valid IOB2.
//! Trained on Universal NER English-EWT.

use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;
use std::sync::OnceLock;

use crate::mentions::lexicon::lexicon;
use crate::mentions::EntityType;
use crate::model::hash::{feature, feature2, feature_n, feature_sn};
use crate::model::perceptron::{Trainer, Weights};
use crate::model::{Rng, TrainConfig};
use crate::tag::{Tagger, TokenTag};
use crate::{Error, Result};

/// The labels, in model order.
pub const LABELS: &[&str] = &["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

fn label_index(l: &str) -> usize {
    LABELS.iter().position(|x| *x == l).unwrap_or(0)
}

/// May label `next` follow label `prev` in IOB2?
fn allowed(prev: usize, next: usize) -> bool {
    let n = LABELS[next];
    match n.strip_prefix("I-") {
        Some(t) => LABELS[prev].get(2..) == Some(t),
        None => true,
    }
}

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct NerFile {
    format: u32,
    weights: Weights,
}

pub struct NerTagger {
    weights: Weights,
}

/// Gazetteer class of a word or phrase, as a small number for features.
fn gazetteer_class(text: &str) -> u64 {
    let lex = lexicon();
    if let Some(k) = lex.known(text) {
        return match k.entity_type {
            EntityType::Gpe | EntityType::Loc => 1,
            EntityType::Org => 2,
            EntityType::Fac => 3,
            _ => 4,
        };
    }
    let lower = text.to_lowercase();
    if lex.demonyms.contains_key(&lower) {
        5
    } else if lex.has("first_names_male", &lower) || lex.has("first_names_female", &lower) {
        6
    } else if lex.has("titles", &lower) {
        7
    } else if lex.has("org_heads", &lower) {
        8
    } else if lex.party(text).is_some() {
        9
    } else {
        0
    }
}

fn shape(w: &str) -> u64 {
    let mut h = 0u64;
    let mut last = 0u64;
    for c in w.chars().take(10) {
        let k = if c.is_uppercase() {
            1
        } else if c.is_lowercase() {
            2
        } else if c.is_ascii_digit() {
            3
        } else {
            4 + (c as u64 % 7)
        };
        if k != last {
            h = h * 16 + k;
            last = k;
        }
    }
    h
}

/// Per-sentence feature extraction with reusable buffers.
struct Features<'a> {
    words: &'a [&'a str],
    lower: Vec<String>,
    gaz: Vec<u64>,
    shapes: Vec<u64>,
    tags: &'a [TokenTag],
    buf: Vec<u64>,
}

impl<'a> Features<'a> {
    fn new(words: &'a [&'a str], tags: &'a [TokenTag]) -> Features<'a> {
        Features {
            words,
            lower: words.iter().map(|w| w.to_lowercase()).collect(),
            gaz: words.iter().map(|w| gazetteer_class(w)).collect(),
            shapes: words.iter().map(|w| shape(w)).collect(),
            tags,
            buf: Vec::with_capacity(32),
        }
    }

    fn low(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    fn tag(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.tags.len() {
            "-"
        } else {
            self.tags[i as usize].xpos
        }
    }

    fn at<T: Copy>(v: &[T], i: isize, none: T) -> T {
        if i < 0 {
            none
        } else {
            v.get(i as usize).copied().unwrap_or(none)
        }
    }

    fn extract(&mut self, i: usize, prev: u64, prev2: u64) -> &[u64] {
        let ii = i as isize;
        let mut b = std::mem::take(&mut self.buf);
        b.clear();
        let l = self.low(ii);
        b.push(feature_n(0, &[]));
        b.push(feature(1, self.words[i]));
        b.push(feature(2, l));
        b.push(feature(3, l.get(l.len().saturating_sub(3)..).unwrap_or(l)));
        b.push(feature_n(4, &[self.shapes[i], (i == 0) as u64]));
        b.push(feature(5, self.low(ii - 1)));
        b.push(feature(6, self.low(ii + 1)));
        b.push(feature2(7, self.low(ii - 1), l));
        b.push(feature2(8, l, self.low(ii + 1)));
        b.push(feature(9, self.low(ii - 2)));
        b.push(feature(10, self.low(ii + 2)));
        b.push(feature_n(11, &[prev]));
        b.push(feature_n(12, &[prev, prev2]));
        b.push(feature_sn(13, self.tag(ii), &[prev]));
        b.push(feature2(14, self.tag(ii - 1), self.tag(ii)));
        b.push(feature2(15, self.tag(ii), self.tag(ii + 1)));
        let g = |k: isize| Self::at(&self.gaz, k, 99);
        let sh = |k: isize| Self::at(&self.shapes, k, 0);
        b.push(feature_n(16, &[g(ii)]));
        b.push(feature_n(17, &[g(ii - 1), g(ii)]));
        b.push(feature_n(18, &[g(ii), g(ii + 1)]));
        b.push(feature_n(19, &[g(ii + 1), sh(ii)]));
        b.push(feature_n(20, &[sh(ii - 1), sh(ii), sh(ii + 1)]));
        b.push(feature_sn(21, l, &[prev]));
        if i + 1 < self.words.len() {
            let bigram = format!("{} {}", self.words[i], self.words[i + 1]);
            b.push(feature_n(22, &[gazetteer_class(&bigram)]));
        }
        self.buf = b;
        &self.buf
    }
}

impl NerTagger {
    /// The model shipped in `models/ner.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static NerTagger> {
        static MODEL: OnceLock<Option<NerTagger>> = OnceLock::new();
        crate::model::builtin(&MODEL, include_bytes!("../../models/ner.bin"), NerTagger::from_bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NerTagger> {
        let mut f: NerFile = crate::model::decode("ner", bytes, FORMAT)?;
        f.weights.build_index();
        Ok(NerTagger { weights: f.weights })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(&NerFile { format: FORMAT, weights: self.weights.clone() }).expect("in memory")
    }

    /// One IOB2 label per word: "O", "B-PER", "I-PER", "B-ORG", ... "I-LOC"; always valid IOB2.
    pub fn tag(&self, words: &[&str], tags: &[TokenTag]) -> Vec<&'static str> {
        predict(&self.weights, words, tags).into_iter().map(|l| LABELS[l]).collect()
    }
}

fn predict(w: &Weights, words: &[&str], tags: &[TokenTag]) -> Vec<usize> {
    let mut f = Features::new(words, tags);
    let mut out: Vec<usize> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let prev = |k: usize| if i >= k { out[i - k] as u64 } else { 99 };
        let (p1, p2) = (prev(1), prev(2));
        let feats = f.extract(i, p1, p2);
        let mut scores = [0.0f32; 7];
        w.score(feats, &mut scores);
        let last = if i > 0 { out[i - 1] } else { 0 };
        out.push(best_allowed(&scores, last));
    }
    out
}

fn best_allowed(scores: &[f32], prev: usize) -> usize {
    let mut best = 0;
    for l in 1..LABELS.len() {
        if allowed(prev, l) && scores[l] > scores[best] {
            best = l;
        }
    }
    best
}

/// Reads an IOB2 file (id, token, tag, ... columns; `#` comments; blank lines between sentences).
pub fn read_iob2(path: &Path) -> Result<Vec<(Vec<String>, Vec<usize>)>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    let (mut words, mut labels) = (Vec::new(), Vec::new());
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !words.is_empty() {
                out.push((std::mem::take(&mut words), std::mem::take(&mut labels)));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(Error::Data { path: path.into(), line: n + 1, message: "expected id, token and tag columns".into() });
        }
        words.push(cols[1].to_string());
        labels.push(label_index(cols[2]));
    }
    if !words.is_empty() {
        out.push((words, labels));
    }
    Ok(out)
}

/// Trains on the IOB2 file `cfg.train`, with the tagger's parts of speech when given.
pub fn train(cfg: &TrainConfig, tagger: Option<&Tagger>) -> Result<NerTagger> {
    let data = read_iob2(&cfg.train)?;
    let tag_all = |words: &[String]| {
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match tagger {
            Some(t) => t.tag(&w),
            None => crate::tag::tag_by_rules(&w),
        }
    };
    let tagged: Vec<Vec<TokenTag>> = data.iter().map(|(w, _)| tag_all(w)).collect();
    let mut trainer = Trainer::new(LABELS.len());
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0, 0);
        for &si in &order {
            let (words, gold) = &data[si];
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let mut f = Features::new(&w, &tagged[si]);
            let mut pred: Vec<usize> = Vec::with_capacity(w.len());
            for i in 0..w.len() {
                let prev = |k: usize| if i >= k { pred[i - k] as u64 } else { 99 };
                let feats = f.extract(i, prev(1), prev(2)).to_vec();
                let mut scores = [0.0f32; 7];
                trainer.score(&feats, &mut scores);
                let last = if i > 0 { pred[i - 1] } else { 0 };
                let guess = best_allowed(&scores, last);
                trainer.update(&feats, gold[i], guess);
                trainer.tick();
                right += usize::from(gold[i] == guess);
                total += 1;
                pred.push(guess);
            }
        }
        eprintln!("ner: epoch {} token accuracy {:.4}", epoch + 1, right as f64 / total.max(1) as f64);
    }
    let model = NerTagger { weights: trainer.finish(1, 0.0) };
    if let Some(dev) = &cfg.dev {
        let f1 = span_f1(&model, &read_iob2(dev)?, tagger);
        eprintln!("ner: dev span F1 {f1:.4} ({} features)", model.weights.n_features());
    }
    Ok(model)
}

fn spans(labels: &[usize]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = LABELS[labels[i]];
        if let Some(t) = l.strip_prefix("B-").or_else(|| l.strip_prefix("I-")) {
            let s = i;
            i += 1;
            while i < labels.len() && LABELS[labels[i]].strip_prefix("I-") == Some(t) {
                i += 1;
            }
            out.push((s, i, t));
        } else {
            i += 1;
        }
    }
    out
}

/// Exact-span F1 over PER/ORG/LOC.
pub fn span_f1(model: &NerTagger, data: &[(Vec<String>, Vec<usize>)], tagger: Option<&Tagger>) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (words, gold) in data {
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let tags = tagger.map_or_else(|| crate::tag::tag_by_rules(&w), |t| t.tag(&w));
        let pred = predict(&model.weights, &w, &tags);
        let (g, p) = (spans(gold), spans(&pred));
        tp += p.iter().filter(|s| g.contains(s)).count();
        fp += p.iter().filter(|s| !g.contains(s)).count();
        fn_ += g.iter().filter(|s| !p.contains(s)).count();
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_constraints() {
        assert!(allowed(label_index("B-PER"), label_index("I-PER")));
        assert!(!allowed(label_index("O"), label_index("I-PER")));
        assert!(!allowed(label_index("B-ORG"), label_index("I-PER")));
        assert_eq!(spans(&[1, 2, 0, 3]), vec![(0, 2, "PER"), (3, 4, "ORG")]);
    }

    #[test]
    fn builtin_model_finds_news_names() {
        let Some(m) = NerTagger::builtin() else {
            eprintln!("skipped: models/ner.bin is empty");
            return;
        };
        let words = ["Prime", "Minister", "Mark", "Carney", "met", "officials", "in", "London", "."];
        let tags = crate::tag::tag(&words);
        let labels = m.tag(&words, &tags);
        assert_eq!(labels[2..4], ["B-PER", "I-PER"], "{labels:?}");
        assert_eq!(labels[7], "B-LOC", "{labels:?}");
        assert!(m.tag(&[], &[]).is_empty());
        let again = NerTagger::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(again.tag(&words, &tags), labels);
    }
}
