//! Canonical JSON for digests: the JSON `serde_json` writes for a value
//! turned into a [`serde_json::Value`] first (object keys sorted at every
//! level), written without building that tree.
//!
//! A rubric's digest covers the rubric and the whole shared lexicon, some
//! 3,500 strings. As a `Value` each is its own allocation in a tree of maps,
//! built, written and freed: a sixth of start-up. Here scalars are written
//! by `serde_json` itself; only each object's entries are held, as bytes,
//! until they can be written in key order. The tests compare the two forms.

use serde::ser::{self, Serialize};

/// Why a value has no canonical JSON (a map key that is not a string, or a
/// value's own serialization error).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(e.to_string())
    }
}

/// The canonical JSON of `value`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    value.serialize(Writer { out: &mut out })?;
    Ok(out)
}

/// Writes one value into `out`.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn scalar<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, value)?;
        Ok(())
    }
}

/// An array being written: its elements go straight into the output.
struct Array<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// The variant name of a tuple variant, whose array is wrapped in
    /// `{"name": [...]}`.
    variant: Option<&'static str>,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        value.serialize(Writer { out: self.out })
    }

    fn finish(self) -> Result<(), Error> {
        self.out.push(b']');
        if self.variant.is_some() {
            self.out.push(b'}');
        }
        Ok(())
    }
}

/// An object being written: entries are held until the end, then written in
/// key order. A later entry with the same key replaces an earlier one, as in
/// a `Value` map.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    entries: Vec<(String, Vec<u8>)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Self {
        Object {
            out,
            entries: Vec::new(),
            key: None,
            variant,
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Error> {
        let mut bytes = Vec::new();
        value.serialize(Writer { out: &mut bytes })?;
        self.entries.push((key, bytes));
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        // Stable, so that of equal keys the last written is last.
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(name) = self.variant {
            open_variant(self.out, name)?;
        }
        self.out.push(b'{');
        let mut first = true;
        for (i, (key, bytes)) in self.entries.iter().enumerate() {
            if self.entries.get(i + 1).is_some_and(|next| &next.0 == key) {
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            serde_json::to_writer(&mut *self.out, key)?;
            self.out.push(b':');
            self.out.extend_from_slice(bytes);
        }
        self.out.push(b'}');
        if self.variant.is_some() {
            self.out.push(b'}');
        }
        Ok(())
    }
}

/// Writes `{"name":`, the opening of an enum variant with content.
fn open_variant(out: &mut Vec<u8>, name: &str) -> Result<(), Error> {
    out.push(b'{');
    serde_json::to_writer(&mut *out, name)?;
    out.push(b':');
    Ok(())
}

/// The `serialize_*` methods of scalars, each written by `serde_json`.
macro_rules! scalars {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.scalar(&v)
        })*
    };
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    scalars!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // A `Value` holds an `f32` as the `f64` it widens to.
        self.scalar(&f64::from(v))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
    ) -> Result<(), Error> {
        self.scalar(name)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        open_variant(self.out, name)?;
        value.serialize(Writer { out: self.out })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, Error> {
        self.out.push(b'[');
        Ok(Array {
            out: self.out,
            first: true,
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Array<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        _: usize,
    ) -> Result<Array<'a>, Error> {
        open_variant(self.out, name)?;
        self.out.push(b'[');
        Ok(Array {
            out: self.out,
            first: true,
            variant: Some(name),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        _: usize,
    ) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, Some(name)))
    }
}

/// The four array-like compounds, all written the same way.
macro_rules! arrays {
    ($($trait:ident::$method:ident),* $(,)?) => {
        $(impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        })*
    };
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

/// Structs and struct variants: named fields, written the same way.
macro_rules! structs {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.entry(key.to_string(), value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        })*
    };
}

structs!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // Keys are few and short: spelled as a `Value` map spells them.
        self.key = Some(match serde_json::to_value(key)? {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err(Error("a map key must be a string".into())),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value came before its key".into()))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Serialize;

    use super::to_vec;

    /// The JSON of `value` through a `serde_json::Value`.
    fn through_value<T: Serialize>(value: &T) -> Vec<u8> {
        serde_json::to_vec(&serde_json::to_value(value).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Any { any: Vec<String>, weight: f64 },
        Empty {},
    }

    #[derive(Serialize)]
    enum Plain {
        Unit,
        New(u8),
        Pair(i32, String),
        Named { zeta: bool, alpha: Option<f32> },
    }

    #[derive(Serialize)]
    struct Nested {
        zebra: Vec<Tagged>,
        apple: Option<String>,
        middle: HashMap<String, Vec<Plain>>,
        numbers: BTreeMap<u32, f64>,
        unit: (),
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
        escaped: String,
    }

    #[test]
    fn it_writes_what_a_value_tree_writes() {
        let mut middle = HashMap::new();
        middle.insert(
            "b".to_string(),
            vec![
                Plain::Unit,
                Plain::New(7),
                Plain::Pair(-3, "x".into()),
                Plain::Named {
                    zeta: true,
                    alpha: Some(0.1),
                },
            ],
        );
        middle.insert("a".to_string(), Vec::new());
        middle.insert("ä".to_string(), Vec::new());
        let value = Nested {
            zebra: vec![
                Tagged::Any {
                    any: vec!["flood*".into(), "quote \" and \\ and \n".into()],
                    weight: 1.5e-7,
                },
                Tagged::Empty {},
            ],
            apple: None,
            middle,
            numbers: [(10, f64::NAN), (2, 100.0)].into_iter().collect(),
            unit: (),
            gone: None,
            escaped: "\u{1}\u{2028}é".into(),
        };
        assert_eq!(
            String::from_utf8(to_vec(&value).unwrap()).unwrap(),
            String::from_utf8(through_value(&value)).unwrap()
        );
    }

    #[test]
    fn every_embedded_rubric_with_the_lexicon_writes_as_through_a_value() {
        let lexicon = crate::rubric::lexicon();
        for (id, text) in crate::rubric::BUNDLED {
            let rubric: crate::rubric::RubricFile =
                crate::rubric::compile::parse_toml(id, text).unwrap();
            assert_eq!(to_vec(&rubric).unwrap(), through_value(&rubric), "{id}");
        }
        assert_eq!(to_vec(lexicon).unwrap(), through_value(lexicon));
    }
}
