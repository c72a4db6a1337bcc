//! Terraform values as the plugin protocol carries them (MessagePack, with unknown values
//! as extension type 0), and their types (`cty` in JSON form, as the providers schema writes
//! them).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// One Terraform value of any type.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Dyn {
    /// No value.
    #[default]
    Null,
    /// Known only after apply.
    Unknown,
    /// `bool`.
    Bool(bool),
    /// A whole `number`.
    Int(i64),
    /// Any other `number`.
    Float(f64),
    /// `string`.
    String(String),
    /// `list`, `set` or `tuple`.
    List(Vec<Dyn>),
    /// `object` or `map`.
    Object(BTreeMap<String, Dyn>),
}

impl Dyn {
    /// Whether the value is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Dyn::Null)
    }

    /// Whether the value is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Dyn::Unknown)
    }

    /// Whether the value and everything in it is known.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Dyn::Unknown => false,
            Dyn::List(items) => items.iter().all(Dyn::is_wholly_known),
            Dyn::Object(members) => members.values().all(Dyn::is_wholly_known),
            _ => true,
        }
    }

    /// A member of an object (null for anything else, or a missing member).
    pub fn get(&self, name: &str) -> &Dyn {
        const NULL: Dyn = Dyn::Null;
        match self {
            Dyn::Object(members) => members.get(name).unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Dyn::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string, or a whole number written in decimal: what an identifier in a path can be
    /// (a list item's `index`).
    pub fn as_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Dyn::String(s) => Some(std::borrow::Cow::Borrowed(s)),
            Dyn::Int(i) => Some(std::borrow::Cow::Owned(i.to_string())),
            _ => None,
        }
    }

    /// The members, making the value an empty object first if it is not an object.
    pub fn members_mut(&mut self) -> &mut BTreeMap<String, Dyn> {
        if !matches!(self, Dyn::Object(_)) {
            *self = Dyn::Object(BTreeMap::new());
        }
        match self {
            Dyn::Object(members) => members,
            _ => unreachable!("made an object above"),
        }
    }

    /// Sets a member (making the value an object first).
    pub fn set(&mut self, name: &str, value: Dyn) {
        self.members_mut().insert(name.to_owned(), value);
    }

    /// The value as JSON (`None` for null and unknown values, and inside lists and objects
    /// null for them).
    pub fn to_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match self {
            Dyn::Null | Dyn::Unknown => return None,
            Dyn::Bool(b) => Value::Bool(*b),
            Dyn::Int(i) => Value::from(*i),
            Dyn::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Dyn::String(s) => Value::String(s.clone()),
            Dyn::List(items) => Value::Array(
                items
                    .iter()
                    .map(|i| i.to_json().unwrap_or(Value::Null))
                    .collect(),
            ),
            Dyn::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json().unwrap_or(Value::Null)))
                    .collect(),
            ),
        })
    }
}

pub use twilio_provider_def::Ty;

/// Values of a [`Ty`]: read from responses, null, or conformed to it.
pub trait TyValues {
    /// Converts JSON (a response value) to a value of this type. Values that do not fit are
    /// null; `json` says the string holds JSON text (objects the spec leaves open).
    fn of_response(&self, v: &serde_json::Value, json: bool) -> Dyn;
    /// A null value of this type.
    fn null(&self) -> Dyn;
    /// The value made to fit this type, so that Terraform can read it: objects get exactly
    /// the type's members (missing ones null, others dropped), scalars of another kind are
    /// converted where the text allows and null where it does not. Null and unknown values
    /// stay as they are.
    fn conform(&self, v: &Dyn) -> Dyn;
}

impl TyValues for Ty {
    /// Converts JSON (a response value) to a value of this type. Values that do not fit are
    /// null; `json` says the string holds JSON text (objects the spec leaves open).
    fn of_response(&self, v: &serde_json::Value, json: bool) -> Dyn {
        use serde_json::Value;
        if v.is_null() {
            return Dyn::Null;
        }
        match self {
            Ty::String => match v {
                Value::String(s) if !json => Dyn::String(s.clone()),
                Value::Bool(b) if !json => Dyn::String(b.to_string()),
                Value::Number(n) if !json => Dyn::String(n.to_string()),
                other => Dyn::String(other.to_string()),
            },
            Ty::Number => match v {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Dyn::Int(i),
                    None => n.as_f64().map_or(Dyn::Null, Dyn::Float),
                },
                Value::String(s) => s
                    .parse::<i64>()
                    .map(Dyn::Int)
                    .or_else(|_| s.parse::<f64>().map(Dyn::Float))
                    .unwrap_or(Dyn::Null),
                _ => Dyn::Null,
            },
            Ty::Bool => match v {
                Value::Bool(b) => Dyn::Bool(*b),
                Value::String(s) if s == "true" || s == "false" => Dyn::Bool(s == "true"),
                _ => Dyn::Null,
            },
            Ty::List(t) => match v {
                Value::Array(items) => {
                    Dyn::List(items.iter().map(|i| t.of_response(i, json)).collect())
                }
                _ => Dyn::Null,
            },
            Ty::Map(t) => match v {
                Value::Object(m) => Dyn::Object(
                    m.iter()
                        .map(|(k, i)| (k.clone(), t.of_response(i, json)))
                        .collect(),
                ),
                _ => Dyn::Null,
            },
            Ty::Object(members) => match v {
                Value::Object(m) => Dyn::Object(
                    members
                        .iter()
                        .map(|(k, t)| {
                            let item = m
                                .get(k)
                                .or_else(|| m.get(&format!("{k}_")))
                                .unwrap_or(&Value::Null);
                            (k.clone(), t.of_response(item, json))
                        })
                        .collect(),
                ),
                _ => Dyn::Null,
            },
            Ty::Dynamic => Dyn::Null,
        }
    }

    /// A null value of this type, with every member of objects present.
    fn null(&self) -> Dyn {
        Dyn::Null
    }

    /// The value made to fit this type, so that Terraform can read it: objects get exactly
    /// the type's members (missing ones null, others dropped), scalars of another kind are
    /// converted where the text allows and null where it does not. Null and unknown values
    /// stay as they are.
    fn conform(&self, v: &Dyn) -> Dyn {
        match (self, v) {
            (_, Dyn::Null) => Dyn::Null,
            (_, Dyn::Unknown) => Dyn::Unknown,
            (Ty::Dynamic, v) => v.clone(),
            (Ty::String, Dyn::String(_)) => v.clone(),
            (Ty::String, Dyn::Bool(b)) => Dyn::String(b.to_string()),
            (Ty::String, Dyn::Int(i)) => Dyn::String(i.to_string()),
            (Ty::String, Dyn::Float(f)) => Dyn::String(f.to_string()),
            (Ty::String, other) => other
                .to_json()
                .map_or(Dyn::Null, |j| Dyn::String(j.to_string())),
            (Ty::Number, Dyn::Int(_) | Dyn::Float(_)) => v.clone(),
            (Ty::Number, Dyn::String(s)) => {
                Ty::Number.of_response(&serde_json::Value::String(s.clone()), false)
            }
            (Ty::Bool, Dyn::Bool(_)) => v.clone(),
            (Ty::Bool, Dyn::String(s)) if s == "true" || s == "false" => Dyn::Bool(s == "true"),
            (Ty::List(t), Dyn::List(items)) => {
                Dyn::List(items.iter().map(|i| t.conform(i)).collect())
            }
            (Ty::Map(t), Dyn::Object(m)) => {
                Dyn::Object(m.iter().map(|(k, i)| (k.clone(), t.conform(i))).collect())
            }
            (Ty::Object(members), Dyn::Object(m)) => Dyn::Object(
                members
                    .iter()
                    .map(|(k, t)| (k.clone(), m.get(k).map_or(Dyn::Null, |i| t.conform(i))))
                    .collect(),
            ),
            _ => Dyn::Null,
        }
    }
}

/// MessagePack's extension type 0: Terraform's unknown value.
struct Unknown;

impl Serialize for Unknown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&[0])
            }
        }
        s.serialize_newtype_struct("_ExtStruct", &(0i8, Bytes))
    }
}

impl Serialize for Dyn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Dyn::Null => s.serialize_unit(),
            Dyn::Unknown => Unknown.serialize(s),
            Dyn::Bool(b) => s.serialize_bool(*b),
            Dyn::Int(i) => s.serialize_i64(*i),
            Dyn::Float(f) => s.serialize_f64(*f),
            Dyn::String(v) => s.serialize_str(v),
            Dyn::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Dyn::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Dyn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dyn, D::Error> {
        d.deserialize_any(DynVisitor)
    }
}

struct DynVisitor;

impl<'de> Visitor<'de> for DynVisitor {
    type Value = Dyn;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Terraform value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Dyn, E> {
        Ok(Dyn::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dyn, E> {
        Ok(Dyn::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dyn, E> {
        Ok(i64::try_from(v).map_or(Dyn::Float(v as f64), Dyn::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dyn, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Dyn::Int(v as i64))
        } else {
            Ok(Dyn::Float(v))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Dyn, E> {
        // Terraform sends numbers it cannot hold in 64 bits as strings; they stay text.
        Ok(Dyn::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Dyn, E> {
        Ok(Dyn::String(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Dyn, E> {
        Ok(Dyn::String(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Dyn, E> {
        Ok(Dyn::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Dyn, E> {
        Ok(Dyn::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Dyn, D::Error> {
        Dyn::deserialize(d)
    }

    /// MessagePack extension values arrive as a newtype struct: the only one Terraform
    /// sends is the unknown value.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Dyn, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(Dyn::Unknown)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dyn, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Dyn>()? {
            items.push(item);
        }
        Ok(Dyn::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dyn, A::Error> {
        let mut members = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Dyn>()? {
            members.insert(k, v);
        }
        Ok(Dyn::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: &Dyn) -> Dyn {
        let bytes = rmp_serde::to_vec_named(v).expect("encodes");
        rmp_serde::from_slice(&bytes).expect("decodes")
    }

    #[test]
    fn values_survive_messagepack() {
        let mut obj = Dyn::Null;
        obj.set("s", Dyn::String("x".into()));
        obj.set("n", Dyn::Int(3));
        obj.set("f", Dyn::Float(1.5));
        obj.set("b", Dyn::Bool(true));
        obj.set("u", Dyn::Unknown);
        obj.set("z", Dyn::Null);
        obj.set("l", Dyn::List(vec![Dyn::Int(1), Dyn::Unknown]));
        assert_eq!(round_trip(&obj), obj);
    }

    #[test]
    fn unknown_is_extension_type_zero() {
        let bytes = rmp_serde::to_vec_named(&Dyn::Unknown).unwrap();
        // fixext1 (0xd4), type 0, one zero byte: what Terraform's cty msgpack writes.
        assert_eq!(bytes, vec![0xd4, 0x00, 0x00]);
        let from_terraform: Dyn = rmp_serde::from_slice(&[0xd4, 0x00, 0x00]).unwrap();
        assert_eq!(from_terraform, Dyn::Unknown);
    }

    #[test]
    fn types_read_from_cty_json() {
        let t =
            Ty::from_json(&serde_json::json!(["object", {"a": ["list", "string"], "b": "number"}]))
                .unwrap();
        let Ty::Object(m) = &t else { panic!("{t:?}") };
        assert_eq!(m["a"], Ty::List(Box::new(Ty::String)));
        assert!(Ty::from_json(&serde_json::json!("strang")).is_err());
    }

    #[test]
    fn values_are_made_to_fit_their_type() {
        let ty = Ty::from_json(&serde_json::json!(["object", {
            "log_enabled": "bool",
            "count": "number",
            "new_message": ["object", {"enabled": "bool", "template": "string"}],
            "tags": ["list", "string"],
        }]))
        .unwrap();
        // One member given, of the wrong kinds, plus one the type does not have.
        let mut v = Dyn::Null;
        v.set("log_enabled", Dyn::String("true".into()));
        v.set("count", Dyn::String("7".into()));
        v.set("tags", Dyn::List(vec![Dyn::Int(1), Dyn::Bool(false)]));
        v.set("extra", Dyn::Int(1));
        let out = ty.conform(&v);
        let Dyn::Object(m) = &out else {
            panic!("{out:?}")
        };
        assert_eq!(
            m.keys().collect::<Vec<_>>(),
            ["count", "log_enabled", "new_message", "tags"]
        );
        assert_eq!(m["log_enabled"], Dyn::Bool(true));
        assert_eq!(m["count"], Dyn::Int(7));
        assert_eq!(m["new_message"], Dyn::Null);
        assert_eq!(
            m["tags"],
            Dyn::List(vec![Dyn::String("1".into()), Dyn::String("false".into())])
        );
        // A nested object given with one member gets the others as null.
        let mut nested = Dyn::Null;
        nested.set("enabled", Dyn::Bool(true));
        v.set("new_message", nested);
        let out = ty.conform(&v);
        assert_eq!(out.get("new_message").get("template"), &Dyn::Null);
        let Dyn::Object(inner) = out.get("new_message") else {
            panic!()
        };
        assert_eq!(inner.len(), 2);
        // Values that cannot fit are null; unknown stays unknown.
        assert_eq!(Ty::Number.conform(&Dyn::String("n/a".into())), Dyn::Null);
        assert_eq!(Ty::Bool.conform(&Dyn::Int(1)), Dyn::Null);
        assert_eq!(ty.conform(&Dyn::Unknown), Dyn::Unknown);
        assert_eq!(ty.conform(&Dyn::String("x".into())), Dyn::Null);
    }

    #[test]
    fn responses_convert_by_type() {
        let j = serde_json::json!({"a": 1, "b": "2", "c": true});
        assert_eq!(Ty::Number.of_response(&j["a"], false), Dyn::Int(1));
        assert_eq!(Ty::Number.of_response(&j["b"], false), Dyn::Int(2));
        assert_eq!(Ty::Bool.of_response(&j["c"], false), Dyn::Bool(true));
        assert_eq!(
            Ty::String.of_response(&j, true),
            Dyn::String(r#"{"a":1,"b":"2","c":true}"#.into())
        );
        assert_eq!(Ty::Bool.of_response(&j["a"], false), Dyn::Null);
    }
}
