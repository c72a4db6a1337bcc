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

/// `tests/operations/<module>.rs`: the operations of one resource.
pub fn operations_module(cx: &EmitCx, r: &Resource) -> TokenStream {
    let krate = id(&cx.crate_name.replace('-', "_"));
    let tests: Vec<TokenStream> = r
        .operations
        .iter()
        .filter_map(|op| operation_test(cx, r, op))
        .collect();
    let doc_text = format!(" Operations of `{}`.", r.name);
    quote! {
        #![doc = #doc_text]

        use super::common;
        #[allow(unused_imports)]
        use #krate::*;

        #(#tests)*
    }
}

/// `tests/common/mod.rs`: helpers shared by the tests.
pub fn common_rs(cx: &EmitCx) -> TokenStream {
    common(cx)
}

/// `tests/client.rs`, when the API has a resource with a paged list and a fetch.
pub fn client_rs(cx: &EmitCx) -> Option<TokenStream> {
    client_tests(cx)
}

fn common(cx: &EmitCx) -> TokenStream {
    let krate = id(&cx.crate_name.replace('-', "_"));
    let account = sid_value("AC");
    quote! {
        //! Helpers shared by the tests.
        #![allow(dead_code)]

        use std::time::Duration;

        use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
        use #krate::{Client, Credentials, RetryPolicy};

        /// Account SID the tests authenticate with.
        pub const ACCOUNT_SID: &str = #account;
        /// Auth token the tests authenticate with.
        pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";

        /// What the tests return: any error fails the test with its message.
        pub type TestResult = Result<(), Box<dyn std::error::Error>>;

        /// Parses JSON written in a test.
        pub fn json(text: &str) -> serde_json::Value {
            serde_json::from_str(text).expect("the test's JSON is valid")
        }

        /// A client sending to the mock server, retrying quickly.
        pub fn client(server: &wiremock::MockServer) -> Client {
            Client::builder()
                .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
                .base_url(server.uri())
                .retry_policy(RetryPolicy {
                    max_retries: 2,
                    initial_backoff: Duration::from_millis(1),
                    max_backoff: Duration::from_millis(20),
                })
                .build()
                .expect("the client builds")
        }

        /// What a mocked operation must receive, and what it answers.
        pub struct Expect<'a> {
            /// HTTP method.
            pub method: &'a str,
            /// Exact path.
            pub path: &'a str,
            /// Query pairs that must be present.
            pub query: &'a [(&'a str, &'a str)],
            /// Headers that must be present.
            pub headers: &'a [(&'a str, &'a str)],
            /// The exact form body (any order), when the operation sends one.
            pub form: Option<&'a [(&'a str, &'a str)]>,
            /// The exact JSON body, when the operation sends one.
            pub json: Option<serde_json::Value>,
            /// Whether basic auth with the test credentials must be sent.
            pub basic_auth: bool,
            /// Status of the answer.
            pub status: u16,
            /// JSON body of the answer.
            pub body: Option<serde_json::Value>,
        }

        impl Default for Expect<'_> {
            fn default() -> Self {
                Expect {
                    method: "GET",
                    path: "/",
                    query: &[],
                    headers: &[],
                    form: None,
                    json: None,
                    basic_auth: true,
                    status: 200,
                    body: None,
                }
            }
        }

        /// A mock server that answers one request matching `e` exactly once (checked when the
        /// server is dropped).
        pub async fn expect(e: Expect<'_>) -> MockServer {
            let server = MockServer::start().await;
            let mut mock = Mock::given(matchers::method(e.method)).and(matchers::path(e.path));
            if e.basic_auth {
                mock = mock.and(matchers::basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            }
            for (k, v) in e.query {
                mock = mock.and(matchers::query_param(*k, *v));
            }
            for (k, v) in e.headers {
                mock = mock.and(matchers::header(*k, *v));
            }
            if let Some(form) = e.form {
                mock = mock
                    .and(matchers::header("content-type", "application/x-www-form-urlencoded"))
                    .and(FormBody::new(form));
            }
            if let Some(json) = e.json {
                mock = mock.and(matchers::header("content-type", "application/json")).and(matchers::body_json(json));
            }
            let mut answer = ResponseTemplate::new(e.status);
            if let Some(body) = e.body {
                answer = answer.set_body_json(body);
            }
            mock.respond_with(answer).expect(1).mount(&server).await;
            server
        }

        /// Matches a form body with exactly these pairs, in any order.
        pub struct FormBody(Vec<(String, String)>);

        impl FormBody {
            /// The expected pairs.
            pub fn new(pairs: &[(&str, &str)]) -> Self {
                FormBody(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
            }
        }

        impl wiremock::Match for FormBody {
            fn matches(&self, request: &wiremock::Request) -> bool {
                let mut got: Vec<(String, String)> = form_urlencoded::parse(&request.body).into_owned().collect();
                let mut want = self.0.clone();
                got.sort();
                want.sort();
                got == want
            }
        }
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

/// The mocked success body and the expected decoded value (as JSON).
fn response_body(
    cx: &EmitCx,
    op: &Operation,
    path: &str,
) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
    match &op.response {
        Response::Empty { .. } => (None, None),
        Response::Value { ty, .. } => {
            let v = response_json(cx.api, ty, 0);
            (Some(v.clone()), Some(v))
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
                key.clone(): [v.clone()],
            });
            (Some(page), Some(v))
        }
    }
}

fn json_tokens(v: &serde_json::Value) -> TokenStream {
    let text = super::samples::json_literal(v);
    quote!(common::json(#text))
}

fn operation_test(cx: &EmitCx, r: &Resource, op: &Operation) -> Option<TokenStream> {
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
    let (body, expected) = response_body(cx, op, &path);
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
    let check = match (&op.response, expected) {
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

/// Behaviour tests on the first resource with a paged list and a fetch.
fn client_tests(cx: &EmitCx) -> Option<TokenStream> {
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
    let item_json = response_json(api, item, 0);
    let list_call = full_params_minimal(cx, list)?;
    let list_handle = handle_expr(cx, r, list)?;
    let fetch_handle = handle_expr(cx, r, fetch)?;
    let fetch_call = full_params_minimal(cx, fetch)?;
    let fetch_invoke = if fetch_call.is_empty() {
        quote!(#fetch_handle.fetch())
    } else {
        quote!(#fetch_handle.fetch(#fetch_call))
    };
    let list_path = concrete_path(list);
    let fetch_path = concrete_path(fetch);
    let item_text = super::samples::json_literal(&item_json);
    let model_json =
        super::samples::json_literal(&response_json(api, &Type::Model(model_name.clone()), 0));

    let page = |n: u32, next: Option<&str>| -> TokenStream {
        let next = match next {
            Some(token) => json!(format!(
                "{{base}}{list_path}?PageSize=1&Page={}&PageToken={token}",
                n + 1
            )),
            None => serde_json::Value::Null,
        };
        let body = json!({
            "meta": {"page": n, "page_size": 1, "key": key, "next_page_url": next,
                     "first_page_url": null, "previous_page_url": null, "url": null},
            key.clone(): [item_json.clone()],
        });
        super::samples::json_literal(&body)
    };
    let (p0, p1, p2) = (page(0, Some("p1")), page(1, Some("p2")), page(2, None));

    // A response field of a string-like type, to break its type in a decode test.
    let string_field = model
        .fields
        .iter()
        .find(|f| {
            matches!(
                f.ty,
                Type::String | Type::Sid(_) | Type::Uri | Type::DateTime
            )
        })
        .map(|f| f.name.clone());
    let decode_field_test = string_field.map(|f| {
        quote! {
            #[tokio::test]
            async fn a_wrongly_typed_field_is_a_decode_error_naming_it() -> common::TestResult {
                let server = MockServer::start().await;
                let mut body = common::json(#model_json);
                body[#f] = serde_json::json!(12345);
                Mock::given(method("GET")).and(path(#fetch_path)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
                let client = common::client(&server);
                match #fetch_invoke.await {
                    Err(Error::Decode { path, .. }) => assert_eq!(path, #f),
                    other => panic!("expected a decode error, got {other:?}"),
                }
                Ok(())
            }
        }
    });

    // An enum field: an unknown value decodes as `Other`.
    let enum_field = model.fields.iter().find_map(|f| match &f.ty {
        Type::Enum(e) => Some((f, e)),
        _ => None,
    });
    let enum_test = enum_field.map(|(f, e)| {
        let fname = id(&ident(&f.name));
        let ety = id(&cx.names.enums[e]);
        let wire = &f.name;
        let value = if f.nullable {
            quote!(value.#fname)
        } else {
            quote!(Some(value.#fname))
        };
        quote! {
            #[tokio::test]
            async fn unknown_enum_values_are_kept() -> common::TestResult {
                let server = MockServer::start().await;
                let mut body = common::json(#model_json);
                body[#wire] = serde_json::json!("a-value-added-later");
                body["a_field_added_later"] = serde_json::json!({"nested": true});
                Mock::given(method("GET")).and(path(#fetch_path)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
                let client = common::client(&server);
                let value = #fetch_invoke.await?;
                assert_eq!(#value, Some(#ety::Other("a-value-added-later".to_owned())));
                Ok(())
            }
        }
    });

    // A SID path parameter: invalid values are rejected before sending.
    let sid_param = fetch.path_params.iter().rev().find_map(|p| match &p.ty {
        Type::Sid(prefix) => Some((p, prefix)),
        _ => None,
    });
    let sid_test = sid_param.and_then(|(p, prefix)| {
        let sid_ty = id(cx.names.sids.get(prefix)?);
        let (_, accessor) = cx.names.context_handles.get(&r.name)?;
        let acc = id(accessor);
        let others: Vec<TokenStream> = fetch
            .path_params
            .iter()
            .map(|q| {
                if q.name == p.name {
                    quote!(&bad)
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
        let call = if fetch_call.is_empty() { quote!(fetch()) } else { quote!(fetch(#fetch_call)) };
        let pname = &p.name;
        Some(quote! {
            #[tokio::test]
            async fn invalid_sids_are_rejected_before_sending() -> common::TestResult {
                let server = MockServer::start().await;
                Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
                let err = #sid_ty::parse("not-a-sid").unwrap_err();
                assert!(err.to_string().contains(#sid_ty::PATTERN), "{err}");
                assert!(#sid_ty::parse(format!("{}{}", #prefix, "g".repeat(32))).is_err());
                // A SID that came from elsewhere unchecked is still checked before sending.
                let bad: #sid_ty = serde_json::from_value(serde_json::json!("XX123"))?;
                let client = common::client(&server);
                match client.#acc(#(#others),*).#call.await {
                    Err(Error::Validation(v)) => assert_eq!(v.param, #pname),
                    other => panic!("expected a validation error, got {other:?}"),
                }
                Ok(())
            }
        })
    });

    // A conditional requirement from the spec's prose.
    let conditional = api
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
            Some((r, o, p))
        });
    let conditional_test = conditional.and_then(|(cr, op, p)| conditional_test(cx, cr, op, p));

    let model_text = model_json.clone();
    let list_invoke = if list_call.is_empty() {
        quote!(#list_handle.list())
    } else {
        quote!(#list_handle.list(#list_call))
    };
    let creds_check = quote! {
        #[test]
        fn secrets_never_show_in_debug_output() {
            let creds = Credentials::auth_token(common::ACCOUNT_SID, common::AUTH_TOKEN);
            assert!(!format!("{creds:?}").contains(common::AUTH_TOKEN));
            let client = Client::new(common::ACCOUNT_SID, common::AUTH_TOKEN).expect("client");
            assert!(!format!("{client:?}").contains(common::AUTH_TOKEN));
        }
    };

    Some(quote! {
        //! Client behaviour against a local HTTP server: paging, retries, errors, decoding and
        //! validation before sending.

        mod common;

        use futures_util::TryStreamExt;
        use wiremock::matchers::{method, path, query_param, query_param_is_missing};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        #[allow(unused_imports)]
        use #krate::*;

        /// A page whose `next_page_url` points at the mock server.
        fn page(server: &MockServer, template: &str) -> serde_json::Value {
            common::json(&template.replace("{base}", &server.uri()))
        }

        #[tokio::test]
        async fn paging_follows_next_page_url_across_three_pages() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(#list_path)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p0))).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(#list_path)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p1))).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(#list_path)).and(query_param("PageToken", "p2"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p2))).expect(1).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = #list_invoke.stream().try_collect().await?;
            assert_eq!(items.len(), 3);
            let item = common::json(#item_text);
            assert!(items.iter().all(|i| serde_json::to_value(i).ok() == Some(item.clone())));
            Ok(())
        }

        #[tokio::test]
        async fn limit_stops_the_stream_without_fetching_more_pages() -> common::TestResult {
            let server = MockServer::start().await;
            // The stream and the first-page request below: two requests, never the second page.
            Mock::given(method("GET")).and(path(#list_path)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p0))).expect(2).mount(&server).await;
            Mock::given(method("GET")).and(path(#list_path)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p1))).expect(0).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = #list_invoke.limit(1).stream().try_collect().await?;
            assert_eq!(items.len(), 1);
            let first = #list_invoke.await?;
            assert_eq!(first.items.len(), 1);
            assert!(first.meta.next_page_url.is_some());
            Ok(())
        }

        #[tokio::test]
        async fn next_page_urls_never_leave_the_configured_host() -> common::TestResult {
            let server = MockServer::start().await;
            let evil = #p0.replace("{base}", "https://elsewhere.invalid");
            Mock::given(method("GET")).and(path(#list_path)).and(query_param_is_missing("PageToken"))
                .respond_with(ResponseTemplate::new(200).set_body_raw(evil, "application/json")).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(#list_path)).and(query_param("PageToken", "p1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(&server, #p2))).expect(1).mount(&server).await;
            let client = common::client(&server);
            let items: Vec<_> = #list_invoke.stream().try_collect().await?;
            assert_eq!(items.len(), 2);
            Ok(())
        }

        #[tokio::test]
        async fn rate_limited_requests_are_retried() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(#fetch_path))
                .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
                .up_to_n_times(1).expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(#fetch_path))
                .respond_with(ResponseTemplate::new(200).set_body_raw(#model_text, "application/json"))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            let value: #model_ty = #fetch_invoke.await?;
            assert_eq!(serde_json::to_value(&value)?, common::json(#model_text));
            Ok(())
        }

        #[tokio::test]
        async fn retries_are_bounded() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(#fetch_path))
                .respond_with(ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"))
                .expect(3).mount(&server).await;
            let client = common::client(&server);
            match #fetch_invoke.await {
                Err(Error::Http { status, body }) => {
                    assert_eq!(status, 503);
                    assert_eq!(body, "<html>busy</html>");
                }
                other => panic!("expected an HTTP error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn twilio_error_bodies_become_api_errors() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(#fetch_path))
                .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
                    "code": 20404,
                    "message": "The requested resource was not found",
                    "more_info": "https://www.twilio.com/docs/errors/20404",
                    "status": 404
                })))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            match #fetch_invoke.await {
                Err(Error::Api(e)) => {
                    assert_eq!(e.status, 404);
                    assert_eq!(e.code, Some(20404));
                    assert_eq!(e.message, "The requested resource was not found");
                    assert_eq!(e.more_info.as_deref(), Some("https://www.twilio.com/docs/errors/20404"));
                    let text = Error::Api(e).to_string();
                    assert!(!text.contains(common::AUTH_TOKEN));
                }
                other => panic!("expected an API error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn long_unexpected_error_bodies_are_truncated() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(method("GET")).and(path(#fetch_path))
                .respond_with(ResponseTemplate::new(400).set_body_raw("x".repeat(10_000), "text/plain"))
                .expect(1).mount(&server).await;
            let client = common::client(&server);
            match #fetch_invoke.await {
                Err(Error::Http { status, body }) => {
                    assert_eq!(status, 400);
                    assert!(body.len() < 1200, "{}", body.len());
                    assert!(body.ends_with("(10000 bytes in all)"));
                }
                other => panic!("expected an HTTP error, got {other:?}"),
            }
            Ok(())
        }

        #[tokio::test]
        async fn malformed_json_is_a_decode_error() -> common::TestResult {
            let server = MockServer::start().await;
            for body in ["{\"sid\": 12", "", "[1, 2]", "null", "\u{0}\u{ff}"] {
                server.reset().await;
                Mock::given(method("GET")).and(path(#fetch_path))
                    .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                    .mount(&server).await;
                let client = common::client(&server);
                match #fetch_invoke.await {
                    Err(Error::Decode { .. }) => {}
                    other => panic!("body {body:?}: expected a decode error, got {other:?}"),
                }
            }
            Ok(())
        }

        #decode_field_test
        #enum_test
        #sid_test
        #conditional_test
        #creds_check
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
        .query_params
        .iter()
        .chain(op.header_params.iter())
        .filter(|p| p.required)
        .map(|p| param_sample(cx.api, cx.names, p).map(|s| s.expr))
        .collect::<Option<_>>()?;
    Some(quote!(#pty::new(#(#required),*)))
}

/// "`X` is required when `Y` is `v`": setting `Y` to `v` without `X` fails before sending.
fn conditional_test(
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
    let all: Vec<&Param> = op
        .query_params
        .iter()
        .chain(op.header_params.iter())
        .chain(body.params.iter())
        .collect();
    for p in all {
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
    let test = id(&format!(
        "{}_requires_{}_when_{}_is_{}",
        ident(&op.id),
        ident(p),
        ident(other),
        ident(value)
    ));
    Some(quote! {
        #[tokio::test]
        async fn #test() -> common::TestResult {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
            let client = common::client(&server);
            let params = #pty::new(#(#required),*)#setter;
            match #handle.#m(params).await {
                Err(Error::Validation(v)) => {
                    assert_eq!(v.param, #p);
                    assert!(v.message.contains(#other), "{}", v.message);
                }
                other => panic!("expected a validation error, got {other:?}"),
            }
            Ok(())
        }
    })
}
