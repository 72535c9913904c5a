//! Corpora at scale: documents read as a stream, and the benchmark corpus generator.

pub mod generate;
pub mod stream;
