//! Path parameters reach the arguments as text ("/api/pages/7"); over IPC the same field is a
//! JSON number. Fields that can be path parameters accept both.

use serde::Deserialize;
use serde::de::{Deserializer, Error};

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrText<T> {
    Num(T),
    Text(String),
}

fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
{
    match NumOrText::<T>::deserialize(d)? {
        NumOrText::Num(n) => Ok(n),
        NumOrText::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("'{s}' bukan nomor"))),
    }
}

pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    lenient(d)
}

pub fn job<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    lenient(d)
}

pub fn index<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    lenient(d)
}

pub fn page_code<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    lenient(d)
}
