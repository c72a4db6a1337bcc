//! API v2010's accounts, as Twilio scopes them: `POST /2010-04-01/Accounts.json` makes a
//! subaccount of the account that asks. The subaccount gets an auth token of its own (in the
//! create's answer) and is registered in the state, so that
//! - its owner may act in its objects (`/2010-04-01/Accounts/{sub}/…` with the owner's
//!   credentials);
//! - its own credentials (its SID and that token) are accepted, even when the mock is
//!   configured with other credentials, and see only its objects;
//! - it can fetch its own account, which its owner holds;
//! - it cannot make subaccounts of its own (403), as Twilio refuses them.

use serde_json::{Map, Value};

use super::{Behaviour, Event};
use crate::state::State;
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

    fn fetch_missing(&self, event: &Event<'_>, state: &mut State) -> Option<Map<String, Value>> {
        // Only an account's own record: `/2010-04-01/Accounts/{its SID}.json`.
        let (_, last) = event.key.rsplit_once('/')?;
        if last.strip_suffix(".json")? != event.account {
            return None;
        }
        let owner = state.account(event.account)?.owner.clone();
        let item = state.items(&owner, event.host).get(event.key)?;
        Some(item.value.clone())
    }
}
