//! Responses: the success response's type, Twilio's list pages and inline examples.

use super::shape::{shape, view, view_plain, SchemaRef, Shape};
use super::types::Owner;
use super::*;

impl<'a> Builder<'a> {
    /// The type of an operation's success response: a page for a list operation whose
    /// response is one of Twilio's list envelopes, else the type of its JSON body.
    pub(super) fn response(
        &mut self,
        op_id: &str,
        kind: OperationKind,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> Response {
        let Some((status, resp, at)) = success_response(op, pointer) else {
            self.warn(
                format!("{pointer}/responses"),
                "no success (2xx) response; the result is ignored",
            );
            return Response::Empty { status: 200 };
        };
        let (resp, at): (Cow<'a, oa::Response>, String) = match resp {
            ReferenceOr::Item(r) => (Cow::Borrowed(r), at),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.components()?.responses.get(&unescape(n)))
                    .and_then(|r| r.as_item())
                    .map(Cow::Borrowed)
                    .or_else(|| self.deserialize_at(reference).map(Cow::Owned));
                match found {
                    Some(r) => (r, reference.trim_start_matches('#').to_owned()),
                    None => {
                        self.warn(
                            at,
                            format!(
                                "`$ref` `{reference}` is not a response; the result is ignored"
                            ),
                        );
                        return Response::Empty { status };
                    }
                }
            }
        };
        let json = resp
            .content
            .iter()
            .find(|(k, _)| k.as_str() == "application/json" || k.ends_with("+json"));
        let Some((media_key, media)) = json else {
            if let Some(k) = resp.content.keys().next() {
                self.warn(
                    format!("{at}/content"),
                    format!("response type `{k}` is not supported; the body is ignored"),
                );
            }
            return Response::Empty { status };
        };
        let Some(schema) = &media.schema else {
            return Response::Value {
                status,
                ty: Type::Json,
            };
        };
        let schema_at = format!("{at}/content/{}/schema", escape_token(media_key));
        if kind == OperationKind::List {
            if let Some(page) = self.page(op_id, view_plain(schema), &schema_at, status) {
                return page;
            }
        }
        let site = format!("{op_id}.response");
        let op_snake = snake(op_id);
        let typed = self.type_of(
            view_plain(schema),
            &schema_at,
            Owner {
                name: &op_snake,
                field: "response",
                site: &site,
            },
        );
        Response::Value {
            status,
            ty: typed.ty,
        }
    }

    /// Twilio's list envelopes: `{"meta": {...}, "<key>": [items]}`, or API v2010's
    /// top-level paging properties (`next_page_uri`, `page_size`, ...) beside the one array
    /// of items. An object with one array property and neither is no page.
    pub(super) fn page<'s>(
        &mut self,
        op_id: &str,
        schema: SchemaRef<'s>,
        at: &str,
        status: u16,
    ) -> Option<Response>
    where
        'a: 's,
    {
        let (resolved, _, at) = self.resolve_schema(schema, at)?;
        let resolved: &oa::Schema = &resolved;
        let (Shape::Object { properties, .. }, _) = shape(resolved) else {
            return None;
        };
        let paging = if properties.contains_key("meta") {
            PageStyle::Meta
        } else if properties.contains_key("next_page_uri") {
            PageStyle::V2010
        } else {
            return None;
        };
        let arrays: Vec<(&String, &ReferenceOr<Box<oa::Schema>>)> = properties
            .iter()
            .filter(|(k, _)| k.as_str() != "meta")
            .filter(|(_, s)| matches!(s, ReferenceOr::Item(s) if matches!(shape(s).0, Shape::Array { .. })))
            .collect();
        let [(key, items_schema)] = arrays.as_slice() else {
            return None;
        };
        let ReferenceOr::Item(array) = items_schema else {
            return None;
        };
        let (Shape::Array { items, .. }, _) = shape(array) else {
            return None;
        };
        let site = format!("{op_id}.{key}");
        let op_snake = snake(op_id);
        let item = match items {
            Some(items) => {
                self.type_of(
                    view(items),
                    &format!("{at}/properties/{}/items", escape_token(key)),
                    Owner {
                        name: &op_snake,
                        field: key,
                        site: &site,
                    },
                )
                .ty
            }
            None => Type::Json,
        };
        Some(Response::Page {
            status,
            key: (*key).clone(),
            item,
            paging,
        })
    }

    /// The inline JSON examples (`examples.*.value`, else `example`) of the success response
    /// of the operation at `pointer`.
    pub(super) fn response_examples(
        &self,
        pointer: &str,
        response: &Response,
    ) -> Vec<ResponseExample> {
        let status = match response {
            Response::Empty { .. } => return Vec::new(),
            Response::Value { status, .. } | Response::Page { status, .. } => *status,
        };
        let at = format!("{pointer}/responses/{status}/content/application~1json");
        let Some(content) = lookup(&self.spec.raw, &at) else {
            return Vec::new();
        };
        let json = |v: &serde_yaml::Value| serde_json::to_value(v).ok();
        let mut out = Vec::new();
        if let Some(examples) = content.get("examples").and_then(|e| e.as_mapping()) {
            for (name, e) in examples {
                if let (Some(name), Some(value)) = (name.as_str(), e.get("value").and_then(json)) {
                    out.push(ResponseExample {
                        name: name.to_owned(),
                        value,
                    });
                }
            }
        } else if let Some(value) = content.get("example").and_then(json) {
            out.push(ResponseExample {
                name: "example".to_owned(),
                value,
            });
        }
        out
    }
}

/// The success response with the lowest status (`2XX` counts as 200), with its status and
/// pointer.
fn success_response<'o>(
    op: &'o oa::Operation,
    pointer: &str,
) -> Option<(u16, &'o ReferenceOr<oa::Response>, String)> {
    let mut best: Option<(u16, &'o ReferenceOr<oa::Response>, String)> = None;
    for (code, resp) in &op.responses.responses {
        let status = match code {
            oa::StatusCode::Code(c @ 200..=299) => *c,
            oa::StatusCode::Range(2) => 200,
            _ => continue,
        };
        if best.as_ref().is_none_or(|(s, _, _)| status < *s) {
            best = Some((
                status,
                resp,
                format!("{pointer}/responses/{}", escape_token(&code.to_string())),
            ));
        }
    }
    best
}
