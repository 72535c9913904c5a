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

pub(crate) mod clusters;
pub mod hash;
pub mod perceptron;

/// A small deterministic random generator (xorshift64*) for shuffling training data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

use std::sync::OnceLock;

/// Appends the shape of `w` to `out`, runs collapsed: "Carney" -> "Xx", "F-35" -> "X-d",
/// "U.S." -> "X.X." (first 12 characters).
pub fn push_shape(w: &str, out: &mut String) {
    let mut last = '\0';
    for c in w.chars().take(12) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
    }
}

/// Sorted keys as differences from the key before, which serialise to fewer
/// bytes (postcard writes integers as variable-length).
pub(crate) fn deltas(sorted: &[u64]) -> Vec<u64> {
    let mut prev = 0u64;
    sorted
        .iter()
        .map(|&k| {
            let d = k.wrapping_sub(prev);
            prev = k;
            d
        })
        .collect()
}

/// The keys back from [`deltas`].
pub(crate) fn undeltas(d: &[u64]) -> Vec<u64> {
    let mut prev = 0u64;
    d.iter()
        .map(|&x| {
            prev = prev.wrapping_add(x);
            prev
        })
        .collect()
}

/// Asks the CPU to start loading `p`'s cache line (a hint: never faults, so
/// any address will do).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

use crate::{Error, Result};

/// Decodes a model file: postcard bytes of a struct whose first field is its
/// format number, checked before the rest is read.
pub fn decode<T: serde::de::DeserializeOwned>(name: &str, bytes: &[u8], format: u32) -> Result<T> {
    let bad = |m: String| Error::Model { name: name.into(), message: m };
    let (found, _): (u32, _) = postcard::take_from_bytes(bytes).map_err(|e| bad(format!("unreadable: {e}")))?;
    if found != format {
        return Err(bad(format!("format {found} but this build reads {format}")));
    }
    postcard::from_bytes(bytes).map_err(|e| bad(format!("unreadable: {e}")))
}

/// The model built into the binary, loaded once on first use; `None` when its
/// file was empty at build time (the stage then falls back or is skipped).
pub fn builtin<T>(
    cell: &'static OnceLock<Option<T>>,
    bytes: &'static [u8],
    load: fn(&[u8]) -> Result<T>,
) -> Option<&'static T> {
    cell.get_or_init(|| (!bytes.is_empty()).then(|| load(bytes).expect("a model built into the binary is valid")))
        .as_ref()
}
