//! Randomness, passed in like the clock (architecture.md, convention 2): ticket
//! serials and signing keys draw from an [`Entropy`], so that a seeded run replays.

use std::sync::Mutex;

use crate::error::{AppError, AppResult};

/// Fills buffers with unpredictable bytes.
pub trait Entropy: Send + Sync {
    /// Fills `buffer`.
    fn fill(&self, buffer: &mut [u8]) -> AppResult<()>;
}

/// The operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    #[allow(clippy::disallowed_methods)]
    fn fill(&self, buffer: &mut [u8]) -> AppResult<()> {
        getrandom::fill(buffer).map_err(|e| {
            AppError::rule(format!(
                "le système ne fournit pas d'aléa ({e}) : redémarrez l'ordinateur puis réessayez"
            ))
        })
    }
}

/// A random hexadecimal suffix of `bytes` bytes for a temporary file's name, from the
/// system's randomness (never replayed: two processes must not pick the same name).
pub fn file_tag(bytes: usize) -> AppResult<String> {
    let mut random = vec![0u8; bytes];
    SystemEntropy.fill(&mut random)?;
    Ok(random.iter().map(|b| format!("{b:02x}")).collect())
}

/// A replayable stream (SplitMix64) for tests and seeded fault runs: never for a
/// provider's real keys.
#[derive(Debug)]
pub struct SeededEntropy(Mutex<u64>);

impl SeededEntropy {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> SeededEntropy {
        SeededEntropy(Mutex::new(seed))
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, buffer: &mut [u8]) -> AppResult<()> {
        let mut state = self
            .0
            .lock()
            .map_err(|_| AppError::rule("générateur d'aléa indisponible"))?;
        for chunk in buffer.chunks_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_replays_and_two_seeds_differ() {
        let draw = |seed| {
            let mut bytes = [0u8; 21];
            SeededEntropy::new(seed).fill(&mut bytes).unwrap();
            bytes
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        let mut system = [0u8; 32];
        SystemEntropy.fill(&mut system).unwrap();
        assert_ne!(system, [0u8; 32]);
    }
}
