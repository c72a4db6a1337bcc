//! Lists: one page at a time, or every item as a stream following the next page's link:
//! `meta.next_page_url` or, in API v2010's pages, the top-level `next_page_uri`.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::Request;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

/// Paging information of a list response, read leniently: a field that is missing, null
/// or of an unexpected type is `None`.
///
/// Most APIs send it as a `meta` object (`{"meta": {"next_page_url": ...}, "<key>": [...]}`,
/// the `*_url` fields and `key`); API v2010 sends it at the top level of the page beside the
/// items (`{"next_page_uri": "/2010-04-01/...", "page_size": 50, "calls": [...]}`, the
/// `*_uri` fields, `start` and `end`). [`PageMeta::next_page`] is the link of either.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page.
    pub page: Option<u64>,
    /// Items per page.
    pub page_size: Option<u64>,
    /// URL of the first page.
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    pub previous_page_url: Option<String>,
    /// URL of the next page; `None` on the last page.
    pub next_page_url: Option<String>,
    /// URL of this page.
    pub url: Option<String>,
    /// The key holding the items.
    pub key: Option<String>,
    /// API v2010: path and query of the first page, relative to the API host.
    pub first_page_uri: Option<String>,
    /// API v2010: path and query of the previous page, if any.
    pub previous_page_uri: Option<String>,
    /// API v2010: path and query of the next page; `None` on the last page.
    pub next_page_uri: Option<String>,
    /// API v2010: index (in the whole list) of this page's first item.
    pub start: Option<u64>,
    /// API v2010: index (in the whole list) of this page's last item.
    pub end: Option<u64>,
    /// API v2010: path and query of this page.
    pub uri: Option<String>,
}

impl PageMeta {
    /// Reads the paging fields of one JSON object (a `meta` object or a v2010 page).
    fn read(object: &Map<String, Value>) -> Self {
        let text = |name: &str| match object.get(name) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let number = |name: &str| match object.get(name) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        PageMeta {
            page: number("page"),
            page_size: number("page_size"),
            first_page_url: text("first_page_url"),
            previous_page_url: text("previous_page_url"),
            next_page_url: text("next_page_url"),
            url: text("url"),
            key: text("key"),
            first_page_uri: text("first_page_uri"),
            previous_page_uri: text("previous_page_uri"),
            next_page_uri: text("next_page_uri"),
            start: number("start"),
            end: number("end"),
            uri: text("uri"),
        }
    }

    /// The link to the next page: `next_page_url`, else (API v2010) `next_page_uri`;
    /// `None` when both are missing, null or empty (the last page).
    pub fn next_page(&self) -> Option<&str> {
        fn link(l: &Option<String>) -> Option<&str> {
            l.as_deref().filter(|l| !l.trim().is_empty())
        }
        link(&self.next_page_url).or_else(|| link(&self.next_page_uri))
    }
}

impl<'de> serde::Deserialize<'de> for PageMeta {
    /// Leniently, from a `meta` object or a v2010 page: see [`PageMeta`].
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Object(object) => PageMeta::read(&object),
            _ => PageMeta::default(),
        })
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Paging information.
    pub meta: PageMeta,
}

impl<T: DeserializeOwned> Page<T> {
    /// Decodes a page: `{"meta": {...}, "<key>": [...]}` when it has a `meta` object,
    /// else API v2010's `{"next_page_uri": ..., "page_size": ..., "<key>": [...]}`.
    pub(crate) fn decode(body: &[u8], key: &str) -> Result<Self> {
        let mut raw: Map<String, Value> = Error::decode(body)?;
        let meta = match raw.get("meta") {
            Some(Value::Object(meta)) => PageMeta::read(meta),
            _ => PageMeta::read(&raw),
        };
        let items = match raw.remove(key) {
            Some(value) => serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
                path: format!("{key}{}", bracket_path(&e.path().to_string())),
                message: e.into_inner().to_string(),
            })?,
            None => {
                return Err(Error::Decode {
                    path: key.to_owned(),
                    message: "missing list key".into(),
                });
            }
        };
        Ok(Page { items, meta })
    }
}

/// `[2].sid` stays, `sid` becomes `.sid`, `.` (the root) disappears.
fn bracket_path(path: &str) -> String {
    match path {
        "." => String::new(),
        p if p.starts_with('[') => p.to_owned(),
        p => format!(".{p}"),
    }
}

/// A list request. `.await` it for the first page, or call [`List::stream`] for every
/// item of every page.
#[must_use = "a list does nothing until awaited or streamed"]
pub struct List<T> {
    client: Client,
    request: Result<Request>,
    key: &'static str,
    limit: Option<usize>,
    _items: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("List")
            .field("key", &self.key)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> List<T> {
    /// A list sending `request` (or failing with its error when awaited or streamed),
    /// reading the items under `key` (`flex_flows`) of each page. Called by generated
    /// crates.
    pub fn new(client: Client, request: Result<Request>, key: &'static str) -> Self {
        List {
            client,
            request,
            key,
            limit: None,
            _items: PhantomData,
        }
    }

    /// Stops the stream after this many items in all.
    pub fn limit(mut self, max_items: usize) -> Self {
        self.limit = Some(max_items);
        self
    }

    /// Fetches the first page.
    pub async fn first_page(self) -> Result<Page<T>> {
        let request = self.request?;
        let body = self.client.send(&request).await?;
        let mut page = Page::decode(&body, self.key)?;
        if let Some(limit) = self.limit {
            page.items.truncate(limit);
        }
        Ok(page)
    }

    /// Every item, page after page, following `meta.next_page_url` (or API v2010's
    /// `next_page_uri`) on the host of the first request, until a page has no next link.
    pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
        struct State<T> {
            client: Client,
            next: Option<Request>,
            buffer: VecDeque<T>,
            remaining: Option<usize>,
            key: &'static str,
        }
        let (next, error) = match self.request {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        let state = State {
            client: self.client,
            next,
            buffer: VecDeque::new(),
            remaining: self.limit,
            key: self.key,
        };
        let first_error = futures_util::stream::iter(error.map(Err));
        let items = futures_util::stream::try_unfold(state, |mut st: State<T>| async move {
            loop {
                if st.remaining == Some(0) {
                    return Ok(None);
                }
                if let Some(item) = st.buffer.pop_front() {
                    st.remaining = st.remaining.map(|r| r - 1);
                    return Ok(Some((item, st)));
                }
                let Some(request) = st.next.take() else {
                    return Ok(None);
                };
                let body = st.client.send(&request).await?;
                let page: Page<T> = Page::decode(&body, st.key)?;
                if let Some(next) = page.meta.next_page() {
                    let next = next_request(&request, next)?;
                    // A page linking to itself would be fetched forever.
                    if next.url != request.url {
                        st.next = Some(next);
                    }
                }
                if page.items.is_empty() && st.next.is_none() {
                    return Ok(None);
                }
                st.buffer.extend(page.items);
            }
        });
        futures_util::StreamExt::chain(first_error, items)
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for List<T> {
    type Output = Result<Page<T>>;

    type IntoFuture = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.first_page())
    }
}

/// The request for a next-page link (`next_page_url`, absolute, or v2010's
/// `next_page_uri`, relative to the API host): its path and query on the scheme, host and
/// port of the first request, so credentials never go to a host named by a response. A
/// path prefix of the configured base URL (`http://proxy/twilio`) is kept when the link's
/// path is the end of the previous request's path, as Twilio's links name the list itself.
fn next_request(previous: &Request, next: &str) -> Result<Request> {
    let parsed = url::Url::parse(next)
        .or_else(|_| previous.url.join(next))
        .map_err(|e| Error::Decode {
            path: "next page".into(),
            message: format!("`{next}` is not a URL: {e}"),
        })?;
    let mut url = previous.url.clone();
    let prefix = previous
        .url
        .path()
        .strip_suffix(parsed.path())
        .filter(|p| !p.ends_with('/'))
        .unwrap_or("");
    url.set_path(&format!("{prefix}{}", parsed.path()));
    url.set_query(parsed.query());
    url.set_fragment(None);
    let mut request = previous.clone();
    request.url = url;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        n: i64,
    }

    #[test]
    fn pages_read_the_meta_and_the_key() {
        let body = br#"{"meta": {"page": 2, "next_page_url": "https://x/y?Page=3", "key": "things"}, "things": [{"n": 1}, {"n": 2}]}"#;
        let page: Page<Item> = Page::decode(body, "things").expect("decodes");
        assert_eq!(page.items, vec![Item { n: 1 }, Item { n: 2 }]);
        assert_eq!(page.meta.page, Some(2));
        assert_eq!(
            page.meta.next_page_url.as_deref(),
            Some("https://x/y?Page=3")
        );
    }

    #[test]
    fn page_errors_name_the_item() {
        match Page::<Item>::decode(br#"{"things": [{"n": 1}, {"n": "x"}]}"#, "things") {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "things[1].n"),
            other => panic!("{other:?}"),
        }
        match Page::<Item>::decode(br#"{"meta": {}}"#, "things") {
            Err(Error::Decode { path, message }) => assert_eq!(
                (path.as_str(), message.as_str()),
                ("things", "missing list key")
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn v2010_pages_read_the_top_level_paging_fields() {
        let body = br#"{
            "calls": [{"n": 1}, {"n": 2}],
            "end": 51,
            "first_page_uri": "/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&Page=0",
            "next_page_uri": "/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&Page=2&PageToken=PA2",
            "page": 1,
            "page_size": 50,
            "previous_page_uri": "/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&Page=0&PageToken=PB1",
            "start": 50,
            "uri": "/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&Page=1&PageToken=PA1"
        }"#;
        let page: Page<Item> = Page::decode(body, "calls").expect("decodes");
        assert_eq!(page.items, vec![Item { n: 1 }, Item { n: 2 }]);
        let uri = |rest: &str| Some(format!("/2010-04-01/Accounts/AC1/Calls.json?{rest}"));
        assert_eq!(
            page.meta,
            PageMeta {
                page: Some(1),
                page_size: Some(50),
                first_page_uri: uri("PageSize=50&Page=0"),
                previous_page_uri: uri("PageSize=50&Page=0&PageToken=PB1"),
                next_page_uri: uri("PageSize=50&Page=2&PageToken=PA2"),
                start: Some(50),
                end: Some(51),
                uri: uri("PageSize=50&Page=1&PageToken=PA1"),
                ..PageMeta::default()
            }
        );
        assert_eq!(page.meta.next_page(), page.meta.next_page_uri.as_deref());
    }

    #[test]
    fn paging_fields_are_read_leniently() {
        // Null, missing and wrongly typed fields are `None`; numbers may come as text.
        let body = br#"{"calls": [], "next_page_uri": null, "previous_page_uri": 7,
            "page": "3", "page_size": -1, "start": {}, "uri": ""}"#;
        let page: Page<Item> = Page::decode(body, "calls").expect("decodes");
        assert_eq!(
            page.meta,
            PageMeta {
                page: Some(3),
                uri: Some(String::new()),
                ..PageMeta::default()
            }
        );
        assert_eq!(page.meta.next_page(), None);
        // An empty link is the last page too; a `meta` that is no object is no paging.
        let page: Page<Item> = Page::decode(
            br#"{"meta": "x", "things": [], "next_page_uri": " "}"#,
            "things",
        )
        .expect("decodes");
        assert_eq!(page.meta.next_page(), None);
        let meta: PageMeta = serde_json::from_str("[1]").expect("any JSON");
        assert_eq!(meta, PageMeta::default());
    }

    #[test]
    fn a_meta_object_decides_the_style() {
        // With `meta`, the top-level v2010 fields are not paging information.
        let body = br#"{"meta": {"next_page_url": null, "page": 0},
            "next_page_uri": "/v1/Things?Page=1", "page": 9, "things": []}"#;
        let page: Page<Item> = Page::decode(body, "things").expect("decodes");
        assert_eq!(page.meta.page, Some(0));
        assert_eq!(page.meta.next_page_uri, None);
        assert_eq!(page.meta.next_page(), None);
        let meta = PageMeta {
            next_page_url: Some("https://x/y?Page=1".into()),
            next_page_uri: Some("/y?Page=2".into()),
            ..PageMeta::default()
        };
        assert_eq!(meta.next_page(), Some("https://x/y?Page=1"));
    }

    #[test]
    fn next_pages_keep_the_base_urls_path_prefix() -> Result<()> {
        let first = Request::new(
            reqwest::Method::GET,
            url::Url::parse(
                "http://127.0.0.1:9/proxy/2010-04-01/Accounts/AC1/Calls.json?PageSize=1",
            )?,
            true,
        );
        let next = next_request(
            &first,
            "/2010-04-01/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1",
        )?;
        assert_eq!(
            next.url.as_str(),
            "http://127.0.0.1:9/proxy/2010-04-01/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1"
        );
        // A link naming another path gets no prefix; neither host nor fragment is taken.
        let next = next_request(&first, "//elsewhere.invalid/Other.json?Page=2#top")?;
        assert_eq!(next.url.as_str(), "http://127.0.0.1:9/Other.json?Page=2");
        Ok(())
    }

    #[test]
    fn next_pages_stay_on_the_first_host() -> Result<()> {
        let first = Request::new(
            reqwest::Method::GET,
            url::Url::parse("http://127.0.0.1:9/v1/Things?PageSize=1")?,
            true,
        );
        let next = next_request(
            &first,
            "https://elsewhere.invalid/v1/Things?Page=1&PageToken=p1",
        )?;
        assert_eq!(
            next.url.as_str(),
            "http://127.0.0.1:9/v1/Things?Page=1&PageToken=p1"
        );
        // v2010 style: a relative `next_page_uri`.
        let next = next_request(&first, "/v1/Things?Page=2")?;
        assert_eq!(next.url.as_str(), "http://127.0.0.1:9/v1/Things?Page=2");
        Ok(())
    }
}
