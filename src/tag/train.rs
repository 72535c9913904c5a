//! Training the tagger from a CoNLL-U treebank.

use std::collections::HashMap;

use super::features::Features;
use super::lemma::Lemmatizer;
use super::{upos_index, xpos_index, LexEntry, Lexicon, Tagger, WordLabels, XPOS};
use crate::model::perceptron::{argmax, Trainer};
use crate::model::{Rng, TrainConfig};
use crate::text::conllu::{self, ConlluSentence};
use crate::{Error, Result};

/// Words seen at least this often with one label this share of the time go
/// to the tag dictionary and are not scored. Scoring more words is slower but
/// more accurate (dev XPOS +0.09 from a minimum of 5 to 50).
const TAGDICT_MIN_COUNT: usize = 50;
const TAGDICT_MIN_SHARE: f64 = 0.99;
/// An XPOS joins a word's ambiguity class from this share of its uses.
const CLASS_MIN_PERCENT: usize = 5;
// The class is a bit set of XPOS indices in a u64.
const _: () = assert!(XPOS.len() <= 64);
/// Folds of the training data for the lexicon each training sentence sees.
const LEXICON_FOLDS: usize = 10;
/// Perceptrons trained on different shuffles whose averaged weights are summed.
const SHUFFLES: u64 = 3;

fn label_of(labels: &mut Vec<(u8, u8)>, upos: &str, xpos: &str) -> Option<usize> {
    let pair = (upos_index(upos)? as u8, xpos_index(xpos)? as u8);
    Some(match labels.iter().position(|l| *l == pair) {
        Some(i) => i,
        None => {
            labels.push(pair);
            labels.len() - 1
        }
    })
}

/// Trains on `cfg.train` for `cfg.epochs` epochs and reports accuracy on `cfg.dev`.
pub fn train(cfg: &TrainConfig) -> Result<Tagger> {
    let sentences = conllu::read_file(&cfg.train)?;
    if sentences.is_empty() {
        return Err(Error::Invalid(format!("{}: no sentences to train on", cfg.train.display())));
    }
    let tagger = train_on(&sentences, cfg.epochs, cfg.seed, true);
    if let Some(dev) = &cfg.dev {
        let (u, x, l) = evaluate(&tagger, &conllu::read_file(dev)?);
        eprintln!(
            "tagger: dev UPOS {u:.4} XPOS {x:.4} lemma {l:.4} ({} features, {} weights)",
            tagger.weights.n_features(),
            tagger.weights.n_entries()
        );
    }
    Ok(tagger)
}

/// Trains a tagger on sentences in memory (also used to jackknife the parser's training tags).
pub fn train_on(sentences: &[ConlluSentence], epochs: usize, seed: u64, verbose: bool) -> Tagger {
    let mut labels: Vec<(u8, u8)> = Vec::new();
    // Gold label per word; words with tags outside the tables are skipped in training.
    let gold: Vec<Vec<Option<usize>>> =
        sentences.iter().map(|s| s.words.iter().map(|w| label_of(&mut labels, &w.upos, &w.xpos)).collect()).collect();
    let lemmas = Lemmatizer::learn(
        sentences.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str()))),
    );
    let (tagdict, lexicon) = tag_dictionary(sentences.iter().zip(&gold), &labels);
    if verbose {
        eprintln!(
            "tagger: {} sentences, {} labels, {} words in the tag dictionary, {} lemma exceptions",
            sentences.len(),
            labels.len(),
            tagdict.len(),
            lemmas.exceptions()
        );
    }
    // While training, a sentence sees the lexicon of the other folds: words
    // it alone has are unseen, as new words are when tagging news.
    let fold_lexicons: Vec<Lexicon> = (0..LEXICON_FOLDS)
        .map(|k| {
            let others = sentences.iter().zip(&gold).enumerate().filter(|(i, _)| i % LEXICON_FOLDS != k);
            tag_dictionary(others.map(|(_, pair)| pair), &labels).1
        })
        .collect();
    let trainers: Vec<Trainer> = (0..SHUFFLES)
        // Seeds a prime apart: unrelated shuffles, the same for a given `seed`.
        .map(|k| train_one(sentences, &gold, &tagdict, &fold_lexicons, labels.len(), epochs, seed + k * 7919, verbose))
        .collect();
    let weights = Trainer::averaged_sum(&trainers, 1, 0.0);
    Tagger::new(labels, weights, tagdict, lexicon, lemmas)
}

/// One perceptron trained on one order of the sentences (shuffled by `seed` each epoch).
#[allow(clippy::too_many_arguments)]
fn train_one(
    sentences: &[ConlluSentence],
    gold: &[Vec<Option<usize>>],
    tagdict: &WordLabels,
    lexicons: &[Lexicon],
    n_labels: usize,
    epochs: usize,
    seed: u64,
    verbose: bool,
) -> Trainer {
    let mut trainer = Trainer::new(n_labels);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng::new(seed);
    let mut scores = vec![0.0f32; n_labels];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let forms: Vec<&str> = sentences[si].words.iter().map(|w| w.form.as_str()).collect();
            let mut feats = Features::new(&forms, &lexicons[si % lexicons.len()]);
            let mut pred: Vec<usize> = Vec::with_capacity(forms.len());
            for i in 0..forms.len() {
                let truth = gold[si][i];
                if let Some(&l) = tagdict.get(feats.lower(i)) {
                    pred.push(l as usize);
                    continue;
                }
                // Gold history while training (teacher forcing) made the tagger worse than
                // its own predictions in practice; use predictions.
                let prev = |k: usize| if i >= k { pred[i - k] as u64 + 1 } else { 0 };
                let f = feats.extract(i, prev(1), prev(2)).to_vec();
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score(&f, &mut scores);
                let guess = argmax(&scores);
                if let Some(t) = truth {
                    trainer.update(&f, t, guess);
                    right += usize::from(t == guess);
                    total += 1;
                }
                trainer.tick();
                pred.push(guess);
            }
        }
        if verbose {
            eprintln!("tagger: epoch {} train accuracy {:.4}", epoch + 1, right as f64 / total.max(1) as f64);
        }
    }
    trainer
}

/// The tag dictionary (frequent unambiguous words) and the lexicon (most
/// frequent label and ambiguity class of words seen twice) of sentences with
/// their gold labels.
fn tag_dictionary<'a>(
    sentences: impl Iterator<Item = (&'a ConlluSentence, &'a Vec<Option<usize>>)>,
    labels: &[(u8, u8)],
) -> (WordLabels, Lexicon) {
    let mut counts: HashMap<String, HashMap<usize, usize>> = HashMap::new();
    for (s, g) in sentences {
        for (w, l) in s.words.iter().zip(g) {
            if let Some(l) = l {
                *counts.entry(w.form.to_lowercase()).or_default().entry(*l).or_insert(0) += 1;
            }
        }
    }
    let mut tagdict = WordLabels::default();
    let mut lexicon = Lexicon::default();
    for (w, c) in counts {
        let total: usize = c.values().sum();
        let Some((&best, &n)) = c.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else { continue };
        if total >= TAGDICT_MIN_COUNT && n as f64 / total as f64 >= TAGDICT_MIN_SHARE {
            tagdict.insert(w.clone(), best as u16);
        }
        if total >= 2 {
            let mut xpos = [0usize; XPOS.len()];
            for (&l, &k) in &c {
                xpos[labels[l].1 as usize] += k;
            }
            let class =
                (0..XPOS.len()).filter(|&x| xpos[x] * 100 >= total * CLASS_MIN_PERCENT).fold(0u64, |m, x| m | 1 << x);
            lexicon.insert(w, LexEntry { label: best as u16, class });
        }
    }
    (tagdict, lexicon)
}

/// UPOS, XPOS and lemma accuracy on gold-tokenised sentences.
pub fn evaluate(tagger: &Tagger, sentences: &[ConlluSentence]) -> (f64, f64, f64) {
    let (mut n, mut u, mut x, mut l) = (0usize, 0usize, 0usize, 0usize);
    for s in sentences {
        let forms = s.forms();
        for (w, t) in s.words.iter().zip(tagger.tag(&forms)) {
            n += 1;
            u += usize::from(w.upos == t.upos);
            x += usize::from(w.xpos == t.xpos);
            l += usize::from(*w.lemma == *t.lemma);
        }
    }
    let n = n.max(1) as f64;
    (u as f64 / n, x as f64 / n, l as f64 / n)
}
