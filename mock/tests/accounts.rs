//! Accounts over HTTP: each account sees only its own objects; API v2010's subaccounts as
//! Twilio scopes them (made by a parent, which acts in them; their own credentials see only
//! them; siblings and strangers get 404); a main account fetches its own record and lists
//! it with its subaccounts, a subaccount lists only itself, filtered and paged as any list;
//! configured credentials accept the subaccounts made and refuse a wrong token.

mod support;

use support::{http, send};

use serde_json::Value;
use support::{flexflow_spec, shared_spec, start, ResponseSchemas, ACCOUNT, TOKEN};
use twilio_mock::{Credentials, Mock, Options, RunningMock};

const OTHER: &str = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const IS: &str = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// Who a request authenticates as.
#[derive(Clone, Copy)]
struct As<'a>(&'a str, &'a str);

const PARENT: As<'static> = As(ACCOUNT, TOKEN);
const STRANGER: As<'static> = As(OTHER, "other-token");

async fn get(who: As<'_>, url: String) -> (u16, Value) {
    send(http().get(url).basic_auth(who.0, Some(who.1))).await
}

async fn post(who: As<'_>, url: String, pairs: &[(&str, &str)]) -> (u16, Value) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    send(
        http()
            .post(url)
            .basic_auth(who.0, Some(who.1))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

fn v2010(mock: &RunningMock, path: &str) -> String {
    format!("{}/2010-04-01{path}", mock.base_url())
}

/// Makes a subaccount as `parent`; its SID and auth token.
async fn subaccount(mock: &RunningMock, parent: As<'_>, name: &str) -> (String, String) {
    let (status, account) = post(
        parent,
        v2010(mock, "/Accounts.json"),
        &[("FriendlyName", name)],
    )
    .await;
    assert_eq!(status, 201, "{account}");
    let sid = account["sid"].as_str().expect("a SID").to_owned();
    let token = account["auth_token"].as_str().expect("a token").to_owned();
    (sid, token)
}

async fn send_sms(mock: &RunningMock, who: As<'_>, account: &str, body: &str) -> (u16, Value) {
    post(
        who,
        v2010(mock, &format!("/Accounts/{account}/Messages.json")),
        &[("To", "+15550100"), ("From", "+15550199"), ("Body", body)],
    )
    .await
}

/// The SIDs of the messages an account lists in `account`'s path.
async fn messages(mock: &RunningMock, who: As<'_>, account: &str) -> (u16, Vec<String>) {
    let (status, page) = get(
        who,
        v2010(mock, &format!("/Accounts/{account}/Messages.json")),
    )
    .await;
    let sids = page["messages"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|m| m["sid"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (status, sids)
}

#[tokio::test]
async fn an_account_never_sees_another_accounts_objects() {
    let mock = start(&[flexflow_spec()]).await;
    let flows = format!("{}/v1/FlexFlows", mock.base_url());
    let flow = [
        ("FriendlyName", "Support"),
        ("ChatServiceSid", IS),
        ("ChannelType", "web"),
    ];
    let (status, mine) = post(PARENT, flows.clone(), &flow).await;
    assert_eq!(status, 201, "{mine}");
    let sid = mine["sid"].as_str().expect("a SID");
    // The same path, another account: an empty list, and its SID names nothing.
    let (status, theirs) = get(STRANGER, flows.clone()).await;
    assert_eq!(status, 200, "{theirs}");
    assert_eq!(theirs["flex_flows"], serde_json::json!([]));
    let (status, _) = get(STRANGER, format!("{flows}/{sid}")).await;
    assert_eq!(status, 404);
    let (status, fetched) = get(PARENT, format!("{flows}/{sid}")).await;
    assert_eq!((status, fetched["sid"].as_str()), (200, Some(sid)));
}

#[tokio::test]
async fn a_parent_makes_a_subaccount_and_acts_in_it() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (status, account) = post(
        PARENT,
        v2010(&mock, "/Accounts.json"),
        &[("FriendlyName", "Team A")],
    )
    .await;
    assert_eq!(status, 201, "{account}");
    let sub = account["sid"].as_str().expect("a SID");
    assert!(sub.starts_with("AC") && sub.len() == 34, "{sub}");
    assert_ne!(sub, ACCOUNT);
    assert_eq!(account["owner_account_sid"], ACCOUNT);
    assert_eq!(account["friendly_name"], "Team A");
    assert_eq!(account["status"], "active");
    let token = account["auth_token"].as_str().expect("a token");
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "{token}"
    );

    // The parent creates and fetches in the subaccount's path: the subaccount's objects.
    let (status, sms) = send_sms(&mock, PARENT, sub, "to the team").await;
    assert_eq!(status, 201, "{sms}");
    assert_eq!(sms["account_sid"], sub);
    let sms_sid = sms["sid"].as_str().expect("a SID");
    let (status, fetched) = get(
        PARENT,
        v2010(&mock, &format!("/Accounts/{sub}/Messages/{sms_sid}.json")),
    )
    .await;
    assert_eq!(
        (status, fetched["body"].as_str()),
        (200, Some("to the team"))
    );
    // Not the parent's own.
    assert_eq!(messages(&mock, PARENT, ACCOUNT).await, (200, vec![]));
    assert_eq!(
        messages(&mock, PARENT, sub).await,
        (200, vec![sms_sid.to_owned()])
    );
    // The parent fetches the subaccount's record.
    let (status, fetched) = get(PARENT, v2010(&mock, &format!("/Accounts/{sub}.json"))).await;
    assert_eq!((status, fetched["sid"].as_str()), (200, Some(sub)));
}

#[tokio::test]
async fn a_subaccounts_credentials_see_only_the_subaccount() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (sub, token) = subaccount(&mock, PARENT, "Team A").await;
    let own = As(&sub, &token);
    let (status, parents) = send_sms(&mock, PARENT, ACCOUNT, "the parent's").await;
    assert_eq!(status, 201, "{parents}");
    let (status, sms) = send_sms(&mock, own, &sub, "the team's").await;
    assert_eq!(status, 201, "{sms}");
    assert_eq!(sms["account_sid"], sub.as_str());
    let sms_sid = sms["sid"].as_str().expect("a SID").to_owned();

    // Its own objects, and the parent sees them in its path.
    assert_eq!(
        messages(&mock, own, &sub).await,
        (200, vec![sms_sid.clone()])
    );
    assert_eq!(messages(&mock, PARENT, &sub).await, (200, vec![sms_sid]));
    // Never the parent's: the parent's path is a 404, with or without an object's SID.
    assert_eq!(messages(&mock, own, ACCOUNT).await.0, 404);
    let parents_sid = parents["sid"].as_str().expect("a SID");
    let (status, _) = get(
        own,
        v2010(
            &mock,
            &format!("/Accounts/{ACCOUNT}/Messages/{parents_sid}.json"),
        ),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = get(own, v2010(&mock, &format!("/Accounts/{ACCOUNT}.json"))).await;
    assert_eq!(status, 404);
    // Its own account record, which its parent holds.
    let (status, me) = get(own, v2010(&mock, &format!("/Accounts/{sub}.json"))).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["owner_account_sid"], ACCOUNT);
    // It renames itself; the parent's view of it changes with it, and nothing new is made.
    let (status, renamed) = post(
        own,
        v2010(&mock, &format!("/Accounts/{sub}.json")),
        &[("FriendlyName", "Team A, renamed")],
    )
    .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["friendly_name"], "Team A, renamed");
    assert_eq!(renamed["sid"], sub.as_str());
    let (_, seen) = get(PARENT, v2010(&mock, &format!("/Accounts/{sub}.json"))).await;
    assert_eq!(seen["friendly_name"], "Team A, renamed", "{seen}");
    let (_, listed) = get(own, v2010(&mock, "/Accounts.json")).await;
    assert_eq!(sids(&listed), [sub.as_str()], "{listed}");
    assert_eq!(listed["accounts"][0]["friendly_name"], "Team A, renamed");
    // A wrong token for it is refused.
    let (status, body) = get(
        As(&sub, "not-its-token"),
        v2010(&mock, &format!("/Accounts/{sub}/Messages.json")),
    )
    .await;
    assert_eq!((status, body["code"].as_u64()), (401, Some(20003)));
    // It cannot make subaccounts of its own, as Twilio refuses them; its parent still can.
    let (status, body) = post(
        own,
        v2010(&mock, "/Accounts.json"),
        &[("FriendlyName", "nested")],
    )
    .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (403, Some(20403)),
        "{body}"
    );
    subaccount(&mock, PARENT, "Team B").await;
}

#[tokio::test]
async fn siblings_and_strangers_cannot_reach_a_subaccount() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (first, first_token) = subaccount(&mock, PARENT, "first").await;
    let (second, _) = subaccount(&mock, PARENT, "second").await;
    let (status, sms) = send_sms(&mock, PARENT, &second, "the second's").await;
    assert_eq!(status, 201, "{sms}");
    let sibling = As(&first, &first_token);
    assert_eq!(messages(&mock, sibling, &second).await.0, 404);
    let (status, _) = send_sms(&mock, sibling, &second, "into a sibling").await;
    assert_eq!(status, 404);
    let (status, _) = get(sibling, v2010(&mock, &format!("/Accounts/{second}.json"))).await;
    assert_eq!(status, 404);
    assert_eq!(messages(&mock, STRANGER, &second).await.0, 404);
    let (status, _) = get(STRANGER, v2010(&mock, &format!("/Accounts/{second}.json"))).await;
    assert_eq!(status, 404);
    // Nothing was made by the refused requests.
    assert_eq!(messages(&mock, PARENT, &second).await.1.len(), 1);
}

/// The SIDs of a page of accounts, in the page's order.
fn sids(page: &Value) -> Vec<String> {
    page["accounts"]
        .as_array()
        .unwrap_or_else(|| panic!("an accounts page: {page}"))
        .iter()
        .filter_map(|a| a["sid"].as_str().map(str::to_owned))
        .collect()
}

/// The SIDs in text order, to compare lists whose order the test does not fix.
fn sorted<S: AsRef<str>>(sids: &[S]) -> Vec<String> {
    let mut sids: Vec<String> = sids.iter().map(|s| s.as_ref().to_owned()).collect();
    sids.sort();
    sids
}

/// The SIDs `who` lists at `/Accounts.json` with this query.
async fn accounts(mock: &RunningMock, who: As<'_>, query: &str) -> Vec<String> {
    let (status, page) = get(who, v2010(mock, &format!("/Accounts.json{query}"))).await;
    assert_eq!(status, 200, "{page}");
    sids(&page)
}

#[tokio::test]
async fn a_main_account_lists_itself_and_its_subaccounts() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (first, _) = subaccount(&mock, PARENT, "first").await;
    let (second, _) = subaccount(&mock, PARENT, "second").await;
    let (theirs, _) = subaccount(&mock, STRANGER, "theirs").await;
    let (status, page) = get(PARENT, v2010(&mock, "/Accounts.json")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        sorted(&sids(&page)),
        sorted(&[ACCOUNT, first.as_str(), second.as_str()])
    );
    let main = page["accounts"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["sid"] == ACCOUNT))
        .expect("the main account is listed");
    assert_eq!(main["owner_account_sid"], ACCOUNT);
    assert_eq!(
        (main["status"].as_str(), main["type"].as_str()),
        (Some("active"), Some("Full"))
    );
    // Another main account: itself and its own subaccount, never the first one's.
    assert_eq!(
        sorted(&accounts(&mock, STRANGER, "").await),
        sorted(&[OTHER, theirs.as_str()])
    );

    // The filters apply to the main account's record as to the subaccounts'.
    assert_eq!(
        accounts(&mock, PARENT, "?FriendlyName=first").await,
        [first.as_str()]
    );
    let main_name = main["friendly_name"].as_str().expect("a name");
    let query = form_urlencoded::Serializer::new("?".to_owned())
        .append_pair("FriendlyName", main_name)
        .finish();
    assert_eq!(accounts(&mock, PARENT, &query).await, [ACCOUNT]);
    let (status, suspended) = post(
        PARENT,
        v2010(&mock, &format!("/Accounts/{second}.json")),
        &[("Status", "suspended")],
    )
    .await;
    assert_eq!(
        (status, suspended["status"].as_str()),
        (200, Some("suspended"))
    );
    assert_eq!(
        sorted(&accounts(&mock, PARENT, "?Status=active").await),
        sorted(&[ACCOUNT, first.as_str()])
    );
    assert_eq!(accounts(&mock, PARENT, "?Status=suspended").await, [second]);
}

#[tokio::test]
async fn pages_of_one_walk_the_main_account_and_its_subaccounts_once_each() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let mut expected = vec![ACCOUNT.to_owned()];
    for name in ["a", "b", "c"] {
        expected.push(subaccount(&mock, PARENT, name).await.0);
    }
    subaccount(&mock, STRANGER, "not theirs to list").await;

    // Forwards through `next_page_uri`.
    let mut walked = Vec::new();
    let mut url = v2010(&mock, "/Accounts.json?PageSize=1");
    let last = loop {
        let (status, page) = get(PARENT, url.clone()).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(
            (page["page"].as_u64(), page["page_size"].as_u64()),
            (Some(walked.len() as u64), Some(1))
        );
        let items = sids(&page);
        assert_eq!(items.len(), 1, "{page}");
        walked.extend(items);
        assert!(
            walked.len() <= expected.len(),
            "more pages than accounts: {walked:?}"
        );
        match page["next_page_uri"].as_str() {
            Some(next) => url = format!("{}{next}", mock.base_url()),
            None => break page,
        }
    };
    assert_eq!(walked.len(), expected.len(), "{walked:?}");
    assert_eq!(sorted(&walked), sorted(&expected));

    // Backwards through `previous_page_uri`, the same items in reverse.
    let mut back = sids(&last);
    let mut page = last;
    while let Some(previous) = page["previous_page_uri"].as_str() {
        let (status, earlier) = get(PARENT, format!("{}{previous}", mock.base_url())).await;
        assert_eq!(status, 200, "{earlier}");
        back.extend(sids(&earlier));
        assert!(
            back.len() <= expected.len(),
            "more pages than accounts: {back:?}"
        );
        page = earlier;
    }
    back.reverse();
    assert_eq!(back, walked);

    // By page number, in the same order, and nothing after the last.
    for (n, sid) in walked.iter().enumerate() {
        let listed = accounts(&mock, PARENT, &format!("?PageSize=1&Page={n}")).await;
        assert_eq!(listed, [sid.as_str()], "page {n}");
    }
    let (status, after) = get(
        PARENT,
        v2010(
            &mock,
            &format!("/Accounts.json?PageSize=1&Page={}", walked.len()),
        ),
    )
    .await;
    assert_eq!((status, after["next_page_uri"].clone()), (200, Value::Null));
    assert_eq!(sids(&after), Vec::<String>::new());
}

#[tokio::test]
async fn a_subaccounts_credentials_list_only_itself() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (sub, token) = subaccount(&mock, PARENT, "Team A").await;
    subaccount(&mock, PARENT, "Team B").await;
    let own = As(&sub, &token);
    let (status, page) = get(own, v2010(&mock, "/Accounts.json?PageSize=1")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(sids(&page), [sub.as_str()]);
    assert_eq!(page["accounts"][0]["owner_account_sid"], ACCOUNT);
    assert_eq!(page["accounts"][0]["friendly_name"], "Team A");
    assert_eq!(page["next_page_uri"], Value::Null);
    // Filtered as any list: its sibling's name finds nothing, not even itself.
    assert_eq!(
        accounts(&mock, own, "?FriendlyName=Team%20A").await,
        [sub.as_str()]
    );
    assert_eq!(
        accounts(&mock, own, "?FriendlyName=Team%20B").await,
        Vec::<String>::new()
    );
    // Its parent still lists all three.
    assert_eq!(accounts(&mock, PARENT, "").await.len(), 3);
}

#[tokio::test]
async fn a_main_account_fetches_its_own_record() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let own = v2010(&mock, &format!("/Accounts/{ACCOUNT}.json"));
    let (status, me) = get(PARENT, own.clone()).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["sid"], ACCOUNT);
    assert_eq!(me["owner_account_sid"], me["sid"]);
    assert_eq!(
        (me["status"].as_str(), me["type"].as_str()),
        (Some("active"), Some("Full"))
    );
    assert_eq!(me["auth_token"], TOKEN);
    assert_eq!(me["uri"], format!("/2010-04-01/Accounts/{ACCOUNT}.json"));
    for field in ["date_created", "date_updated"] {
        let text = me[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field}: {me}"));
        chrono::DateTime::parse_from_rfc2822(text)
            .unwrap_or_else(|e| panic!("{field} {text:?} is not RFC 2822: {e}"));
    }
    // The same record each time, listed too, and it takes a change.
    let (_, again) = get(PARENT, own.clone()).await;
    assert_eq!(again, me);
    let (_, page) = get(PARENT, v2010(&mock, "/Accounts.json")).await;
    assert_eq!(page["accounts"], serde_json::json!([me]));
    let (status, renamed) = post(PARENT, own.clone(), &[("FriendlyName", "Renamed")]).await;
    assert_eq!(
        (status, renamed["friendly_name"].as_str()),
        (200, Some("Renamed"))
    );
    // No other account's.
    let (status, _) = get(STRANGER, own).await;
    assert_eq!(status, 404);

    // The record keeps the token out, and every answer fits the spec.
    let record = mock.recorded();
    let fetched = record
        .iter()
        .find(|e| e.method == "GET" && e.path.ends_with(&format!("/Accounts/{ACCOUNT}.json")))
        .expect("the fetch is recorded");
    assert_eq!(fetched.body["auth_token"], "<redacted>");
    assert!(!serde_json::to_string(&record)
        .expect("JSON")
        .contains(TOKEN));
    ResponseSchemas::of(&shared_spec("twilio_api_v2010.yaml")).check_all(&record);
}

#[tokio::test]
async fn a_main_account_updates_its_record_before_any_fetch() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let own = v2010(&mock, &format!("/Accounts/{ACCOUNT}.json"));
    let (status, renamed) = post(PARENT, own.clone(), &[("FriendlyName", "Renamed")]).await;
    assert_eq!(
        (status, renamed["friendly_name"].as_str()),
        (200, Some("Renamed")),
        "{renamed}"
    );
    let (status, me) = get(PARENT, own).await;
    assert_eq!(
        (status, me["friendly_name"].as_str()),
        (200, Some("Renamed"))
    );
}

#[tokio::test]
async fn configured_credentials_accept_the_subaccounts_made_and_refuse_wrong_tokens() {
    let mock = Mock::from_spec_paths(
        &[shared_spec("twilio_api_v2010.yaml")],
        Options {
            seed: Some(3),
            credentials: Some(Credentials {
                account_sid: ACCOUNT.to_owned(),
                auth_token: TOKEN.to_owned(),
            }),
            ..Options::default()
        },
    )
    .expect("the mock loads API v2010");
    let mock = mock.spawn().await.expect("the mock listens");
    let (status, body) = messages(&mock, As(ACCOUNT, "wrong"), ACCOUNT).await;
    assert_eq!(status, 401, "{body:?}");
    let (status, _) = messages(&mock, STRANGER, OTHER).await;
    assert_eq!(status, 401);
    let (sub, token) = subaccount(&mock, PARENT, "Team A").await;
    assert_eq!(messages(&mock, As(&sub, &token), &sub).await, (200, vec![]));
    let (status, body) = get(
        As(&sub, "wrong"),
        v2010(&mock, &format!("/Accounts/{sub}/Messages.json")),
    )
    .await;
    assert_eq!((status, body["code"].as_u64()), (401, Some(20003)));
    // The parent's credentials still work, and act in the subaccount.
    assert_eq!(messages(&mock, PARENT, &sub).await, (200, vec![]));
}
