//! The Terraform view of an API: resource and attribute names, each resource's attributes
//! and blocks with their modes, checks and plan behaviour, and the provider's settings.

pub mod acceptance;
pub mod attrs;
pub mod example;
pub mod names;
pub mod settings;
