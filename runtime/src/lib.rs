//! The client runtime of the generated Twilio API crates.
//!
//! One [`Client`] serves every Twilio API: it holds the credentials, the connection pool,
//! the base URL, region and edge, timeouts and the [`RetryPolicy`]. Each generated crate
//! (`twilio-flex-v1`, ...) re-exports this crate's types and adds its resources' accessor
//! methods to [`Client`] through an extension trait, so one client (and its clones) can
//! reach the Flex API and, say, the Messaging API at once. SID types ([`Sid`]) are shared
//! across those crates too: a `WS…` SID read through one crate is accepted by another.
//!
//! What generated code calls is public but meant for it: the [`encoding`] module (how
//! parameters are written and checked), [`Request`], [`Segment`], [`Client::endpoint`],
//! [`Client::execute`], [`Client::execute_empty`], [`Client::send`], [`List::new`] and the
//! [`lenient`] readers of response models.
//!
//! A resource, as a generated crate writes it:
//!
//! ```
//! use twilio_runtime::encoding::{Check, Encode, Params, Parts};
//! use twilio_runtime::{Client, List, Method, Request, Result, Segment, Sid};
//!
//! pub type FlexFlowSid = Sid<'F', 'O'>;
//!
//! #[derive(Debug, serde::Deserialize)]
//! pub struct FlexFlow {
//!     pub sid: FlexFlowSid,
//!     pub friendly_name: Option<String>,
//! }
//!
//! #[derive(Default)]
//! pub struct ListFlexFlow {
//!     pub page_size: Option<i64>,
//! }
//!
//! impl Params for ListFlexFlow {
//!     fn encode(&self, parts: &mut Parts) {
//!         self.page_size.encode("PageSize", &mut parts.query);
//!     }
//!
//!     fn validate(&self, _parts: &Parts) -> Result<()> {
//!         match self.page_size {
//!             Some(n) => twilio_runtime::encoding::range("PageSize", n as f64, Some(1.0), Some(1000.0), (false, false)),
//!             None => Ok(()),
//!         }
//!     }
//! }
//!
//! /// The Flex API's resources on the shared client.
//! pub trait FlexV1 {
//!     /// `/v1/FlexFlows`.
//!     fn flex_flows(&self) -> FlexFlows<'_>;
//! }
//!
//! impl FlexV1 for Client {
//!     fn flex_flows(&self) -> FlexFlows<'_> {
//!         FlexFlows { client: self }
//!     }
//! }
//!
//! pub struct FlexFlows<'a> {
//!     client: &'a Client,
//! }
//!
//! impl FlexFlows<'_> {
//!     const BASE: &'static str = "https://flex-api.twilio.com";
//!
//!     pub fn list(&self, params: ListFlexFlow) -> List<FlexFlow> {
//!         let request = self
//!             .client
//!             .endpoint(Self::BASE, &[Segment::Literal("v1"), Segment::Literal("FlexFlows")])
//!             .and_then(|url| Request::new(Method::GET, url, true).with(&params));
//!         List::new(self.client.clone(), request, "flex_flows")
//!     }
//!
//!     pub async fn fetch(&self, sid: &FlexFlowSid) -> Result<FlexFlow> {
//!         sid.check("Sid")?;
//!         let url = self.client.endpoint(
//!             Self::BASE,
//!             &[Segment::Literal("v1"), Segment::Literal("FlexFlows"), Segment::param("Sid", sid.as_str())],
//!         )?;
//!         self.client.execute(Request::new(Method::GET, url, true)).await
//!     }
//! }
//!
//! let client = Client::new("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "token")?;
//! let _flows = client.flex_flows().list(ListFlexFlow { page_size: Some(50) }); // `.await` it or `.stream()` it
//! # Ok::<(), twilio_runtime::Error>(())
//! ```
//!
//! # Features
//!
//! - `rustls-webpki-roots` (default): TLS with Mozilla's trust roots, bundled.
//! - `rustls-native-roots`: TLS with the operating system's trust roots.
//! - `testing`: the `testing` module, a mock server and a client for tests of generated
//!   crates and of code using them.
//! - `axum`: `webhook::axum`, an axum extractor that accepts only requests signed by Twilio
//!   (see [`webhook`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod client;
pub mod encoding;
mod error;
pub mod lenient;
mod paging;
mod request;
pub mod rfc2822;
mod sid;
mod string_enum;
#[cfg(feature = "testing")]
pub mod testing;
pub mod webhook;

pub use client::{Client, ClientBuilder, Credentials, RetryPolicy};
pub use error::{ApiError, Error, Result, ValidationError};
pub use paging::{List, Page, PageMeta};
pub use request::{Method, Request, Segment};
pub use sid::{Sid, SidError};

/// Re-exported: the public types of this crate and of the generated crates use them.
pub use {chrono, serde_json, url};

/// What the [`string_enum!`] macro's expansion names; not a public interface.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
