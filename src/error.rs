//! The library's error type. Every message names the file (or input) and says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid JSON: {message}")]
    Json { path: PathBuf, message: String },
    #[error("model {name}: {message} (rebuild it with `newsgraph train {name}`; see README)")]
    Model { name: String, message: String },
    #[error("{path}, line {line}: {message}")]
    Data { path: PathBuf, line: usize, message: String },
    #[error("no entity matches {name:?}{}", suggestions(.closest))]
    UnknownEntity { name: String, closest: Vec<String> },
    /// An extract database, a part that `merge` reads, or an output folder.
    #[error("{path}: {message}")]
    Store { path: PathBuf, message: String },
    /// Another process holds the output folder's lock.
    #[error(
        "another newsgraph build or merge is writing to {dir} (it holds {lock}); wait for it to finish, or write to another folder with -o"
    )]
    Locked { dir: PathBuf, lock: PathBuf },
    #[error("{0}")]
    Invalid(String),
}

fn suggestions(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!("; closest names: {}", closest.join(", "))
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    pub(crate) fn store(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Store { path: path.into(), message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
