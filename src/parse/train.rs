//! Training the parser with a dynamic oracle.

use super::features::extract;
use super::{best_valid, deprel_index, kind, n_classes, Parser, State, SHIFT};
use crate::model::perceptron::Trainer;
use crate::model::{Rng, TrainConfig};
use crate::tag::{Tagger, TokenTag, UPOS, XPOS};
use crate::text::conllu::{self, ConlluSentence};
use crate::{Error, Result};

struct Example {
    lower: Vec<String>,
    tags: Vec<TokenTag>,
    /// Gold head (0 = root) and label of tokens 1..=n, at index 1..=n.
    heads: Vec<usize>,
    labels: Vec<usize>,
}

fn projective(heads: &[usize]) -> bool {
    let n = heads.len() - 1;
    for d in 1..=n {
        let h = heads[d];
        let (a, b) = if h < d { (h, d) } else { (d, h) };
        for (k, &hk) in heads.iter().enumerate().skip(1) {
            if k > a && k < b && (hk < a || hk > b) {
                return false;
            }
        }
    }
    true
}

fn static_tag(s: &str, table: &[&'static str]) -> &'static str {
    table.iter().find(|t| **t == s).copied().unwrap_or(table[table.len() - 1])
}

fn examples(sentences: &[ConlluSentence], tagger: Option<&Tagger>) -> Vec<Example> {
    sentences
        .iter()
        .filter_map(|s| {
            if s.words.iter().any(|w| w.head.is_none()) {
                return None;
            }
            let forms = s.forms();
            let tags = match tagger {
                Some(t) => t.tag(&forms),
                None => s
                    .words
                    .iter()
                    .map(|w| TokenTag { upos: static_tag(&w.upos, UPOS), xpos: static_tag(&w.xpos, XPOS), lemma: w.lemma.clone() })
                    .collect(),
            };
            let mut heads = vec![0];
            heads.extend(s.words.iter().map(|w| w.head.unwrap()));
            let mut labels = vec![0];
            labels.extend(s.words.iter().map(|w| deprel_index(&w.deprel)));
            Some(Example { lower: forms.iter().map(|w| w.to_lowercase()).collect(), tags, heads, labels })
        })
        .collect()
}

const FOLDS: usize = 10;

fn jackknife(all: &[ConlluSentence], seed: u64) -> Vec<Example> {
    let mut out = Vec::with_capacity(all.len());
    for fold in 0..FOLDS {
        let held: Vec<ConlluSentence> = all.iter().enumerate().filter(|(i, _)| i % FOLDS == fold).map(|(_, s)| s.clone()).collect();
        let rest: Vec<ConlluSentence> = all.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, s)| s.clone()).collect();
        let tagger = crate::tag::train_on(&rest, 10, seed + fold as u64, false);
        eprintln!("parser: jackknife fold {}/{FOLDS} tagged", fold + 1);
        out.extend(examples(&held, Some(&tagger)));
    }
    out
}

/// Cost of each transition kind (SHIFT, LEFT, RIGHT) in arcs that can no longer be built.
fn costs(st: &State, gold: &[usize]) -> [usize; 3] {
    let mut c = [usize::MAX; 3];
    let valid = st.valid();
    let in_buffer = |x: usize| x >= st.buffer && x <= st.n;
    let deps_in_buffer = |x: usize| (st.buffer..=st.n).filter(|&d| gold[d] == x).count();
    if valid[0] {
        let b0 = st.buffer;
        let stack_below = &st.stack[..st.stack.len().saturating_sub(1)];
        let head_lost = stack_below.contains(&gold[b0]) as usize;
        let deps_lost = st.stack.iter().filter(|&&d| d != 0 && gold[d] == b0).count();
        c[0] = head_lost + deps_lost;
    }
    if let Some(s0) = st.s(0) {
        let s1 = st.s(1);
        if valid[1] {
            let b0 = st.buffer;
            let head_lost = (gold[s0] != b0 && (Some(gold[s0]) == s1 || in_buffer(gold[s0]))) as usize;
            c[1] = head_lost + deps_in_buffer(s0);
        }
        if valid[2] {
            let head_lost = (Some(gold[s0]) != s1 && in_buffer(gold[s0])) as usize;
            c[2] = head_lost + deps_in_buffer(s0);
        }
    }
    c
}

/// Best zero-cost transition by score; arcs it builds take their gold label when gold.
fn oracle(st: &State, gold: &[usize], labels: &[usize], scores: &[f32]) -> Option<usize> {
    let c = costs(st, gold);
    let min = *c.iter().min()?;
    if min == usize::MAX {
        return None;
    }
    let mut best: Option<usize> = None;
    for t in 0..scores.len() {
        let k = kind(t);
        if c[k] != min {
            continue;
        }
        if t != SHIFT {
            let s0 = st.s(0)?;
            let head = if k == 1 { st.buffer } else { st.s(1)? };
            let label = (t - 1) / 2;
            if gold[s0] == head && labels[s0] != label {
                continue;
            }
        }
        if best.is_none_or(|b| scores[t] > scores[b]) {
            best = Some(t);
        }
    }
    best
}

/// Trains on `cfg.train`; with a tagger, on its predicted tags (as at run time).
pub fn train(cfg: &TrainConfig, tagger: Option<&Tagger>) -> Result<Parser> {
    let all = conllu::read_file(&cfg.train)?;
    let mut data = match tagger {
        // Tags the parser trains on must be as wrong as at run time: each tenth of the
        // data is tagged by a tagger trained on the other nine (jackknifing).
        Some(_) => jackknife(&all, cfg.seed),
        None => examples(&all, None),
    };
    let before = data.len();
    data.retain(|e| projective(&e.heads));
    if data.is_empty() {
        return Err(Error::Invalid(format!("{}: no projective sentences to train on", cfg.train.display())));
    }
    eprintln!(
        "parser: {} sentences ({} non-projective skipped), tags from {}",
        data.len(),
        before - data.len(),
        if tagger.is_some() { "the tagger" } else { "the gold file" }
    );
    let mut trainer = Trainer::new(n_classes());
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut scores = vec![0.0f32; n_classes()];
    let mut feats = Vec::with_capacity(64);
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &i in &order {
            let ex = &data[i];
            let mut st = State::new(ex.lower.len());
            while !st.terminal() {
                extract(&st, &ex.lower, &ex.tags, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score(&feats, &mut scores);
                let guess = best_valid(&st, &scores);
                let Some(truth) = oracle(&st, &ex.heads, &ex.labels, &scores) else { break };
                trainer.update(&feats, truth, guess);
                trainer.tick();
                right += usize::from(truth == guess);
                total += 1;
                // Explore: follow the model after the first epoch, mostly.
                let follow = if epoch > 0 && rng.next_u64() % 10 != 0 { guess } else { truth };
                st.apply(follow);
            }
        }
        eprintln!("parser: epoch {} transition accuracy {:.4}", epoch + 1, right as f64 / total.max(1) as f64);
    }
    let parser = Parser { weights: trainer.finish(2, 0.0) };
    if let Some(dev) = &cfg.dev {
        let dev = examples(&conllu::read_file(dev)?, tagger);
        let (uas, las) = evaluate(&parser, &dev);
        eprintln!("parser: dev UAS {uas:.4} LAS {las:.4} ({} features)", parser.weights.n_features());
    }
    Ok(parser)
}

fn evaluate(p: &Parser, data: &[Example]) -> (f64, f64) {
    let (mut n, mut u, mut l) = (0usize, 0usize, 0usize);
    for ex in data {
        let words: Vec<&str> = ex.lower.iter().map(String::as_str).collect();
        for (i, a) in p.parse(&words, &ex.tags).iter().enumerate() {
            n += 1;
            if a.head == ex.heads[i + 1] {
                u += 1;
                let gold = super::DEPRELS[ex.labels[i + 1]].split(':').next().unwrap();
                l += usize::from(a.deprel.split(':').next().unwrap() == gold);
            }
        }
    }
    (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_follows_gold_on_projective_trees() {
        // Trump threatened Canada .  heads: 2 0 2 2
        let gold = [0, 2, 0, 2, 2];
        let labels = [0, deprel_index("nsubj"), deprel_index("root"), deprel_index("obj"), deprel_index("punct")];
        let mut st = State::new(4);
        let scores = vec![0.0f32; n_classes()];
        while !st.terminal() {
            let t = oracle(&st, &gold, &labels, &scores).unwrap();
            assert_eq!(costs(&st, &gold)[kind(t)], 0);
            st.apply(t);
        }
        assert_eq!(st.heads[1..], gold[1..]);
        assert_eq!(st.labels[1], deprel_index("nsubj"));
    }

    #[test]
    fn projectivity() {
        assert!(projective(&[0, 2, 0, 2]));
        assert!(!projective(&[0, 3, 4, 0, 3]));
    }
}
