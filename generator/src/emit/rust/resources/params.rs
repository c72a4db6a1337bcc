//! The parameter struct of each operation: fields for its query, header and body parameters,
//! a constructor taking the required ones, setters for the others, and the `Params`
//! implementation that encodes and validates them.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::super::doc::{doc, sanitize};
use super::super::text::{impl_item_lines, type_text, Expr, Text, MARGIN};
use super::fields::{constraint_checks, constraint_nodes, field_spec, param_docs, Conv, FieldSpec};
use super::one_of::one_of_types;
use super::{Cx, Piece};
use crate::model::{Body, ContentType, Operation, Param, ParamGroup, Type};
use crate::views::rust::checks::conditional_params;
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::{id, needs_check};

/// How an operation parameter is carried.
enum Carrier<'a> {
    Query(&'a Param),
    Header(&'a Param),
    Form(&'a Param),
    Json(&'a Param),
    Group(&'a ParamGroup),
    FreeForm,
    OneOf,
}

/// A field of a parameter struct and how its value is carried.
struct OpField<'a> {
    spec: FieldSpec,
    carrier: Carrier<'a>,
}

impl OpField<'_> {
    /// The wire name the constructor's doc gives for it.
    fn wire(&self) -> String {
        match &self.carrier {
            Carrier::Query(p) | Carrier::Header(p) | Carrier::Form(p) | Carrier::Json(p) => {
                p.name.clone()
            }
            Carrier::Group(g) => format!("{}.*", g.prefix),
            Carrier::FreeForm | Carrier::OneOf => "body".to_owned(),
        }
    }
}

/// The parameter struct of an operation, when its method takes one (see
/// [`takes_params`](crate::views::rust::methods::takes_params)), preceded by the types of
/// its `oneOf` body if it has one: as text when [`param_set_text`] can write it, else as
/// tokens.
pub(super) fn params_struct(cx: &mut Cx, op: &Operation) -> Option<Piece> {
    let handle_method = op_method_path(cx, op);
    let description = op.description.as_deref().map(sanitize).unwrap_or_default();
    let docs = format!(
        "Parameters of [`{handle_method}`].{}",
        if description.is_empty() {
            String::new()
        } else {
            format!("\n\n{description}")
        }
    );
    let names = cx.names;
    let one_of = op
        .body
        .as_ref()
        .and_then(|b| b.one_of.as_ref())
        .map(|o| (o, &names.one_ofs[&op.id]));
    let body_types = match one_of {
        Some((o, o_names)) => one_of_types(cx, o, o_names),
        None => quote!(),
    };
    let set = ParamSet {
        name: &names.params[&op.id],
        docs,
        query: op.settable_query_params().collect(),
        header: &op.header_params,
        body: op.body.as_ref(),
        one_of: one_of.map(|(_, n)| n.ty.as_str()),
    };
    let fields = op_fields(cx, &set);
    if fields.is_empty() {
        return None;
    }
    if cx.text && one_of.is_none() {
        if let Some(text) = param_set_text(cx, &set, &fields) {
            return Some(Piece::Text(text));
        }
    }
    let tokens = param_set_tokens(cx, &set, &fields);
    Some(Piece::Tokens(quote!(#body_types #tokens)))
}

/// `FlexFlowList::create`, for docs.
fn op_method_path(cx: &Cx, op: &Operation) -> String {
    let r = cx.resource;
    let handle = if Some(&op.path) == r.list_path.as_ref() {
        cx.names.list_handles.get(&r.name).map(|h| h.0.clone())
    } else {
        cx.names.context_handles.get(&r.name).map(|h| h.0.clone())
    };
    format!("{}::{}", handle.unwrap_or_default(), op.kind.as_str())
}

/// What a parameter struct is made of: an operation's parameters, or an alternative of a
/// `oneOf` body.
pub(super) struct ParamSet<'a> {
    pub(super) name: &'a str,
    /// The struct's doc text.
    pub(super) docs: String,
    pub(super) query: Vec<&'a Param>,
    pub(super) header: &'a [Param],
    pub(super) body: Option<&'a Body>,
    /// The enum type of a `oneOf` body, carried as one `body` field.
    pub(super) one_of: Option<&'a str>,
}

/// A parameter struct with its constructor, setters and `Params` implementation; `None`
/// when it would have no field.
pub(super) fn param_set_struct(cx: &mut Cx, set: ParamSet) -> Option<TokenStream> {
    let fields = op_fields(cx, &set);
    if fields.is_empty() {
        return None;
    }
    Some(param_set_tokens(cx, &set, &fields))
}

/// The tokens of a parameter struct with the fields `fields` (not empty).
fn param_set_tokens(cx: &mut Cx, set: &ParamSet, fields: &[OpField]) -> TokenStream {
    let name = id(set.name);
    cx.used.params.set(true);
    cx.used.parts.set(true);
    cx.used.result.set(true);

    let required: Vec<&OpField> = fields.iter().filter(|f| f.spec.required).collect();
    let struct_fields = fields.iter().map(|f| {
        let (i, t) = (&f.spec.ident, &f.spec.ty);
        if f.spec.required {
            quote!(#i: #t,)
        } else {
            quote!(#i: Option<#t>,)
        }
    });
    let new_args = required.iter().map(|f| {
        let (i, a) = (&f.spec.ident, &f.spec.arg);
        quote!(#i: #a)
    });
    let new_doc = doc(&new_doc(&required));
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.spec.required)
        .map(setter)
        .collect();
    let encodes: Vec<TokenStream> = fields.iter().map(|f| encode(cx, f)).collect();
    let validate = validate(cx, set, fields);
    let form_body = set
        .body
        .is_some_and(|b| b.content_type == ContentType::Form);
    let form_const = if form_body {
        quote!(
            const FORM_BODY: bool = true;
        )
    } else {
        quote!()
    };
    let constructor = if required.is_empty() {
        quote!(Self::default())
    } else {
        let new_inits = fields.iter().map(new_init);
        quote!(#name { #(#new_inits)* })
    };
    let derive_default = if required.is_empty() {
        quote!(Default,)
    } else {
        quote!()
    };
    let docs = doc(&set.docs);
    // Required parameters are constructor arguments by design, however many the spec has.
    let many = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(Clone, Debug, #derive_default PartialEq)]
        #[must_use]
        pub struct #name {
            #(#struct_fields)*
        }

        impl #name {
            #new_doc
            #many
            pub fn new(#(#new_args),*) -> Self {
                #constructor
            }

            #(#setters)*
        }

        impl Params for #name {
            #form_const

            fn encode(&self, parts: &mut Parts) {
                #(#encodes)*
            }

            #validate
        }
    }
}

/// A parameter struct as text in prettyplease's layout (see [`text`](super::super::text)):
/// the struct, its constructor and setters, and its `Params` implementation (`validate`
/// formatted through syn). `None` when a line would not fit the margin or a type is not
/// one [`type_text`] prints; the caller then makes tokens, with the same effect on `cx`.
fn param_set_text(cx: &mut Cx, set: &ParamSet, fields: &[OpField]) -> Option<String> {
    let name = set.name;
    cx.used.params.set(true);
    cx.used.parts.set(true);
    cx.used.result.set(true);
    let required: Vec<&OpField> = fields.iter().filter(|f| f.spec.required).collect();
    let mut t = Text::new();
    t.doc(0, &set.docs);
    t.line(
        0,
        if required.is_empty() {
            "#[derive(Clone, Debug, Default, PartialEq)]"
        } else {
            "#[derive(Clone, Debug, PartialEq)]"
        },
    );
    t.line(0, "#[must_use]");
    t.line(0, &format!("pub struct {name} {{"));
    for f in fields {
        let ty = type_text(&f.spec.ty)?;
        let ident = f.spec.ident.to_string();
        if f.spec.required {
            t.line(4, &format!("{ident}: {ty},"));
        } else {
            t.generic(4, &format!("{ident}: Option"), &ty, ",");
        }
    }
    t.line(0, "}");
    t.blank();

    t.line(0, &format!("impl {name} {{"));
    t.doc(4, &new_doc(&required));
    if required.len() > 7 {
        t.line(4, "#[allow(clippy::too_many_arguments)]");
    }
    let args = required
        .iter()
        .map(|f| Some(format!("{}: {}", f.spec.ident, type_text(&f.spec.arg)?)))
        .collect::<Option<Vec<String>>>()?;
    t.signature(4, "pub fn new", &args, " -> Self {");
    if required.is_empty() {
        t.line(8, "Self::default()");
    } else {
        let inits: Vec<String> = fields.iter().map(new_init_text).collect();
        t.struct_literal(8, name, &inits);
    }
    t.line(4, "}");
    for f in fields.iter().filter(|f| !f.spec.required) {
        let i = f.spec.ident.to_string();
        t.blank();
        t.doc(4, &f.spec.docs);
        let arg = format!("value: {}", type_text(&f.spec.arg)?);
        t.signature(
            4,
            &format!("pub fn {i}"),
            &["mut self".to_owned(), arg],
            " -> Self {",
        );
        t.line(
            8,
            &format!("self.{i} = Some({});", conv_text(f.spec.conv, "value")),
        );
        t.line(8, "self");
        t.line(4, "}");
    }
    t.line(0, "}");
    t.blank();

    t.line(0, &format!("impl Params for {name} {{"));
    if set
        .body
        .is_some_and(|b| b.content_type == ContentType::Form)
    {
        t.line(4, "const FORM_BODY: bool = true;");
        t.blank();
    }
    t.line(4, "fn encode(&self, parts: &mut Parts) {");
    for f in fields {
        encode_text(cx, f, &mut t)?;
    }
    t.line(4, "}");
    match validate_text(cx, set, fields) {
        Some(None) => {}
        Some(Some(text)) => {
            t.blank();
            t.lines(&text);
        }
        None => {
            let validate = validate(cx, set, fields);
            t.blank();
            t.lines(&impl_item_lines(validate, name).ok()?);
        }
    }
    t.line(0, "}");
    t.done()
}

/// [`Conv::apply`] as text.
fn conv_text(conv: Conv, v: &str) -> String {
    match conv {
        Conv::Same => v.to_owned(),
        Conv::Into => format!("{v}.into()"),
        Conv::Iter => format!("{v}.into_iter().collect()"),
        Conv::IterInto => format!("{v}.into_iter().map(Into::into).collect()"),
    }
}

/// [`new_init`] as text (without its comma).
fn new_init_text(f: &OpField) -> String {
    let i = f.spec.ident.to_string();
    match (f.spec.required, f.spec.conv) {
        (true, Conv::Same) => i,
        (true, conv) => format!("{i}: {}", conv_text(conv, &i)),
        (false, _) => format!("{i}: None"),
    }
}

/// [`encode`] as text: the statement's lines in the body of `encode`.
fn encode_text(cx: &Cx, f: &OpField, t: &mut Text) -> Option<()> {
    let i = f.spec.ident.to_string();
    let lit = |w: &str| proc_macro2::Literal::string(w).to_string();
    let mut put = |w: &str, to: &str| {
        cx.used.encode.set(true);
        let call = format!(".encode({}, &mut parts.{to});", lit(w));
        if 8 + 5 + i.len() + call.len() <= MARGIN {
            t.line(8, &format!("self.{i}{call}"));
        } else {
            // prettyplease breaks a long method call before its dot.
            t.line(8, &format!("self.{i}"));
            t.line(12, &call);
        }
    };
    match &f.carrier {
        Carrier::Query(p) => put(&p.name, "query"),
        Carrier::Header(p) => put(&p.name, "headers"),
        Carrier::Form(p) => put(&p.name, "form"),
        Carrier::Group(g) if g.indexed.is_none() => put(&g.prefix, "form"),
        Carrier::Json(p) => {
            cx.used.helper();
            let args = ["parts".to_owned(), lit(&p.name), format!("&self.{i}")];
            t.signature(8, "encoding::json_member", &args, ";");
        }
        Carrier::Group(g) => {
            let lo = g.indexed.map(|(lo, _)| quote!(#lo).to_string())?;
            let items = if f.spec.required {
                format!("Some(&self.{i})")
            } else {
                format!("self.{i}.as_ref()")
            };
            cx.used.helper();
            t.line(8, &format!("if let Some(items) = {items} {{"));
            t.line(
                12,
                &format!(
                    "encoding::encode_indexed(items, {}, {lo}, &mut parts.form);",
                    lit(&g.prefix)
                ),
            );
            t.line(8, "}");
        }
        Carrier::FreeForm => {
            if f.spec.required {
                t.line(8, &format!("parts.json = Some(self.{i}.clone());"));
            } else {
                t.line(8, &format!("parts.json = self.{i}.clone();"));
            }
        }
        Carrier::OneOf => return None,
    }
    Some(())
}

/// The fields of a parameter set, in order: query, header, then the body (its `oneOf` enum
/// or free-form JSON, its parameters, its groups).
fn op_fields<'a>(cx: &mut Cx, set: &ParamSet<'a>) -> Vec<OpField<'a>> {
    let mut scope = Scope::with(&["new"]);
    let mut fields: Vec<OpField> = Vec::new();
    for p in set.query.iter().copied() {
        let f = scope.claim(&[ident(&p.name)]);
        let spec = field_spec(cx, &f, &p.ty, p.required, param_docs(p));
        fields.push(OpField {
            spec,
            carrier: Carrier::Query(p),
        });
    }
    for p in set.header {
        let f = scope.claim(&[ident(&p.name)]);
        let spec = field_spec(cx, &f, &p.ty, p.required, param_docs(p));
        fields.push(OpField {
            spec,
            carrier: Carrier::Header(p),
        });
    }
    if let Some(body) = set.body {
        body_fields(cx, &mut scope, body, set.one_of, &mut fields);
    }
    fields
}

/// The fields of a request body, added to `fields`; `one_of` is the enum type of a `oneOf`
/// body.
fn body_fields<'a>(
    cx: &mut Cx,
    scope: &mut Scope,
    body: &'a Body,
    one_of: Option<&str>,
    fields: &mut Vec<OpField<'a>>,
) {
    let form_body = body.content_type == ContentType::Form;
    if let Some(enum_ty) = one_of {
        let f = scope.claim(&["body".to_owned()]);
        let ty = id(enum_ty);
        fields.push(OpField {
            spec: FieldSpec {
                ident: id(&f),
                ty: quote!(#ty),
                arg: quote!(impl Into<#ty>),
                conv: Conv::Into,
                required: body.required,
                docs: format!("The JSON body: one of the alternatives of [`{enum_ty}`]."),
            },
            carrier: Carrier::OneOf,
        });
    }
    if body.free_form {
        let f = scope.claim(&["body".to_owned()]);
        let spec = field_spec(
            cx,
            &f,
            &Type::Json,
            body.required,
            "The JSON body. The spec leaves its shape open.".to_owned(),
        );
        fields.push(OpField {
            spec,
            carrier: Carrier::FreeForm,
        });
    }
    for p in &body.params {
        let f = scope.claim(&[ident(&p.name)]);
        let spec = field_spec(cx, &f, &p.ty, p.required, param_docs(p));
        let carrier = if form_body {
            Carrier::Form(p)
        } else {
            Carrier::Json(p)
        };
        fields.push(OpField { spec, carrier });
    }
    for g in &body.groups {
        let f = scope.claim(&[ident(&g.name)]);
        fields.push(OpField {
            spec: group_field(cx, g, &f),
            carrier: Carrier::Group(g),
        });
    }
}

/// The field of a dotted group `g` of the body, named `f`: one value of the group's type, or
/// a list of them when it is numbered.
fn group_field(cx: &Cx, g: &ParamGroup, f: &str) -> FieldSpec {
    let gty = id(&cx.names.groups[&(cx.resource.name.clone(), g.prefix.clone())]);
    let ty = if g.indexed.is_some() {
        quote!(Vec<#gty>)
    } else {
        quote!(#gty)
    };
    let docs = match g.indexed {
        Some((lo, hi)) => format!(
            "The numbered `{p}{{N}}.*` parameters, `{p}{lo}` first (at most {} items).",
            hi - lo + 1,
            p = g.prefix
        ),
        None => format!("The `{}.*` parameters.", g.prefix),
    };
    FieldSpec {
        ident: id(f),
        ty: ty.clone(),
        arg: ty,
        conv: Conv::Same,
        required: g.required,
        docs,
    }
}

/// The doc of `new`: what it sets, and the wire name of each required argument.
fn new_doc(required: &[&OpField]) -> String {
    let mut new_doc = if required.is_empty() {
        String::from("No parameters set; set them with the methods below.")
    } else {
        String::from(
            "Parameters with the required values; set optional ones with the methods below.",
        )
    };
    if !required.is_empty() {
        new_doc.push('\n');
        for f in required {
            new_doc.push_str(&format!("\n- `{}`: `{}`", f.spec.ident, f.wire()));
        }
    }
    new_doc
}

/// How `new` initializes a field: a required one from its argument, an optional one empty.
fn new_init(f: &OpField) -> TokenStream {
    let i = &f.spec.ident;
    if f.spec.required {
        match f.spec.conv {
            Conv::Same => quote!(#i,),
            conv => {
                let v = conv.apply(quote!(#i));
                quote!(#i: #v,)
            }
        }
    } else {
        quote!(#i: None,)
    }
}

/// The setter of an optional field.
fn setter(f: &OpField) -> TokenStream {
    let (i, a, d) = (&f.spec.ident, &f.spec.arg, doc(&f.spec.docs));
    let c = f.spec.conv.apply(quote!(value));
    quote! {
        #d
        pub fn #i(mut self, value: #a) -> Self {
            self.#i = Some(#c);
            self
        }
    }
}

/// The statement of `Params::encode` that puts a field where its carrier says.
fn encode(cx: &Cx, f: &OpField) -> TokenStream {
    let i = &f.spec.ident;
    match &f.carrier {
        Carrier::Query(p) => {
            let w = &p.name;
            cx.used.encode.set(true);
            quote!(self.#i.encode(#w, &mut parts.query);)
        }
        Carrier::Header(p) => {
            let w = &p.name;
            cx.used.encode.set(true);
            quote!(self.#i.encode(#w, &mut parts.headers);)
        }
        Carrier::Form(p) => {
            let w = &p.name;
            cx.used.encode.set(true);
            quote!(self.#i.encode(#w, &mut parts.form);)
        }
        Carrier::Json(p) => {
            let w = &p.name;
            cx.used.helper();
            quote!(encoding::json_member(parts, #w, &self.#i);)
        }
        Carrier::Group(g) => {
            let prefix = &g.prefix;
            match g.indexed {
                Some((lo, _)) => {
                    let items = if f.spec.required {
                        quote!(Some(&self.#i))
                    } else {
                        quote!(self.#i.as_ref())
                    };
                    cx.used.helper();
                    quote! {
                        if let Some(items) = #items {
                            encoding::encode_indexed(items, #prefix, #lo, &mut parts.form);
                        }
                    }
                }
                None => {
                    cx.used.encode.set(true);
                    quote!(self.#i.encode(#prefix, &mut parts.form);)
                }
            }
        }
        Carrier::FreeForm => {
            if f.spec.required {
                quote!(parts.json = Some(self.#i.clone());)
            } else {
                quote!(parts.json = self.#i.clone();)
            }
        }
        Carrier::OneOf => {
            if f.spec.required {
                quote!(self.#i.encode(parts);)
            } else {
                quote!(if let Some(body) = &self.#i { body.encode(parts); })
            }
        }
    }
}

/// `Params::validate`: the checks of each field's value, then the requirements that depend
/// on other values; nothing (the trait's default) when there is nothing to check.
fn validate(cx: &Cx, set: &ParamSet, fields: &[OpField]) -> TokenStream {
    let (mut checks, uses_parts) = field_checks(cx, fields);
    let member_checks = member_checks(cx, set);
    let uses_parts = uses_parts || !member_checks.is_empty();
    checks.extend(member_checks);
    let parts_arg = if uses_parts {
        quote!(parts)
    } else {
        quote!(_parts)
    };
    // Operations without checks keep the trait's default `validate`.
    if checks.is_empty() {
        quote!()
    } else {
        quote! {
            fn validate(&self, #parts_arg: &Parts) -> Result<()> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// [`validate`] as text: `Some(None)` when there is nothing to check, `None` where a
/// layout is not one written here (a `oneOf` body, a call on `parts` too long for its line).
fn validate_text(cx: &Cx, set: &ParamSet, fields: &[OpField]) -> Option<Option<String>> {
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    let mut t = Text::new();
    let mut any = false;
    for f in fields {
        let i = f.spec.ident.to_string();
        let (p, wire) = match &f.carrier {
            Carrier::Query(p) | Carrier::Header(p) | Carrier::Form(p) | Carrier::Json(p) => {
                (Some(*p), p.name.clone())
            }
            Carrier::Group(g) => (None, g.prefix.clone()),
            Carrier::FreeForm => (None, String::new()),
            Carrier::OneOf => return None,
        };
        let ty = match (&f.carrier, p) {
            (_, Some(p)) => Some(p.ty.clone()),
            (Carrier::Group(_), None) => Some(Type::Group {
                resource: String::new(),
                prefix: String::new(),
            }),
            _ => None,
        };
        if ty.as_ref().is_some_and(needs_check) {
            t.line(8, &format!("self.{i}.check({})?;", lit(&wire)));
            cx.used.check.set(true);
            any = true;
        }
        if let Some(p) = p {
            let calls = constraint_nodes(cx, &wire, &p.ty, &p.constraints);
            if !calls.is_empty() {
                if f.spec.required {
                    t.line(8, "{");
                    t.line(12, &format!("let v = &self.{i};"));
                } else {
                    t.line(8, &format!("if let Some(v) = &self.{i} {{"));
                }
                for call in calls {
                    let mut lines = String::new();
                    if !call.lay_out(12, "", "?;", true, &mut lines)
                        || lines.lines().any(|l| l.len() > MARGIN)
                    {
                        return None;
                    }
                    t.lines(&lines);
                }
                t.line(8, "}");
                any = true;
            }
        }
    }
    let members = member_calls(cx, set);
    for call in &members {
        // A call on `parts` is a method call, which prettyplease breaks its own way.
        t.line(8, &format!("{}?;", call.flat()));
    }
    if !any && members.is_empty() {
        return Some(None);
    }
    let parts = if members.is_empty() {
        "_parts"
    } else {
        "parts"
    };
    let body = t.done()?;
    Some(Some(format!(
        "    fn validate(&self, {parts}: &Parts) -> Result<()> {{\n{body}        Ok(())\n    }}\n"
    )))
}

/// [`member_checks`] as the calls on `parts` they make.
fn member_calls(cx: &Cx, set: &ParamSet) -> Vec<Expr> {
    let lit = |s: &str| Expr::Atom(proc_macro2::Literal::string(s).to_string());
    let call = |open: &'static str, items: Vec<Expr>| Expr::list(open, ")", items);
    members(cx, set)
        .into_iter()
        .map(|m| match m {
            Member::Required(w) => call("parts.required(", vec![lit(w)]),
            Member::NotAccepted(w) => call("parts.not_accepted(", vec![lit(w)]),
            Member::RequiredWhen(w, other, values) => {
                let values = Expr::list("&[", "]", values.iter().map(|v| lit(v)).collect());
                call("parts.required_when(", vec![lit(w), lit(other), values])
            }
        })
        .collect()
}

/// A requirement on the encoded pairs (see [`member_checks`]).
enum Member<'a> {
    /// `parts.required(wire)`
    Required(&'a str),
    /// `parts.not_accepted(wire)`
    NotAccepted(&'a str),
    /// `parts.required_when(wire, other, &[values])`
    RequiredWhen(&'a str, &'a str, &'a [String]),
}

/// The requirements [`member_checks`] checks, in order.
fn members<'a>(cx: &Cx<'a>, set: &ParamSet<'a>) -> Vec<Member<'a>> {
    let body_groups: &[ParamGroup] = set.body.map(|b| b.groups.as_slice()).unwrap_or(&[]);
    let mut out = Vec::new();
    for g in body_groups.iter().filter(|g| g.indexed.is_none()) {
        for p in g.all_params() {
            if p.required {
                out.push(Member::Required(&p.name));
            }
        }
        if let Some(merged) = cx
            .resource
            .groups
            .iter()
            .find(|m| m.prefix == g.prefix && m.indexed.is_none())
        {
            let accepted: BTreeSet<&str> = g.all_params().iter().map(|p| p.name.as_str()).collect();
            for m in merged.all_params() {
                if !accepted.contains(m.name.as_str()) {
                    out.push(Member::NotAccepted(&m.name));
                }
            }
        }
    }
    for p in conditional_params(set.query.iter().copied(), set.body) {
        for c in &p.required_when {
            out.push(Member::RequiredWhen(&p.name, &c.param, &c.values));
        }
    }
    out
}

/// The checks of each field's own value (SIDs, enums, the spec's constraints), and whether
/// one reads the encoded pairs (a `oneOf` body validates on them).
fn field_checks(cx: &Cx, fields: &[OpField]) -> (Vec<TokenStream>, bool) {
    let mut checks = Vec::new();
    let mut uses_parts = false;
    for f in fields {
        let i = &f.spec.ident;
        let (p, wire) = match &f.carrier {
            Carrier::Query(p) | Carrier::Header(p) | Carrier::Form(p) | Carrier::Json(p) => {
                (Some(*p), p.name.clone())
            }
            Carrier::Group(g) => (None, g.prefix.clone()),
            Carrier::FreeForm => (None, String::new()),
            Carrier::OneOf => {
                if f.spec.required {
                    checks.push(quote!(self.#i.validate(parts)?;));
                } else {
                    checks.push(quote!(if let Some(body) = &self.#i { body.validate(parts)?; }));
                }
                uses_parts = true;
                continue;
            }
        };
        let wire_tokens = quote!(#wire);
        let t = match (&f.carrier, p) {
            (_, Some(p)) => Some(p.ty.clone()),
            (Carrier::Group(_), None) => Some(Type::Group {
                resource: String::new(),
                prefix: String::new(),
            }),
            _ => None,
        };
        if let Some(t) = &t {
            if needs_check(t) {
                checks.push(quote!(self.#i.check(#wire_tokens)?;));
                cx.used.check.set(true);
            }
        }
        if let Some(p) = p {
            let inner = constraint_checks(cx, &wire_tokens, &p.ty, &p.constraints);
            if !inner.is_empty() {
                if f.spec.required {
                    checks.push(quote! { { let v = &self.#i; #inner } });
                } else {
                    checks.push(quote! { if let Some(v) = &self.#i { #inner } });
                }
            }
        }
    }
    (checks, uses_parts)
}

/// Requirements that depend on other values, checked on the encoded pairs: required members
/// of the body's groups, members of the resource's groups this operation does not accept,
/// and parameters the spec requires only when another has some value.
fn member_checks(cx: &Cx, set: &ParamSet) -> Vec<TokenStream> {
    members(cx, set)
        .into_iter()
        .map(|m| match m {
            Member::Required(w) => quote!(parts.required(#w)?;),
            Member::NotAccepted(w) => quote!(parts.not_accepted(#w)?;),
            Member::RequiredWhen(w, other, values) => {
                quote!(parts.required_when(#w, #other, &[#(#values),*])?;)
            }
        })
        .collect()
}
