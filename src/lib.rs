//! newsgraph: English news text in, knowledge graph out.
//!
//! The data flows one way, one module per stage:
//!
//! ```text
//! input -> text (sentences, tokens) -> tag (UPOS/XPOS/lemma) -> ner (IOB tags)
//!       -> parse (dependency arcs) -> mentions (typed spans) -> resolve (entities)
//!       -> relations (actions, roles) -> graph (petgraph store, queries)
//!       -> export (json, dot, graphml, gexf, cytoscape, csv, svg) / view (html)
//! ```
//!
//! [`pipeline`] runs the stages over documents; each stage takes plain data
//! from the one before and never reaches back.

pub mod corpus;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
pub mod input;
pub mod mentions;
pub mod model;
pub mod ner;
pub mod parse;
pub mod pipeline;
pub mod relations;
pub mod resolve;
pub mod store;
pub mod tag;
pub mod text;
pub mod view;

pub use error::{Error, Result};
