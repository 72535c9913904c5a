//! Stage 4: dependency parsing with UD relations.
//!
//! An arc-hybrid transition parser (Kuhlmann et al. 2011) with beam search
//! and a global averaged perceptron over hashed features of the stack, the
//! buffer and the partial tree (Zhang & Nivre 2011), trained with
//! max-violation updates (Huang et al. 2012), with Brown word-cluster
//! features when trained with a cluster table (Koo et al. 2008; see
//! `crate::model::clusters`). Non-projective training trees
//! are made projective by lifting arcs (Nivre & Nilsson 2005, without
//! encoding the lifts in labels); prediction always returns one tree with a
//! single root.

mod beam;
mod features;
mod memo;
mod train;

pub use train::train;

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::model::perceptron::Weights;
use crate::model::{deltas, undeltas};
use crate::tag::TokenTag;
use crate::Result;
use beam::Beam;
use features::{Sentence, WordClusters};
use memo::StateScorer;

/// The head of one token: `head` is 0 for the root, else the 1-based index of the head token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arc {
    pub head: usize,
    pub deprel: &'static str,
}

/// The dependency relations of UD English-EWT.
pub const DEPRELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "nmod:tmod",
    "obl:tmod",
    "nmod:npmod",
    "obl:npmod",
    "flat:foreign",
];

// Label sets of dependents are u64 bit sets.
const _: () = assert!(DEPRELS.len() <= 64);

pub(crate) fn deprel_index(d: &str) -> usize {
    DEPRELS.iter().position(|x| *x == d).unwrap_or_else(|| DEPRELS.iter().position(|x| *x == "dep").unwrap())
}

/// Transitions: 0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l).
pub(crate) const SHIFT: usize = 0;

pub(crate) fn n_classes() -> usize {
    1 + 2 * DEPRELS.len()
}

/// The parser state: stack, buffer front, and the arcs built so far.
/// Token 0 is the artificial root; words are 1..=n.
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<usize>,
    pub buffer: usize,
    /// Head of each word ([`NO_HEAD`]: none yet) and its label; narrow
    /// types, as the beam copies states.
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    /// Leftmost / rightmost dependents (0 = none).
    pub left: Vec<[u32; 2]>,
    pub right: Vec<[u32; 2]>,
    pub n_left: Vec<u8>,
    pub n_right: Vec<u8>,
    /// Sets of the labels of the left / right dependents (bit l = label l).
    pub left_labels: Vec<u64>,
    pub right_labels: Vec<u64>,
}

/// `State::heads` of a word not yet attached.
const NO_HEAD: u32 = u32::MAX;

impl Clone for State {
    fn clone(&self) -> State {
        let mut st = State::new(0);
        st.clone_from(self);
        st
    }

    /// Field by field, into the vectors already there: the beam copies a
    /// state for every extra continuation, and a derived `clone_from` would
    /// allocate nine vectors and free nine each time.
    fn clone_from(&mut self, from: &State) {
        self.n = from.n;
        self.stack.clone_from(&from.stack);
        self.buffer = from.buffer;
        self.heads.clone_from(&from.heads);
        self.labels.clone_from(&from.labels);
        self.left.clone_from(&from.left);
        self.right.clone_from(&from.right);
        self.n_left.clone_from(&from.n_left);
        self.n_right.clone_from(&from.n_right);
        self.left_labels.clone_from(&from.left_labels);
        self.right_labels.clone_from(&from.right_labels);
    }
}

impl State {
    pub fn new(n: usize) -> State {
        let mut st = State {
            n: 0,
            stack: Vec::new(),
            buffer: 1,
            heads: Vec::new(),
            labels: Vec::new(),
            left: Vec::new(),
            right: Vec::new(),
            n_left: Vec::new(),
            n_right: Vec::new(),
            left_labels: Vec::new(),
            right_labels: Vec::new(),
        };
        st.reset(n);
        st
    }

    /// Makes this the start state of a sentence of `n` words, keeping the allocations.
    pub fn reset(&mut self, n: usize) {
        fn fill<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
            v.clear();
            v.resize(n, x);
        }
        self.n = n;
        fill(&mut self.stack, 1, 0);
        self.buffer = 1;
        fill(&mut self.heads, n + 1, NO_HEAD);
        fill(&mut self.labels, n + 1, 0);
        fill(&mut self.left, n + 1, [0, 0]);
        fill(&mut self.right, n + 1, [0, 0]);
        fill(&mut self.n_left, n + 1, 0);
        fill(&mut self.n_right, n + 1, 0);
        fill(&mut self.left_labels, n + 1, 0);
        fill(&mut self.right_labels, n + 1, 0);
    }

    pub fn terminal(&self) -> bool {
        self.buffer > self.n && self.stack.len() == 1
    }

    pub fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|i| self.stack[i])
    }

    pub fn b(&self, k: usize) -> Option<usize> {
        let i = self.buffer + k;
        (i <= self.n).then_some(i)
    }

    /// Which of SHIFT / LEFT / RIGHT are allowed now.
    pub fn valid(&self) -> [bool; 3] {
        let has_buffer = self.buffer <= self.n;
        let s0 = self.s(0);
        let shift = has_buffer;
        let left = has_buffer && s0.is_some_and(|s| s != 0);
        // RIGHT onto the root only as the very last step: one root per sentence.
        let right =
            self.stack.len() >= 2 && (self.stack[self.stack.len() - 2] != 0 || !has_buffer && self.stack.len() == 2);
        [shift, left, right]
    }

    fn add_arc(&mut self, head: usize, dep: usize, label: usize) {
        self.heads[dep] = head as u32;
        self.labels[dep] = label as u8;
        let d = dep as u32;
        if dep < head {
            let l = &mut self.left[head];
            if l[0] == 0 || d < l[0] {
                l[1] = l[0];
                l[0] = d;
            } else if l[1] == 0 || d < l[1] {
                l[1] = d;
            }
            self.n_left[head] = self.n_left[head].saturating_add(1);
            self.left_labels[head] |= 1 << label;
        } else {
            let r = &mut self.right[head];
            if d > r[0] {
                r[1] = r[0];
                r[0] = d;
            } else if d > r[1] {
                r[1] = d;
            }
            self.n_right[head] = self.n_right[head].saturating_add(1);
            self.right_labels[head] |= 1 << label;
        }
    }

    pub fn apply(&mut self, t: usize) {
        if t == SHIFT {
            self.stack.push(self.buffer);
            self.buffer += 1;
        } else {
            let label = (t - 1) / 2;
            let s0 = self.stack.pop().expect("valid transition");
            if (t - 1) % 2 == 0 {
                self.add_arc(self.buffer, s0, label);
            } else {
                let s1 = *self.stack.last().expect("valid transition");
                self.add_arc(s1, s0, label);
            }
        }
    }
}

pub(crate) fn kind(t: usize) -> usize {
    if t == SHIFT {
        0
    } else {
        1 + (t - 1) % 2
    }
}

/// 3: a Brown cluster table (may be empty) after the weights.
const FORMAT: u32 = 3;

/// Experiments only: NEWSGRAPH_PARSER_BEAM=k trains, or parses, with beam width k
/// (parsing with a narrower beam than trained trades accuracy for speed).
pub(crate) fn beam_override() -> Option<usize> {
    std::env::var("NEWSGRAPH_PARSER_BEAM").ok()?.parse().ok()
}

/// The beam width parsing uses unless told otherwise: the narrowest whose
/// EWT dev UAS and LAS, with [`BEAM_MARGIN`], reach those of the full beam
/// of 8 the model was trained with (87.06 / 84.06 against 86.99 / 83.99),
/// at about 2.2 times its speed.
pub const DEFAULT_BEAM: usize = 4;

/// The beam width chosen for this process with [`set_beam_width`] (0: none chosen).
static BEAM_WIDTH: AtomicUsize = AtomicUsize::new(0);

/// The widest beam [`set_beam_width`] accepts.
pub const MAX_BEAM: usize = 64;

/// Parses with beam width `width` from now on, in every thread; `None`
/// goes back to [`DEFAULT_BEAM`]. A narrower beam is faster and a little
/// less accurate: 1 is greedy, about 1.7 times as fast as 4 (see the
/// README's table). Widths from 1 to [`MAX_BEAM`].
pub fn set_beam_width(width: Option<usize>) -> Result<()> {
    match width {
        Some(w) if !(1..=MAX_BEAM).contains(&w) => {
            Err(crate::Error::Invalid(format!("the parser's beam width must be 1 to {MAX_BEAM}, not {w}")))
        }
        _ => {
            BEAM_WIDTH.store(width.unwrap_or(0), Ordering::Relaxed);
            Ok(())
        }
    }
}

/// A hypothesis whose score falls this far behind the best one's (in the
/// averaged perceptron's own units) leaves the beam, however wide: where the
/// model is sure, the beam narrows to the few parses that can still win, and
/// only ambiguous stretches of a sentence pay for the full width. Chosen on
/// EWT dev at width 4 from 300, 330, 360 and 420 (the best dev UAS and LAS);
/// it also raised dev UAS at widths 4, 5 and 8 (the search keeps fewer
/// far-behind hypotheses that win late on a wrong early guess).
pub const BEAM_MARGIN: f32 = 360.0;

/// [`BEAM_MARGIN`], or NEWSGRAPH_PARSER_MARGIN (experiments; `inf`: no
/// margin), in the score units of `weights`.
fn margin_in(weights: &Weights) -> f32 {
    let margin = std::env::var("NEWSGRAPH_PARSER_MARGIN").ok().and_then(|m| m.parse().ok()).unwrap_or(BEAM_MARGIN);
    margin / weights.scale()
}

/// The beam width parsing uses now ([`Parser::beam_width`]) without loading
/// the model; 0 when no parser model is built in.
pub fn beam_width() -> usize {
    if MODEL_BYTES.is_empty() {
        return 0;
    }
    chosen_beam_width().unwrap_or_else(default_parse_beam)
}

/// The width chosen with [`set_beam_width`], if any.
fn chosen_beam_width() -> Option<usize> {
    Some(BEAM_WIDTH.load(Ordering::Relaxed)).filter(|&w| w != 0)
}

/// The width the built-in model parses with unless one is chosen.
fn default_parse_beam() -> usize {
    beam_override().unwrap_or(DEFAULT_BEAM)
}

const MODEL_BYTES: &[u8] = include_bytes!("../../models/parser.bin");

#[derive(Serialize, Deserialize)]
struct ParserFile {
    format: u32,
    beam: u32,
    weights: Weights,
    /// Sorted keys of the cluster table, delta-encoded, and their clusters.
    cluster_key_deltas: Vec<u64>,
    cluster_codes: Vec<u32>,
}

pub struct Parser {
    weights: Weights,
    /// Beam width the model was trained with.
    beam: usize,
    /// Beam width it parses with unless [`set_beam_width`] says otherwise.
    parse_beam: usize,
    /// Brown clusters of words (empty: a model without cluster features).
    clusters: WordClusters,
    /// [`BEAM_MARGIN`] in the units of these weights' scores.
    margin: f32,
}

impl Parser {
    /// The model shipped in `models/parser.bin`, or `None` when that file is empty.
    pub fn builtin() -> Option<&'static Parser> {
        static MODEL: OnceLock<Option<Parser>> = OnceLock::new();
        crate::model::builtin(&MODEL, MODEL_BYTES, Parser::from_bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Parser> {
        let mut f: ParserFile = crate::model::decode("parser", bytes, FORMAT)?;
        f.weights.build_index();
        let clusters = WordClusters::new(undeltas(&f.cluster_key_deltas), f.cluster_codes)
            .map_err(|message| crate::Error::Model { name: "parser".into(), message })?;
        Ok(Parser::new(f.weights, f.beam as usize, default_parse_beam(), clusters))
    }

    fn new(weights: Weights, beam: usize, parse_beam: usize, clusters: WordClusters) -> Parser {
        let margin = margin_in(&weights);
        Parser { weights, beam, parse_beam, clusters, margin }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(&ParserFile {
            format: FORMAT,
            beam: self.beam as u32,
            weights: self.weights.clone(),
            cluster_key_deltas: deltas(&self.clusters.keys),
            cluster_codes: self.clusters.codes.clone(),
        })
        .expect("in memory")
    }

    /// Number of words in the model's Brown cluster table (0: no cluster features).
    pub fn n_cluster_words(&self) -> usize {
        self.clusters.len()
    }

    /// The beam width parsing uses now: the one set with [`set_beam_width`], else [`DEFAULT_BEAM`].
    pub fn beam_width(&self) -> usize {
        chosen_beam_width().unwrap_or(self.parse_beam)
    }

    /// A smaller model: its weights of least magnitude dropped until the file
    /// is about `max_bytes`.
    pub fn pruned(&self, max_bytes: usize) -> Parser {
        Parser { weights: self.weights.pruned(max_bytes), clusters: self.clusters.clone(), ..*self }
    }

    /// Parses one sentence; always a tree with one root.
    pub fn parse(&self, words: &[&str], tags: &[TokenTag]) -> Vec<Arc> {
        self.parse_with(words, tags, self.beam_width(), self.margin)
    }

    /// [`Parser::parse`] with a given beam width and margin (in score units).
    fn parse_with(&self, words: &[&str], tags: &[TokenTag], width: usize, margin: f32) -> Vec<Arc> {
        thread_local! {
            // Reused across sentences: the beam's states and buffers.
            static BEAM: RefCell<(Beam, StateScorer)> = RefCell::new((Beam::new(1), StateScorer::default()));
        }
        let sent = Sentence::new(words, tags, &self.clusters);
        BEAM.with(|b| {
            let (beam, scorer) = &mut *b.borrow_mut();
            beam.set_width(width);
            beam.set_margin(margin);
            scorer.start(words.len(), self.weights.n_classes(), beam.width());
            let state = beam.parse(words.len(), |st, s| scorer.score(st, &sent, &self.weights, s));
            (1..=words.len())
                .map(|i| {
                    let head = if state.heads[i] == NO_HEAD { 0 } else { state.heads[i] as usize };
                    let deprel = if head == 0 { "root" } else { DEPRELS[state.labels[i] as usize] };
                    Arc { head, deprel }
                })
                .collect()
        })
    }
}

/// Tokenized news sentences with attachments a parser can get wrong, for tests.
#[cfg(test)]
pub(crate) const TEST_SENTENCES: [&str; 4] = [
    "Carney , who won the April 28 election , said he had asked Trump to stop the tariffs .",
    "The prime minister met Macron and Merz in Paris on Tuesday , officials said .",
    "Shares fell 3 % after the company , based in Toronto , cut its forecast .",
    "I saw the man with the telescope near the bank of the river that flooded last year .",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn is_tree(arcs: &[Arc]) -> bool {
        let roots = arcs.iter().filter(|a| a.head == 0).count();
        let acyclic = (1..=arcs.len()).all(|i| {
            let mut cur = i;
            for _ in 0..=arcs.len() {
                if cur == 0 {
                    return true;
                }
                cur = arcs[cur - 1].head;
            }
            false
        });
        roots == 1 && acyclic
    }

    #[test]
    fn builtin_parser_returns_trees() {
        let Some(p) = Parser::builtin() else {
            eprintln!("skipped: models/parser.bin is empty");
            return;
        };
        for words in [vec!["Carney", "met", "Starmer", "in", "London", "."], vec!["Hello"], vec![], vec!["the"; 200]] {
            let tags = crate::tag::tag(&words);
            let arcs = p.parse(&words, &tags);
            assert_eq!(arcs.len(), words.len());
            if !words.is_empty() {
                assert!(is_tree(&arcs), "{words:?} -> {arcs:?}");
            }
        }
        let words = ["Trump", "threatened", "Canada", "."];
        let arcs = p.parse(&words, &crate::tag::tag(&words));
        assert_eq!(arcs[1].deprel, "root");
        assert_eq!((arcs[0].head, arcs[0].deprel), (2, "nsubj"));
        assert_eq!((arcs[2].head, arcs[2].deprel), (2, "obj"));
        let again = Parser::from_bytes(&p.to_bytes()).unwrap();
        assert_eq!(again.parse(&words, &crate::tag::tag(&words)), arcs);
    }

    #[test]
    fn the_margin_narrows_the_beam() {
        let Some(p) = Parser::builtin() else {
            eprintln!("skipped: models/parser.bin is empty");
            return;
        };
        let mut differs = 0;
        for words in TEST_SENTENCES.map(|t| t.split(' ').collect::<Vec<_>>()) {
            let tags = crate::tag::tag(&words);
            let greedy = p.parse_with(&words, &tags, 1, f32::INFINITY);
            let full = p.parse_with(&words, &tags, 5, f32::INFINITY);
            // No margin: only the best continuation stays, as in a greedy parse.
            assert_eq!(p.parse_with(&words, &tags, 5, 0.0), greedy, "{words:?}");
            // A margin wider than any score gap changes nothing.
            assert_eq!(p.parse_with(&words, &tags, 5, 1e30), full, "{words:?}");
            differs += usize::from(greedy != full);
        }
        // The sentences do need the beam (else the test above shows nothing).
        assert!(differs > 0, "greedy and beam agree on every sentence");
    }

    #[test]
    fn old_model_files_are_refused() {
        #[derive(Serialize)]
        struct Format2 {
            format: u32,
            beam: u32,
        }
        let old = postcard::to_allocvec(&Format2 { format: 2, beam: 8 }).unwrap();
        let e = Parser::from_bytes(&old).err().expect("format 2 is refused").to_string();
        assert!(e.contains("format 2 but this build reads 3"), "{e}");
    }

    #[test]
    fn state_machine_builds_a_tree() {
        // SHIFT LEFT(nsubj) SHIFT SHIFT RIGHT(obj) RIGHT(root): "Trump threatened Canada".
        let mut s = State::new(3);
        let nsubj = deprel_index("nsubj");
        let obj = deprel_index("obj");
        let root = deprel_index("root");
        for t in [SHIFT, 1 + 2 * nsubj, SHIFT, SHIFT, 2 + 2 * obj, 2 + 2 * root] {
            let k = kind(t);
            assert!(s.valid()[k], "transition {t} should be valid");
            s.apply(t);
        }
        assert!(s.terminal());
        assert_eq!(&s.heads[1..], &[2, 0, 2]);
    }
}
