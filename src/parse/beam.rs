//! Beam search over transition sequences (Zhang & Clark 2008), shared by
//! parsing and training: every hypothesis takes exactly 2n transitions
//! (n shifts, n reductions), so all finish together.

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
    /// Hypotheses not in use, kept for their allocations.
    pool: Vec<Item>,
    candidates: Vec<Candidate>,
    /// How many candidates continue each hypothesis.
    uses: Vec<u32>,
    /// (previous entry, transition) for every step of every hypothesis:
    /// back-pointers, so a hypothesis needs no copy of its history.
    history: Vec<(u32, u16)>,
    scores: Vec<f32>,
    /// How far behind the best a hypothesis may fall and stay.
    margin: f32,
}

impl Beam {
    pub fn new(width: usize) -> Beam {
        Beam {
            width: width.max(1),
            items: Vec::new(),
            spare: Vec::new(),
            pool: Vec::new(),
            candidates: Vec::new(),
            uses: Vec::new(),
            history: Vec::new(),
            scores: vec![0.0; n_classes()],
            margin: f32::INFINITY,
        }
    }

    pub fn set_width(&mut self, width: usize) {
        self.width = width.max(1);
    }

    /// Starts a sentence of `n` words.
    pub fn start(&mut self, n: usize) {
        // The states of the last sentence are reused: no allocation per sentence.
        self.pool.append(&mut self.items);
        self.pool.append(&mut self.spare);
        let mut first = self.pool.pop().unwrap_or(Item { state: State::new(0), score: 0.0, gold: true, last: 0 });
        first.state.reset(n);
        self.items.push(Item { score: 0.0, gold: true, last: u32::MAX, ..first });
        self.history.clear();
    }

    /// Hypotheses scoring more than `margin` below the best are dropped (infinite: none).
    pub fn set_margin(&mut self, margin: f32) {
        self.margin = margin;
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Advances every hypothesis by one transition and keeps the best `width`.
    /// `score` writes the scores of every transition from a state. `gold` is
    /// the gold transition when training; returns the score of the gold
    /// continuation if a gold hypothesis was still in the beam.
    pub fn step(&mut self, mut score: impl FnMut(&State, &mut [f32]), gold: Option<usize>) -> Option<f32> {
        self.candidates.clear();
        let mut gold_score = None;
        for (i, item) in self.items.iter().enumerate() {
            score(&item.state, &mut self.scores);
            if let Some(g) = gold.filter(|_| item.gold) {
                gold_score = Some(item.score + self.scores[g]);
            }
            let valid = item.state.valid();
            // Most transitions fall below the beam's worst or out of the margin:
            // a chunk is looked at one by one only when one of them may not.
            const LANES: usize = 16;
            let mut floor = floor(&self.candidates, self.width, self.margin);
            for (c, chunk) in self.scores.chunks(LANES).enumerate() {
                if !chunk.iter().fold(false, |any, &s| any | (item.score + s >= floor)) {
                    continue;
                }
                for (j, &s) in chunk.iter().enumerate() {
                    let t = c * LANES + j;
                    // Below the floor a transition could not stay (the best only rises).
                    if item.score + s >= floor && valid[kind(t)] {
                        offer(
                            &mut self.candidates,
                            self.width,
                            Candidate { score: item.score + s, item: i as u32, t: t as u16 },
                        );
                        floor = self::floor(&self.candidates, self.width, self.margin);
                    }
                }
            }
        }
        if let Some(best) = self.candidates.first().map(|c| c.score) {
            let floor = best - self.margin;
            let keep = self.candidates.partition_point(|c| c.score >= floor);
            self.candidates.truncate(keep);
        }
        // A hypothesis's last continuation takes its state; the others copy it.
        self.uses.clear();
        self.uses.resize(self.items.len(), 0);
        self.candidates.iter().for_each(|c| self.uses[c.item as usize] += 1);
        for (j, c) in self.candidates.iter().enumerate() {
            if j == self.spare.len() {
                let item = self.pool.pop().unwrap_or(Item { state: State::new(0), score: 0.0, gold: false, last: 0 });
                self.spare.push(item);
            }
            let parent = &mut self.items[c.item as usize];
            self.uses[c.item as usize] -= 1;
            if self.uses[c.item as usize] == 0 {
                std::mem::swap(&mut self.spare[j].state, &mut parent.state);
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
        while self.spare.len() > self.candidates.len() {
            self.pool.extend(self.spare.pop());
        }
        std::mem::swap(&mut self.items, &mut self.spare);
        gold_score
    }

    /// Parses a sentence of `n` words: the best hypothesis's final state.
    pub fn parse(&mut self, n: usize, mut score: impl FnMut(&State, &mut [f32])) -> &State {
        self.start(n);
        for _ in 0..2 * n {
            self.step(&mut score, None);
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

/// The lowest score a candidate needs to enter `candidates` and stay: the
/// worst's when `width` are kept, and within `margin` of the best.
#[inline]
fn floor(candidates: &[Candidate], width: usize, margin: f32) -> f32 {
    let worst = if candidates.len() == width { candidates[width - 1].score } else { f32::NEG_INFINITY };
    let best = candidates.first().map_or(f32::NEG_INFINITY, |c| c.score);
    worst.max(best - margin)
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
