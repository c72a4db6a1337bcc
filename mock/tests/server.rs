//! The mock over HTTP, request by request: auth, validation, errors, nesting, paging styles,
//! faults, reset, several specs told apart by host, accounts, determinism, and the binary's
//! contract.

mod support;

use support::{http, send};

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::{flexflow_spec, repo_root, shared_spec, start, ResponseSchemas, ACCOUNT, TOKEN};
use twilio_mock::{Credentials, Mock, Options};

const IS: &str = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn post(url: String, pairs: &[(&str, &str)]) -> reqwest::RequestBuilder {
    http()
        .post(url)
        .basic_auth(ACCOUNT, Some(TOKEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs))
}

fn get(url: String) -> reqwest::RequestBuilder {
    http().get(url).basic_auth(ACCOUNT, Some(TOKEN))
}

const FLOW: &[(&str, &str)] = &[
    ("FriendlyName", "Support"),
    ("ChatServiceSid", IS),
    ("ChannelType", "web"),
];

fn assert_error(answer: &(u16, Value), status: u16, code: u64, mentions: &str) {
    let (s, body) = answer;
    assert_eq!(*s, status, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(
        body["more_info"],
        format!("https://www.twilio.com/docs/errors/{code}"),
        "{body}"
    );
    let message = body["message"].as_str().expect("a message");
    assert!(
        message.contains(mentions),
        "`{message}` mentions `{mentions}`"
    );
}

#[tokio::test]
async fn auth_is_checked() {
    let mock = start(&[flexflow_spec()]).await;
    let url = format!("{}/v1/FlexFlows", mock.base_url());
    let missing = send(http().get(&url)).await;
    assert_error(&missing, 401, 20003, "Authenticate");
    let not_an_account = send(http().get(&url).basic_auth("USER", Some("x"))).await;
    assert_error(&not_an_account, 401, 20003, "");
    let no_password = send(http().get(&url).basic_auth(ACCOUNT, Some(""))).await;
    assert_error(&no_password, 401, 20003, "");
    let (status, _) = send(get(url.clone())).await;
    assert_eq!(status, 200);
    // The auth user is the account of what it creates.
    let other = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    let (_, created) = send(
        http()
            .post(&url)
            .basic_auth(other, Some("t"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(FLOW)),
    )
    .await;
    assert_eq!(created["account_sid"], other);
    mock.shutdown().await;

    // With credentials given, only those.
    let mock = Mock::from_spec_paths(
        &[flexflow_spec()],
        Options {
            credentials: Some(Credentials {
                account_sid: ACCOUNT.into(),
                auth_token: "right".into(),
            }),
            ..Options::default()
        },
    )
    .expect("the mock loads")
    .spawn()
    .await
    .expect("the mock listens");
    let url = format!("{}/v1/FlexFlows", mock.base_url());
    let wrong = send(http().get(&url).basic_auth(ACCOUNT, Some("wrong"))).await;
    assert_error(&wrong, 401, 20003, "");
    let other_user = send(http().get(&url).basic_auth(other, Some("right"))).await;
    assert_error(&other_user, 401, 20003, "");
    let (status, _) = send(http().get(&url).basic_auth(ACCOUNT, Some("right"))).await;
    assert_eq!(status, 200);
    mock.shutdown().await;
}

#[tokio::test]
async fn requests_are_validated_the_way_twilio_does() {
    let mock = start(&[flexflow_spec()]).await;
    let url = format!("{}/v1/FlexFlows", mock.base_url());
    let missing = send(post(url.clone(), &FLOW[..2])).await;
    assert_error(
        &missing,
        400,
        20001,
        "Missing required parameter ChannelType",
    );
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut pairs = FLOW.to_vec();
        pairs.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
        pairs.extend_from_slice(extra);
        post(url.clone(), &pairs)
    };
    let bad_enum = send(with(&[("ChannelType", "pigeon")])).await;
    assert_error(&bad_enum, 400, 20001, "ChannelType");
    let bad_sid = send(with(&[("ChatServiceSid", "IS123")])).await;
    assert_error(&bad_sid, 400, 20001, "ChatServiceSid");
    let wrong_prefix = send(with(&[(
        "ChatServiceSid",
        "FOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    )]))
    .await;
    assert_error(&wrong_prefix, 400, 20001, "^IS[0-9a-fA-F]{32}$");
    let out_of_range = send(with(&[("Integration.RetryCount", "4")])).await;
    assert_error(&out_of_range, 400, 20001, "Integration.RetryCount");
    let not_a_number = send(with(&[("Integration.RetryCount", "three")])).await;
    assert_error(&not_a_number, 400, 20001, "not an integer");
    let not_a_bool = send(with(&[("Enabled", "maybe")])).await;
    assert_error(&not_a_bool, 400, 20001, "Enabled");
    let not_a_url = send(with(&[
        ("IntegrationType", "external"),
        ("Integration.Url", "hook"),
    ]))
    .await;
    assert_error(&not_a_url, 400, 20001, "Integration.Url");
    // "Required when `integrationType` is `studio`".
    let condition = send(with(&[("IntegrationType", "studio")])).await;
    assert_error(&condition, 400, 20001, "Integration.FlowSid");
    let (status, _) = send(with(&[
        ("IntegrationType", "studio"),
        ("Integration.FlowSid", "FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ]))
    .await;
    assert_eq!(status, 201);
    let page_size = send(get(format!("{url}?PageSize=0"))).await;
    assert_error(&page_size, 400, 20001, "PageSize");

    // Unknown items, malformed SIDs and unknown paths: 404 with code 20404.
    let unknown = send(get(format!("{url}/FOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))).await;
    assert_error(&unknown, 404, 20404, "/v1/FlexFlows/FOaaaa");
    let malformed = send(get(format!("{url}/nope"))).await;
    assert_error(&malformed, 404, 20404, "");
    let no_path = send(get(format!("{}/v1/Nothing", mock.base_url()))).await;
    assert_error(&no_path, 404, 20404, "/v1/Nothing");
    let method = send(http().put(&url).basic_auth(ACCOUNT, Some(TOKEN))).await;
    assert_error(&method, 405, 20004, "PUT");
    // An update of an unknown item.
    let update = send(post(
        format!("{url}/FOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        &[],
    ))
    .await;
    assert_error(&update, 404, 20404, "");

    ResponseSchemas::of(&flexflow_spec()).check_all(&mock.recorded());
    mock.shutdown().await;
}

#[tokio::test]
async fn nested_resources_belong_to_their_parent_and_go_with_it() {
    let chat = shared_spec("twilio_chat_v1.yaml");
    let mock = start(std::slice::from_ref(&chat)).await;
    let base = mock.base_url();
    let service =
        |name: &'static str| post(format!("{base}/v1/Services"), &[("FriendlyName", name)]);
    let (status, a) = send(service("A")).await;
    assert_eq!(status, 201, "{a}");
    let (_, b) = send(service("B")).await;
    let a_sid = a["sid"].as_str().expect("a SID");
    let b_sid = b["sid"].as_str().expect("a SID");
    assert!(a_sid.starts_with("IS"));
    assert_eq!(
        a["links"]["channels"],
        format!("{base}/v1/Services/{a_sid}/Channels"),
        "{a}"
    );
    let (status, channel) = send(post(
        format!("{base}/v1/Services/{a_sid}/Channels"),
        &[("FriendlyName", "general")],
    ))
    .await;
    assert_eq!(status, 201, "{channel}");
    let ch = channel["sid"].as_str().expect("a SID");
    assert_eq!(
        channel["service_sid"], a_sid,
        "the parent's SID from the path"
    );
    let (status, _) = send(get(format!("{base}/v1/Services/{a_sid}/Channels/{ch}"))).await;
    assert_eq!(status, 200);
    // Not under another service.
    let (status, _) = send(get(format!("{base}/v1/Services/{b_sid}/Channels/{ch}"))).await;
    assert_eq!(status, 404);
    let (_, b_channels) = send(get(format!("{base}/v1/Services/{b_sid}/Channels"))).await;
    assert_eq!(b_channels["channels"], serde_json::json!([]));
    // Not under a service that does not exist.
    let nowhere = "ISbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    let orphan = send(post(
        format!("{base}/v1/Services/{nowhere}/Channels"),
        &[("FriendlyName", "x")],
    ))
    .await;
    assert_error(&orphan, 404, 20404, nowhere);
    // Deleting the service deletes its channels.
    let (status, body) = send(
        http()
            .delete(format!("{base}/v1/Services/{a_sid}"))
            .basic_auth(ACCOUNT, Some(TOKEN)),
    )
    .await;
    assert_eq!((status, body), (204, Value::Null));
    let gone = send(get(format!("{base}/v1/Services/{a_sid}/Channels/{ch}"))).await;
    assert_error(&gone, 404, 20404, "");
    let (_, b_again) = send(get(format!("{base}/v1/Services/{b_sid}"))).await;
    assert_eq!(b_again, b, "the other service is untouched");
    ResponseSchemas::of(&chat).check_all(&mock.recorded());
    mock.shutdown().await;
}

#[tokio::test]
async fn api_v2010_pages_and_rfc_2822_dates() {
    let spec = repo_root().join("tests/specs/edge_cases.yaml");
    let mock = start(std::slice::from_ref(&spec)).await;
    let calls = format!(
        "{}/2010-04-01/Accounts/{ACCOUNT}/Calls.json",
        mock.base_url()
    );
    for i in 0..5 {
        let to = format!("+1555010{i}");
        let (status, call) = send(post(
            calls.clone(),
            &[("To", &to), ("From", "+15550199"), ("Timeout", "30")],
        ))
        .await;
        assert_eq!(status, 201, "{call}");
        let date = call["date_created"].as_str().expect("a date");
        assert!(
            chrono::DateTime::parse_from_rfc2822(date).is_ok(),
            "an RFC 2822 date: {date}"
        );
        assert_eq!(call["to"], to.as_str());
        let sid = call["sid"].as_str().expect("a SID");
        assert_eq!(
            call["uri"],
            format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/{sid}.json"),
            "a relative uri"
        );
    }
    let (_, page) = send(get(format!("{calls}?PageSize=2"))).await;
    assert_eq!(page["calls"].as_array().map(Vec::len), Some(2), "{page}");
    assert_eq!(page["page"], 0);
    assert_eq!(page["page_size"], 2);
    assert_eq!(page["start"], 0);
    assert_eq!(page["end"], 1);
    let next = page["next_page_uri"].as_str().expect("a next page");
    assert!(
        next.starts_with(&format!("/2010-04-01/Accounts/{ACCOUNT}/Calls.json?")),
        "{next}"
    );
    assert_eq!(page["previous_page_uri"], Value::Null);
    let (_, second) = send(get(format!("{}{next}", mock.base_url()))).await;
    assert_eq!(second["page"], 1);
    assert_eq!(second["start"], 2);
    let prev = second["previous_page_uri"]
        .as_str()
        .expect("a previous page");
    let (_, back) = send(get(format!("{}{prev}", mock.base_url()))).await;
    assert_eq!(back["calls"], page["calls"], "previous goes back");
    let (_, third) = send(get(format!(
        "{}{}",
        mock.base_url(),
        second["next_page_uri"].as_str().expect("a third page")
    )))
    .await;
    assert_eq!(third["calls"].as_array().map(Vec::len), Some(1));
    assert_eq!(third["next_page_uri"], Value::Null);
    // Another account's path is not this user's.
    let other = send(get(format!(
        "{}/2010-04-01/Accounts/ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Calls.json",
        mock.base_url()
    )))
    .await;
    assert_error(&other, 404, 20404, "");
    ResponseSchemas::of(&spec).check_all(&mock.recorded());
    mock.shutdown().await;
}

#[tokio::test]
async fn control_endpoints_inject_faults_and_reset() {
    let mock = start(&[flexflow_spec()]).await;
    let base = mock.base_url();
    let faults = format!("{base}/__mock/faults");
    let (status, fault) = send(
        http()
            .post(&faults)
            .header("content-type", "application/json")
            .body(r#"{"status": 429, "count": 2, "retry_after": 3}"#),
    )
    .await;
    assert_eq!(status, 201, "{fault}");
    for _ in 0..2 {
        let response = get(format!("{base}/v1/FlexFlows"))
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status().as_u16(), 429);
        assert_eq!(
            response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("3")
        );
        let body: Value =
            serde_json::from_slice(&response.bytes().await.expect("a body")).expect("JSON");
        assert_eq!(body["code"], 20429);
    }
    let (status, _) = send(get(format!("{base}/v1/FlexFlows"))).await;
    assert_eq!(status, 200, "two faults, then normal answers");
    // Aimed at one method, as a form.
    let (status, _) = send(
        http()
            .post(&faults)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("status=500&method=post&path=/v1/FlexFlows"),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = send(get(format!("{base}/v1/FlexFlows"))).await;
    assert_eq!(status, 200, "a GET is not aimed at");
    let fault = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    assert_error(&fault, 500, 20500, "");
    let bad = send(http().post(&faults).body("status=200")).await;
    assert_error(&bad, 400, 20001, "status");

    // Reset forgets items and restarts the seed's SIDs.
    let (_, first) = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    let (status, _) = send(http().post(format!("{base}/__mock/reset"))).await;
    assert_eq!(status, 204);
    let sid = first["sid"].as_str().expect("a SID");
    let (status, _) = send(get(format!("{base}/v1/FlexFlows/{sid}"))).await;
    assert_eq!(status, 404);
    let (_, again) = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    assert_eq!(
        again["sid"], first["sid"],
        "the same seed, the same first SID"
    );
    let (status, record) = send(http().get(format!("{base}/__mock/requests"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        record.as_array().map(Vec::len),
        Some(2),
        "reset also clears the record"
    );
    // What is held: the flow made after the reset, by account, host and path.
    let (status, held) = send(http().get(format!("{base}/__mock/objects"))).await;
    assert_eq!(status, 200);
    let path = format!("/v1/FlexFlows/{sid}");
    let held = held.as_array().cloned().unwrap_or_default();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0]["path"], path.as_str(), "{held:?}");
    assert!(
        held[0]["account"]
            .as_str()
            .is_some_and(|a| a.starts_with("AC")),
        "{held:?}"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn faults_after_the_request_leave_its_effect() {
    let mock = start(&[flexflow_spec()]).await;
    let base = mock.base_url();
    let faults = format!("{base}/__mock/faults");
    let add = |body: &'static str| {
        http()
            .post(&faults)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    // The create happens, the answer is a 500: the flow exists all the same.
    let (status, _) = send(add("status=500&method=POST&path=/v1/FlexFlows&after=true")).await;
    assert_eq!(status, 201);
    let lost = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    assert_error(&lost, 500, 20500, "");
    let (_, list) = send(get(format!("{base}/v1/FlexFlows"))).await;
    assert_eq!(
        list["flex_flows"].as_array().map(Vec::len),
        Some(1),
        "carried out before the fault answered: {list}"
    );

    // Reshaped: the real answer in odd shapes, the SID intact, the item stored as usual.
    let (status, _) = send(add("reshape=true&method=POST")).await;
    assert_eq!(status, 201);
    let (status, odd) = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    assert_eq!(status, 201, "{odd}");
    let sid = odd["sid"].as_str().expect("the SID stays a string");
    assert!(sid.starts_with("FO"), "{sid}");
    assert_eq!(odd["long_lived"], "false", "booleans become text: {odd}");
    assert!(odd["unexpected_member"].is_object(), "{odd}");
    let (status, fetched) = send(get(format!("{base}/v1/FlexFlows/{sid}"))).await;
    assert_eq!(status, 200);
    assert!(
        fetched["long_lived"].is_boolean(),
        "what is stored is not reshaped: {fetched}"
    );

    // Held back: the answer arrives after the delay.
    let (status, _) = send(add("status=503&after=true&delay_ms=300")).await;
    assert_eq!(status, 201);
    let started = std::time::Instant::now();
    let (status, _) = send(get(format!("{base}/v1/FlexFlows"))).await;
    assert_eq!(status, 503);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    let bad = send(add("status=500&after=maybe")).await;
    assert_error(&bad, 400, 20001, "after");
    mock.shutdown().await;
}

#[tokio::test]
async fn seeded_answers_are_byte_identical() {
    async fn one_run() -> String {
        let mock = Mock::from_spec_paths(
            &[flexflow_spec()],
            Options {
                seed: Some(42),
                clock: Some("2024-05-06T07:08:09Z".parse().expect("a time")),
                public_url: Some("https://mock.test".into()),
                ..Options::default()
            },
        )
        .expect("the mock loads")
        .spawn()
        .await
        .expect("the mock listens");
        let mut pairs = FLOW.to_vec();
        pairs.extend_from_slice(&[
            ("IntegrationType", "external"),
            ("Integration.Url", "https://example.com/hook"),
        ]);
        let text = post(format!("{}/v1/FlexFlows", mock.base_url()), &pairs)
            .send()
            .await
            .expect("an answer")
            .text()
            .await
            .expect("a body");
        mock.shutdown().await;
        text
    }
    let a = one_run().await;
    let b = one_run().await;
    assert_eq!(a, b);
    let value: Value = serde_json::from_str(&a).expect("JSON");
    insta::assert_json_snapshot!("seeded_create_flex_flow", value);
}

#[test]
fn two_specs_with_one_path_on_one_host_are_a_start_up_error() {
    // Two copies of Flex: every path of one is the other's, on flex-api.twilio.com.
    let err = Mock::from_spec_paths(
        &[flexflow_spec(), shared_spec("twilio_flex_v1.yaml")],
        Options::default(),
    )
    .expect_err("both serve flex-api.twilio.com/v1/FlexFlows");
    let text = err.to_string();
    assert!(text.contains("flex-api.twilio.com/v1/"), "{text}");
    assert!(
        text.contains("spec/twilio_flex_v1.yaml") && text.contains("specs/twilio_flex_v1.yaml"),
        "{text}"
    );
    let bad = Mock::from_specs(&[("bad.yaml", "openapi: [")], Options::default())
        .expect_err("a broken spec");
    assert!(bad.to_string().contains("bad.yaml"), "{bad}");
}

/// Every shared spec on one server: APIs that share a path (`/v1/Services` at Chat, Sync,
/// Serverless...; `/v2/Services` at IP Messaging and Verify) are told apart by the `Host`
/// header, as Twilio does; each account sees its own objects only.
#[tokio::test]
async fn one_mock_serves_every_shared_spec_by_host() {
    let dir = repo_root().join("../shared/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the shared specs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 28, "{specs:?}");
    let mock = start(&specs).await;
    let base = mock.base_url();
    let at = |host: &str, req: reqwest::RequestBuilder| req.header("host", host);
    let (status, chat) = send(at(
        "chat.twilio.com",
        post(
            format!("{base}/v1/Services"),
            &[("FriendlyName", "chat one")],
        ),
    ))
    .await;
    assert_eq!(status, 201, "{chat}");
    let (status, sync) = send(at(
        "sync.twilio.com:443",
        post(
            format!("{base}/v1/Services"),
            &[("FriendlyName", "sync one")],
        ),
    ))
    .await;
    assert_eq!(status, 201, "{sync}");
    let (status, verify) = send(at(
        "verify.twilio.com",
        post(
            format!("{base}/v2/Services"),
            &[("FriendlyName", "verify one")],
        ),
    ))
    .await;
    assert_eq!(status, 201, "{verify}");
    assert!(
        verify["sid"].as_str().is_some_and(|s| s.starts_with("VA")),
        "{verify}"
    );
    // Each host lists its own; a regional host is its product's.
    let names = |page: &Value| -> Vec<String> {
        page["services"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s["friendly_name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (host, path, want) in [
        ("chat.twilio.com", "/v1/Services", vec!["chat one"]),
        (
            "sync.dublin.ie1.twilio.com",
            "/v1/Services",
            vec!["sync one"],
        ),
        ("serverless.twilio.com", "/v1/Services", vec![]),
        ("verify.twilio.com", "/v2/Services", vec!["verify one"]),
        ("ip-messaging.twilio.com", "/v2/Services", vec![]),
    ] {
        let (status, page) = send(at(host, get(format!("{base}{path}")))).await;
        assert_eq!(status, 200, "{host}{path}: {page}");
        assert_eq!(names(&page), want, "{host}{path}: {page}");
    }
    // The chat service is not at Sync's host.
    let chat_sid = chat["sid"].as_str().expect("a SID");
    let (status, _) = send(at(
        "sync.twilio.com",
        get(format!("{base}/v1/Services/{chat_sid}")),
    ))
    .await;
    assert_eq!(status, 404);
    let (status, fetched) = send(at(
        "chat.twilio.com",
        get(format!("{base}/v1/Services/{chat_sid}")),
    ))
    .await;
    assert_eq!(
        (status, &fetched["friendly_name"]),
        (200, &Value::from("chat one"))
    );
    // Without an API host, a shared path names no API; a path only one API has still works.
    let ambiguous = send(get(format!("{base}/v1/Services"))).await;
    assert_error(&ambiguous, 404, 20404, "chat.twilio.com, ");
    assert_error(
        &ambiguous,
        404,
        20404,
        " and sync.twilio.com: name the API in the Host header",
    );
    let (status, _) = send(post(format!("{base}/v1/FlexFlows"), FLOW)).await;
    assert_eq!(status, 201);
    // Another account sees none of it.
    let other = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    let (status, page) = send(at(
        "chat.twilio.com",
        http()
            .get(format!("{base}/v1/Services"))
            .basic_auth(other, Some(TOKEN)),
    ))
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(names(&page).is_empty(), "{page}");
    let (status, _) = send(at(
        "chat.twilio.com",
        http()
            .get(format!("{base}/v1/Services/{chat_sid}"))
            .basic_auth(other, Some(TOKEN)),
    ))
    .await;
    assert_eq!(status, 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn several_specs_share_one_server() {
    let flex = flexflow_spec();
    let chat = shared_spec("twilio_chat_v1.yaml");
    let mock = start(&[flex, chat]).await;
    let (status, _) = send(post(format!("{}/v1/FlexFlows", mock.base_url()), FLOW)).await;
    assert_eq!(status, 201);
    let (status, _) = send(post(
        format!("{}/v1/Services", mock.base_url()),
        &[("FriendlyName", "chat")],
    ))
    .await;
    assert_eq!(status, 201);
    let specs: Vec<String> = mock
        .recorded()
        .iter()
        .filter_map(|e| e.spec.clone())
        .collect();
    assert!(specs[0].ends_with("spec/twilio_flex_v1.yaml"), "{specs:?}");
    assert!(specs[1].ends_with("twilio_chat_v1.yaml"), "{specs:?}");
    mock.shutdown().await;
}

/// The binary: the first stdout line, seeded answers across two runs, SIGTERM, start-up
/// errors.
#[test]
fn the_binary_keeps_its_contract() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_twilio-mock"));
    let run = || -> String {
        let mut child = Command::new(&bin)
            .args(["--spec"])
            .arg(flexflow_spec())
            .args([
                "--seed",
                "7",
                "--clock",
                "2024-01-01T00:00:00Z",
                "--account-sid",
                ACCOUNT,
                "--auth-token",
                TOKEN,
                "--public-url",
                "https://mock.test",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a first line");
        let url = line
            .trim_end()
            .strip_prefix("twilio-mock listening on ")
            .unwrap_or_else(|| panic!("the first line announces the address: {line:?}"))
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let body = rt.block_on(async {
            post(format!("{url}/v1/FlexFlows"), FLOW)
                .send()
                .await
                .expect("an answer")
                .text()
                .await
                .expect("a body")
        });
        let term = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(term.success());
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = child.try_wait().expect("the child") {
                break s;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("the mock did not stop on SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "a clean exit on SIGTERM: {status}");
        body
    };
    let first = run();
    assert!(
        first.contains("\"account_sid\":\"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
        "{first}"
    );
    assert_eq!(first, run(), "two seeded runs answer the same bytes");

    let out = Command::new(&bin)
        .arg("--spec")
        .arg(flexflow_spec())
        .arg("--spec")
        .arg(shared_spec("twilio_flex_v1.yaml"))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("spec/twilio_flex_v1.yaml") && err.contains("specs/twilio_flex_v1.yaml"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing announced");
    let out = Command::new(&bin)
        .args(["--spec", "no/such.yaml"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such.yaml"));
}

/// A Message's SID pattern is `^(SM|MM)…` (no single SID type): the mock assigns `SM`, as
/// Twilio does for an SMS, and the message is fetchable at its canonical `.json` path.
#[tokio::test]
async fn a_message_gets_an_sm_sid_and_is_fetchable() {
    let mock = start(&[shared_spec("twilio_api_v2010.yaml")]).await;
    let messages = format!(
        "{}/2010-04-01/Accounts/{ACCOUNT}/Messages.json",
        mock.base_url()
    );
    let (status, message) = send(post(
        messages.clone(),
        &[
            ("To", "+15550100"),
            ("From", "+15550199"),
            ("Body", "hello"),
        ],
    ))
    .await;
    assert_eq!(status, 201, "{message}");
    let sid = message["sid"].as_str().expect("a SID");
    assert!(sid.starts_with("SM") && sid.len() == 34, "{sid}");
    let (status, fetched) = send(get(format!(
        "{}/2010-04-01/Accounts/{ACCOUNT}/Messages/{sid}.json",
        mock.base_url()
    )))
    .await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["sid"], sid);
    assert_eq!(fetched["body"], "hello");
}

/// Items named by what the create sends or by their number are stored under that name, at
/// their canonical path: a Sync map item under its `Key`, a list item under the number
/// after the highest (never a number a live item has, once an earlier one is deleted).
#[tokio::test]
async fn items_named_by_key_or_index_are_fetchable_and_never_overwritten() {
    let sync = repo_root().join("../shared/specs/twilio_sync_v1.yaml");
    let mock = start(&[sync]).await;
    let base = mock.base_url();
    let (status, service) = send(post(format!("{base}/v1/Services"), &[])).await;
    assert_eq!(status, 201, "{service}");
    let service = service["sid"].as_str().expect("a service SID").to_owned();

    let maps = format!("{base}/v1/Services/{service}/Maps");
    let (status, map) = send(post(maps, &[("UniqueName", "m")])).await;
    assert_eq!(status, 201, "{map}");
    let map = map["sid"].as_str().expect("a map SID").to_owned();
    let items = format!("{base}/v1/Services/{service}/Maps/{map}/Items");
    let (status, item) = send(post(items.clone(), &[("Key", "k1"), ("Data", "{}")])).await;
    assert_eq!(status, 201, "{item}");
    assert_eq!(item["key"], "k1", "{item}");
    let (status, fetched) = send(get(format!("{items}/k1"))).await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["key"], "k1");

    let lists = format!("{base}/v1/Services/{service}/Lists");
    let (status, list) = send(post(lists, &[("UniqueName", "l")])).await;
    assert_eq!(status, 201, "{list}");
    let list = list["sid"].as_str().expect("a list SID").to_owned();
    let items = format!("{base}/v1/Services/{service}/Lists/{list}/Items");
    for expected in [0, 1] {
        let (status, item) = send(post(items.clone(), &[("Data", "{}")])).await;
        assert_eq!(status, 201, "{item}");
        assert_eq!(item["index"], expected, "{item}");
    }
    let (status, _) = send(
        http()
            .delete(format!("{items}/0"))
            .basic_auth(ACCOUNT, Some(TOKEN)),
    )
    .await;
    assert_eq!(status, 204);
    let (status, item) = send(post(items.clone(), &[("Data", "{\"n\":2}")])).await;
    assert_eq!(status, 201, "{item}");
    assert_eq!(item["index"], 2, "after the highest, not the count: {item}");
    let (status, one) = send(get(format!("{items}/1"))).await;
    assert_eq!(status, 200, "the item at 1 is still there: {one}");
    assert_eq!(one["index"], 1);
    mock.shutdown().await;
}

/// The SIDs (or another member) of a list page's items, in the page's order.
fn members(page: &Value, key: &str, member: &str) -> Vec<String> {
    page[key]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| match &i[member] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Lists come in the order Twilio gives them, whatever the SIDs: the newer APIs oldest first,
/// API v2010 newest first, items named by a key or an index by it (`Order=desc` turns that
/// around); page tokens walk that order both ways.
#[tokio::test]
async fn lists_follow_twilios_order_and_pages_walk_it() {
    let mock = start(&[
        shared_spec("twilio_flex_v1.yaml"),
        shared_spec("twilio_api_v2010.yaml"),
        shared_spec("twilio_sync_v1.yaml"),
    ])
    .await;
    let base = mock.base_url();

    // Flex: in the order made, three pages of two, back again by `previous_page_url`.
    let mut made = Vec::new();
    for i in 0..5 {
        let name = format!("flow {i}");
        let pairs: Vec<(&str, &str)> = FLOW
            .iter()
            .map(|&(k, v)| {
                if k == "FriendlyName" {
                    (k, name.as_str())
                } else {
                    (k, v)
                }
            })
            .collect();
        let (status, flow) = send(post(format!("{base}/v1/FlexFlows"), &pairs)).await;
        assert_eq!(status, 201, "{flow}");
        made.push(flow["sid"].as_str().expect("a SID").to_owned());
    }
    let mut walked = Vec::new();
    let mut pages = Vec::new();
    let mut url = Some(format!("{base}/v1/FlexFlows?PageSize=2"));
    while let Some(u) = url {
        let (status, page) = send(get(u)).await;
        assert_eq!(status, 200, "{page}");
        walked.extend(members(&page, "flex_flows", "sid"));
        url = page["meta"]["next_page_url"].as_str().map(str::to_owned);
        pages.push(page);
        assert!(pages.len() <= 3, "three pages at most");
    }
    assert_eq!(walked, made, "oldest first, each once");
    let back = pages[2]["meta"]["previous_page_url"]
        .as_str()
        .expect("a previous page");
    let (_, back) = send(get(back.to_owned())).await;
    assert_eq!(
        back["flex_flows"], pages[1]["flex_flows"],
        "previous goes back"
    );

    // API v2010: newest first.
    let messages = format!("{base}/2010-04-01/Accounts/{ACCOUNT}/Messages.json");
    let mut sent = Vec::new();
    for i in 0..3 {
        let body = format!("message {i}");
        let (status, message) = send(post(
            messages.clone(),
            &[("To", "+15550100"), ("From", "+15550199"), ("Body", &body)],
        ))
        .await;
        assert_eq!(status, 201, "{message}");
        sent.push(message["sid"].as_str().expect("a SID").to_owned());
    }
    sent.reverse();
    let (_, first) = send(get(format!("{messages}?PageSize=2"))).await;
    let next = first["next_page_uri"].as_str().expect("a next page");
    let (_, second) = send(get(format!("{base}{next}"))).await;
    let listed: Vec<String> = members(&first, "messages", "sid")
        .into_iter()
        .chain(members(&second, "messages", "sid"))
        .collect();
    assert_eq!(listed, sent, "newest first");
    assert_eq!(second["next_page_uri"], Value::Null);

    // Sync: map items by key, list items by index as a number; `Order=desc` from the end.
    let (_, service) = send(post(format!("{base}/v1/Services"), &[])).await;
    let service = service["sid"].as_str().expect("a service SID").to_owned();
    let (_, map) = send(post(
        format!("{base}/v1/Services/{service}/Maps"),
        &[("UniqueName", "m")],
    ))
    .await;
    let map = map["sid"].as_str().expect("a map SID").to_owned();
    let items = format!("{base}/v1/Services/{service}/Maps/{map}/Items");
    for key in ["b", "c", "a"] {
        let (status, item) = send(post(items.clone(), &[("Key", key), ("Data", "{}")])).await;
        assert_eq!(status, 201, "{item}");
    }
    let (_, page) = send(get(items.clone())).await;
    assert_eq!(members(&page, "items", "key"), ["a", "b", "c"], "{page}");
    let (_, page) = send(get(format!("{items}?Order=desc&PageSize=2"))).await;
    assert_eq!(members(&page, "items", "key"), ["c", "b"], "{page}");
    let next = page["meta"]["next_page_url"].as_str().expect("a next page");
    let (_, page) = send(get(next.to_owned())).await;
    assert_eq!(members(&page, "items", "key"), ["a"], "{page}");

    let (_, list) = send(post(
        format!("{base}/v1/Services/{service}/Lists"),
        &[("UniqueName", "l")],
    ))
    .await;
    let list = list["sid"].as_str().expect("a list SID").to_owned();
    let items = format!("{base}/v1/Services/{service}/Lists/{list}/Items");
    for _ in 0..12 {
        let (status, item) = send(post(items.clone(), &[("Data", "{}")])).await;
        assert_eq!(status, 201, "{item}");
    }
    let (_, page) = send(get(items.clone())).await;
    let indexes: Vec<String> = (0..12).map(|i| i.to_string()).collect();
    assert_eq!(members(&page, "items", "index"), indexes, "{page}");
    mock.shutdown().await;
}
