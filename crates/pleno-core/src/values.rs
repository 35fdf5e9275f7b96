//! The figures of one form (one TPS, one contest) as a map from field key to value.
//! A key that is absent means the field is empty or not yet known.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::field::FieldKey;

/// Largest value three digit boxes can hold (R12).
pub const MAX_BOX_VALUE: u32 = 999;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormValues(BTreeMap<FieldKey, u32>);

impl FormValues {
    pub fn new() -> FormValues {
        FormValues::default()
    }

    pub fn get(&self, key: FieldKey) -> Option<u32> {
        self.0.get(&key).copied()
    }

    pub fn set(&mut self, key: FieldKey, value: u32) -> Option<u32> {
        self.0.insert(key, value)
    }

    pub fn remove(&mut self, key: FieldKey) -> Option<u32> {
        self.0.remove(&key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FieldKey, u32)> + '_ {
        self.0.iter().map(|(k, v)| (*k, *v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Copies every value of `other` over this one.
    pub fn merge(&mut self, other: &FormValues) {
        for (k, v) in other.iter() {
            self.0.insert(k, v);
        }
    }
}

impl FromIterator<(FieldKey, u32)> for FormValues {
    fn from_iter<I: IntoIterator<Item = (FieldKey, u32)>>(iter: I) -> Self {
        FormValues(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_a_json_object_keyed_by_field_name() {
        let v: FormValues = [(FieldKey::Paslon(1), 103), (FieldKey::SuaraSah, 226)]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"suara_paslon_1":103,"suara_sah":226}"#);
        let back: FormValues = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
    }
}
