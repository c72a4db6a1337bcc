//! The boundary to the generated code: arguments taken from Terraform values, the
//! operations each resource implements through the generated client crate, and their
//! failures.

use std::marker::PhantomData;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;
use twilio_runtime::Client;

/// An argument as the generated operations read it: the attribute's name, and the client
/// type its value becomes. The generated code declares one per attribute it reads and reads
/// only through them, so a name and its type are written once and the compiler checks every
/// use against the client's types; [`crate::TwilioProvider::new`] checks each name against
/// the resource's definition.
pub struct Key<T> {
    name: &'static str,
    ty: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    /// The argument named `name`, read as a `T`.
    pub const fn new(name: &'static str) -> Self {
        Key {
            name,
            ty: PhantomData,
        }
    }

    /// The argument named `name`, read as a `T`, when `arguments` (the arguments the
    /// resource's definition gives its operations) has it. Evaluated in a `const`, a name
    /// the definition does not have fails `cargo build`.
    pub const fn of(name: &'static str, arguments: &[&str]) -> Self {
        let mut i = 0;
        while i < arguments.len() {
            if same(arguments[i], name) {
                return Key::new(name);
            }
            i += 1;
        }
        panic!("an operation reads an argument its resource's definition does not have")
    }

    /// The attribute's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// `a == b`, in a `const`.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> std::fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.name)
    }
}

/// The known arguments of a resource, keyed by attribute name (groups: an object keyed by
/// the client's field names). Values are JSON as the client's types deserialize them.
#[derive(Clone, Debug, Default)]
pub struct Args {
    values: serde_json::Map<String, serde_json::Value>,
}

impl Args {
    /// Arguments from a JSON object.
    pub fn new(values: serde_json::Map<String, serde_json::Value>) -> Self {
        Args { values }
    }

    /// A required argument (an error naming it when absent or of the wrong shape).
    pub fn req<T: DeserializeOwned>(&self, key: Key<T>) -> Result<T, Failure> {
        let name = key.name;
        self.opt(key)?.ok_or_else(|| Failure::Argument {
            path: vec![name.to_owned()],
            message: "is required".to_owned(),
        })
    }

    /// A group argument (a block) with only the members an operation accepts: `accepted`
    /// names them by the client's field names, nested groups' members dotted
    /// (`notifications.enabled`); a group of several operations may have members another
    /// operation takes (a factor's `config.app_id` is for create only). `None` when absent.
    pub fn group<T: DeserializeOwned>(
        &self,
        key: Key<T>,
        accepted: &[&str],
    ) -> Result<Option<T>, Failure> {
        let Some(v) = self.values.get(key.name) else {
            return Ok(None);
        };
        let picked = pick(v, accepted);
        Args::new(std::iter::once((key.name.to_owned(), picked)).collect()).opt(key)
    }

    /// A required group argument ([`Args::group`]): an error naming it when absent.
    pub fn req_group<T: DeserializeOwned>(
        &self,
        key: Key<T>,
        accepted: &[&str],
    ) -> Result<T, Failure> {
        self.group(key, accepted)?.ok_or_else(|| Failure::Argument {
            path: vec![key.name.to_owned()],
            message: "is required".to_owned(),
        })
    }

    /// An optional argument: `None` when absent.
    pub fn opt<T: DeserializeOwned>(&self, key: Key<T>) -> Result<Option<T>, Failure> {
        let name = key.name;
        match self.values.get(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(|e| Failure::Argument {
                    path: vec![name.to_owned()],
                    message: format!("is not valid: {e}"),
                }),
        }
    }
}

/// The members of a group value (or of each item of a list of groups) that `accepted`
/// names, nested ones by dotted paths.
fn pick(v: &serde_json::Value, accepted: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| pick(i, accepted)).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter_map(|(k, v)| {
                    if accepted.contains(&k.as_str()) {
                        return Some((k.clone(), v.clone()));
                    }
                    let prefix = format!("{k}.");
                    let inner: Vec<&str> = accepted
                        .iter()
                        .filter_map(|a| a.strip_prefix(&prefix))
                        .collect();
                    (!inner.is_empty()).then(|| (k.clone(), pick(v, &inner)))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Why an operation failed.
#[derive(Debug)]
pub enum Failure {
    /// An argument could not become the client's type; nothing was sent.
    Argument {
        /// Its attribute path.
        path: Vec<String>,
        /// What is wrong.
        message: String,
    },
    /// The client failed (an API error, a validation error, transport).
    Client(twilio_runtime::Error),
    /// The response could not be read back.
    Response(String),
}

impl From<twilio_runtime::Error> for Failure {
    fn from(e: twilio_runtime::Error) -> Self {
        Failure::Client(e)
    }
}

impl Failure {
    /// Whether the request may have been carried out although it failed: no answer came
    /// (transport), or the server failed (5xx) after possibly applying it.
    pub fn may_have_applied(&self) -> bool {
        match self {
            Failure::Client(twilio_runtime::Error::Api(e)) => e.status >= 500,
            Failure::Client(twilio_runtime::Error::Http { status, .. }) => *status >= 500,
            Failure::Client(
                twilio_runtime::Error::Transport(_) | twilio_runtime::Error::Decode { .. },
            ) => true,
            Failure::Response(_) => true,
            _ => false,
        }
    }

    /// Whether the API said the resource does not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        match self {
            Failure::Client(twilio_runtime::Error::Api(e)) => e.status == 404,
            Failure::Client(twilio_runtime::Error::Http { status, .. }) => *status == 404,
            _ => false,
        }
    }
}

/// A response model as JSON, the form the runtime maps to Terraform state.
pub fn to_json<T: Serialize>(model: &T) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(model).map_err(|e| Failure::Response(e.to_string()))
}

/// What a generated resource does through its client crate. Each call gets the client the
/// provider configured and the known arguments; create, read and update return the
/// resource as the client's model serializes it.
#[async_trait]
pub trait Operations: Send + Sync {
    /// The arguments the resource's definition gives the operations, as compiled into
    /// them: every [`Key`] is checked against this list when the provider is built, and
    /// the runtime checks the list against the definition it reads.
    fn arguments(&self) -> &'static [&'static str];
    /// Creates the resource.
    async fn create(&self, client: &Client, args: &Args) -> Result<serde_json::Value, Failure>;
    /// Fetches it (`id` and the parent attributes name it).
    async fn read(&self, client: &Client, args: &Args) -> Result<serde_json::Value, Failure>;
    /// Updates it in place; `None` when the API has no update operation.
    async fn update(
        &self,
        client: &Client,
        args: &Args,
    ) -> Option<Result<serde_json::Value, Failure>>;
    /// Deletes it.
    async fn delete(&self, client: &Client, args: &Args) -> Result<(), Failure>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARGUMENTS: &[&str] = &["friendly_name", "id"];
    /// Checked while compiling: a name not in the list would not build.
    const FRIENDLY_NAME: Key<String> = Key::of("friendly_name", ARGUMENTS);

    #[test]
    fn keys_are_checked_against_the_arguments() {
        assert_eq!(FRIENDLY_NAME.name(), "friendly_name");
        assert_eq!(Key::<String>::of("id", ARGUMENTS).name(), "id");
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("ab", "abc"));
    }

    #[test]
    #[should_panic(expected = "does not have")]
    fn a_name_the_definition_lacks_is_refused() {
        let _ = Key::<String>::of("friendly", ARGUMENTS);
    }
}
