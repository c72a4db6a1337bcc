//! The hand-written runtime of the generated Twilio Terraform provider.
//!
//! The generated crate (`terraform-provider-twilio`) holds only what the spec decides: the
//! behaviour of each resource (`provider.json`), the schema it embeds from beside it
//! (`terraform/providers-schema.json`) and, per resource, an
//! [`Operations`] implementation that calls the generated client crate. Everything generic is
//! here: serving Terraform's plugin protocol 6 (`server`, on tonic, with the protocol's code
//! generated once and checked in under `proto`), Terraform values, planning (unknown computed
//! values, replacement of create-only attributes), import IDs, timeouts, the provider
//! configuration with its environment fallbacks, the checks the spec states and diagnostics
//! with attribute paths.

#![forbid(unsafe_code)]

pub mod diag;
pub mod mirror;
pub mod ops;
pub mod proto;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod server;
pub mod value;

use std::sync::Arc;

pub use async_trait::async_trait;
pub use ops::{to_json, Args, Failure, Key, Operations};
pub use provider::TwilioProvider;
/// The definition types, shared with the generator that writes them.
pub use twilio_provider_def as def;

/// Serves the provider to Terraform (the plugin handshake on stdout, then gRPC until
/// Terraform stops it). `def_json` is the generated `provider.json`, `schema_json` the
/// providers schema document (`providers-schema.json`); `ops` the operations of
/// each resource type (`twilio_flex_flow`).
pub async fn serve(
    def_json: &str,
    schema_json: &str,
    ops: Vec<(&str, Arc<dyn Operations>)>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    server::serve(TwilioProvider::new(def_json, schema_json, ops)).await
}
