//! The Rust view of an API: the name of every item, the Rust type of every model type, the
//! shape of each operation's method and what the crate checks before sending.

pub mod checks;
pub mod methods;
pub mod names;
pub mod types;

pub use names::RustNames;

use crate::model::Api;
use crate::Settings;

/// The generated crate's name: from the settings, else `twilio-<name>` with the API's name
/// ([`Api::name`], `twilio-flex-v1`).
pub fn crate_name(api: &Api, settings: &Settings) -> String {
    settings
        .crate_name
        .clone()
        .unwrap_or_else(|| format!("twilio-{}", api.name.replace('_', "-")))
}
