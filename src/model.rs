//! What the trained models (tagger, NER, parser) share: training settings.

use std::path::PathBuf;

/// Settings of one training run. Training is deterministic for a given `seed`.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// The training file (CoNLL-U for the tagger and parser, IOB2 for NER).
    pub train: PathBuf,
    /// The development file used to pick the epoch count and report accuracy.
    pub dev: Option<PathBuf>,
    pub epochs: usize,
    pub seed: u64,
}
