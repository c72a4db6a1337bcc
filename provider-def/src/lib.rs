//! The definition of the generated Twilio Terraform provider, as one set of types that both
//! sides use: the generator builds these values from its view of each resource and writes
//! them (`provider.json`), and the provider runtime reads them back with the same types.
//! The provider's own settings (arguments and environment variables) are listed here once,
//! for the schema, the docs and the runtime alike.

#![forbid(unsafe_code)]

pub mod resource;
pub mod settings;
mod ty;

pub use resource::{
    AttrDef, BlockDef, Checks, Condition, DataSourceDef, ImportSegment, Mode, ProviderDef,
    ResourceDef,
};
pub use settings::{Setting, DESCRIPTION, SETTINGS};
pub use ty::Ty;
