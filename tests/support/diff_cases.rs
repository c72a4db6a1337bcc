//! Edited copies of `spec/twilio_flex_v1.yaml` for the `twilio-codegen diff` tests, as edits
//! rather than copies: each case applies its `(find, replace)` pairs to spec/ in order, and
//! each `find` must occur exactly once in the text it applies to. A change of spec/ that
//! moves an anchor then fails loudly, naming the case and the edit, instead of comparing
//! against a stale copy.
//!
//! Used by `tests/diff.rs` and, through `#[path]`, by the CLI tests of the generator.

/// One edited copy of spec/.
pub struct DiffCase {
    /// The case's name: its test, its snapshots, and the label of the edited spec.
    pub name: &'static str,
    /// What the edits change.
    pub what: &'static str,
    /// Whether the report must find a change that breaks the Rust crate or the Terraform
    /// schema.
    pub breaking: bool,
    /// `(find, replace)` pairs, applied in order.
    pub edits: &'static [(&'static str, &'static str)],
}

impl DiffCase {
    /// The label of the edited spec in reports (`new_required_param.yaml`).
    pub fn label(&self) -> String {
        format!("{}.yaml", self.name)
    }

    /// The edited spec. Panics, naming the case and the edit, when an anchor does not occur
    /// exactly once.
    pub fn apply(&self, spec: &str) -> String {
        let mut text = spec.to_owned();
        for (i, (find, replace)) in self.edits.iter().enumerate() {
            let found = text.matches(find).count();
            assert_eq!(
                found, 1,
                "diff case `{}`, edit {i}: the text to replace occurs {found} times in the spec \
                 (expected once); update the case after a change of spec/:\n{find}",
                self.name
            );
            text = text.replacen(find, replace, 1);
        }
        text
    }
}

/// The case of this name. Panics for an unknown name.
pub fn case(name: &str) -> &'static DiffCase {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no diff case `{name}`"))
}

/// A `Locale` string property in create's form body (the property only; whether it is
/// required is another edit).
const LOCALE_IN_CREATE: (&str, &str) = (
    r#"                    Proxy sessions if the associated Task is deleted outside of the Flex UI.
                    Defaults to `false`.
"#,
    r#"                    Proxy sessions if the associated Task is deleted outside of the Flex UI.
                    Defaults to `false`.
                Locale:
                  type: string
                  description: The locale of the Flex Flow.
"#,
);

/// Every case, by name.
pub const CASES: &[DiffCase] = &[
    DiffCase {
        name: "added_optional_param",
        what: "an optional `Locale` body parameter in create and update.",
        breaking: false,
        edits: &[
            (
                r#"                  Proxy sessions if the associated Task is deleted outside of the Flex UI.
                  Defaults to `false`.
"#,
                r#"                  Proxy sessions if the associated Task is deleted outside of the Flex UI.
                  Defaults to `false`.
              Locale:
                type: string
                description: The locale of the Flex Flow.
"#,
            ),
            LOCALE_IN_CREATE,
        ],
    },
    DiffCase {
        name: "condition_change",
        what: "in create, `Integration.Url` is also required for `studio`; `Integration.FlowSid` no longer says when it is required.",
        breaking: true,
        edits: &[
            (
                r#"                  description: The SID of the Studio Flow. Required when `integrationType` is `studio`.
"#,
                r#"                  description: The SID of the Studio Flow.
"#,
            ),
            (
                r#"                  description: The URL of the external webhook. Required when `integrationType` is `external`.
"#,
                r#"                  description: The URL of the external webhook. Required when `integrationType` is `external` or `studio`.
"#,
            ),
        ],
    },
    DiffCase {
        name: "descriptions_only",
        what: "descriptions reworded; nothing the bindings depend on changes.",
        breaking: false,
        edits: &[
            (
                r#"  description: This is the public Twilio REST API.
"#,
                r#"  description: The public Twilio REST API, reworded.
"#,
            ),
            (
                r#"          description: The absolute URL of the Flex Flow resource.
"#,
                r#"          description: The URL of this Flex Flow.
"#,
            ),
            (
                r#"      description: Fetch a Flex Flow.
"#,
                r#"      description: Fetch one Flex Flow.
"#,
            ),
        ],
    },
    DiffCase {
        name: "new_enum_value",
        what: "`telegram` added to the channel type enum.",
        breaking: false,
        edits: &[
            (
                r#"        - custom
"#,
                r#"        - custom
        - telegram
"#,
            ),
        ],
    },
    DiffCase {
        name: "new_required_param",
        what: "a required `Locale` body parameter in create.",
        breaking: true,
        edits: &[
            (
                r#"                - ChannelType
"#,
                r#"                - ChannelType
                - Locale
"#,
            ),
            LOCALE_IN_CREATE,
        ],
    },
    DiffCase {
        name: "nullability_change",
        what: "the field `enabled` becomes non-nullable; `channel_type` becomes nullable \
               (compatible: every model field is an `Option` either way).",
        breaking: false,
        edits: &[
            (
                r#"        channel_type:
          $ref: '#/components/schemas/flex_flow_enum_channel_type'
"#,
                r#"        channel_type:
          allOf:
            - $ref: '#/components/schemas/flex_flow_enum_channel_type'
          nullable: true
"#,
            ),
            (
                r#"        enabled:
          type: boolean
          nullable: true
"#,
                r#"        enabled:
          type: boolean
"#,
            ),
        ],
    },
    DiffCase {
        name: "pattern_change",
        what: "constraints: a pattern on `ContactIdentity` and `Integration.Url` (create), `maxLength` on `FriendlyName` (create and update), `PageSize` maximum 1000 -> 5000 (list).",
        breaking: true,
        edits: &[
            (
                r#"              FriendlyName:
                type: string
"#,
                r#"              FriendlyName:
                type: string
                maxLength: 64
"#,
            ),
            (
                r#"            maximum: 1000
"#,
                r#"            maximum: 5000
"#,
            ),
            (
                r#"                FriendlyName:
                  type: string
"#,
                r#"                FriendlyName:
                  type: string
                  maxLength: 64
"#,
            ),
            (
                r#"                ContactIdentity:
                  type: string
"#,
                r#"                ContactIdentity:
                  type: string
                  pattern: ^[A-Za-z0-9+_.:-]+$
"#,
            ),
            (
                r#"                  type: string
                  format: uri
"#,
                r#"                  type: string
                  format: uri
                  pattern: ^https://
"#,
            ),
        ],
    },
    DiffCase {
        name: "removed_enum_value",
        what: "`line` removed from the channel type enum.",
        breaking: true,
        edits: &[
            (
                r#"        - line
"#,
                r#""#,
            ),
        ],
    },
    DiffCase {
        name: "removed_field",
        what: "the response fields `long_lived` (also a parameter) and `url` (response only) removed.",
        breaking: true,
        edits: &[
            (
                r#"        long_lived:
          type: boolean
          nullable: true
          description: When enabled, Flex will keep the chat channel active so that it
            may be used for subsequent interactions with a contact identity. Defaults to `false`.
"#,
                r#""#,
            ),
            (
                r#"        url:
          type: string
          format: uri
          nullable: true
          description: The absolute URL of the Flex Flow resource.
"#,
                r#""#,
            ),
        ],
    },
    DiffCase {
        name: "removed_operation",
        what: "the delete operation removed.",
        breaking: true,
        edits: &[
            (
                r#"    delete:
      operationId: DeleteFlexFlow
      description: Delete a Flex Flow.
      tags:
        - FlexV1FlexFlow
      security:
        - accountSid_authToken: []
      parameters:
        - $ref: '#/components/parameters/flex_flow_sid'
      responses:
        '204':
          description: The resource was deleted successfully.
"#,
                r#""#,
            ),
        ],
    },
    DiffCase {
        name: "removed_update_param",
        what: "update no longer accepts `Enabled` (create still does).",
        breaking: true,
        edits: &[
            (
                r#"              Enabled:
                type: boolean
                description: Whether the new Flex Flow is enabled.
"#,
                r#""#,
            ),
        ],
    },
    DiffCase {
        name: "renamed_resource",
        what: "the resource's mount name `flex_flow` -> `messaging_flow` (paths unchanged).",
        breaking: true,
        edits: &[
            (
                r#"  /v1/FlexFlows:
    servers:
      - url: https://flex-api.twilio.com
    description: Flex Flow
    x-twilio:
      defaultOutputProperties:
        - sid
        - friendly_name
        - channel_type
        - integration_type
      mountName: flex_flow
"#,
                r#"  /v1/FlexFlows:
    servers:
      - url: https://flex-api.twilio.com
    description: Flex Flow
    x-twilio:
      defaultOutputProperties:
        - sid
        - friendly_name
        - channel_type
        - integration_type
      mountName: messaging_flow
"#,
            ),
            (
                r#"      mountName: flex_flow
"#,
                r#"      mountName: messaging_flow
"#,
            ),
        ],
    },
    DiffCase {
        name: "required_change",
        what: "create requires `ContactIdentity` and no longer `FriendlyName`.",
        breaking: true,
        edits: &[
            (
                r#"                - FriendlyName
"#,
                r#""#,
            ),
            (
                r#"                - ChatServiceSid
"#,
                r#"                - ChatServiceSid
                - ContactIdentity
"#,
            ),
        ],
    },
    DiffCase {
        name: "type_change",
        what: "`Integration.Priority` integer -> string (create and update); the field `date_created` loses `format: date-time`.",
        breaking: true,
        edits: &[
            (
                r#"        date_created:
          type: string
          format: date-time
"#,
                r#"        date_created:
          type: string
"#,
            ),
            (
                r#"              Integration.Priority:
                type: integer
"#,
                r#"              Integration.Priority:
                type: string
"#,
            ),
            (
                r#"                Integration.Priority:
                  type: integer
"#,
                r#"                Integration.Priority:
                  type: string
"#,
            ),
        ],
    },
];
