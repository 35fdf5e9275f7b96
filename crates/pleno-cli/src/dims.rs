//! `LEBARxTINGGI` arguments (a photo's size in pixels, a sheet's in millimetres).

use std::ops::RangeInclusive;
use std::str::FromStr;

/// Parses `s` as two numbers joined by `x` (or `×`), each within `range`; `unit` names what
/// they are ("jumlah piksel", "panjang … mm") and `example` shows a valid value.
pub fn width_by_height<T>(
    s: &str,
    range: RangeInclusive<T>,
    unit: &str,
    example: &str,
) -> Result<(T, T), String>
where
    T: FromStr + PartialOrd + std::fmt::Display,
{
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("ukuran '{s}': tulis LEBARxTINGGI, mis. {example}"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<T>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                format!(
                    "ukuran '{s}': {v} bukan {unit} {}–{}",
                    range.start(),
                    range.end()
                )
            })
    };
    Ok((n(w)?, n(h)?))
}
