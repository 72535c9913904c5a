//! Beam search over transition sequences (Zhang & Clark 2008), shared by
//! parsing and training: every hypothesis takes exactly 2n transitions
//! (n shifts, n reductions), so all finish together.

use super::features::{extract, Sentence, N_FEATURES};
use super::{kind, n_classes, State};

/// One hypothesis.
pub(crate) struct Item {
    pub state: State,
    /// Sum of its transitions' scores.
    pub score: f32,
    /// Whether every transition so far was the gold one (training only).
    pub gold: bool,
    /// Its last entry in `Beam::history` (`u32::MAX` before the first step).
    pub last: u32,
}

#[derive(Clone, Copy)]
struct Candidate {
    score: f32,
    item: u32,
    t: u16,
}

pub(crate) struct Beam {
    width: usize,
    /// The hypotheses, best first.
    pub items: Vec<Item>,
    spare: Vec<Item>,
    candidates: Vec<Candidate>,
    /// (previous entry, transition) for every step of every hypothesis:
    /// back-pointers, so a hypothesis needs no copy of its history.
    history: Vec<(u32, u16)>,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

impl Beam {
    pub fn new(width: usize) -> Beam {
        Beam {
            width: width.max(1),
            items: Vec::new(),
            spare: Vec::new(),
            candidates: Vec::new(),
            history: Vec::new(),
            feats: Vec::with_capacity(N_FEATURES),
            scores: vec![0.0; n_classes()],
        }
    }

    pub fn set_width(&mut self, width: usize) {
        self.width = width.max(1);
    }

    /// Starts a sentence of `n` words.
    pub fn start(&mut self, n: usize) {
        self.items.clear();
        self.items.push(Item { state: State::new(n), score: 0.0, gold: true, last: u32::MAX });
        self.history.clear();
    }

    /// Advances every hypothesis by one transition and keeps the best `width`.
    /// `gold` is the gold transition when training; returns the score of the
    /// gold continuation if a gold hypothesis was still in the beam.
    pub fn step(&mut self, sent: &Sentence, score: impl Fn(&[u64], &mut [f32]), gold: Option<usize>) -> Option<f32> {
        self.candidates.clear();
        let mut gold_score = None;
        for (i, item) in self.items.iter().enumerate() {
            extract(&item.state, sent, &mut self.feats);
            self.scores.iter_mut().for_each(|s| *s = 0.0);
            score(&self.feats, &mut self.scores);
            if let Some(g) = gold.filter(|_| item.gold) {
                gold_score = Some(item.score + self.scores[g]);
            }
            let valid = item.state.valid();
            for (t, &s) in self.scores.iter().enumerate() {
                if valid[kind(t)] {
                    offer(
                        &mut self.candidates,
                        self.width,
                        Candidate { score: item.score + s, item: i as u32, t: t as u16 },
                    );
                }
            }
        }
        for (j, c) in self.candidates.iter().enumerate() {
            let parent = &self.items[c.item as usize];
            if j == self.spare.len() {
                self.spare.push(Item { state: parent.state.clone(), score: 0.0, gold: false, last: 0 });
            } else {
                self.spare[j].state.clone_from(&parent.state);
            }
            self.history.push((parent.last, c.t));
            let next = &mut self.spare[j];
            next.state.apply(c.t as usize);
            next.score = c.score;
            next.gold = parent.gold && gold == Some(c.t as usize);
            next.last = self.history.len() as u32 - 1;
        }
        self.spare.truncate(self.candidates.len());
        std::mem::swap(&mut self.items, &mut self.spare);
        gold_score
    }

    /// Parses a sentence: the best hypothesis's final state.
    pub fn parse(&mut self, sent: &Sentence, score: impl Fn(&[u64], &mut [f32])) -> &State {
        self.start(sent.n());
        for _ in 0..2 * sent.n() {
            self.step(sent, &score, None);
        }
        &self.items[0].state
    }

    /// The transitions leading to history entry `last`, first to last.
    pub fn transitions(&self, mut last: u32) -> Vec<usize> {
        let mut out = Vec::new();
        while last != u32::MAX {
            let (prev, t) = self.history[last as usize];
            out.push(t as usize);
            last = prev;
        }
        out.reverse();
        out
    }
}

/// Keeps `candidates` the best `width` offered so far, best first. They come
/// in (hypothesis, transition) order and a tie never displaces an earlier
/// one, so the choice is deterministic.
#[inline]
fn offer(candidates: &mut Vec<Candidate>, width: usize, c: Candidate) {
    let full = candidates.len() == width;
    if full && c.score <= candidates[width - 1].score {
        return;
    }
    let at = candidates.partition_point(|x| x.score >= c.score);
    if full {
        candidates.pop();
    }
    candidates.insert(at, c);
}
