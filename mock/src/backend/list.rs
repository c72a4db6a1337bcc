//! Lists: the items of a collection the filters pass, one page of them, and the page's
//! links in the API's paging style.

use serde_json::{Map, Value};
use twilio_model::names;

use super::crud::{Cx, Outcome};
use crate::routes;
use crate::state::{self, Item};
use crate::twilio::{self, Page, PageRequest, PageToken, PAGING};
use crate::values::{self, Sent};

impl Cx<'_> {
    pub(super) fn list(&self, state: &mut state::State, concrete: &str, query: &Sent) -> Outcome {
        values::check(
            self.api,
            self.op,
            query,
            &Sent::default(),
            None,
            &self.backend.routes.patterns,
        )?;
        let first = |name: &str| query.values(name).first().copied();
        let paging = PageRequest::new(first("PageSize"), first("Page"), first("PageToken"));
        let filters = self.filters(query);
        let prefix = self.list_prefix(concrete);
        // The collection's items; a behaviour's additions and drops are filtered and paged
        // as the rest (its items are copies, as it works on the state meanwhile).
        let changed: Vec<Item>;
        let mut all: Vec<&Item> = match self.behaviour {
            None => held(self.items(state), &prefix, self.owner).collect(),
            Some(b) => {
                let mut items: Vec<Item> = held(self.items(state), &prefix, self.owner)
                    .cloned()
                    .collect();
                b.listing(&self.event(concrete), &mut items, state);
                changed = items;
                changed.iter().collect()
            }
        };
        all.retain(|i| filters.iter().all(|f| f.passes(&i.value)));
        let order = Order::new(self.op, query, &all);
        all.sort_by(|a, b| order.compare(a, b));
        let selected = select(&all, &paging, &order);
        let items: Vec<Value> = selected
            .iter()
            .map(|i| Value::Object(self.shaped(&i.value)))
            .collect();
        let twilio_model::Response::Page {
            key, paging: style, ..
        } = &self.op.response
        else {
            return Ok((self.status(), Some(Value::Array(items))));
        };
        let links = Links::new(concrete, query, &paging);
        let page = Page {
            key: key.clone(),
            items,
            page: paging.page,
            page_size: paging.size,
            this: links.to(paging.page, paging.token.clone()),
            first: links.to(0, None),
            next: selected
                .last()
                .filter(|last| {
                    all.iter()
                        .any(|i| order.follows(&order.key(i), &order.key(last)))
                })
                .map(|i| {
                    links.to(
                        paging.page + 1,
                        Some(PageToken::After(&order.key(i)).text()),
                    )
                }),
            previous: selected
                .first()
                .filter(|first| {
                    paging.page > 0
                        && all
                            .iter()
                            .any(|i| order.follows(&order.key(first), &order.key(i)))
                })
                .map(|i| {
                    links.to(
                        paging.page - 1,
                        Some(PageToken::Before(&order.key(i)).text()),
                    )
                }),
        };
        let body = twilio::page_body(style, page, self.backend.base());
        Ok((self.status(), Some(Value::Object(body))))
    }

    /// The list filters sent that name a field of the item model (`Status`,
    /// `DateCreated<`), each once.
    fn filters<'q>(&self, query: &'q Sent) -> Vec<Filter<'q>> {
        let model = self.model();
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in &query.pairs {
            if !PAGING.contains(&k.as_str()) && !seen.contains(&k.as_str()) {
                seen.push(k);
            }
        }
        seen.into_iter()
            .filter_map(|k| {
                let (name, op) = match k.strip_suffix('<') {
                    Some(n) => (n, '<'),
                    None => match k.strip_suffix('>') {
                        Some(n) => (n, '>'),
                        None => (k, '='),
                    },
                };
                let field = names::snake(name);
                model?.fields.iter().find(|f| f.name == field)?;
                Some(Filter {
                    field,
                    op,
                    wanted: query.values(k),
                })
            })
            .collect()
    }

    /// Where the listed items live: under the instance path's parent (`/Calls/{Sid}.json`
    /// under `/Calls`, not under the list path `/Calls.json`), else under the list path.
    fn list_prefix(&self, concrete: &str) -> String {
        match &self.resource.instance_path {
            Some(instance) if self.info.collection => {
                let segs = instance.segments();
                format!(
                    "{}/",
                    routes::fill(&segs[..segs.len() - 1], &self.matched.params)
                )
            }
            _ => format!("{concrete}/"),
        }
    }
}

/// The items of a resource (`owner`) directly under `prefix`, not their children.
fn held<'s>(
    items: &'s state::Items,
    prefix: &'s str,
    owner: (usize, usize),
) -> impl Iterator<Item = &'s Item> + 's {
    items
        .range(prefix.to_owned()..)
        .take_while(move |(k, _)| k.starts_with(prefix))
        .filter(move |(k, i)| i.owner == owner && !k[prefix.len()..].contains('/'))
        .map(|(_, i)| i)
}

/// One list filter: a field, how it compares, the values sent.
struct Filter<'q> {
    field: String,
    op: char,
    wanted: Vec<&'q str>,
}

impl Filter<'_> {
    fn passes(&self, value: &Map<String, Value>) -> bool {
        matches_filter(value.get(&self.field), self.op, &self.wanted)
    }
}

/// The order of a list, as Twilio gives it: what the mock named (by SID) in the order it was
/// made, newest first in API v2010 (whose Messages and Calls lists Twilio documents so) and
/// oldest first elsewhere; what is named otherwise (a Sync map item by its key, a list item by
/// its index) by that name.
/// `Order=desc`, where the operation takes it, lists from the other end.
struct Order {
    by_name: bool,
    descending: bool,
}

impl Order {
    fn new(op: &twilio_model::Operation, query: &Sent, items: &[&Item]) -> Self {
        let v2010 = matches!(
            op.response,
            twilio_model::Response::Page {
                paging: twilio_model::PageStyle::V2010,
                ..
            }
        );
        let desc = op.query_params.iter().any(|p| p.name == "Order")
            && query
                .values("Order")
                .first()
                .is_some_and(|v| v.eq_ignore_ascii_case("desc"));
        Order {
            by_name: items.iter().any(|i| i.named),
            descending: v2010 != desc,
        }
    }

    /// Where an item stands, as page tokens carry it: when it was made, or its name (a
    /// number, such as a Sync list item's index, padded to compare as a number).
    fn key(&self, item: &Item) -> String {
        if !self.by_name {
            format!("{:020}", item.made)
        } else if !item.id.is_empty()
            && item.id.len() <= 20
            && item.id.bytes().all(|b| b.is_ascii_digit())
        {
            format!("{:0>20}", item.id)
        } else {
            item.id.clone()
        }
    }

    fn compare(&self, a: &Item, b: &Item) -> std::cmp::Ordering {
        let order = self.key(a).cmp(&self.key(b));
        if self.descending {
            order.reverse()
        } else {
            order
        }
    }

    /// Whether the item at `a` comes after the one at `b` ([`Order::key`]s).
    fn follows(&self, a: &str, b: &str) -> bool {
        if self.descending {
            a < b
        } else {
            a > b
        }
    }
}

/// The items of the page asked for: after or before a page token's item, else the `Page`th
/// page. `all` is in the list's order.
fn select<'i>(all: &[&'i Item], paging: &PageRequest, order: &Order) -> Vec<&'i Item> {
    match paging.token() {
        Some(PageToken::Before(at)) => {
            let before: Vec<&Item> = all
                .iter()
                .copied()
                .filter(|i| order.follows(at, &order.key(i)))
                .collect();
            let skip = before.len().saturating_sub(paging.size);
            before[skip..].to_vec()
        }
        Some(PageToken::After(at)) => all
            .iter()
            .copied()
            .filter(|i| order.follows(&order.key(i), at))
            .take(paging.size)
            .collect(),
        None => all
            .iter()
            .copied()
            .skip(
                usize::try_from(paging.page)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(paging.size),
            )
            .take(paging.size)
            .collect(),
    }
}

/// A list's page links: the path, the filters sent, then the paging.
struct Links<'a> {
    path: &'a str,
    filters: String,
    size: usize,
}

impl<'a> Links<'a> {
    fn new(path: &'a str, query: &Sent, paging: &PageRequest) -> Self {
        let mut filters = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &query.pairs {
            if !PAGING.contains(&k.as_str()) {
                filters.append_pair(k, v);
            }
        }
        Links {
            path,
            filters: filters.finish(),
            size: paging.size,
        }
    }

    fn to(&self, page: u64, token: Option<String>) -> String {
        let mut s = form_urlencoded::Serializer::new(self.filters.clone());
        s.append_pair("PageSize", &self.size.to_string());
        s.append_pair("Page", &page.to_string());
        if let Some(t) = &token {
            s.append_pair("PageToken", t);
        }
        format!("{}?{}", self.path, s.finish())
    }
}

/// Whether a stored value passes a list filter: equal to one of the values (`=`), or
/// before (`<`) / after (`>`) the first, compared as text (RFC 3339 times and dates sort so).
fn matches_filter(value: Option<&Value>, op: char, wanted: &[&str]) -> bool {
    let text = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | None => return false,
        Some(v) => v.to_string(),
    };
    match op {
        '<' => wanted.first().is_some_and(|w| text.as_str() <= *w),
        '>' => wanted.first().is_some_and(|w| text.as_str() >= *w),
        _ => wanted.iter().any(|w| {
            *w == text || (value.is_some_and(Value::is_boolean) && w.eq_ignore_ascii_case(&text))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_compare_as_text() {
        let v = Value::from("2024-01-02T00:00:00Z");
        assert!(matches_filter(Some(&v), '<', &["2024-01-03"]));
        assert!(!matches_filter(Some(&v), '>', &["2024-01-03"]));
        assert!(matches_filter(Some(&Value::Bool(true)), '=', &["True"]));
        assert!(!matches_filter(None, '=', &["x"]));
    }
}
