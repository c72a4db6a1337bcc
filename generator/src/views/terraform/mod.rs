//! The Terraform view of an API: resource and attribute names, each resource's attributes
//! and blocks with their modes, checks and plan behaviour, and the provider's settings.

pub mod acceptance;
pub mod attrs;
pub mod example;
pub mod names;
/// The provider's own settings, one list shared with the provider runtime.
pub use twilio_provider_def::settings;
