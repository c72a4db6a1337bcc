//! The generated crate's own tests, against a real local HTTP server (wiremock):
//! `tests/operations.rs` sends every operation with every parameter it can fill and checks
//! the exact method, path, query, headers, auth and body; `tests/client.rs` checks paging,
//! retries, errors, decoding and validation on one representative resource.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::names::{ident, Scope};
use super::samples::{group_sample, param_sample, response_json, sid_value};
use super::ty::id;
use super::EmitCx;
use crate::model::{
    Api, ContentType, Operation, OperationKind, Param, ParamLocation, Resource, Response, Type,
};

/// Whether an operation gets a test: every required parameter has an example value.
fn testable(cx: &EmitCx, r: &Resource, op: &Operation) -> bool {
    full_params(cx, op).is_some() && handle_expr(cx, r, op).is_some()
}

/// Resources with at least one operation test, in spec order.
pub fn tested_resources<'a>(cx: &EmitCx<'a>) -> Vec<&'a Resource> {
    cx.api
        .resources
        .iter()
        .filter(|r| r.operations.iter().any(|op| testable(cx, r, op)))
        .collect()
}

/// `tests/operations/main.rs`: the test binary, one module per resource.
pub fn operations_main(cx: &EmitCx) -> TokenStream {
    let skipped: Vec<&str> = cx
        .api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().filter(move |op| !testable(cx, r, op)))
        .map(|op| op.id.as_str())
        .collect();
    let skipped_doc = if skipped.is_empty() {
        String::from(" Every operation of the spec has a test.")
    } else {
        format!(
            " Operations without a test (a required parameter has a pattern no example satisfies): {}.",
            skipped.join(", ")
        )
    };
    let modules: Vec<_> = tested_resources(cx)
        .iter()
        .map(|r| id(&cx.names.modules[&r.name]))
        .collect();
    quote! {
        //! Every operation against a local HTTP server: exact method, path, query, headers,
        //! basic auth and body (dotted form keys), and the decoded response. One module per
        //! resource.
        #![doc = #skipped_doc]

        #[path = "../common/mod.rs"]
        mod common;

        #(mod #modules;)*
    }
}

/// The head of `tests/operations/<module>.rs`, a resource's operation tests: its docs and imports. The tests follow,
/// one per operation ([`operation_test`]).
pub fn operations_head(cx: &EmitCx, r: &Resource) -> TokenStream {
    let krate = id(&cx.crate_name.replace('-', "_"));
    let doc_text = format!(" Operations of `{}`.", r.name);
    quote! {
        #![doc = #doc_text]

        use super::common;
        #[allow(unused_imports)]
        use #krate::*;
    }
}

/// A concrete path with the sample values of its parameters.
fn concrete_path(op: &Operation) -> String {
    let mut path = op.path.clone();
    for p in &op.path_params {
        let v = match &p.ty {
            Type::Sid(prefix) => sid_value(prefix),
            _ => "example".to_owned(),
        };
        path = path.replace(&format!("{{{}}}", p.name), &v);
    }
    path
}

/// The handle expression for an operation: `client.flex_flow(&FlexFlowSid::parse("FO…")?)`.
fn handle_expr(cx: &EmitCx, r: &Resource, op: &Operation) -> Option<TokenStream> {
    let (_, accessor) = if Some(&op.path) == r.list_path.as_ref() {
        cx.names.list_handles.get(&r.name)?
    } else {
        cx.names.context_handles.get(&r.name)?
    };
    let acc = id(accessor);
    let args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| match &p.ty {
            Type::Sid(_) => param_sample(cx.api, cx.names, p).map(|s| {
                let e = s.expr;
                quote!(&#e)
            }),
            _ => Some(quote!("example")),
        })
        .collect::<Option<_>>()?;
    Some(quote!(client.#acc(#(#args),*)))
}

struct Call {
    params: TokenStream,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    form: Option<Vec<(String, String)>>,
    json: Option<serde_json::Value>,
}

/// Parameters for an operation with every parameter set that an example can fill.
fn full_params(cx: &EmitCx, op: &Operation) -> Option<Call> {
    let (api, names) = (cx.api, cx.names);
    let mut call = Call {
        params: quote!(),
        query: vec![],
        headers: vec![],
        form: None,
        json: None,
    };
    let has_params = op.all_params().any(|p| p.location != ParamLocation::Path)
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.free_form || !b.groups.is_empty());
    if !has_params {
        return Some(call);
    }
    let pty = id(&names.params[&op.id]);
    // Field names as the params struct claims them.
    let mut scope = Scope::with(&["new"]);
    let mut required = Vec::new();
    let mut setters = Vec::new();
    let add = |p: &Param,
               scope: &mut Scope,
               dest: &mut Vec<(String, String)>,
               required: &mut Vec<TokenStream>,
               setters: &mut Vec<TokenStream>|
     -> Option<()> {
        let f = id(&scope.claim(&[ident(&p.name)]));
        let s = match param_sample(api, names, p) {
            Some(s) => s,
            None if p.required => return None,
            None => return Some(()),
        };
        let e = s.expr;
        if p.required {
            required.push(e);
        } else {
            setters.push(quote!(.#f(#e)));
        }
        dest.extend(
            s.pairs
                .into_iter()
                .map(|(k, v)| (format!("{}{k}", p.name), v)),
        );
        Some(())
    };
    for p in &op.query_params {
        add(p, &mut scope, &mut call.query, &mut required, &mut setters)?;
    }
    for p in &op.header_params {
        add(
            p,
            &mut scope,
            &mut call.headers,
            &mut required,
            &mut setters,
        )?;
    }
    if let Some(body) = &op.body {
        let mut form = Vec::new();
        if body.free_form {
            let f = id(&scope.claim(&["body".to_owned()]));
            let e = quote!(serde_json::json!({"key": "value"}));
            if body.required {
                required.push(e);
            } else {
                setters.push(quote!(.#f(#e)));
            }
            call.json = Some(json!({"key": "value"}));
        }
        let mut json_body = serde_json::Map::new();
        for p in &body.params {
            let before = form.len();
            add(p, &mut scope, &mut form, &mut required, &mut setters)?;
            if body.content_type == ContentType::Json && form.len() > before {
                if let Some(s) = param_sample(api, names, p) {
                    json_body.insert(p.name.clone(), s.json);
                }
                form.truncate(before);
            }
        }
        for g in &body.groups {
            let f = id(&scope.claim(&[ident(&g.name)]));
            let s = group_sample(api, names, &op_resource(cx.api, op)?.name, g)?;
            let e = s.expr;
            let (e, pairs): (TokenStream, Vec<(String, String)>) = match g.indexed {
                Some((lo, _)) => (
                    quote!(vec![#e]),
                    s.pairs
                        .into_iter()
                        .map(|(k, v)| (format!("{}{lo}{k}", g.prefix), v))
                        .collect(),
                ),
                None => (
                    e,
                    s.pairs
                        .into_iter()
                        .map(|(k, v)| (format!("{}{k}", g.prefix), v))
                        .collect(),
                ),
            };
            if g.required {
                required.push(e);
            } else {
                setters.push(quote!(.#f(#e)));
            }
            form.extend(pairs);
        }
        match body.content_type {
            ContentType::Form => call.form = Some(form),
            ContentType::Json if !json_body.is_empty() => {
                call.json = Some(serde_json::Value::Object(json_body))
            }
            ContentType::Json => {}
        }
    }
    call.params = quote!(#pty::new(#(#required),*)#(#setters)*);
    Some(call)
}

fn op_resource<'a>(api: &'a Api, op: &Operation) -> Option<&'a Resource> {
    api.resources
        .iter()
        .find(|r| r.operations.iter().any(|o| o.id == op.id))
}

fn status_of(op: &Operation) -> u16 {
    match &op.response {
        Response::Empty { status }
        | Response::Value { status, .. }
        | Response::Page { status, .. } => *status,
    }
}

/// The mocked success body (as JSON); `None` for an empty response.
fn response_body(cx: &EmitCx, op: &Operation, path: &str) -> Option<serde_json::Value> {
    match &op.response {
        Response::Empty { .. } => None,
        Response::Value { ty, .. } => Some(response_json(cx.api, ty, 0)),
        Response::Page { key, item, .. } => {
            let v = response_json(cx.api, item, 0);
            let page = json!({
                "meta": {
                    "page": 0,
                    "page_size": 50,
                    "first_page_url": format!("https://example.com{path}?PageSize=50&Page=0"),
                    "previous_page_url": null,
                    "next_page_url": null,
                    "url": format!("https://example.com{path}?PageSize=50&Page=0"),
                    "key": key,
                },
                key.clone(): [v],
            });
            Some(page)
        }
    }
}

fn json_tokens(v: &serde_json::Value) -> TokenStream {
    let text = super::samples::json_literal(v);
    quote!(common::json(#text))
}

pub fn operation_test(cx: &EmitCx, r: &Resource, op: &Operation) -> Option<TokenStream> {
    let call = full_params(cx, op)?;
    let handle = handle_expr(cx, r, op)?;
    let name = id(&format!("{}_sends_every_parameter", ident(&op.id)));
    let http = &op.method;
    let path = concrete_path(op);
    let pairs = |list: &[(String, String)]| {
        let items = list.iter().map(|(k, v)| quote!((#k, #v)));
        quote!(&[#(#items),*])
    };
    // Only what differs from `common::Expect::default()`.
    let mut fields = Vec::new();
    if op
        .header_params
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case("authorization"))
    {
        fields.push(quote!(basic_auth: false,));
    }
    if !call.query.is_empty() {
        let q = pairs(&call.query);
        fields.push(quote!(query: #q,));
    }
    if !call.headers.is_empty() {
        let h = pairs(&call.headers);
        fields.push(quote!(headers: #h,));
    }
    if let Some(form) = &call.form {
        let f = pairs(form);
        fields.push(quote!(form: Some(#f),));
    }
    if let Some(json) = &call.json {
        let j = json_tokens(json);
        fields.push(quote!(json: Some(#j),));
    }
    let status = proc_macro2::Literal::u16_unsuffixed(status_of(op));
    let body = response_body(cx, op, &path);
    // The body is written once; a single value is also what the result must serialize to.
    let body_let = match &body {
        Some(b) => {
            let j = json_tokens(b);
            fields.push(quote!(body: Some(body.clone()),));
            quote!(let body = #j;)
        }
        None => quote!(),
    };
    let m = id(op.kind.as_str());
    let params = call.params;
    let has_params = !params.is_empty();
    let invoke = if has_params && matches!(op.kind, OperationKind::Fetch | OperationKind::Delete) {
        // All-optional fetch/delete parameters go through `<verb>_with`.
        let all_optional = !op
            .all_params()
            .any(|p| p.required && p.location != ParamLocation::Path)
            && !op.body.as_ref().is_some_and(|b| b.required && b.free_form);
        if all_optional {
            let with = id(&format!("{}_with", op.kind.as_str()));
            quote!(#handle.#with(#params))
        } else {
            quote!(#handle.#m(#params))
        }
    } else {
        quote!(#handle.#m(#params))
    };
    let check = match (&op.response, &body) {
        (Response::Page { key, .. }, Some(_)) => quote! {
            let page = #invoke.await?;
            assert_eq!(page.items.len(), 1);
            assert_eq!(serde_json::to_value(&page.items[0])?, body[#key][0]);
        },
        (Response::Value { .. }, Some(_)) => quote! {
            let value = #invoke.await?;
            assert_eq!(serde_json::to_value(&value)?, body);
        },
        _ => quote! {
            #invoke.await?;
        },
    };
    Some(quote! {
        #[tokio::test]
        async fn #name() -> common::TestResult {
            #body_let
            let server = common::expect(common::Expect {
                method: #http,
                path: #path,
                status: #status,
                #(#fields)*
                ..common::Expect::default()
            })
            .await;
            let client = common::client(&server);
            #check
            Ok(())
        }
    })
}

/// `tests/client/fixture.rs`: what the fixed behaviour tests (`tests/client/main.rs`) run on,
/// the first resource with a paged list and a fetch. `None` when the API has none.
pub fn client_fixture(cx: &EmitCx) -> Option<TokenStream> {
    let api = cx.api;
    let r = api.resources.iter().find(|r| {
        matches!(
            r.operation(OperationKind::List).map(|o| &o.response),
            Some(Response::Page { .. })
        ) && matches!(
            r.operation(OperationKind::Fetch).map(|o| &o.response),
            Some(Response::Value {
                ty: Type::Model(_),
                ..
            })
        )
    })?;
    let list = r.operation(OperationKind::List)?;
    let fetch = r.operation(OperationKind::Fetch)?;
    let krate = id(&cx.crate_name.replace('-', "_"));
    let Response::Page { key, item, .. } = &list.response else {
        return None;
    };
    let Response::Value {
        ty: Type::Model(model_name),
        ..
    } = &fetch.response
    else {
        return None;
    };
    let model = api.models.iter().find(|m| &m.name == model_name)?;
    let model_ty = id(&cx.names.models[model_name]);
    let mut imports = super::ty::Imports::default();
    let item_ty = super::ty::rust_type(item, cx.names, &mut imports);
    let list_call = full_params_minimal(cx, list)?;
    let list_handle = handle_expr(cx, r, list)?;
    let fetch_handle = handle_expr(cx, r, fetch)?;
    let fetch_call = full_params_minimal(cx, fetch)?;
    let list_path = concrete_path(list);
    let fetch_path = concrete_path(fetch);
    let item_json = response_json(api, item, 0);
    let item_text = super::samples::json_literal(&item_json);
    let model_value = response_json(api, &Type::Model(model_name.clone()), 0);
    // The fetched resource is usually the list's item type too: write its JSON once.
    let model_body = if model_value == item_json {
        quote!(item())
    } else {
        let text = super::samples::json_literal(&model_value);
        quote!(common::json(#text))
    };

    // A field holding text, to break its type in a decode test.
    let text_field = model
        .fields
        .iter()
        .find(|f| {
            matches!(
                f.ty,
                Type::String | Type::Sid(_) | Type::Uri | Type::DateTime
            )
        })
        .map(|f| f.name.as_str());
    let text_field = match text_field {
        Some(f) => quote!(Some(#f)),
        None => quote!(None),
    };

    // An enum field: an unknown value decodes as `Other`.
    let enum_field = model
        .fields
        .iter()
        .find(|f| matches!(f.ty, Type::Enum(_)))
        .map(|f| {
            let fname = id(&super::names::ident(&f.name));
            let wire = &f.name;
            let read = if f.nullable {
                quote!(m.#fname.as_ref().map(|v| (v.to_string(), v.is_known())))
            } else {
                quote!(Some((m.#fname.to_string(), m.#fname.is_known())))
            };
            quote!(Some((#wire, |m: &#model_ty| #read)))
        });
    let enum_field = enum_field.unwrap_or_else(|| quote!(None));

    // The last SID path parameter of the fetch: invalid values never leave the client.
    let sid_param = fetch.path_params.iter().rev().find_map(|p| match &p.ty {
        Type::Sid(prefix) => cx.names.sids.get(prefix).map(|ty| (p, prefix, ty)),
        _ => None,
    });
    let (sid_const, sid_error, unchecked) = match sid_param {
        Some((p, prefix, ty)) => {
            let sid_ty = id(ty);
            let (_, accessor) = cx.names.context_handles.get(&r.name)?;
            let acc = id(accessor);
            let args: Vec<TokenStream> = fetch
                .path_params
                .iter()
                .map(|q| {
                    if q.name == p.name {
                        quote!(&unchecked)
                    } else {
                        match &q.ty {
                            Type::Sid(_) => param_sample(api, cx.names, q)
                                .map(|s| {
                                    let e = s.expr;
                                    quote!(&#e)
                                })
                                .unwrap_or_else(|| quote!("example")),
                            _ => quote!("example"),
                        }
                    }
                })
                .collect();
            let call = if fetch_call.is_empty() {
                quote!(fetch())
            } else {
                quote!(fetch(#fetch_call))
            };
            let pname = &p.name;
            let pattern = &api.sids.iter().find(|s| &s.prefix == prefix)?.pattern;
            (
                quote!(Some((#prefix, #pattern))),
                quote!(#sid_ty::parse(text).err().map(|e| e.to_string())),
                quote! {
                    let result = async {
                        let unchecked: #sid_ty = serde_json::from_value(serde_json::json!(sid))
                            .map_err(|e| Error::Config(e.to_string()))?;
                        client.#acc(#(#args),*).#call.await
                    };
                    (result.await, #pname)
                },
            )
        }
        None => (
            quote!(None),
            quote! {{
                let _ = text;
                None
            }},
            quote! {{
                let _ = (client, sid);
                (Err(Error::Config("the fetch path has no SID".into())), "")
            }},
        ),
    };

    // A conditional requirement from the spec's prose, broken on purpose.
    let condition = api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
        .find_map(|(r, o)| {
            let body = o
                .body
                .as_ref()
                .filter(|b| b.content_type == ContentType::Form)?;
            let p = body
                .params
                .iter()
                .chain(
                    body.groups
                        .iter()
                        .filter(|g| g.indexed.is_none())
                        .flat_map(|g| g.all_params()),
                )
                .find(|p| !p.required_when.is_empty())?;
            broken_condition(cx, r, o, p)
        })
        .unwrap_or_else(|| {
            quote! {
                let _ = client;
                None
            }
        });

    let list_invoke = if list_call.is_empty() {
        quote!(#list_handle.list())
    } else {
        quote!(#list_handle.list(#list_call))
    };
    let fetch_invoke = if fetch_call.is_empty() {
        quote!(#fetch_handle.fetch())
    } else {
        quote!(#fetch_handle.fetch(#fetch_call))
    };
    let doc_text = format!(
        " What the behaviour tests of `main.rs` run on: `{}` (`{}`).",
        r.name, list.path
    );
    Some(quote! {
        #![doc = #doc_text]

        #[allow(unused_imports)]
        use #krate::*;

        use super::common;

        /// The list the tests page through.
        pub const LIST_PATH: &str = #list_path;

        /// The JSON key of the list's items.
        pub const KEY: &str = #key;

        /// The path of the fetched resource.
        pub const FETCH_PATH: &str = #fetch_path;

        /// A field of the fetched resource holding text, if it has one.
        pub const TEXT_FIELD: Option<&str> = #text_field;

        /// The prefix and pattern of the fetch path's SID, if it has one.
        pub const SID: Option<(&str, &str)> = #sid_const;

        /// One list item as the API returns it.
        pub fn item() -> serde_json::Value {
            common::json(#item_text)
        }

        /// The fetched resource as the API returns it.
        pub fn model() -> serde_json::Value {
            #model_body
        }

        /// The list request.
        pub fn list(client: &Client) -> Result<List<#item_ty>, Error> {
            Ok(#list_invoke)
        }

        /// The fetch request.
        pub async fn fetch(client: &Client) -> Result<#model_ty, Error> {
            #fetch_invoke.await
        }

        /// An enum field of the fetched resource, and how to read its value and whether the
        /// spec lists it.
        #[allow(clippy::type_complexity)]
        pub fn enum_field() -> Option<(&'static str, fn(&#model_ty) -> Option<(String, bool)>)> {
            #enum_field
        }

        /// Why `text` is not a valid SID for the fetch path, if it is not.
        pub fn sid_error(text: &str) -> Option<String> {
            #sid_error
        }

        /// The fetch, with a SID that was never checked; and the SID's parameter name.
        pub async fn fetch_with_unchecked_sid(client: &Client, sid: &str) -> (Result<#model_ty, Error>, &'static str) {
            #unchecked
        }

        /// A request that breaks a requirement the spec states in prose: its result, the
        /// parameter it lacks and the one it depends on.
        pub async fn break_condition(client: &Client) -> Option<(Result<(), Error>, &'static str, &'static str)> {
            #condition
        }
    })
}

/// Required parameters only (for behaviour tests): the argument list of the operation.
fn full_params_minimal(cx: &EmitCx, op: &Operation) -> Option<TokenStream> {
    let has_params = op.all_params().any(|p| p.location != ParamLocation::Path)
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.free_form || !b.groups.is_empty());
    let any_required = op
        .all_params()
        .any(|p| p.required && p.location != ParamLocation::Path)
        || op.body.as_ref().is_some_and(|b| b.required && b.free_form);
    let optional_only =
        matches!(op.kind, OperationKind::Fetch | OperationKind::Delete) && !any_required;
    if !has_params || optional_only {
        return Some(quote!());
    }
    let pty = id(&cx.names.params[&op.id]);
    let required: Vec<TokenStream> = op
        .request_params()
        .filter(|p| p.required)
        .map(|p| param_sample(cx.api, cx.names, p).map(|s| s.expr))
        .collect::<Option<_>>()?;
    Some(quote!(#pty::new(#(#required),*)))
}

/// "`X` is required when `Y` is `v`": setting `Y` to `v` without `X` fails before sending.
/// The body of `break_condition`: the operation called with `target`'s condition met and
/// `target` left out.
fn broken_condition(
    cx: &EmitCx,
    r: &Resource,
    op: &Operation,
    target: &Param,
) -> Option<TokenStream> {
    let cond = target.required_when.first()?;
    let value = cond.values.first()?;
    let body = op.body.as_ref()?;
    let handle = handle_expr(cx, r, op)?;
    let pty = id(&cx.names.params[&op.id]);
    let m = id(op.kind.as_str());
    let api = cx.api;
    // Required parameters, then the condition's parameter set to its value.
    let mut scope = Scope::with(&["new"]);
    let mut required = Vec::new();
    let mut setter = None;
    for p in op.request_params() {
        let f = id(&scope.claim(&[ident(&p.name)]));
        if p.required {
            required.push(param_sample(api, cx.names, p)?.expr);
        }
        if p.name == cond.param {
            let e = match &p.ty {
                Type::Enum(e) => {
                    let en = api.enums.iter().find(|x| &x.name == e)?;
                    let (_, variant) = super::enums::variants(en)
                        .into_iter()
                        .find(|(v, _)| v == value)?;
                    let ty = id(&cx.names.enums[e]);
                    let variant = id(&variant);
                    quote!(#ty::#variant)
                }
                t if super::ty::is_string(t) => quote!(#value),
                _ => return None,
            };
            setter = Some(quote!(.#f(#e)));
        }
    }
    if body.groups.iter().any(|g| g.required) {
        return None;
    }
    let setter = setter?;
    let (p, other) = (&target.name, &cond.param);
    Some(quote! {
        let result = async {
            let params = #pty::new(#(#required),*)#setter;
            #handle.#m(params).await.map(|_| ())
        };
        Some((result.await, #p, #other))
    })
}
