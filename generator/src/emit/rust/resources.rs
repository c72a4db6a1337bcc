//! `src/resources/<name>.rs`: one module per resource with its parameter types (dotted
//! groups, one struct per operation), its handles and the `Client` methods that reach them.

use std::cell::Cell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::{doc, sanitize};
use crate::model::{
    Api, Constraints, ContentType, Operation, OperationKind, Param, ParamGroup, PathTemplate,
    Resource, Response, Segment, Type,
};
use crate::views::rust::names::{ident, RustNames, Scope};
use crate::views::rust::types::{id, is_string, needs_check, request_type, rust_type, Imports};

/// What a module body used, for its `use` lines.
#[derive(Default)]
struct Used {
    check: Cell<bool>,
    encode: Cell<bool>,
    encoding: Cell<bool>,
    list: Cell<bool>,
    params: Cell<bool>,
    parts: Cell<bool>,
    request: Cell<bool>,
    result: Cell<bool>,
    segment: Cell<bool>,
    patterns: std::cell::RefCell<Vec<String>>,
}

impl Used {
    /// The module calls a function of the runtime's `encoding`.
    fn helper(&self) {
        self.encoding.set(true);
    }
}

struct Cx<'a> {
    api: &'a Api,
    names: &'a RustNames,
    resource: &'a Resource,
    imports: Imports,
    used: Used,
}

impl Cx<'_> {
    fn ty(&mut self, t: &Type) -> TokenStream {
        rust_type(t, self.names, &mut self.imports)
    }

    /// `static PATTERN_n` for a non-SID pattern, if it compiles.
    fn pattern_static(&self, pattern: &str) -> Option<proc_macro2::Ident> {
        regex::Regex::new(pattern).ok()?;
        let mut list = self.used.patterns.borrow_mut();
        let i = match list.iter().position(|p| p == pattern) {
            Some(i) => i,
            None => {
                list.push(pattern.to_owned());
                list.len() - 1
            }
        };
        Some(id(&format!("PATTERN_{i}")))
    }
}

/// Whether any parameter of the API has a pattern that is not a SID pattern (the crate then
/// needs `regex`).
pub fn needs_regex(api: &Api) -> bool {
    fn has(p: &Param) -> bool {
        p.constraints.pattern.is_some() && !matches!(p.ty, Type::Sid(_))
    }
    api.resources.iter().any(|r| {
        r.operations.iter().any(|o| {
            o.all_params().any(has)
                || o.body
                    .iter()
                    .flat_map(|b| &b.one_of)
                    .flat_map(|one_of| &one_of.variants)
                    .any(|v| v.params.iter().any(has))
        }) || r.groups.iter().any(|g| g.all_params().into_iter().any(has))
    })
}

/// Checks of explicit constraints on a value `v` (a reference to the Rust value).
fn constraint_checks(cx: &Cx, wire: &TokenStream, t: &Type, c: &Constraints) -> TokenStream {
    let mut out = TokenStream::new();
    let opt_u64 = |v: Option<u64>| match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let opt_f64 = |v: Option<f64>| match v {
        Some(n) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(n);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    match t {
        _ if matches!(t, Type::Sid(_)) => {}
        t if is_string(t) => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
                out.extend(quote!(encoding::length(#wire, v, #min, #max)?;));
                cx.used.helper();
            }
            if let Some(p) = &c.pattern {
                if let Some(stat) = cx.pattern_static(p) {
                    out.extend(quote!(encoding::pattern(#wire, #stat.is_match(v), #p)?;));
                    cx.used.helper();
                }
            }
        }
        Type::Integer | Type::Int64 | Type::Number
            if c.minimum.is_some() || c.maximum.is_some() =>
        {
            let (min, max) = (opt_f64(c.minimum), opt_f64(c.maximum));
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            let value = if matches!(t, Type::Number) {
                quote!(*v)
            } else {
                quote!(*v as f64)
            };
            out.extend(quote!(encoding::range(#wire, #value, #min, #max, (#emin, #emax))?;));
            cx.used.helper();
        }
        Type::Array(_) if c.min_items.is_some() || c.max_items.is_some() => {
            let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
            out.extend(quote!(encoding::items(#wire, v.len(), #min, #max)?;));
            cx.used.helper();
        }
        _ => {}
    }
    out
}

/// How a setter or constructor argument becomes a field value.
#[derive(Clone, Copy)]
enum Conv {
    /// Taken as is.
    Same,
    /// `impl Into<String>`.
    Into,
    /// `impl IntoIterator<Item = T>`.
    Iter,
    /// `impl IntoIterator<Item = impl Into<String>>`.
    IterInto,
}

impl Conv {
    fn apply(self, v: TokenStream) -> TokenStream {
        match self {
            Conv::Same => v,
            Conv::Into => quote!(#v.into()),
            Conv::Iter => quote!(#v.into_iter().collect()),
            Conv::IterInto => quote!(#v.into_iter().map(Into::into).collect()),
        }
    }
}

/// A struct field for a parameter or group member.
struct FieldSpec {
    ident: proc_macro2::Ident,
    ty: TokenStream,
    /// Setter argument type and conversion.
    arg: TokenStream,
    /// How the argument becomes the field value.
    conv: Conv,
    required: bool,
    docs: TokenStream,
}

fn field_spec(
    cx: &mut Cx,
    ident_name: &str,
    t: &Type,
    required: bool,
    docs: TokenStream,
) -> FieldSpec {
    let t = &request_type(t);
    let ty = cx.ty(t);
    let (arg, conv) = match t {
        t if is_string(t) => (quote!(impl Into<String>), Conv::Into),
        Type::Array(inner) if is_string(inner) => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Conv::IterInto,
        ),
        Type::Array(inner) => {
            let item = cx.ty(inner);
            (quote!(impl IntoIterator<Item = #item>), Conv::Iter)
        }
        _ => (ty.clone(), Conv::Same),
    };
    FieldSpec {
        ident: id(ident_name),
        ty,
        arg,
        conv,
        required,
        docs,
    }
}

fn param_docs(p: &Param) -> TokenStream {
    // Conditions and ranges the prose states are checked before sending; the prose already
    // says them, so the doc adds only the wire name.
    let text = match p
        .description
        .as_deref()
        .map(sanitize)
        .filter(|t| !t.is_empty())
    {
        Some(t) => format!("`{}`: {t}", p.name),
        None => format!("`{}`.", p.name),
    };
    doc(&text)
}

/// Escapes braces for a `format!` string.
fn fmt_escape(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// One group type (shared by all operations of the resource and by responses).
fn group_struct(cx: &mut Cx, g: &ParamGroup) -> TokenStream {
    let name = id(&cx.names.groups[&(cx.resource.name.clone(), g.prefix.clone())]);
    let what = match g.indexed {
        Some((lo, hi)) => format!(
            "One item of the numbered `{p}{{N}}.*` parameters (`{p}{lo}` to `{p}{hi}`).",
            p = g.prefix
        ),
        None => format!(
            "The `{}.*` parameters, sent as dotted form keys and received as a JSON object.",
            g.prefix
        ),
    };
    let docs = doc(&what);
    let mut scope = Scope::with(&["new"]);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut encodes = Vec::new();
    let mut checks = Vec::new();
    for p in &g.params {
        let key = g.member_key(p);
        let fname = scope.claim(&[ident(key)]);
        let spec = field_spec(cx, &fname, &p.ty, false, param_docs(p));
        push_group_member(
            cx,
            &spec,
            key,
            &fname,
            &p.ty,
            &p.constraints,
            &mut fields,
            &mut setters,
            &mut encodes,
            &mut checks,
        );
    }
    for sub in &g.groups {
        let fname = scope.claim(&[ident(&sub.name)]);
        let sub_ty = id(&cx.names.groups[&(cx.resource.name.clone(), sub.prefix.clone())]);
        let (ty, arg) = if sub.indexed.is_some() {
            (quote!(Vec<#sub_ty>), quote!(Vec<#sub_ty>))
        } else {
            (quote!(#sub_ty), quote!(#sub_ty))
        };
        let spec = FieldSpec {
            ident: id(&fname),
            ty,
            arg,
            conv: Conv::Same,
            required: false,
            docs: doc(&format!("The `{}.*` parameters.", sub.prefix)),
        };
        let f = &spec.ident;
        let key_fmt = format!("{{key}}.{}", fmt_escape(&sub.name));
        let param_fmt = format!("{{param}}.{}", fmt_escape(&sub.name));
        let (fdocs, fty, farg) = (&spec.docs, &spec.ty, &spec.arg);
        fields.push(quote! { #fdocs #[serde(skip_serializing_if = "Option::is_none")] pub #f: Option<#fty>, });
        setters.push(quote! { #fdocs pub fn #f(mut self, value: #farg) -> Self { self.#f = Some(value); self } });
        if sub.indexed.is_some() {
            cx.used.helper();
        }
        match sub.indexed {
            Some((lo, _)) => encodes.push(quote! {
                if let Some(items) = &self.#f {
                    encoding::encode_indexed(items, &format!(#key_fmt), #lo, out);
                }
            }),
            None => encodes.push(quote! { self.#f.encode(&format!(#key_fmt), out); }),
        }
        checks.push(quote! { self.#f.check(&format!(#param_fmt))?; });
        cx.used.check.set(true);
        cx.used.encode.set(true);
    }
    cx.used.result.set(true);
    let param_arg = if checks.is_empty() {
        quote!(_param)
    } else {
        quote!(param)
    };
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// No members set.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*
        }

        impl Encode for #name {
            fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
                #(#encodes)*
            }
        }

        impl Check for #name {
            fn check(&self, #param_arg: &str) -> Result<()> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_group_member(
    cx: &mut Cx,
    spec: &FieldSpec,
    key: &str,
    fname: &str,
    t: &Type,
    c: &Constraints,
    fields: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
    encodes: &mut Vec<TokenStream>,
    checks: &mut Vec<TokenStream>,
) {
    let f = &spec.ident;
    let (fdocs, fty, farg) = (&spec.docs, &spec.ty, &spec.arg);
    let conv = spec.conv.apply(quote!(value));
    // Response objects use snake_case keys; requests use the dotted wire keys.
    let json_key = crate::model::names::snake(key);
    let rename = if json_key != fname {
        quote!(#[serde(rename = #json_key)])
    } else {
        quote!()
    };
    // Members that are not set are left out, as the API leaves them out of responses.
    fields.push(quote! {
        #fdocs
        #rename
        #[serde(skip_serializing_if = "Option::is_none")]
        pub #f: Option<#fty>,
    });
    setters.push(quote! {
        #fdocs
        pub fn #f(mut self, value: #farg) -> Self {
            self.#f = Some(#conv);
            self
        }
    });
    let key_fmt = format!("{{key}}.{}", fmt_escape(key));
    let param_fmt = format!("{{param}}.{}", fmt_escape(key));
    encodes.push(quote! { self.#f.encode(&format!(#key_fmt), out); });
    cx.used.encode.set(true);
    let wire = quote!(&format!(#param_fmt));
    if needs_check(t) {
        checks.push(quote! { self.#f.check(#wire)?; });
        cx.used.check.set(true);
    }
    let inner = constraint_checks(cx, &wire, t, c);
    if !inner.is_empty() {
        checks.push(quote! { if let Some(v) = &self.#f { #inner } });
    }
}

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

struct OpField<'a> {
    spec: FieldSpec,
    carrier: Carrier<'a>,
}

/// The parameter struct of an operation, when it has parameters beyond the path, preceded
/// by the types of its `oneOf` body if it has one.
fn params_struct(cx: &mut Cx, op: &Operation) -> Option<(TokenStream, bool)> {
    let handle_method = op_method_path(cx, op);
    let description = op.description.as_deref().map(sanitize).unwrap_or_default();
    let docs = doc(&format!(
        "Parameters of [`{handle_method}`].{}",
        if description.is_empty() {
            String::new()
        } else {
            format!("\n\n{description}")
        }
    ));
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
    let (tokens, all_optional) = param_set_struct(cx, set)?;
    Some((quote!(#body_types #tokens), all_optional))
}

/// The enum of a `oneOf` body and a struct per alternative. Each alternative's struct is a
/// parameter set of its own (required properties are `new` arguments); the enum writes the
/// discriminator and delegates encoding and validation to the alternative.
fn one_of_types(
    cx: &mut Cx,
    o: &crate::model::OneOfBody,
    o_names: &crate::views::rust::names::OneOfNames,
) -> TokenStream {
    let ty = id(&o_names.ty);
    let disc = &o.discriminator;
    let mut structs = Vec::new();
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    let mut encodes = Vec::new();
    let mut validates = Vec::new();
    for (v, (variant, vty)) in o.variants.iter().zip(&o_names.variants) {
        let body = crate::model::Body {
            content_type: ContentType::Json,
            required: true,
            free_form: false,
            params: v.params.clone(),
            groups: vec![],
            one_of: None,
        };
        let tag = &v.tag;
        let docs = doc(&format!(
            "The `{disc}: {tag}` alternative of [`{}`].{}",
            o_names.ty,
            v.description
                .as_deref()
                .map(|d| format!("\n\n{}", sanitize(d)))
                .unwrap_or_default()
        ));
        let set = ParamSet {
            name: vty,
            docs,
            query: vec![],
            header: &[],
            body: Some(&body),
            one_of: None,
        };
        let (tokens, _) = param_set_struct(cx, set).unwrap_or_else(|| {
            // An alternative with no property besides the discriminator.
            let n = id(vty);
            (
                quote! {
                    #[doc = "An alternative without properties besides the discriminator."]
                    #[derive(Clone, Debug, Default, PartialEq)]
                    pub struct #n;
                    impl Params for #n {
                        fn encode(&self, _parts: &mut Parts) {}
                    }
                },
                true,
            )
        });
        structs.push(tokens);
        let (variant, vty) = (id(variant), id(vty));
        let vdoc = doc(&format!("`{disc}: {tag}`."));
        variants.push(quote!(#vdoc #variant(#vty),));
        froms.push(quote! {
            impl From<#vty> for #ty {
                fn from(value: #vty) -> Self {
                    #ty::#variant(value)
                }
            }
        });
        encodes.push(quote! {
            #ty::#variant(value) => {
                encoding::json_member(parts, #disc, &#tag);
                value.encode(parts);
            }
        });
        validates.push(quote!(#ty::#variant(value) => value.validate(parts),));
    }
    cx.used.helper();
    cx.used.params.set(true);
    cx.used.parts.set(true);
    cx.used.result.set(true);
    let docs = doc(&format!(
        "{}\n\nOne of the alternatives below, told apart on the wire by `{disc}`, which the \
         variant sets.",
        o.description
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| format!("The `{}` body.", o.name))
    ));
    quote! {
        #(#structs)*

        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #ty {
            #(#variants)*
        }

        #(#froms)*

        impl Params for #ty {
            fn encode(&self, parts: &mut Parts) {
                match self {
                    #(#encodes)*
                }
            }

            fn validate(&self, parts: &Parts) -> Result<()> {
                match self {
                    #(#validates)*
                }
            }
        }
    }
}

/// What a parameter struct is made of: an operation's parameters, or an alternative of a
/// `oneOf` body.
struct ParamSet<'a> {
    name: &'a str,
    docs: TokenStream,
    query: Vec<&'a Param>,
    header: &'a [Param],
    body: Option<&'a crate::model::Body>,
    /// The enum type of a `oneOf` body, carried as one `body` field.
    one_of: Option<&'a str>,
}

/// A parameter struct with its constructor, setters and `Params` implementation, and
/// whether it has no required field; `None` when it would have no field.
fn param_set_struct(cx: &mut Cx, set: ParamSet) -> Option<(TokenStream, bool)> {
    let name = id(set.name);
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
    let mut form_body = false;
    if let Some(body) = set.body {
        form_body = body.content_type == ContentType::Form;
        if let Some(enum_ty) = set.one_of {
            let f = scope.claim(&["body".to_owned()]);
            let ty = id(enum_ty);
            fields.push(OpField {
                spec: FieldSpec {
                    ident: id(&f),
                    ty: quote!(#ty),
                    arg: quote!(impl Into<#ty>),
                    conv: Conv::Into,
                    required: body.required,
                    docs: doc(&format!(
                        "The JSON body: one of the alternatives of [`{enum_ty}`]."
                    )),
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
                doc("The JSON body. The spec leaves its shape open."),
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
            let gty = id(&cx.names.groups[&(cx.resource.name.clone(), g.prefix.clone())]);
            let ty = if g.indexed.is_some() {
                quote!(Vec<#gty>)
            } else {
                quote!(#gty)
            };
            let docs = match g.indexed {
                Some((lo, hi)) => doc(&format!(
                    "The numbered `{p}{{N}}.*` parameters, `{p}{lo}` first (at most {} items).",
                    hi - lo + 1,
                    p = g.prefix
                )),
                None => doc(&format!("The `{}.*` parameters.", g.prefix)),
            };
            let spec = FieldSpec {
                ident: id(&f),
                ty: ty.clone(),
                arg: ty,
                conv: Conv::Same,
                required: g.required,
                docs,
            };
            fields.push(OpField {
                spec,
                carrier: Carrier::Group(g),
            });
        }
    }
    if fields.is_empty() {
        return None;
    }
    cx.used.params.set(true);
    cx.used.parts.set(true);
    cx.used.result.set(true);

    let required: Vec<&OpField> = fields.iter().filter(|f| f.spec.required).collect();
    let optional: Vec<&OpField> = fields.iter().filter(|f| !f.spec.required).collect();
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
    let new_inits = fields.iter().map(|f| {
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
    });
    let mut new_doc = if required.is_empty() {
        String::from("No parameters set; set them with the methods below.")
    } else {
        String::from(
            "Parameters with the required values; set optional ones with the methods below.",
        )
    };
    if !required.is_empty() {
        new_doc.push('\n');
        for f in &required {
            let wire = match &f.carrier {
                Carrier::Query(p) | Carrier::Header(p) | Carrier::Form(p) | Carrier::Json(p) => {
                    p.name.clone()
                }
                Carrier::Group(g) => format!("{}.*", g.prefix),
                Carrier::FreeForm | Carrier::OneOf => "body".to_owned(),
            };
            new_doc.push_str(&format!("\n- `{}`: `{wire}`", f.spec.ident));
        }
    }
    let new_doc = doc(&new_doc);
    let setters = optional.iter().map(|f| {
        let (i, a, d) = (&f.spec.ident, &f.spec.arg, &f.spec.docs);
        let c = f.spec.conv.apply(quote!(value));
        quote! {
            #d
            pub fn #i(mut self, value: #a) -> Self {
                self.#i = Some(#c);
                self
            }
        }
    });

    // encode()
    let mut encodes = Vec::new();
    for f in &fields {
        let i = &f.spec.ident;
        match &f.carrier {
            Carrier::Query(p) => {
                let w = &p.name;
                encodes.push(quote!(self.#i.encode(#w, &mut parts.query);));
                cx.used.encode.set(true);
            }
            Carrier::Header(p) => {
                let w = &p.name;
                encodes.push(quote!(self.#i.encode(#w, &mut parts.headers);));
                cx.used.encode.set(true);
            }
            Carrier::Form(p) => {
                let w = &p.name;
                encodes.push(quote!(self.#i.encode(#w, &mut parts.form);));
                cx.used.encode.set(true);
            }
            Carrier::Json(p) => {
                let w = &p.name;
                encodes.push(quote!(encoding::json_member(parts, #w, &self.#i);));
                cx.used.helper();
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
                        encodes.push(quote! {
                            if let Some(items) = #items {
                                encoding::encode_indexed(items, #prefix, #lo, &mut parts.form);
                            }
                        });
                        cx.used.helper();
                    }
                    None => {
                        encodes.push(quote!(self.#i.encode(#prefix, &mut parts.form);));
                        cx.used.encode.set(true);
                    }
                }
            }
            Carrier::FreeForm => {
                if f.spec.required {
                    encodes.push(quote!(parts.json = Some(self.#i.clone());));
                } else {
                    encodes.push(quote!(parts.json = self.#i.clone();));
                }
            }
            Carrier::OneOf => {
                if f.spec.required {
                    encodes.push(quote!(self.#i.encode(parts);));
                } else {
                    encodes.push(quote!(if let Some(body) = &self.#i { body.encode(parts); }));
                }
            }
        }
    }

    // validate()
    let mut checks = Vec::new();
    let mut uses_parts = false;
    for f in &fields {
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
    // Requirements that depend on other values, checked on the encoded pairs.
    let body_groups: &[ParamGroup] = set.body.map(|b| b.groups.as_slice()).unwrap_or(&[]);
    let mut member_checks = Vec::new();
    for g in body_groups.iter().filter(|g| g.indexed.is_none()) {
        for p in g.all_params() {
            let w = &p.name;
            if p.required {
                member_checks.push(quote!(parts.required(#w)?;));
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
                    let w = &m.name;
                    member_checks.push(quote!(parts.not_accepted(#w)?;));
                }
            }
        }
    }
    let conditional: Vec<&Param> = set
        .query
        .iter()
        .copied()
        .chain(
            set.body
                .into_iter()
                .filter(|b| b.content_type == ContentType::Form)
                .flat_map(|b| {
                    b.params.iter().chain(
                        b.groups
                            .iter()
                            .filter(|g| g.indexed.is_none())
                            .flat_map(|g| g.all_params()),
                    )
                }),
        )
        .collect();
    for p in conditional {
        for c in &p.required_when {
            let (w, other) = (&p.name, &c.param);
            let values = &c.values;
            member_checks.push(quote!(parts.required_when(#w, #other, &[#(#values),*])?;));
        }
    }
    let uses_parts = uses_parts || !member_checks.is_empty();
    checks.extend(member_checks);
    let parts_arg = if uses_parts {
        quote!(parts)
    } else {
        quote!(_parts)
    };
    // Operations without checks keep the trait's default `validate`.
    let validate = if checks.is_empty() {
        quote!()
    } else {
        quote! {
            fn validate(&self, #parts_arg: &Parts) -> Result<()> {
                #(#checks)*
                Ok(())
            }
        }
    };
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
        quote!(#name { #(#new_inits)* })
    };
    let derive_default = if required.is_empty() {
        quote!(Default,)
    } else {
        quote!()
    };
    let docs = set.docs;
    // Required parameters are constructor arguments by design, however many the spec has.
    let many = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let tokens = quote! {
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
    };
    Some((tokens, required.is_empty()))
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

/// A handle: the list path or the instance path of the resource, with its path parameters.
fn handle(
    cx: &mut Cx,
    path: &PathTemplate,
    handle_ty: &str,
    accessor: &str,
    param_structs: &[(String, bool)],
) -> (TokenStream, TokenStream) {
    let r = cx.resource;
    let ops: Vec<&Operation> = r.operations.iter().filter(|o| o.path == *path).collect();
    let path_params = r.handle_params(path);
    let ty = id(handle_ty);
    let mut scope = Scope::with(&["client"]);
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut sid_checks = Vec::new();
    let mut field_of = std::collections::HashMap::new();
    // The account a path acts in is not an argument: the API handle's `.account(..)`, else
    // the client's account (the credentials'), filled in when the URL is made.
    let account_param = path.account_param();
    let mut account_value = None;
    for p in path_params {
        let f = id(&scope.claim(&[ident(&p.name)]));
        field_of.insert(p.name.clone(), f.clone());
        if Some(p.name.as_str()) == account_param {
            let w = &p.name;
            match cx.names.handle_sid(&p.ty) {
                Some(sid) => {
                    let sid_ty = cx.imports.add(sid);
                    fields.push(quote!(#f: Option<#sid_ty>,));
                    inits.push(quote!(#f: self.account.clone(),));
                    sid_checks.push(quote! {
                        if let Some(account) = &self.#f {
                            account.check(#w)?;
                        }
                    });
                    cx.used.check.set(true);
                }
                None => {
                    fields.push(quote!(#f: Option<String>,));
                    inits.push(quote!(#f: self.account.as_ref().map(|a| a.as_str().to_owned()),));
                }
            }
            sid_checks.push(quote! {
                let account = self.client.acting_account(self.#f.as_ref().map(|a| a.as_str()))?;
            });
            account_value = Some(p.name.clone());
            continue;
        }
        match cx.names.handle_sid(&p.ty) {
            Some(sid) => {
                let sid_ty = cx.imports.add(sid);
                fields.push(quote!(#f: #sid_ty,));
                args.push(quote!(#f: &#sid_ty));
                inits.push(quote!(#f: #f.clone(),));
                let w = &p.name;
                sid_checks.push(quote!(self.#f.check(#w)?;));
                cx.used.check.set(true);
            }
            None => {
                fields.push(quote!(#f: String,));
                args.push(quote!(#f: impl std::fmt::Display));
                inits.push(quote!(#f: #f.to_string(),));
            }
        }
    }
    // URL segments: literals as written, parameter values percent-encoded by the runtime.
    let segs: Vec<TokenStream> = path
        .segments()
        .iter()
        .map(|seg| match seg {
            Segment::Literal(text) => quote!(Segment::Literal(#text)),
            Segment::Param { name, suffix } => {
                let value = match field_of.get(name) {
                    _ if account_value.as_ref() == Some(name) => quote!(account),
                    Some(f) => quote!(self.#f.as_str()),
                    None => quote!(""),
                };
                if suffix.is_empty() {
                    quote!(Segment::param(#name, #value))
                } else {
                    quote!(Segment::param_with_suffix(#name, #value, #suffix))
                }
            }
        })
        .collect();
    cx.used.segment.set(true);
    let base = if r.base_url == cx.api.base_url {
        quote!(crate::DEFAULT_BASE_URL)
    } else {
        quote!(BASE_URL)
    };
    let url_fn = quote! {
        /// The URL of this handle's path; checks the path parameters.
        fn url(&self) -> Result<url::Url> {
            #(#sid_checks)*
            self.client.endpoint(#base, &[#(#segs),*])
        }
    };
    cx.used.result.set(true);

    let mut methods = Vec::new();
    for op in &ops {
        let method_name = op.kind.as_str();
        let m = id(method_name);
        let http = id(&op.method);
        let idempotent = op.kind != OperationKind::Create;
        let text = format!(
            "{}\n\n`{} {}`",
            op.description
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| format!("{} operation.", op.id)),
            op.method,
            op.path
        );
        let docs = doc(&text);
        let deprecated = if op.deprecated {
            quote!(#[deprecated(note = "deprecated in the API spec")])
        } else {
            quote!()
        };
        let params = param_structs.iter().find(|(n, _)| *n == op.id);
        let (param_arg, with) = match params {
            Some(_) => {
                let pty = id(&cx.names.params[&op.id]);
                (quote!(params: #pty), quote!(.with(&params)?))
            }
            None => (quote!(), quote!()),
        };
        cx.used.request.set(true);
        let build = quote! {
            let request = Request::new(Method::#http, self.url()?, #idempotent)#with;
        };
        let body = match &op.response {
            Response::Page { key, item, .. } => {
                let item_ty = cx.ty(item);
                cx.used.list.set(true);
                let new = quote!(Request::new(Method::#http, url, #idempotent));
                let make = if params.is_some() {
                    quote!(#new.with(&params))
                } else {
                    quote!(Ok(#new))
                };
                methods.push(quote! {
                    #docs
                    #deprecated
                    pub fn #m(&self, #param_arg) -> List<#item_ty> {
                        let request = self.url().and_then(|url| #make);
                        List::new(self.client.clone(), request, #key)
                    }
                });
                continue;
            }
            Response::Empty { .. } => {
                (quote!(()), quote!(self.client.execute_empty(request).await))
            }
            Response::Value { ty, .. } => {
                let t = cx.ty(ty);
                (t, quote!(self.client.execute(request).await))
            }
        };
        let (ret, call) = body;
        // `fetch()` next to `fetch_with(params)` when no parameter is required.
        let split = matches!(params, Some((_, true)))
            && matches!(op.kind, OperationKind::Fetch | OperationKind::Delete);
        if split {
            let with_m = id(&format!("{method_name}_with"));
            let pty = id(&cx.names.params[&op.id]);
            methods.push(quote! {
                #docs
                #deprecated
                pub async fn #m(&self) -> Result<#ret> {
                    self.#with_m(#pty::default()).await
                }

                #docs
                #deprecated
                pub async fn #with_m(&self, #param_arg) -> Result<#ret> {
                    #build
                    #call
                }
            });
        } else {
            methods.push(quote! {
                #docs
                #deprecated
                pub async fn #m(&self, #param_arg) -> Result<#ret> {
                    #build
                    #call
                }
            });
        }
    }

    let kinds: Vec<&str> = ops.iter().map(|o| o.kind.as_str()).collect();
    let what = r.description.clone().unwrap_or_else(|| r.name.clone());
    let api = &cx.names.api_type;
    let handle_doc = doc(&format!(
        "`{path}` ({}): {}.\n\nGet one with [`{api}::{accessor}`](crate::{api}::{accessor}).",
        sanitize(&what),
        kinds.join(", ")
    ));
    let accessor_doc = doc(&format!("`{path}`: {}.", kinds.join(", ")));
    let acc = id(accessor);
    let handle = quote! {
        #handle_doc
        #[derive(Clone, Debug)]
        pub struct #ty {
            client: Client,
            #(#fields)*
        }

        impl #ty {
            #url_fn

            #(#methods)*
        }
    };
    let accessor = quote! {
        #accessor_doc
        pub fn #acc(&self, #(#args),*) -> #ty {
            #ty { client: self.client.clone(), #(#inits)* }
        }
    };
    (handle, accessor)
}

/// One resource module.
pub fn resource_rs(api: &Api, names: &RustNames, r: &Resource) -> TokenStream {
    let mut cx = Cx {
        api,
        names,
        resource: r,
        imports: Imports::default(),
        used: Used::default(),
    };
    let groups: Vec<TokenStream> = ParamGroup::depth_first(&r.groups)
        .into_iter()
        .map(|g| group_struct(&mut cx, g))
        .collect();
    let mut param_structs = Vec::new();
    let mut params_tokens = Vec::new();
    for op in &r.operations {
        if let Some((tokens, all_optional)) = params_struct(&mut cx, op) {
            params_tokens.push(tokens);
            param_structs.push((op.id.clone(), all_optional));
        }
    }
    let mut handles = Vec::new();
    let mut accessors = Vec::new();
    if let (Some(path), Some((ty, acc))) = (&r.list_path, names.list_handles.get(&r.name)) {
        let (h, a) = handle(&mut cx, path, ty, acc, &param_structs);
        handles.push(h);
        accessors.push(a);
    }
    if let (Some(path), Some((ty, acc))) = (&r.instance_path, names.context_handles.get(&r.name)) {
        let (h, a) = handle(&mut cx, path, ty, acc, &param_structs);
        handles.push(h);
        accessors.push(a);
    }

    let patterns: Vec<TokenStream> = cx
        .used
        .patterns
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = id(&format!("PATTERN_{i}"));
            quote! {
                static #n: std::sync::LazyLock<regex::Regex> =
                    std::sync::LazyLock::new(|| regex::Regex::new(#p).expect("the spec's pattern compiles"));
            }
        })
        .collect();
    let base_const = if r.base_url != api.base_url {
        let b = &r.base_url;
        quote! {
            /// Base URL of this resource, from its path's servers.
            const BASE_URL: &str = #b;
        }
    } else {
        quote!()
    };

    // What the module takes from the runtime: the client and request types, then encoding.
    let mut runtime = vec![quote!(Client)];
    if cx.used.list.get() {
        runtime.push(quote!(List));
    }
    if cx.used.request.get() {
        runtime.extend([quote!(Method), quote!(Request)]);
    }
    if cx.used.result.get() {
        runtime.push(quote!(Result));
    }
    if cx.used.segment.get() {
        runtime.push(quote!(Segment));
    }
    let mut uses = vec![quote!(use twilio_runtime::{#(#runtime),*};)];
    let mut enc = Vec::new();
    if cx.used.encoding.get() {
        enc.push(quote!(self));
    }
    if cx.used.check.get() {
        enc.push(quote!(Check));
    }
    if cx.used.encode.get() {
        enc.push(quote!(Encode));
    }
    if cx.used.params.get() {
        enc.push(quote!(Params));
    }
    if cx.used.parts.get() {
        enc.push(quote!(Parts));
    }
    if !enc.is_empty() {
        uses.push(quote!(use twilio_runtime::encoding::{#(#enc),*};));
    }
    let own: BTreeSet<String> = ParamGroup::depth_first(&r.groups)
        .iter()
        .map(|g| names.groups[&(r.name.clone(), g.prefix.clone())].clone())
        .chain(r.operations.iter().map(|o| names.params[&o.id].clone()))
        .collect();
    uses.push(cx.imports.use_item(&own));

    let paths: Vec<String> = r
        .list_path
        .iter()
        .chain(r.instance_path.iter())
        .map(|p| format!("`{p}`"))
        .collect();
    let title = r
        .description
        .as_deref()
        .map(sanitize)
        .unwrap_or_else(|| r.name.clone());
    let module_doc_text = format!("{title}: {}.", paths.join(", "));
    let module_doc: Vec<String> = module_doc_text.lines().map(|l| format!(" {l}")).collect();
    let api_ty = id(&names.api_type);
    quote! {
        #(#![doc = #module_doc])*

        #(#uses)*

        #base_const
        #(#patterns)*

        #(#groups)*

        #(#params_tokens)*

        #(#handles)*

        impl crate::#api_ty {
            #(#accessors)*
        }
    }
}
