//! `twilio-codegen diff`: what changes for the generated bindings between two specs.
//!
//! Two models are compared, never raw YAML: resources by name (a resource whose list or
//! instance path is unchanged but whose name differs is *renamed*), operations by kind
//! within a resource, parameters by wire name (dotted group members included), fields by
//! name within the resource's model, other models, enums and their values by name, SID
//! types by prefix. Descriptions are not compared: they change documentation only.
//!
//! Each [`Change`] carries two verdicts with a short reason:
//! - **Rust**: whether code written against the old generated crate may stop compiling or
//!   start failing. The crate's shape decides: required parameters are constructor
//!   arguments, optional ones setters; models are `#[non_exhaustive]` structs with `Option`
//!   for nullable fields; enums are `#[non_exhaustive]` with an `Other(String)` variant;
//!   request values are validated before sending; unknown JSON keys are ignored. What the
//!   crate checks, its Rust types, the shapes of its methods and the names of its types,
//!   modules and client methods are read from the Rust view the emitter writes from
//!   ([`crate::views::rust`]), so a rename caused by a new name collision shows.
//!
//! Beside the changes, [`Report::surface`] compares the two generated crates themselves:
//! every public item and every check before sending, read back from the code
//! ([`crate::surface`]). The tests hold the two readings to agree.
//! - **Terraform**: whether existing configurations or state may stop working, read from
//!   the schema the Terraform emitter derives for both specs (see [`terraform`]). Only
//!   resources with create, fetch and delete operations have a Terraform resource; other
//!   changes are `n/a` (`breaking: null` in JSON).
//!
//! [`Report::to_text`] and [`Report::to_json`] render the result; [`Report::breaking`]
//! decides the exit code.

mod compare;
mod render;
pub mod rules;
pub mod surface;
pub mod terraform;

use serde::Serialize;

use crate::emit::EmitError;
use crate::model::Api;
use crate::Settings;

/// What changed, as `<subject>_<what>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The default base URL of the API.
    ApiBaseUrl,
    /// The product domain (part of the crate name and of Terraform type names).
    ApiDomain,
    /// The API version (part of the crate name).
    ApiVersion,
    /// A new resource.
    ResourceAdded,
    /// A resource is gone.
    ResourceRemoved,
    /// A resource kept its paths but changed its name.
    ResourceRenamed,
    /// A resource's base URL.
    ResourceBaseUrl,
    /// Which paths a resource has: a list path, an instance path (the client's handles of
    /// it, `…List` and `…Context`, follow them).
    ResourcePaths,
    /// The format of a Terraform resource's import ID (it follows the instance path).
    ImportFormat,
    /// The model that represents one item of a resource.
    ResourceModel,
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// An operation's id (the Rust parameters struct is named after it).
    OperationId,
    /// An operation's HTTP method.
    OperationMethod,
    /// An operation's path template.
    OperationPath,
    /// The encoding of an operation's request body.
    OperationContentType,
    /// The alternatives of an operation's `oneOf` request body, or their parameters.
    OperationBodyAlternatives,
    /// An operation's success response.
    OperationResponse,
    /// An operation became deprecated, or stopped being.
    OperationDeprecated,
    /// The number range of a numbered parameter group (`Parameter1.*` ... `ParameterN.*`).
    GroupRange,
    /// A new parameter.
    ParamAdded,
    /// A parameter is gone.
    ParamRemoved,
    /// A parameter's wire name is spelled differently, its Rust name the same
    /// (`A2pProfileBundleSid` -> `A2PProfileBundleSid`).
    ParamWireName,
    /// A parameter moved (path, query, header, body).
    ParamLocation,
    /// A parameter's type.
    ParamType,
    /// Whether a parameter is required.
    ParamRequired,
    /// A constraint of a parameter (pattern, length, range, size, format).
    ParamConstraint,
    /// The conditions under which a parameter is required (`required_when`).
    ParamCondition,
    /// A parameter became deprecated, or stopped being.
    ParamDeprecated,
    /// A new field of a model.
    FieldAdded,
    /// A field is gone.
    FieldRemoved,
    /// A field's type.
    FieldType,
    /// Whether a field may be null.
    FieldNullable,
    /// A constraint of a field.
    FieldConstraint,
    /// A field became deprecated, or stopped being.
    FieldDeprecated,
    /// A new model (object type) outside any resource.
    ModelAdded,
    /// A model outside any resource is gone.
    ModelRemoved,
    /// The alternatives of a response union (`oneOf` with a discriminator), or a new or
    /// removed union.
    UnionChanged,
    /// A new enum.
    EnumAdded,
    /// An enum is gone.
    EnumRemoved,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// A new SID type.
    SidAdded,
    /// A SID type is gone.
    SidRemoved,
    /// A SID type's name (its Rust type is named after it).
    SidName,
    /// A SID type's pattern.
    SidPattern,
    /// A Rust name (type, module, client method) changed although its subject did not,
    /// for example because a new name now collides with it.
    RustName,
}

/// The Rust verdict on a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustVerdict {
    /// Whether code written against the old crate may stop compiling or start failing.
    pub breaking: bool,
    /// Why, in one clause.
    pub reason: String,
}

/// The Terraform verdict on a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TfVerdict {
    /// Whether existing configurations or state may stop working; `None` when the change
    /// has nothing to do with a Terraform resource.
    pub breaking: Option<bool>,
    /// Why, in one clause (or several, separated by `;`).
    pub reason: String,
}

impl TfVerdict {
    /// Not applicable.
    pub fn na(reason: impl Into<String>) -> Self {
        TfVerdict {
            breaking: None,
            reason: format!("n/a: {}", reason.into()),
        }
    }

    /// A verdict.
    pub fn new(breaking: bool, reason: impl Into<String>) -> Self {
        TfVerdict {
            breaking: Some(breaking),
            reason: reason.into(),
        }
    }
}

/// One change that matters to the generated bindings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// The resource it belongs to (the new name for renamed resources); `None` for changes
    /// to the API as a whole or to types several resources share.
    pub resource: Option<String>,
    /// The operation id, for changes inside an operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The thing that changed (`param ChannelType`, `field url`, `resource`).
    pub item: String,
    /// How (`optional -> required`, `added`, `string -> integer`).
    pub detail: String,
    /// For the Rust crate.
    pub rust: RustVerdict,
    /// For the Terraform schema.
    pub terraform: TfVerdict,
}

impl Change {
    /// Whether it breaks either target.
    pub fn breaking(&self) -> bool {
        self.rust.breaking || self.terraform.breaking == Some(true)
    }
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every change.
    pub changes: usize,
    /// Changes breaking at least one target.
    pub breaking: usize,
    /// Changes breaking the Rust crate.
    pub breaking_rust: usize,
    /// Changes breaking the Terraform schema.
    pub breaking_terraform: usize,
    /// Changes breaking neither.
    pub compatible: usize,
    /// Public items of the Rust crate removed, changed or added.
    pub surface_changes: usize,
    /// Those that break code using the old crate.
    pub surface_breaking: usize,
}

/// The comparison of two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The old spec, as the user named it.
    pub old: String,
    /// The new spec.
    pub new: String,
    /// Every change, grouped by resource (API-wide changes first, then resources by
    /// name), in a fixed order within each group.
    pub changes: Vec<Change>,
    /// The generated client crate (`old -> new` when its name changes), when the surfaces
    /// were compared.
    pub rust_crate: Option<String>,
    /// The public items of the generated Rust crate that differ, read from the generated
    /// code of both sides: removed and changed first, then added.
    pub surface: Vec<surface::SurfaceChange>,
    /// The generated crate's current version (`rust.crate_version`), the base of the
    /// recommended bump.
    pub crate_version: String,
    /// Whether the Terraform schema of the two sides differs at all.
    pub terraform_changed: bool,
    /// Whether the provider's definition differs at all, beyond the schema too (the values
    /// it knows for a computed attribute): a patch of the provider when nothing else changed.
    pub terraform_provider_changed: bool,
}

/// A semver bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing the bindings show changed.
    None,
    /// Behaviour only: looser checks, documentation of the schema.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

impl Level {
    /// The word reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }

    /// `version` bumped by this level, by Cargo's rules for `0.x` versions (a breaking
    /// change bumps the minor number, anything else the patch number). `None` when
    /// `version` is not `MAJOR.MINOR.PATCH`.
    pub fn apply(self, version: &str) -> Option<String> {
        let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(x)), Some(Some(y)), Some(Some(z)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(match (self, x) {
            (Level::None, _) => format!("{x}.{y}.{z}"),
            (Level::Major, 0) => format!("0.{}.0", y + 1),
            (Level::Major, _) => format!("{}.0.0", x + 1),
            (Level::Minor, 0) | (Level::Patch, _) => format!("{x}.{y}.{}", z + 1),
            (Level::Minor, _) => format!("{x}.{}.0", y + 1),
        })
    }
}

/// The version bumps a report calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bump {
    /// For the Rust crate.
    pub rust: Level,
    /// The crate's version now.
    pub rust_from: String,
    /// The version to give it (the same when it does not parse).
    pub rust_to: String,
    /// For the Terraform provider.
    pub terraform: Level,
}

impl Report {
    /// Compares two models. `old_file` and `new_file` name the specs in the report;
    /// `settings` are those the bindings are generated with (a configured crate name or
    /// provider address changes the names the report gives). Fails, as generation would,
    /// on a provider address that names no provider.
    pub fn new(
        old_file: &str,
        old: &Api,
        new_file: &str,
        new: &Api,
        settings: &Settings,
    ) -> Result<Self, EmitError> {
        let (changes, terraform) = compare::compare_all(old, new, settings)?;
        Ok(Report {
            old: old_file.to_owned(),
            new: new_file.to_owned(),
            changes,
            terraform_changed: terraform.schema,
            terraform_provider_changed: terraform.provider,
            rust_crate: None,
            surface: Vec::new(),
            crate_version: settings.crate_version.clone(),
        })
    }

    /// The bumps the changes call for: major when something breaks, minor for additions,
    /// patch for behaviour alone (a check before sending removed or widened, a changed
    /// spec that leaves the public items as they were); for the crate, applied to its version by Cargo's `0.x`
    /// rules.
    pub fn bump(&self) -> Bump {
        let rust = if self.changes.iter().any(|c| c.rust.breaking)
            || self.surface.iter().any(|c| c.breaking)
        {
            Level::Major
        } else if self.surface.iter().any(|c| c.kind != "check") {
            Level::Minor
        } else if self.changes.is_empty() && self.surface.is_empty() {
            Level::None
        } else {
            Level::Patch
        };
        let terraform = if self
            .changes
            .iter()
            .any(|c| c.terraform.breaking == Some(true))
        {
            Level::Major
        } else if self.terraform_changed {
            Level::Minor
        } else if self.terraform_provider_changed {
            Level::Patch
        } else {
            Level::None
        };
        Bump {
            rust,
            rust_from: self.crate_version.clone(),
            rust_to: rust
                .apply(&self.crate_version)
                .unwrap_or_else(|| self.crate_version.clone()),
            terraform,
        }
    }

    /// Adds the comparison of the two generated crates' public surfaces.
    pub fn with_surfaces(
        mut self,
        old: &crate::surface::Surface,
        new: &crate::surface::Surface,
    ) -> Self {
        self.rust_crate = Some(if old.krate == new.krate {
            new.krate.clone()
        } else {
            format!("{} -> {}", old.krate, new.krate)
        });
        self.surface = surface::compare(old, new);
        self
    }

    /// Whether any change breaks either target, or the Rust crate's public surface.
    pub fn breaking(&self) -> bool {
        self.changes.iter().any(Change::breaking) || self.surface.iter().any(|c| c.breaking)
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        let count = |f: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).count();
        Summary {
            changes: self.changes.len(),
            breaking: count(&|c| c.breaking()),
            breaking_rust: count(&|c| c.rust.breaking),
            breaking_terraform: count(&|c| c.terraform.breaking == Some(true)),
            compatible: count(&|c| !c.breaking()),
            surface_changes: self.surface.len(),
            surface_breaking: self.surface.iter().filter(|c| c.breaking).count(),
        }
    }

    /// The readable report.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The JSON report: `{old, new, breaking, changes: [...], summary: {...}}`, pretty,
    /// with a trailing newline.
    pub fn to_json(&self) -> String {
        render::json(self)
    }

    /// The report as Markdown, fit for a pull-request comment: the verdict and the bumps,
    /// breaking changes in full, compatible ones folded.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Level;

    #[test]
    fn bumps_follow_cargo_rules_for_0_x() {
        assert_eq!(Level::Major.apply("0.1.3").as_deref(), Some("0.2.0"));
        assert_eq!(Level::Minor.apply("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Level::Patch.apply("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Level::Major.apply("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Level::Minor.apply("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Level::Patch.apply("1.4.2").as_deref(), Some("1.4.3"));
        assert_eq!(Level::None.apply("1.4.2").as_deref(), Some("1.4.2"));
        assert_eq!(Level::Major.apply("1.4"), None);
        assert_eq!(Level::Major.apply("1.4.2-beta"), None);
    }
}
