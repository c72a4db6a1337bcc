//! The generated crate's own tests, against a real local HTTP server (wiremock):
//! `tests/operations/` sends every operation with every parameter it can fill and checks
//! the exact method, path, query, headers, auth and body. Client behaviour (paging,
//! retries, errors, decoding) is the runtime's and is tested there.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::samples::{group_sample, param_sample, response_json, sid_value};
use super::{format_file, EmitCx};
use crate::emit::EmitError;
use crate::model::{
    Api, ContentType, Operation, OperationKind, PageStyle, Param, ParamLocation, Resource,
    Response, Type,
};
use crate::views::rust::names::{ident, Scope};
use crate::views::rust::types::id;

/// Whether an operation gets a test: every required parameter has an example value.
/// Decided once per operation, in [`EmitCx::tested`].
/// The operations of the spec with whether each gets a test, in spec order.
fn operations<'c, 'a: 'c>(
    cx: &'c EmitCx<'a>,
) -> impl Iterator<Item = (&'a Resource, &'a Operation, bool)> + 'c {
    cx.api
        .resources
        .iter()
        .zip(&cx.tested)
        .flat_map(|(r, tested)| {
            r.operations
                .iter()
                .zip(tested)
                .map(move |(op, t)| (r, op, *t))
        })
}

/// Resources with at least one operation test, in spec order.
pub fn tested_resources<'a>(cx: &EmitCx<'a>) -> Vec<&'a Resource> {
    cx.api
        .resources
        .iter()
        .zip(&cx.tested)
        .filter(|(_, tested)| tested.iter().any(|t| *t))
        .map(|(r, _)| r)
        .collect()
}

/// `tests/operations/main.rs`: the test binary, one module per resource.
pub fn operations_main(cx: &EmitCx, with_examples: bool) -> TokenStream {
    let skipped: Vec<&str> = operations(cx)
        .filter(|(_, _, tested)| !tested)
        .map(|(_, op, _)| op.id.as_str())
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

use super::text::{inner_lines, Expr, MARGIN};

fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// `&[("Key", "value"), …]`.
fn pairs_node(list: &[(String, String)]) -> Expr {
    let pair = |(k, v): &(String, String)| {
        Expr::list(
            "(",
            ")",
            vec![Expr::Atom(string_literal(k)), Expr::Atom(string_literal(v))],
        )
    };
    Expr::list("&[", "]", list.iter().map(pair).collect())
}

/// `common::json(r#"…"#)`.
fn json_node(v: &serde_json::Value) -> Expr {
    Expr::list(
        "common::json(",
        ")",
        vec![Expr::Atom(super::samples::json_literal_text(v))],
    )
}

fn some(node: Expr) -> Expr {
    Expr::list("Some(", ")", vec![node])
}

/// The test of an operation, as text: the mocked server's expectations are written
/// directly, in prettyplease's layout (formatting their long pair lists and JSON through
/// syn cost more than the rest of the tests); the call and its checks are formatted
/// through syn and prettyplease, as the rest of the crate is.
pub fn operation_test(
    cx: &EmitCx,
    r: &Resource,
    op: &Operation,
    file: &str,
    text: bool,
) -> Option<Result<String, EmitError>> {
    let call = full_params(cx, op)?;
    let handle = handle_expr(cx, r, op)?;
    let name = format!("{}_sends_every_parameter", ident(&op.id));
    let path = concrete_path(cx, r, op);
    // Only what differs from `common::Expect::default()`.
    let mut fields = String::new();
    if op
        .header_params
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case("authorization"))
    {
        fields.push_str("            basic_auth: false,\n");
    }
    // Pairs and JSON are literals in lists, which always lay out.
    let mut laid_out = true;
    if !call.query.is_empty() {
        laid_out &= pairs_node(&call.query).lay_out(12, "query: ", ",", true, &mut fields);
    }
    if !call.headers.is_empty() {
        laid_out &= pairs_node(&call.headers).lay_out(12, "headers: ", ",", true, &mut fields);
    }
    if let Some(form) = &call.form {
        laid_out &= some(pairs_node(form)).lay_out(12, "form: ", ",", true, &mut fields);
    }
    if let Some(json) = &call.json {
        laid_out &= some(json_node(json)).lay_out(12, "json: ", ",", true, &mut fields);
    }
    let body = response_body(cx, op, &path);
    // The body is written once; a single value is also what the result must serialize to.
    let mut body_let = String::new();
    if let Some(b) = &body {
        laid_out &= json_node(b).lay_out(4, "let body = ", ";", true, &mut body_let);
        fields.push_str("            body: Some(body.clone()),\n");
    }
    if !laid_out {
        return Some(Err(EmitError {
            what: file.to_owned(),
            message: format!(
                "the expectations of the test of `{}` could not be laid out",
                op.id
            ),
        }));
    }
    let invoke = invoke(op, handle, call.params);
    let check = match check_text(&invoke, &op.response, body.is_some()).filter(|_| text) {
        Some(text) => text,
        None => match check_formatted(&invoke, &op.response, body.is_some(), file) {
            Ok(text) => text,
            Err(e) => return Some(Err(e)),
        },
    };
    Some(Ok(format!(
        "#[tokio::test]\nasync fn {name}() -> common::TestResult {{\n{body_let}    let server = common::expect(common::Expect {{\n            method: {method},\n            path: {path},\n            status: {status},\n{fields}            ..common::Expect::default()\n        }})\n        .await;\n    let client = common::client(&server);\n{check}    Ok(())\n}}\n",
        method = string_literal(&op.method),
        path = string_literal(&path),
        status = status_of(op),
    )))
}

/// The call an operation's test makes: the operation's method on `handle` with `params`.
fn invoke(op: &Operation, handle: TokenStream, params: TokenStream) -> TokenStream {
    let m = id(op.kind.as_str());
    let has_params = !params.is_empty();
    if has_params && matches!(op.kind, OperationKind::Fetch | OperationKind::Delete) {
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
    }
}

/// Whether the call and checks of an operation's test are written as text.
#[cfg(test)]
pub fn check_text_of(cx: &EmitCx, r: &Resource, op: &Operation) -> bool {
    let (Some(call), Some(handle)) = (full_params(cx, op), handle_expr(cx, r, op)) else {
        return false;
    };
    let body = response_body(cx, op, &concrete_path(cx, r, op)).is_some();
    check_text(&invoke(op, handle, call.params), &op.response, body).is_some()
}

/// The call of an operation's test and the checks of its result, as text in prettyplease's
/// layout (see [`Expr`]); `None` where a layout is not one written here.
fn check_text(invoke: &TokenStream, response: &Response, body: bool) -> Option<String> {
    let call = Expr::of(quote!(#invoke.await?))?;
    let mut out = String::new();
    let ok = match (response, body) {
        (Response::Page { key, .. }, true) => {
            let ok = call.lay_out(4, "let page = ", ";", true, &mut out);
            out.push_str("    assert_eq!(page.items.len(), 1);\n");
            let last = format!(
                "    assert_eq!(serde_json::to_value(&page.items[0])?, body[{}][0]);\n",
                string_literal(key)
            );
            if last.len() - 1 > MARGIN {
                return None;
            }
            out.push_str(&last);
            ok
        }
        (Response::Value { .. }, true) => {
            let ok = call.lay_out(4, "let value = ", ";", true, &mut out);
            out.push_str("    assert_eq!(serde_json::to_value(&value)?, body);\n");
            ok
        }
        _ => call.lay_out(4, "", ";", true, &mut out),
    };
    ok.then_some(out)
}

/// [`check_text`] formatted through syn and prettyplease, in a stand-in function whose body
/// lines are the test's.
fn check_formatted(
    invoke: &TokenStream,
    response: &Response,
    body: bool,
    file: &str,
) -> Result<String, EmitError> {
    let check = match (response, body) {
        (Response::Page { key, .. }, true) => quote! {
            let page = #invoke.await?;
            assert_eq!(page.items.len(), 1);
            assert_eq!(serde_json::to_value(&page.items[0])?, body[#key][0]);
        },
        (Response::Value { .. }, true) => quote! {
            let value = #invoke.await?;
            assert_eq!(serde_json::to_value(&value)?, body);
        },
        _ => quote! {
            #invoke.await?;
        },
    };
    Ok(inner_lines(&format_file(
        quote!(async fn f() { #check }),
        file,
    )?))
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn laid_out(node: &Expr, indent: usize, prefix: &str) -> String {
        let mut out = String::new();
        assert!(node.lay_out(indent, prefix, ",", true, &mut out));
        out
    }

    fn pairs(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| (format!("Key{i}"), format!("value {i}")))
            .collect()
    }

    #[test]
    fn a_list_that_fits_stays_on_one_line() {
        let text = laid_out(&some(pairs_node(&pairs(2))), 12, "form: ");
        assert_eq!(
            text,
            "            form: Some(&[(\"Key0\", \"value 0\"), (\"Key1\", \"value 1\")]),\n"
        );
        assert!(text.len() - 1 <= MARGIN);
    }

    #[test]
    fn a_list_too_long_breaks_from_the_outside_in() {
        // 89 columns with three pairs; a longer value is too long for one line, so
        // `Some(` breaks and the array alone fits on the next.
        let three = laid_out(&some(pairs_node(&pairs(3))), 12, "form: ");
        assert_eq!(three.len() - 1, MARGIN, "{three}");
        let mut longer = pairs(3);
        longer[2].1.push_str(" more");
        let text = laid_out(&some(pairs_node(&longer)), 12, "form: ");
        let array = pairs_node(&longer).flat();
        assert_eq!(
            text,
            format!("            form: Some(\n                {array},\n            ),\n")
        );
        // Longer still: the array breaks too, one pair a line.
        let text = laid_out(&some(pairs_node(&pairs(5))), 12, "form: ");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "            form: Some(");
        assert_eq!(lines[1], "                &[");
        assert_eq!(lines[2], "                    (\"Key0\", \"value 0\"),");
        assert_eq!(lines[7], "                ],");
        assert_eq!(lines[8], "            ),");
    }

    #[test]
    fn a_last_items_comma_is_not_measured_and_literals_count_whole() {
        // On its line after `Some(`, `common::json("x…")` takes 89 columns; the comma a
        // broken list adds after its last item makes 90, and it still fits.
        let quoted = 89 - 16 - "common::json()".len();
        let atom = Expr::Atom(format!("\"{}\"", "x".repeat(quoted - 2)));
        let node = some(Expr::list("common::json(", ")", vec![atom]));
        let text = laid_out(&node, 12, "json: ");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[1].len(), MARGIN + 1, "with its comma: {text}");
        // A literal spanning lines is measured with its whole length.
        let long = serde_json::json!({ "a": "x".repeat(40), "b": "y".repeat(40) });
        let mut out = String::new();
        assert!(json_node(&long).lay_out(4, "let body = ", ";", true, &mut out));
        assert!(
            out.starts_with("    let body = common::json(\n        r#\"{"),
            "{out}"
        );
        let short = serde_json::json!({ "a": 1 });
        let mut out = String::new();
        assert!(json_node(&short).lay_out(4, "let body = ", ";", true, &mut out));
        assert_eq!(
            out,
            "    let body = common::json(r#\"{\n  \"a\": 1\n}\"#);\n"
        );
    }
}
