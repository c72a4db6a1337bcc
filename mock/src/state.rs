//! The mock's memory: items by account, host and path, the subaccounts made, pending faults,
//! recorded exchanges and the SID sequence.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{Map, Value};

use crate::callbacks::{Delivery, Job};
use crate::Exchange;

/// Makes the next `count` requests (of `method`, under `path`, when given) answer `status`
/// with a Twilio error body, and `Retry-After: retry_after` when given. By default the
/// request is refused before anything happens; with `after` it is carried out first (the
/// object is created, the change made) and the error answers instead of the real answer;
/// with `reshape` the real answer comes back with its body in odd shapes; `delay_ms` holds
/// the answer back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// HTTP status, 400–599 (429, 500 and 503 are the usual ones); unused with `reshape`.
    pub status: u16,
    /// How many requests it answers.
    pub count: u32,
    /// Seconds for the `Retry-After` header.
    pub retry_after: Option<u64>,
    /// Only requests with this method (upper-case), when given.
    pub method: Option<String>,
    /// Only requests whose path starts with this, when given.
    pub path: Option<String>,
    /// The request is carried out before the fault answers.
    pub after: bool,
    /// The request is carried out and its answer's body reshaped ([`reshape`]).
    pub reshape: bool,
    /// Milliseconds the answer waits before it is sent.
    pub delay_ms: Option<u64>,
}

impl Fault {
    /// `count` requests answering `status`, any method and path.
    pub fn new(status: u16, count: u32) -> Self {
        Fault {
            status,
            count,
            retry_after: None,
            method: None,
            path: None,
            after: false,
            reshape: false,
            delay_ms: None,
        }
    }

    /// Carried out first: the request takes effect, then the fault answers.
    pub fn after(mut self) -> Self {
        self.after = true;
        self
    }

    /// With `Retry-After: seconds`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    fn applies(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// A body in the odd shapes a lenient reader must survive: numbers and booleans as text,
/// nested objects with only their first member, lists null, and a member nobody expects.
/// The identifying members (`sid`, `*_sid`) and text stay as they are.
pub fn reshape(body: Value) -> Value {
    fn odd(v: Value) -> Value {
        match v {
            Value::Number(n) => Value::String(n.to_string()),
            Value::Bool(b) => Value::String(b.to_string()),
            Value::Array(_) => Value::Null,
            Value::Object(m) => {
                Value::Object(m.into_iter().take(1).map(|(k, v)| (k, odd(v))).collect())
            }
            other => other,
        }
    }
    match body {
        Value::Object(m) => {
            let mut out: Map<String, Value> = m
                .into_iter()
                .map(|(k, v)| {
                    let keep = k == "sid" || k.ends_with("_sid");
                    let v = if keep { v } else { odd(v) };
                    (k, v)
                })
                .collect();
            out.insert(
                "unexpected_member".to_owned(),
                serde_json::json!({ "nested": [1, "two"] }),
            );
            Value::Object(out)
        }
        other => other,
    }
}

/// One stored item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// `(api, resource)` indices.
    pub(crate) owner: (usize, usize),
    /// The last segment of its path (its SID, or the singleton's name).
    pub(crate) id: String,
    /// The response object, shaped by the resource's model.
    pub(crate) value: Map<String, Value>,
    /// Its place in the order things were made (from 1; 0 for what existed before the mock
    /// started, such as a main account's own record). Lists follow it.
    pub(crate) made: u64,
    /// Its id is a name (a Sync map item's key, a list item's index), not a SID: lists order
    /// such items by it.
    pub(crate) named: bool,
}

/// A subaccount made through the mock (`POST /2010-04-01/Accounts.json`).
#[derive(Clone)]
pub(crate) struct Account {
    /// The account that made it: it may act in the subaccount.
    pub(crate) owner: String,
    /// Its own auth token, as the create answered it.
    pub(crate) auth_token: String,
}

impl std::fmt::Debug for Account {
    /// The token is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("owner", &self.owner)
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

/// Everything that changes while the mock runs.
pub(crate) struct State {
    rng: SplitMix64,
    /// The items of each `(account, host)`: an account sees only its own objects, and two
    /// APIs serving one path (`/v2/Services` at Chat and at Verify) keep theirs apart.
    spaces: BTreeMap<(String, String), Items>,
    /// The subaccounts made, by SID.
    accounts: BTreeMap<String, Account>,
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) record: Vec<Exchange>,
    /// Status callbacks not sent yet ([`crate::Callbacks::OnRequest`]).
    pub(crate) pending: VecDeque<Job>,
    /// Status callbacks sent.
    pub(crate) deliveries: Vec<Delivery>,
    /// How many items were made ([`Item::made`]).
    made: u64,
}

impl State {
    pub(crate) fn new(seed: Option<u64>) -> Self {
        State {
            rng: SplitMix64::new(seed),
            spaces: BTreeMap::new(),
            accounts: BTreeMap::new(),
            faults: VecDeque::new(),
            record: Vec::new(),
            pending: VecDeque::new(),
            deliveries: Vec::new(),
            made: 0,
        }
    }

    pub(crate) fn reset(&mut self, seed: Option<u64>) {
        *self = State::new(seed);
    }

    /// A new SID: the prefix and 32 lower-case hexadecimal digits.
    pub(crate) fn sid(&mut self, prefix: &str) -> String {
        let high = self.rng.next_u64();
        crate::twilio::sid(prefix, high, self.rng.next_u64())
    }

    /// The place of the next item made ([`Item::made`]).
    pub(crate) fn next_made(&mut self) -> u64 {
        self.made += 1;
        self.made
    }

    /// Registers a subaccount `sid` of `owner`, with its own token.
    pub(crate) fn add_account(&mut self, sid: &str, owner: &str, auth_token: &str) {
        self.accounts.insert(
            sid.to_owned(),
            Account {
                owner: owner.to_owned(),
                auth_token: auth_token.to_owned(),
            },
        );
    }

    /// A subaccount made through the mock.
    pub(crate) fn account(&self, sid: &str) -> Option<&Account> {
        self.accounts.get(sid)
    }

    /// Whether `actor` may act in `account`'s objects: its own, or a subaccount it made
    /// (or one a subaccount of its made).
    pub(crate) fn may_act_in(&self, actor: &str, account: &str) -> bool {
        let mut current = account;
        // The owners form no cycle (an account is registered once, by its maker), but the
        // walk stays bounded anyway.
        for _ in 0..=self.accounts.len() {
            if current == actor {
                return true;
            }
            match self.accounts.get(current) {
                Some(a) => current = &a.owner,
                None => return false,
            }
        }
        false
    }

    /// Takes one request from the first pending fault that applies.
    pub(crate) fn take_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let i = self.faults.iter().position(|f| f.applies(method, path))?;
        let fault = &mut self.faults[i];
        let taken = fault.clone();
        fault.count = fault.count.saturating_sub(1);
        if fault.count == 0 {
            self.faults.remove(i);
        }
        Some(taken)
    }

    /// Every item held: `(account, host, path)`, sorted.
    pub(crate) fn objects(&self) -> Vec<(String, String, String)> {
        self.spaces
            .iter()
            .flat_map(|((account, host), items)| {
                items
                    .keys()
                    .map(move |path| (account.clone(), host.clone(), path.clone()))
            })
            .collect()
    }

    /// The items of an account at a host.
    pub(crate) fn items(&mut self, account: &str, host: &str) -> &mut Items {
        self.spaces
            .entry((account.to_owned(), host.to_owned()))
            .or_default()
    }
}

/// Items by their concrete path (`/v1/FlexFlows/FO...`); children sort after their parent.
pub(crate) type Items = BTreeMap<String, Item>;

/// Removes an item and everything under its path; whether it was there.
pub(crate) fn remove_tree(items: &mut Items, path: &str) -> bool {
    let existed = items.remove(path).is_some();
    let prefix = format!("{path}/");
    let children: Vec<String> = items
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in children {
        items.remove(&k);
    }
    existed
}

/// A small, seedable generator (SplitMix64): SIDs need to be unique and reproducible, not
/// unpredictable.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: Option<u64>) -> Self {
        let seed = seed.unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            nanos ^ (u64::from(std::process::id()) << 32)
        });
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sids_repeat_and_differ() {
        let mut a = State::new(Some(1));
        let mut b = State::new(Some(1));
        let first = a.sid("FO");
        assert_eq!(first, b.sid("FO"));
        assert_ne!(first, a.sid("FO"));
        assert_eq!(first.len(), 34);
        assert!(first.starts_with("FO"));
        assert!(first[2..].bytes().all(|c| c.is_ascii_hexdigit()));
        let mut c = State::new(Some(2));
        assert_ne!(first, c.sid("FO"));
    }

    #[test]
    fn faults_count_down_and_aim() {
        let mut s = State::new(Some(0));
        s.faults.push_back(Fault {
            method: Some("POST".into()),
            ..Fault::new(503, 2)
        });
        assert_eq!(s.take_fault("GET", "/v1/X"), None);
        assert_eq!(s.take_fault("POST", "/v1/X").map(|f| f.status), Some(503));
        assert_eq!(s.take_fault("post", "/v1/X").map(|f| f.status), Some(503));
        assert_eq!(s.take_fault("POST", "/v1/X"), None);
    }

    #[test]
    fn accounts_act_in_their_own_and_their_subaccounts() {
        let mut s = State::new(Some(0));
        s.add_account("ACsub", "ACparent", "s3cret");
        s.add_account("ACgrand", "ACsub", "token2");
        s.add_account("ACsibling", "ACparent", "token3");
        assert!(s.may_act_in("ACparent", "ACparent"));
        assert!(s.may_act_in("ACparent", "ACsub"));
        assert!(s.may_act_in("ACparent", "ACgrand"));
        assert!(s.may_act_in("ACsub", "ACsub"));
        assert!(!s.may_act_in("ACsub", "ACparent"));
        assert!(!s.may_act_in("ACsub", "ACsibling"));
        assert!(!s.may_act_in("ACother", "ACsub"));
        let shown = format!("{:?}", s.account("ACsub"));
        assert!(
            shown.contains("ACparent") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn removing_a_parent_removes_its_children_only() {
        let mut s = Items::new();
        let item = |id: &str| Item {
            owner: (0, 0),
            id: id.into(),
            value: Map::new(),
            made: 1,
            named: false,
        };
        for k in ["/v1/P/FP1", "/v1/P/FP1/V/FV1", "/v1/P/FP10", "/v1/P/FP2"] {
            s.insert(k.into(), item(k));
        }
        assert!(remove_tree(&mut s, "/v1/P/FP1"));
        let left: Vec<&str> = s.keys().map(String::as_str).collect();
        assert_eq!(left, ["/v1/P/FP10", "/v1/P/FP2"]);
        assert!(!remove_tree(&mut s, "/v1/P/FP1"));
    }
}
