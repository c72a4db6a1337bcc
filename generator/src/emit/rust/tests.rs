//! The generated crate's own tests, against a real local HTTP server (wiremock):
//! `tests/operations/` sends every operation with every parameter it can fill and checks
//! the exact method, path, query, headers, auth and body. Client behaviour (paging,
//! retries, errors, decoding) is the runtime's and is tested there.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::samples::{group_sample, param_sample, response_json, sid_value};
use super::EmitCx;
use crate::model::{
    Api, ContentType, Operation, OperationKind, PageStyle, Param, ParamLocation, Resource,
    Response, Type,
};
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::id;

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
pub fn operations_main(cx: &EmitCx, with_examples: bool) -> TokenStream {
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
    let mut modules: Vec<_> = tested_resources(cx)
        .iter()
        .map(|r| id(&cx.names.modules[&r.name]))
        .collect();
    if with_examples {
        modules.push(id(super::examples::MODULE));
    }
    quote! {
        //! Every operation against a local HTTP server: exact method, path, query, headers,
        //! basic auth and body (dotted form keys), and the decoded response. One module per
        //! resource.
        #![doc = #skipped_doc]

        use twilio_runtime::testing as common;

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

/// A concrete path with the sample values of its parameters: those `handle_expr` passes,
/// typed as the handle types them.
fn concrete_path(cx: &EmitCx, r: &Resource, op: &Operation) -> String {
    let params = r.handle_params(&op.path);
    op.path.fill(
        |name| match params.iter().find(|p| p.name == name).map(|p| &p.ty) {
            Some(t @ Type::Sid(prefix)) if cx.names.handle_sid(t).is_some() => sid_value(prefix),
            _ => "example".to_owned(),
        },
    )
}

/// The handle expression for an operation: `client.flex_flow(&FlexFlowSid::parse("FO…")?)`.
fn handle_expr(cx: &EmitCx, r: &Resource, op: &Operation) -> Option<TokenStream> {
    // The handle of the operation's path; an operation on another path has none.
    let (_, accessor) = if Some(&op.path) == r.list_path.as_ref() {
        cx.names.list_handles.get(&r.name)?
    } else if Some(&op.path) == r.instance_path.as_ref() {
        cx.names.context_handles.get(&r.name)?
    } else {
        return None;
    };
    let acc = id(accessor);
    let params = r.handle_params(&op.path);
    let arg = |p: &Param| match &p.ty {
        t if cx.names.handle_sid(t).is_some() => param_sample(cx.api, cx.names, p).map(|s| {
            let e = s.expr;
            quote!(&#e)
        }),
        _ => Some(quote!("example")),
    };
    // The account a path acts in is named on the API handle, not passed to the accessor.
    let account = op.path.account_param();
    let scope = match params.iter().find(|p| Some(p.name.as_str()) == account) {
        Some(p) if cx.names.handle_sid(&p.ty).is_some() => {
            let a = arg(p)?;
            quote!(.in_account(#a))
        }
        _ => quote!(),
    };
    let args: Vec<TokenStream> = params
        .iter()
        .filter(|p| Some(p.name.as_str()) != account)
        .map(arg)
        .collect::<Option<_>>()?;
    let api = id(&cx.names.api_method);
    Some(quote!(client.#api()#scope.#acc(#(#args),*)))
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
    if !op.takes_params() {
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
    for p in op.settable_query_params() {
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
        if let (Some(o), Some(o_names)) = (&body.one_of, names.one_ofs.get(&op.id)) {
            // The first alternative, with every property an example can fill.
            let (v, (_, vty)) = o.variants.iter().zip(&o_names.variants).next()?;
            let f = id(&scope.claim(&["body".to_owned()]));
            let (ety, vty) = (id(&o_names.ty), id(vty));
            let mut v_scope = Scope::with(&["new"]);
            let (mut v_required, mut v_setters, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
            json_body.insert(o.discriminator.clone(), json!(v.tag));
            for p in &v.params {
                let before = pairs.len();
                add(p, &mut v_scope, &mut pairs, &mut v_required, &mut v_setters)?;
                if pairs.len() > before {
                    if let Some(s) = param_sample(api, names, p) {
                        json_body.insert(p.name.clone(), s.json);
                    }
                }
            }
            let e = quote!(#ety::from(#vty::new(#(#v_required),*)#(#v_setters)*));
            if body.required {
                required.push(e);
            } else {
                setters.push(quote!(.#f(#e)));
            }
        }
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
        Response::Page {
            key,
            item,
            paging: PageStyle::V2010,
            ..
        } => {
            let v = response_json(cx.api, item, 0);
            let mut page = json!({
                "first_page_uri": format!("{path}?PageSize=50&Page=0"),
                "previous_page_uri": null,
                "next_page_uri": null,
                "page": 0,
                "page_size": 50,
                "start": 0,
                "end": 0,
                "uri": format!("{path}?PageSize=50&Page=0"),
            });
            page[key] = json!([v]);
            Some(page)
        }
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
    let path = concrete_path(cx, r, op);
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
