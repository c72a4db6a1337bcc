//! The provider's own configuration: its arguments, the environment variable each falls back
//! to, and which are secrets. The providers schema, the code specification and the registry
//! docs all read this one list, and the provider runtime reads the same variables.

/// One argument of the `provider "twilio"` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Argument name.
    pub name: &'static str,
    /// The environment variable used when the argument is not set.
    pub env: &'static str,
    /// Whether the value is a secret (never shown by Terraform).
    pub sensitive: bool,
    /// What it is.
    pub description: &'static str,
}

/// The provider's arguments, sorted by name.
pub const SETTINGS: [Setting; 8] = [
    Setting {
        name: "account_sid",
        env: "TWILIO_ACCOUNT_SID",
        sensitive: false,
        description: "The Account SID (`AC…`) to authenticate with, together with `auth_token`. Defaults to the `TWILIO_ACCOUNT_SID` environment variable.",
    },
    Setting {
        name: "api_key",
        env: "TWILIO_API_KEY",
        sensitive: false,
        description: "An API key SID (`SK…`) to authenticate with instead of the auth token, together with `api_secret`. Defaults to the `TWILIO_API_KEY` environment variable.",
    },
    Setting {
        name: "api_secret",
        env: "TWILIO_API_SECRET",
        sensitive: true,
        description: "The secret of `api_key`. Defaults to the `TWILIO_API_SECRET` environment variable.",
    },
    Setting {
        name: "auth_token",
        env: "TWILIO_AUTH_TOKEN",
        sensitive: true,
        description: "The auth token of `account_sid`. Defaults to the `TWILIO_AUTH_TOKEN` environment variable.",
    },
    Setting {
        name: "base_url",
        env: "TWILIO_BASE_URL",
        sensitive: false,
        description: "One base URL for every API instead of Twilio's hosts (a mock server, a proxy); `region` and `edge` are then ignored. Defaults to the `TWILIO_BASE_URL` environment variable.",
    },
    Setting {
        name: "edge",
        env: "TWILIO_EDGE",
        sensitive: false,
        description: "The Twilio edge location to connect through (`dublin`, `sydney`). Defaults to the `TWILIO_EDGE` environment variable.",
    },
    Setting {
        name: "local_twilio",
        env: "TWILIO_LOCAL_TWILIO",
        sensitive: false,
        description: "The address of a local Twilio such as `twilio-mock` (`http://127.0.0.1:4010`): every API is reached there, its own host named in the `Host` header as Twilio tells its APIs apart; `region` and `edge` are then ignored, and `base_url` must be unset. Defaults to the `TWILIO_LOCAL_TWILIO` environment variable.",
    },
    Setting {
        name: "region",
        env: "TWILIO_REGION",
        sensitive: false,
        description: "The Twilio region to use (`ie1`, `au1`). Defaults to the `TWILIO_REGION` environment variable.",
    },
];

/// The description of the provider block.
pub const DESCRIPTION: &str = "The Twilio provider manages Twilio resources through Twilio's REST APIs. Every argument falls back to its environment variable; credentials are `account_sid` and `auth_token`, or `api_key` and `api_secret`.";
