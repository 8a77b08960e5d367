//! [`Fingerprint`]: the 128-bit hash that decides whether a kept output can be reused.

use std::hash::Hasher;

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Hashes what is written to it with xxh3, all at once at the end.
///
/// Keys are made of many small writes (a page's path, each backlink's path, each cell's
/// hash). xxh3's streaming state pays a call and a copy for every one of them, which made
/// checking 10,000 pages' inputs cost more than rendering the pages a fact edit changes;
/// gathering the bytes first and hashing them in one pass costs a fraction of that.
#[derive(Debug, Default, Clone)]
pub struct Fingerprint {
    bytes: Vec<u8>,
}

impl Fingerprint {
    /// The 128-bit hash of everything written so far.
    pub fn digest128(&self) -> u128 {
        xxh3_128(&self.bytes)
    }
}

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxh3_64(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn of(value: impl Hash) -> u128 {
        let mut hasher = Fingerprint::default();
        value.hash(&mut hasher);
        hasher.digest128()
    }

    #[test]
    fn equal_values_hash_alike_and_different_ones_apart() {
        assert_eq!(of(("a", 1u32)), of(("a", 1u32)));
        assert_ne!(of(("a", 1u32)), of(("a", 2u32)));
        // Strings are delimited, so moving a byte from one to the next changes the hash.
        assert_ne!(of(("ab", "c")), of(("a", "bc")));
    }
}
