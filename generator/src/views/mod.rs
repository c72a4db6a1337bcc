//! Facts several outputs share, derived once from the model: the Rust names and types of an
//! API's items (read by the Rust emitter, the provider emitter and `diff`) and the Terraform
//! view of each resource (read by the schema, code spec, docs and provider emitters and by
//! `diff`). Emitters and `diff` read these views; none of them derives such a fact itself.

pub mod rust;
pub mod terraform;
