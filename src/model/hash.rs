//! Feature hashing: a feature is a template id plus a few strings, hashed to a
//! u64 without allocating (FxHash-style mixing, stable across platforms).

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Hashes bytes 8 at a time.
#[inline]
pub fn hash_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The little-endian value of the last bytes, zero-padded; built byte
        // by byte because a copy of a variable length calls `memcpy`.
        let tail = rest.iter().rev().fold(0u64, |x, &b| x << 8 | b as u64);
        h = mix(h, tail ^ ((rest.len() as u64) << 56));
    }
    mix(h, bytes.len() as u64)
}

/// Feature of one template and one string.
#[inline]
pub fn feature(template: u64, s: &str) -> u64 {
    hash_bytes(mix(0, template), s.as_bytes())
}

/// Feature of one template and two strings.
#[inline]
pub fn feature2(template: u64, a: &str, b: &str) -> u64 {
    hash_bytes(hash_bytes(mix(0, template), a.as_bytes()), b.as_bytes())
}

/// Feature of one template and numbers (tags, labels, distances).
#[inline]
pub fn feature_n(template: u64, values: &[u64]) -> u64 {
    let mut h = mix(0, template);
    for &v in values {
        h = mix(h, v);
    }
    mix(h, 0xff)
}

/// Feature of one template, a string and numbers.
#[inline]
pub fn feature_sn(template: u64, s: &str, values: &[u64]) -> u64 {
    let mut h = hash_bytes(mix(0, template), s.as_bytes());
    for &v in values {
        h = mix(h, v);
    }
    mix(h, 0xfe)
}

/// What [`hash_bytes`] mixes in for `bytes`, appended to `out`: for a
/// string hashed under many templates, the `*_words` features over these
/// equal the string ones without going over the bytes again.
pub fn hash_input(bytes: &[u8], out: &mut Vec<u64>) {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        out.push(u64::from_le_bytes(c.try_into().unwrap()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let tail = rest.iter().rev().fold(0u64, |x, &b| x << 8 | b as u64);
        out.push(tail ^ ((rest.len() as u64) << 56));
    }
    out.push(bytes.len() as u64);
}

#[inline]
fn hash_words(h: u64, words: &[u64]) -> u64 {
    words.iter().fold(h, |h, &w| mix(h, w))
}

/// [`feature`] of a string given by its [`hash_input`].
#[inline]
pub fn feature_words(template: u64, s: &[u64]) -> u64 {
    hash_words(mix(0, template), s)
}

/// [`feature2`] of strings given by their [`hash_input`].
#[inline]
pub fn feature2_words(template: u64, a: &[u64], b: &[u64]) -> u64 {
    hash_words(hash_words(mix(0, template), a), b)
}

/// [`feature_sn`] of a string given by its [`hash_input`].
#[inline]
pub fn feature_sn_words(template: u64, s: &[u64], values: &[u64]) -> u64 {
    let mut h = hash_words(mix(0, template), s);
    for &v in values {
        h = mix(h, v);
    }
    mix(h, 0xfe)
}

/// A `HashMap` hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type BuildIdentity = std::hash::BuildHasherDefault<IdentityHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_differ_by_template_and_text() {
        assert_ne!(feature(1, "abc"), feature(2, "abc"));
        assert_ne!(feature(1, "abc"), feature(1, "abd"));
        assert_ne!(feature2(1, "ab", "c"), feature2(1, "a", "bc"));
        assert_eq!(feature(7, "same"), feature(7, "same"));
        assert_ne!(feature_n(3, &[1, 2]), feature_n(3, &[2, 1]));
    }

    #[test]
    fn features_of_hash_inputs_are_the_string_features() {
        let input = |s: &str| {
            let mut v = Vec::new();
            hash_input(s.as_bytes(), &mut v);
            v
        };
        let text = "Thé quick brown fox, 12,000 U.S. F-35s \u{1F600}";
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let (a, b) = (&text[..end], &text[end..]);
            assert_eq!(feature_words(3, &input(a)), feature(3, a));
            assert_eq!(feature2_words(4, &input(a), &input(b)), feature2(4, a, b));
            assert_eq!(feature_sn_words(5, &input(b), &[2, 7]), feature_sn(5, b, &[2, 7]));
        }
    }

    #[test]
    fn hashes_are_those_the_models_were_trained_with() {
        // The tail as first written: copied into a zeroed buffer.
        fn reference(mut h: u64, bytes: &[u8]) -> u64 {
            let mut chunks = bytes.chunks_exact(8);
            for c in &mut chunks {
                h = mix(h, u64::from_le_bytes(c.try_into().unwrap()));
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                let mut buf = [0u8; 8];
                buf[..rest.len()].copy_from_slice(rest);
                h = mix(h, u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
            }
            mix(h, bytes.len() as u64)
        }
        let text = "Thé quick brown fox, 12,000 U.S. F-35s \u{1F600}";
        for end in 0..=text.len() {
            let bytes = &text.as_bytes()[..end];
            assert_eq!(hash_bytes(7, bytes), reference(7, bytes), "{end} bytes");
        }
    }
}
