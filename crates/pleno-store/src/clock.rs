//! Timestamps: UTC, RFC 3339, millisecond precision, so that they sort as text and read the
//! same in the sqlite3 shell, the audit log and exported bundles.

use time::OffsetDateTime;

/// The current time as `2024-02-15T08:30:00.123Z`.
pub fn now() -> String {
    format_utc(OffsetDateTime::now_utc())
}

/// A file's time (its modification time) in the same form.
pub fn of_system(t: std::time::SystemTime) -> String {
    format_utc(OffsetDateTime::from(t))
}

pub(crate) fn format_utc(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339_utc_with_millis() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_707_980_400_123_000_000).unwrap();
        assert_eq!(format_utc(t), "2024-02-15T07:00:00.123Z");
        assert_eq!(now().len(), 24);
    }
}
