//! Behaviour one resource needs beyond what its spec says, as moto keeps it per service: a
//! [`Behaviour`] is registered for a resource (its API host and list or instance path), and
//! the generic backend calls its hooks at fixed points. One file per resource:
//!
//! - `accounts.rs`: API v2010's `/Accounts`: a created account is a subaccount of the
//!   account that made it, with an auth token of its own; a main account's own record is
//!   fetched and listed with its subaccounts, and a subaccount lists only itself.

mod accounts;

use serde_json::{Map, Value};
use twilio_model::Api;

use crate::routes;
use crate::state::{Item, State};
use crate::twilio::ApiError;

/// Where a hook is called from: the request's account and the item's place, with what a
/// hook needs to make an item.
pub(crate) struct Event<'a> {
    /// The account whose objects the request works on (the one it authenticated as, or a
    /// subaccount of it the path names).
    pub(crate) account: &'a str,
    /// The API host (`api.twilio.com`).
    pub(crate) host: &'a str,
    /// The item's path (`/2010-04-01/Accounts/AC….json`), or the collection's.
    pub(crate) key: &'a str,
    /// The auth token of `account`: a subaccount's own, else the one the request sent.
    pub(crate) token: &'a str,
    /// Makes new items of the resource, as a create would.
    pub(crate) make: &'a dyn Make,
}

/// The backend's way of making an item of the hook's resource, for a hook that needs one
/// the state does not hold yet.
pub(crate) trait Make {
    /// A new item at `key` (a path of the resource's instances) with the SID `sid`: every
    /// field of the resource's model filled as a create fills it (timestamps in the API's
    /// format, `uri`, links, placeholders). It is not stored.
    fn item(&self, state: &mut State, key: &str, sid: &str) -> Item;
}

/// Hooks of one resource; each does nothing unless a resource's behaviour says otherwise.
pub(crate) trait Behaviour: Send + Sync {
    /// A create about to happen (`event.key` is the collection's path): an error refuses
    /// it before anything is made.
    fn creating(&self, _event: &Event<'_>, _state: &State) -> Result<(), ApiError> {
        Ok(())
    }

    /// A new item, before it is stored and answered: may change it and the state.
    fn created(&self, _event: &Event<'_>, _object: &mut Map<String, Value>, _state: &mut State) {}

    /// The account holding the item at `key` (a concrete path of the resource) when it is
    /// not `account`, the one the request acts as: the request then works on that account's
    /// items. A subaccount's own record is its parent's.
    fn holder(&self, _account: &str, _key: &str, _state: &State) -> Option<String> {
        None
    }

    /// A fetch of an item the request's account does not hold: may answer it from
    /// elsewhere.
    fn fetch_missing(&self, _event: &Event<'_>, _state: &mut State) -> Option<Map<String, Value>> {
        None
    }

    /// A list about to be answered (`event.key` is the list's path): `items` are the
    /// collection's items the request's account holds. The hook may add items (their ids
    /// unique among them) or drop some; the list's filters (`Status`, `FriendlyName`, …)
    /// then apply to what is left, and its pages are cut from that in the list's order
    /// (when each item was made, or its name), so added items are filtered and paged as
    /// stored ones are.
    fn listing(&self, _event: &Event<'_>, _items: &mut Vec<Item>, _state: &mut State) {}
}

/// The behaviours and the resources they are for.
fn all() -> Vec<(&'static str, &'static str, Box<dyn Behaviour>)> {
    vec![(
        "api.twilio.com",
        "/2010-04-01/Accounts.json",
        Box::new(accounts::Accounts),
    )]
}

/// The behaviour of each loaded resource that has one.
pub(crate) struct Registry {
    behaviours: Vec<Box<dyn Behaviour>>,
    /// `[api][resource]` -> index into `behaviours`.
    by_resource: Vec<Vec<Option<usize>>>,
}

impl Registry {
    pub(crate) fn new<'a>(apis: impl IntoIterator<Item = &'a Api>) -> Self {
        let mut behaviours = Vec::new();
        let mut wanted = Vec::new();
        for (host, path, behaviour) in all() {
            wanted.push((host, path));
            behaviours.push(behaviour);
        }
        let by_resource = apis
            .into_iter()
            .map(|api| {
                api.resources
                    .iter()
                    .map(|r| {
                        let host = routes::host_of(&r.base_url);
                        let paths = [&r.list_path, &r.instance_path];
                        wanted.iter().position(|(h, p)| {
                            *h == host
                                && paths
                                    .iter()
                                    .any(|t| t.as_ref().is_some_and(|t| t.as_str() == *p))
                        })
                    })
                    .collect()
            })
            .collect();
        Registry {
            behaviours,
            by_resource,
        }
    }

    /// The behaviour of a resource (`(api, resource)` indices), if it has one.
    pub(crate) fn of(&self, (api, resource): (usize, usize)) -> Option<&dyn Behaviour> {
        let i = (*self.by_resource.get(api)?.get(resource)?)?;
        self.behaviours.get(i).map(|b| &**b)
    }
}
