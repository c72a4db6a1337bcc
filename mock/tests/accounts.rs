//! Accounts over HTTP: each account sees only its own objects; API v2010's subaccounts as
//! Twilio scopes them (made by a parent, which acts in them; their own credentials see only
//! them; siblings and strangers get 404; the parent lists them); configured credentials
//! accept the subaccounts made and refuse a wrong token.

mod support;

use support::{http, send};

use serde_json::Value;
use support::{flexflow_spec, shared_spec, start, ACCOUNT, TOKEN};
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

#[tokio::test]
async fn a_parent_lists_its_subaccounts() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let (first, _) = subaccount(&mock, PARENT, "first").await;
    let (second, _) = subaccount(&mock, PARENT, "second").await;
    let (theirs, _) = subaccount(&mock, STRANGER, "theirs").await;
    let listed = |page: &Value| -> Vec<String> {
        let mut sids: Vec<String> = page["accounts"]
            .as_array()
            .expect("an accounts page")
            .iter()
            .filter_map(|a| a["sid"].as_str().map(str::to_owned))
            .collect();
        sids.sort();
        sids
    };
    let (status, page) = get(PARENT, v2010(&mock, "/Accounts.json")).await;
    assert_eq!(status, 200, "{page}");
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(listed(&page), expected);
    let (status, page) = get(STRANGER, v2010(&mock, "/Accounts.json")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(listed(&page), vec![theirs]);
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
