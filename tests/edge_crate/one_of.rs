//! The edge-case spec's `oneOf` body, copied into the generated crate's `tests/` and run
//! there: each alternative sends its discriminator value, and is validated before sending.

use twilio_api_v2010::*;
use twilio_runtime::testing as common;

const WIDGET: &str = "WGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

#[tokio::test]
async fn an_alternative_without_a_mapping_is_tagged_with_its_schema_name() -> common::TestResult {
    let server = common::expect(common::Expect {
        method: "POST",
        path: "/v1/Widgets/WGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Events",
        status: 201,
        json: Some(serde_json::json!({"kind": "RenameEvent", "name": "blue"})),
        body: Some(serde_json::json!({"accepted": true})),
        ..common::Expect::default()
    })
    .await;
    let client = common::client(&server);
    let answer = client
        .api_v2010()
        .events(&WidgetSid::parse(WIDGET)?)
        .create(CreateWidgetEvent::new(RenameEvent::new().name("blue")))
        .await?;
    assert_eq!(answer.accepted, Some(true));
    Ok(())
}

/// A client whose requests could reach no server: only validation can answer.
fn offline_client() -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(common::ACCOUNT_SID, common::AUTH_TOKEN))
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn each_alternative_checks_its_own_constraints_before_sending() -> common::TestResult {
    let events = offline_client().api_v2010().events(&WidgetSid::parse(WIDGET)?);
    let too_big = events
        .create(CreateWidgetEvent::new(ResizeEvent::new(11)))
        .await
        .expect_err("size 11 is above the maximum of 10");
    assert!(
        matches!(&too_big, Error::Validation(v) if v.to_string().contains("size")),
        "{too_big}"
    );
    let bad_name = events
        .create(CreateWidgetEvent::new(RenameEvent::new().name("Blue!")))
        .await
        .expect_err("`Blue!` does not match ^[a-z]+$");
    assert!(
        matches!(&bad_name, Error::Validation(v) if v.to_string().contains("name")),
        "{bad_name}"
    );
    Ok(())
}
