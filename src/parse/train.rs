//! Training the parser: a global perceptron over beam search with
//! max-violation updates (Huang et al. 2012).

use super::beam::Beam;
use super::features::{extract, Sentence, WordClusters, N_FEATURES};
use super::{deprel_index, n_classes, Parser, State, SHIFT};
use crate::model::perceptron::Trainer;
use crate::model::{Rng, TrainConfig};
use crate::tag::{Tagger, TokenTag, UPOS, XPOS};
use crate::text::conllu::{self, ConlluSentence};
use crate::{Error, Result};
use std::path::Path;

struct Example {
    lower: Vec<String>,
    tags: Vec<TokenTag>,
    /// Gold head (0 = root) and label of tokens 1..=n, at index 1..=n.
    heads: Vec<usize>,
    labels: Vec<usize>,
}

/// Whether `a` is `d` or one of its ancestors.
fn dominates(heads: &[usize], a: usize, mut d: usize) -> bool {
    for _ in 0..heads.len() {
        if d == a {
            return true;
        }
        if d == 0 {
            return false;
        }
        d = heads[d];
    }
    false
}

/// Makes a tree projective by lifting arcs: while some arc spans a token
/// its head does not dominate, the shortest such arc moves up to the head's
/// head (Nivre & Nilsson 2005). The lifted words keep their labels; the
/// parser then learns from the rest of those sentences instead of skipping them.
fn lift(heads: &mut [usize]) {
    loop {
        let n = heads.len() - 1;
        let worst = (1..=n)
            .filter(|&d| {
                let h = heads[d];
                let (a, b) = if h < d { (h, d) } else { (d, h) };
                (a + 1..b).any(|k| !dominates(heads, h, k))
            })
            .min_by_key(|&d| heads[d].abs_diff(d));
        match worst {
            Some(d) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
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
                    .map(|w| TokenTag {
                        upos: static_tag(&w.upos, UPOS),
                        xpos: static_tag(&w.xpos, XPOS),
                        lemma: w.lemma.as_str().into(),
                    })
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
        let held: Vec<ConlluSentence> =
            all.iter().enumerate().filter(|(i, _)| i % FOLDS == fold).map(|(_, s)| s.clone()).collect();
        let rest: Vec<ConlluSentence> =
            all.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, s)| s.clone()).collect();
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

/// The gold transition sequence of a projective tree: a zero-cost
/// transition at every step, reducing before shifting.
fn gold_sequence(gold: &[usize], labels: &[usize]) -> Vec<usize> {
    let mut st = State::new(gold.len() - 1);
    let mut seq = Vec::with_capacity(2 * st.n);
    while !st.terminal() {
        let c = costs(&st, gold);
        let t = if c[1] == 0 {
            1 + 2 * labels[st.s(0).unwrap()]
        } else if c[2] == 0 {
            2 + 2 * labels[st.s(0).unwrap()]
        } else {
            debug_assert_eq!(c[0], 0, "projective trees have a zero-cost transition");
            SHIFT
        };
        seq.push(t);
        st.apply(t);
    }
    seq
}

/// Beam width: training and parsing use the same, unless overridden.
const BEAM: usize = 8;

/// One max-violation update on one sentence: beam-search alongside the gold
/// sequence, find the step where the best hypothesis beats the gold prefix
/// by most, and move weight from that hypothesis's features to the gold's.
fn train_sentence(
    trainer: &mut Trainer,
    beam: &mut Beam,
    sent: &Sentence,
    gold: &[usize],
    feats: &mut Vec<u64>,
    scores: &mut [f32],
) {
    beam.start(sent.n());
    let mut gold_state = State::new(sent.n());
    let mut gold_score = 0.0f32;
    let mut worst: Option<(f32, usize, u32)> = None;
    let mut score = |st: &State, s: &mut [f32]| {
        extract(st, sent, feats);
        s.iter_mut().for_each(|s| *s = 0.0);
        trainer.score(feats, s);
    };
    for (i, &g) in gold.iter().enumerate() {
        gold_score = match beam.step(&mut score, Some(g)) {
            Some(s) => s,
            None => {
                score(&gold_state, scores);
                gold_score + scores[g]
            }
        };
        gold_state.apply(g);
        let top = &beam.items[0];
        // Ties count (>=): with all-zero weights at the start every violation is 0.
        if !top.gold && worst.is_none_or(|(v, _, _)| top.score - gold_score >= v) {
            worst = Some((top.score - gold_score, i, top.last));
        }
    }
    let Some((_, step, last)) = worst else { return };
    let predicted = beam.transitions(last);
    let same = predicted.iter().zip(gold).take_while(|(p, g)| p == g).count();
    let mut prefix = State::new(sent.n());
    gold[..same].iter().for_each(|&t| prefix.apply(t));
    for (seq, delta) in [(&gold[..=step], 1.0), (&predicted[..], -1.0)] {
        let mut st = prefix.clone();
        for &t in &seq[same..] {
            extract(&st, sent, feats);
            trainer.add(feats, t, delta);
            st.apply(t);
        }
    }
}

/// How many of the most frequent words of the clustered corpus the model's
/// cluster table keeps, besides the training words.
const CLUSTER_WORDS: usize = 50_000;

/// The cluster table of a model trained on `data`: the training words and
/// the `CLUSTER_WORDS` most frequent (experiments: NEWSGRAPH_PARSER_CLUSTER_WORDS=n).
fn cluster_table(path: &Path, data: &[Example]) -> Result<WordClusters> {
    let frequent =
        std::env::var("NEWSGRAPH_PARSER_CLUSTER_WORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(CLUSTER_WORDS);
    let vocab: std::collections::HashSet<&str> = data.iter().flat_map(|e| e.lower.iter().map(String::as_str)).collect();
    crate::model::clusters::read_table(path, |text| {
        WordClusters::from_table(text, |w, rank| rank < frequent || vocab.contains(w))
    })
}

/// Trains on `cfg.train`; with a tagger, on its predicted tags (as at run time).
/// Scores `cfg.dev` after every epoch, to choose the number of epochs. With
/// `clusters` (the word table of `scripts/ner_clusters.py`), adds Brown
/// cluster features and keeps the clusters of the words that matter. With
/// `ensemble` > 1, trains that many models on different shuffles, one per
/// thread, and sums their averaged weights (dev scored once, at the end):
/// the sum evens out what one order of the data happened to teach (EWT dev
/// UAS/LAS at beam 8: 86.86 / 83.94 for one model, 86.99 / 83.99 for two).
pub fn train(cfg: &TrainConfig, tagger: Option<&Tagger>, clusters: Option<&Path>, ensemble: usize) -> Result<Parser> {
    let all = conllu::read_file(&cfg.train)?;
    let mut data = match tagger {
        // Tags the parser trains on must be as wrong as at run time: each tenth of the
        // data is tagged by a tagger trained on the other nine (jackknifing).
        Some(_) => jackknife(&all, cfg.seed),
        None => examples(&all, None),
    };
    if data.is_empty() {
        return Err(Error::Invalid(format!("{}: no sentences to train on", cfg.train.display())));
    }
    let lifted = data.iter_mut().filter(|e| !projective(&e.heads)).map(|e| lift(&mut e.heads)).count();
    eprintln!(
        "parser: {} sentences ({lifted} made projective), tags from {}",
        data.len(),
        if tagger.is_some() { "the tagger" } else { "the gold file" }
    );
    let clusters = match clusters {
        Some(path) => {
            let table = cluster_table(path, &data)?;
            eprintln!("parser: clusters of {} words", table.len());
            table
        }
        None => WordClusters::default(),
    };
    let sents: Vec<Sentence> = data.iter().map(|e| Sentence::new(&e.lower, &e.tags, &clusters)).collect();
    let golds: Vec<Vec<usize>> = data.iter().map(|e| gold_sequence(&e.heads, &e.labels)).collect();
    let dev = match &cfg.dev {
        Some(dev) => examples(&conllu::read_file(dev)?, tagger),
        None => Vec::new(),
    };
    let width = super::beam_override().unwrap_or(BEAM);
    let members = ensemble.max(1);
    // Each member learns from its own order of the data, on its own thread.
    let trainers: Vec<Trainer> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..members)
            .map(|k| {
                let (sents, golds, clusters) = (&sents, &golds, &clusters);
                // Per-epoch dev scores only for a single model (an ensemble's are summed at the end).
                let dev = if members == 1 { &dev[..] } else { &[][..] };
                scope.spawn(move || train_member(sents, golds, cfg.seed + k as u64, cfg.epochs, width, dev, clusters))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a training thread panicked")).collect()
    });
    // The last epoch's model: after about ten epochs dev scores differ by
    // hundredths of a point, and picking the best of such ties only fits dev.
    let parser = Parser::new(
        Trainer::averaged_sum(&trainers, MIN_UPDATES, 0.0).pruned(MAX_BYTES),
        width,
        super::DEFAULT_BEAM,
        clusters,
    );
    if members > 1 && !dev.is_empty() {
        let (uas, las) = evaluate(&parser, &dev);
        eprintln!(
            "parser: ensemble of {members} dev UAS {uas:.4} LAS {las:.4} with the default beam ({} features)",
            parser.weights.n_features()
        );
    }
    Ok(parser)
}

/// One model trained on `sents` in an order shuffled with `seed`; with `dev`,
/// reports dev scores after every epoch (to choose the number of epochs).
fn train_member(
    sents: &[Sentence],
    golds: &[Vec<usize>],
    seed: u64,
    epochs: usize,
    width: usize,
    dev: &[Example],
    clusters: &WordClusters,
) -> Trainer {
    let mut trainer = Trainer::new(n_classes());
    let mut beam = Beam::new(width);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut scores = vec![0.0f32; n_classes()];
    let mut feats = Vec::with_capacity(N_FEATURES);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            train_sentence(&mut trainer, &mut beam, &sents[i], &golds[i], &mut feats, &mut scores);
            trainer.tick();
        }
        if !dev.is_empty() {
            let parser =
                Parser::new(trainer.averaged(MIN_UPDATES, 0.0).pruned(MAX_BYTES), width, width, clusters.clone());
            let (uas, las) = evaluate(&parser, dev);
            eprintln!(
                "parser: epoch {} dev UAS {uas:.4} LAS {las:.4} ({} features)",
                epoch + 1,
                parser.weights.n_features()
            );
        }
    }
    trainer
}

/// Features updated fewer times are dropped from the model (mostly rare
/// words and word pairs): dropping these before the smallest weights keeps
/// dev UAS within 0.1 of the unpruned 42 MB model (magnitude alone, from 5
/// updates: 0.7 below).
const MIN_UPDATES: u32 = 20;
/// The model file's size: the smallest weights are dropped to fit.
const MAX_BYTES: usize = 9_000_000;

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
    use crate::parse::kind;

    #[test]
    fn gold_sequence_builds_the_gold_tree() {
        // Trump threatened Canada .  heads: 2 0 2 2
        let gold = [0, 2, 0, 2, 2];
        let labels = [0, deprel_index("nsubj"), deprel_index("root"), deprel_index("obj"), deprel_index("punct")];
        let mut st = State::new(4);
        for t in gold_sequence(&gold, &labels) {
            assert!(st.valid()[kind(t)]);
            assert_eq!(costs(&st, &gold)[kind(t)], 0);
            st.apply(t);
        }
        assert!(st.terminal());
        assert!(st.heads[1..].iter().zip(&gold[1..]).all(|(&h, &g)| h as usize == g));
        assert_eq!(st.labels[1] as usize, deprel_index("nsubj"));
    }

    #[test]
    fn lifting_makes_trees_projective() {
        let mut heads = [0, 3, 4, 0, 3];
        lift(&mut heads);
        assert_eq!(heads, [0, 3, 3, 0, 3]);
        let mut proj = [0, 2, 0, 2];
        lift(&mut proj);
        assert_eq!(proj, [0, 2, 0, 2]);
    }

    #[test]
    fn projectivity() {
        assert!(projective(&[0, 2, 0, 2]));
        assert!(!projective(&[0, 3, 4, 0, 3]));
    }
}
