//! Lists: one page at a time, or every item as a stream following `next_page_url`.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::Request;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

/// Paging information of a list response.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page.
    #[serde(default)]
    pub page: Option<u64>,
    /// Items per page.
    #[serde(default)]
    pub page_size: Option<u64>,
    /// URL of the first page.
    #[serde(default)]
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    #[serde(default)]
    pub previous_page_url: Option<String>,
    /// URL of the next page; `None` on the last page.
    #[serde(default)]
    pub next_page_url: Option<String>,
    /// URL of this page.
    #[serde(default)]
    pub url: Option<String>,
    /// The key holding the items.
    #[serde(default)]
    pub key: Option<String>,
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
    /// Decodes `{"meta": {...}, "<key>": [...]}`.
    pub(crate) fn decode(body: &[u8], key: &str) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Raw {
            #[serde(default)]
            meta: PageMeta,
            #[serde(flatten)]
            rest: serde_json::Map<String, serde_json::Value>,
        }
        let mut raw: Raw = Error::decode(body)?;
        let items = match raw.rest.remove(key) {
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
        Ok(Page {
            items,
            meta: raw.meta,
        })
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

    /// Every item, page after page, following `meta.next_page_url` on the same host.
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
                if let Some(next) = page.meta.next_page_url.as_deref().filter(|u| !u.is_empty()) {
                    st.next = Some(next_request(&request, next)?);
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

/// The request for `next_page_url`: its path and query on the host of the first request,
/// so credentials never go to a host named by a response.
fn next_request(previous: &Request, next: &str) -> Result<Request> {
    let parsed = url::Url::parse(next)
        .or_else(|_| previous.url.join(next))
        .map_err(|e| Error::Decode {
            path: "meta.next_page_url".into(),
            message: format!("not a URL: {e}"),
        })?;
    let mut url = previous.url.clone();
    url.set_path(parsed.path());
    url.set_query(parsed.query());
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
