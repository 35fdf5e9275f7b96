//! Number formatting as Indonesian documents print it: 1.234.567.

/// Formats with a dot every three digits.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Signed variant for differences.
pub fn thousands_signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", thousands(n.unsigned_abs()))
    } else {
        thousands(n.unsigned_abs())
    }
}

/// A share as a percentage with one decimal and a decimal comma: 0.0604 → "6,0%".
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_three_with_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1.000");
        assert_eq!(thousands(96_214_691), "96.214.691");
        assert_eq!(thousands_signed(-27), "-27");
        assert_eq!(thousands_signed(-1_234), "-1.234");
    }

    #[test]
    fn a_percentage_has_a_decimal_comma() {
        assert_eq!(percent(0.0604), "6,0%");
        assert_eq!(percent(0.04), "4,0%");
        assert_eq!(percent(0.0), "0,0%");
    }
}
