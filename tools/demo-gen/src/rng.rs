//! A small seeded generator (SplitMix64) so the demo data is the same on every machine and
//! does not depend on a random-number crate's version.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// Splits `total` over `weights` (noisy, exact sum).
    pub fn split(&mut self, total: u32, weights: &[f64], noise: f64) -> Vec<u32> {
        let w: Vec<f64> = weights
            .iter()
            .map(|x| x * (1.0 + noise * (self.unit() * 2.0 - 1.0)).max(0.0))
            .collect();
        let sum: f64 = w.iter().sum::<f64>().max(1e-9);
        let mut out: Vec<u32> = w
            .iter()
            .map(|x| (f64::from(total) * x / sum).floor() as u32)
            .collect();
        let mut left = total - out.iter().sum::<u32>();
        // Hand out the remainder one vote at a time, weighted.
        while left > 0 {
            let mut r = self.unit() * sum;
            let mut i = 0;
            while i + 1 < w.len() && r >= w[i] {
                r -= w[i];
                i += 1;
            }
            out[i] += 1;
            left -= 1;
        }
        out
    }
}
