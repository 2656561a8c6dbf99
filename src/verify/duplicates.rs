//! Duplicate object keys in a JSON text. `serde_json` keeps the last of two equal
//! keys, so a report with `"total"` written twice would parse as if written once
//! and pass for "reformatted"; this scan names every repeated key instead.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

/// The paths (`units[3].criteria[0].points`) of every key written more than once
/// in one object, in text order. Arrays are indexed by position: the scan runs
/// before any id is known. `Err` when the text is not JSON.
pub(crate) fn duplicate_keys(text: &str) -> Result<Vec<String>, serde_json::Error> {
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    Scan {
        path: String::new(),
        found: &found,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(found.into_inner())
}

struct Scan<'a> {
    path: String,
    found: &'a RefCell<Vec<String>>,
}

impl Scan<'_> {
    fn child(&self, path: String) -> Scan<'_> {
        Scan {
            path,
            found: self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !seen.insert(key) {
                self.found.borrow_mut().push(path.clone());
            }
            map.next_value_seed(self.child(path))?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while seq
            .next_element_seed(self.child(format!("{}[{index}]", self.path)))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_repeated_key_by_its_path() {
        let text = r#"{"a": 1, "units": [{"id": "X", "total": "1", "total": "2"}], "a": 2}"#;
        assert_eq!(duplicate_keys(text).unwrap(), ["units[0].total", "a"]);
        assert!(duplicate_keys(r#"{"a": {"a": 1}}"#).unwrap().is_empty());
        assert!(duplicate_keys("{").is_err());
    }
}
