//! Stage 9: the graph in other formats.

pub mod json;
