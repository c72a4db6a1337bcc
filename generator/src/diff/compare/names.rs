//! Rust names (types, modules, client methods) that change although their subject does
//! not.

use super::{rust, Cx};
use crate::diff::{Change, Kind, RustVerdict, TfVerdict};
use crate::model::{ParamGroup, Resource, Type};
use crate::views::rust::methods::takes_params;

impl Cx<'_> {
    /// A Rust name that changed although its subject kept its identity.
    fn rust_name_change(
        resource: Option<String>,
        operation: Option<String>,
        item: String,
        old: &str,
        new: &str,
    ) -> Change {
        Change {
            kind: Kind::RustName,
            resource,
            operation,
            item,
            detail: format!("{old} -> {new}"),
            rust: rust(true, format!("code that names `{old}` must say `{new}`")),
            terraform: TfVerdict::na("a Rust name"),
        }
    }

    /// The Rust verdict when a resource gains or loses its list or instance path: the handle
    /// types the emitter names for each side (`…List`, `…Context`) say which go and come.
    pub(super) fn handle_verdict(&self, o: &Resource, n: &Resource) -> RustVerdict {
        let handles = |names: &crate::views::rust::RustNames, r: &Resource| -> Vec<String> {
            [
                names.list_handles.get(&r.name),
                names.context_handles.get(&r.name),
            ]
            .into_iter()
            .flatten()
            .map(|(handle, _)| handle.clone())
            .collect()
        };
        let (before, after) = (handles(&self.old.names, o), handles(&self.new.names, n));
        let gone: Vec<String> = before
            .iter()
            .filter(|h| !after.contains(h))
            .map(|h| format!("`{h}`"))
            .collect();
        if gone.is_empty() {
            rust(false, "new handles only")
        } else {
            rust(
                true,
                format!(
                    "{} is gone: code that uses it no longer compiles",
                    gone.join(" and ")
                ),
            )
        }
    }

    /// Module, handle, client method, group and parameters-struct names of a resource pair.
    pub(super) fn rust_resource_names(&self, o: &Resource, n: &Resource, out: &mut Vec<Change>) {
        let (on, nn) = (&self.old.names, &self.new.names);
        let label = || Some(n.name.clone());
        let mut push = |item: &str, a: Option<&String>, b: Option<&String>| {
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    out.push(Self::rust_name_change(label(), None, item.to_owned(), a, b));
                }
            }
        };
        push(
            "Rust module",
            on.modules.get(&o.name),
            nn.modules.get(&n.name),
        );
        let (ol, nl) = (on.list_handles.get(&o.name), nn.list_handles.get(&n.name));
        push("Rust list handle", ol.map(|x| &x.0), nl.map(|x| &x.0));
        push(
            "Rust client method (list)",
            ol.map(|x| &x.1),
            nl.map(|x| &x.1),
        );
        let (oc, nc) = (
            on.context_handles.get(&o.name),
            nn.context_handles.get(&n.name),
        );
        push("Rust instance handle", oc.map(|x| &x.0), nc.map(|x| &x.0));
        push(
            "Rust client method (instance)",
            oc.map(|x| &x.1),
            nc.map(|x| &x.1),
        );
        for g in ParamGroup::depth_first(&n.groups) {
            let a = on.groups.get(&(o.name.clone(), g.prefix.clone()));
            let b = nn.groups.get(&(n.name.clone(), g.prefix.clone()));
            push(&format!("Rust type of group {}", g.prefix), a, b);
        }
        for b_op in &n.operations {
            let Some(a_op) = o.operations.iter().find(|a| a.id == b_op.id) else {
                continue;
            };
            if !(takes_params(a_op) && takes_params(b_op)) {
                continue;
            }
            let (a, b) = (on.params.get(&a_op.id), nn.params.get(&b_op.id));
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    out.push(Self::rust_name_change(
                        label(),
                        Some(b_op.id.clone()),
                        "Rust parameters struct".to_owned(),
                        a,
                        b,
                    ));
                }
            }
        }
    }

    /// Type names of enums, models and SIDs whose subject is unchanged.
    pub(super) fn rust_type_names(&self, out: &mut Vec<Change>) {
        let (on, nn) = (&self.old.names, &self.new.names);
        for e in &self.new.api.enums {
            if let (Some(a), Some(b)) = (on.enums.get(&e.name), nn.enums.get(&e.name)) {
                if a != b {
                    out.push(Self::rust_name_change(
                        self.owner(&Type::Enum(e.name.clone())),
                        None,
                        format!("Rust type of enum {}", e.name),
                        a,
                        b,
                    ));
                }
            }
        }
        for m in &self.new.api.models {
            if let (Some(a), Some(b)) = (on.models.get(&m.name), nn.models.get(&m.name)) {
                if a != b {
                    out.push(Self::rust_name_change(
                        self.owner(&Type::Model(m.name.clone())),
                        None,
                        format!("Rust type of model {}", m.name),
                        a,
                        b,
                    ));
                }
            }
        }
        for s in &self.new.api.sids {
            let same_name = self
                .old
                .api
                .sids
                .iter()
                .any(|o| o.prefix == s.prefix && o.name == s.name);
            if let (true, Some(a), Some(b)) =
                (same_name, on.sids.get(&s.prefix), nn.sids.get(&s.prefix))
            {
                if a != b {
                    out.push(Self::rust_name_change(
                        self.owner(&Type::Sid(s.prefix.clone())),
                        None,
                        format!("Rust type of SID {}", s.prefix),
                        a,
                        b,
                    ));
                }
            }
        }
    }
}
