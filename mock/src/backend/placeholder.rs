//! What a new object holds where nothing was sent: its `links`, a plausible value of an
//! enum, and a value of each type.

use serde_json::{Map, Value};
use twilio_model::{names, Segment, Type};

use super::crud::Cx;
use crate::callbacks;
use crate::state;
use crate::twilio::time_value;

impl Cx<'_> {
    /// `links`: the sub-resources the spec names for an item (`x-twilio.dependentProperties`),
    /// else the resources nested right under its path.
    pub(super) fn links(
        &self,
        base: &str,
        object: &Map<String, Value>,
        key: &str,
    ) -> Map<String, Value> {
        let mut links = Map::new();
        for d in &self.resource.dependents {
            let mut url = d.resource_url.clone();
            for (var, field) in &d.mapping {
                let value = object
                    .get(field)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| key.rsplit('/').next().unwrap_or("").to_owned());
                url = url.replace(&format!("{{{var}}}"), &value);
            }
            links.insert(d.name.clone(), Value::from(format!("{base}{url}")));
        }
        if links.is_empty() {
            if let Some(instance) = &self.resource.instance_path {
                let n = instance.segments().len();
                for r in &self.api.resources {
                    let Some(list) = &r.list_path else { continue };
                    let segs = list.segments();
                    if segs.len() == n + 1 && same_shape(&segs[..n], instance.segments()) {
                        if let Some(Segment::Literal(l)) = segs.last() {
                            links.insert(names::snake(l), Value::from(format!("{base}{key}/{l}")));
                        }
                    }
                }
            }
        }
        links
    }

    /// What a newly created item plausibly holds in an enum field nothing set, rather than
    /// the enum's first value: `outbound-api` where the enum has it (a message or call made
    /// through the API), and a `status` at the start of [`callbacks::PROGRESSION`]
    /// (`queued`).
    pub(super) fn plausible(&self, f: &twilio_model::Field) -> Option<Value> {
        let Type::Enum(name) = &f.ty else {
            return None;
        };
        let values = &self.api.enums.iter().find(|e| e.name == *name)?.values;
        let has = |v: &str| values.iter().any(|x| x == v);
        if has("outbound-api") {
            return Some(Value::from("outbound-api"));
        }
        if f.name == "status" {
            return callbacks::PROGRESSION
                .into_iter()
                .find(|v| has(v))
                .map(Value::from);
        }
        None
    }

    /// A value of the type for a field the mock has nothing for.
    pub(super) fn placeholder(&self, state: &mut state::State, ty: &Type, depth: usize) -> Value {
        match ty {
            Type::String | Type::PhoneNumber | Type::Currency => Value::from(""),
            Type::Integer | Type::Int64 | Type::Number => Value::from(0),
            Type::Boolean => Value::Bool(false),
            Type::DateTime | Type::DateTimeRfc2822 | Type::Date => time_value(ty, self.now),
            Type::Uri => Value::from(self.backend.base()),
            Type::Sid(prefix) => Value::from(state.sid(prefix)),
            Type::Enum(name) => self
                .api
                .enums
                .iter()
                .find(|e| e.name == *name)
                .and_then(|e| e.values.first())
                .map_or_else(|| Value::from(""), |v| Value::from(v.as_str())),
            Type::Array(_) => Value::Array(vec![]),
            Type::Map(_) | Type::Object | Type::Group { .. } => Value::Object(Map::new()),
            Type::Model(name) => {
                let mut m = Map::new();
                if depth < 4 {
                    if let Some(model) = self.api.models.iter().find(|m| m.name == *name) {
                        for f in &model.fields {
                            let v = match &f.default {
                                Some(d) => d.clone(),
                                None if f.nullable => Value::Null,
                                None => self.placeholder(state, &f.ty, depth + 1),
                            };
                            m.insert(f.name.clone(), v);
                        }
                    }
                }
                Value::Object(m)
            }
            // The first alternative, tagged.
            Type::Union(name) => {
                let union = self.api.unions.iter().find(|u| u.name == *name);
                match union.and_then(|u| Some((u, u.variants.first()?))) {
                    Some((u, v)) => {
                        let mut value =
                            self.placeholder(state, &Type::Model(v.model.clone()), depth);
                        if let Value::Object(m) = &mut value {
                            m.insert(u.discriminator.clone(), Value::from(v.tag.as_str()));
                        }
                        value
                    }
                    None => Value::Object(Map::new()),
                }
            }
            Type::Json => Value::Null,
        }
    }
}

fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Segment::Literal(l), Segment::Literal(m)) => l == m,
            (Segment::Param { suffix: s, .. }, Segment::Param { suffix: t, .. }) => s == t,
            _ => false,
        })
}
