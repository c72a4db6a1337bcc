//! API v2010's accounts, as Twilio scopes them: `POST /2010-04-01/Accounts.json` makes a
//! subaccount of the account that asks. The subaccount gets an auth token of its own (in the
//! create's answer) and is registered in the state, so that
//! - its owner may act in its objects (`/2010-04-01/Accounts/{sub}/…` with the owner's
//!   credentials);
//! - its own credentials (its SID and that token) are accepted, even when the mock is
//!   configured with other credentials, and see only its objects;
//! - it can fetch and update its own account, which its owner holds;
//! - it cannot make subaccounts of its own (403), as Twilio refuses them;
//! - it lists only itself.
//!
//! A main account (one not made through the mock) fetches its own record and lists it with
//! its subaccounts. The record is made the first time it is fetched or listed, then stored
//! with the account's items (so it keeps its dates, and updates change it): `type` `Full`,
//! `status` `active`, `owner_account_sid` its own SID, the auth token the request sent.

use serde_json::{Map, Value};

use super::{Behaviour, Event};
use crate::state::{Item, State};
use crate::twilio::ApiError;

pub(crate) struct Accounts;

impl Behaviour for Accounts {
    fn creating(&self, event: &Event<'_>, state: &State) -> Result<(), ApiError> {
        match state.account(event.account) {
            Some(_) => Err(ApiError {
                status: 403,
                code: 20403,
                message: "A subaccount cannot create subaccounts".to_owned(),
            }),
            None => Ok(()),
        }
    }

    fn created(&self, event: &Event<'_>, object: &mut Map<String, Value>, state: &mut State) {
        let Some(sid) = object.get("sid").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        // 32 hexadecimal digits, as Twilio's tokens are.
        let token = state.sid("");
        object.insert("auth_token".to_owned(), Value::from(token.as_str()));
        object.insert("owner_account_sid".to_owned(), Value::from(event.account));
        object.insert("status".to_owned(), Value::from("active"));
        state.add_account(&sid, event.account, &token);
    }

    fn holder(&self, account: &str, key: &str, state: &State) -> Option<String> {
        // A subaccount's own record, which its owner holds.
        let sub = state.account(account)?;
        own_record(account, key).then(|| sub.owner.clone())
    }

    fn fetch_missing(&self, event: &Event<'_>, state: &mut State) -> Option<Map<String, Value>> {
        // A main account's own record, made on first use.
        (own_record(event.account, event.key) && state.account(event.account).is_none())
            .then(|| main_record(event, event.key, state).value)
    }

    fn listing(&self, event: &Event<'_>, items: &mut Vec<Item>, state: &mut State) {
        // `/2010-04-01/Accounts.json` -> `/2010-04-01/Accounts/{SID}.json`.
        let Some(collection) = event.key.strip_suffix(".json") else {
            return;
        };
        let own = format!("{collection}/{}.json", event.account);
        match state.account(event.account).map(|a| a.owner.clone()) {
            // A subaccount: itself only, from its owner's items.
            Some(owner) => {
                items.retain(|i| i.id == event.account);
                if items.is_empty() {
                    items.extend(state.items(&owner, event.host).get(&own).cloned());
                }
            }
            // A main account: itself too, with the subaccounts it holds.
            None => {
                if !items.iter().any(|i| i.id == event.account) {
                    items.push(main_record(event, &own, state));
                }
            }
        }
    }
}

/// Whether `key` is `account`'s own record: `/2010-04-01/Accounts/{account}.json`.
fn own_record(account: &str, key: &str) -> bool {
    key.rsplit_once('/')
        .and_then(|(_, last)| last.strip_suffix(".json"))
        .is_some_and(|sid| sid == account)
}

/// A main account's own record at `key`: the stored one, else a new one, stored.
fn main_record(event: &Event<'_>, key: &str, state: &mut State) -> Item {
    if let Some(item) = state.items(event.account, event.host).get(key) {
        return item.clone();
    }
    let mut item = event.make.item(state, key, event.account);
    // The main account existed before anything made through the mock.
    item.made = 0;
    for (field, value) in [
        ("friendly_name", "My first Twilio account"),
        ("status", "active"),
        ("type", "Full"),
        ("owner_account_sid", event.account),
        ("auth_token", event.token),
    ] {
        item.value.insert(field.to_owned(), Value::from(value));
    }
    state
        .items(event.account, event.host)
        .insert(key.to_owned(), item.clone());
    item
}
