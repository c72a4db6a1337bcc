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

#[test]
fn a_response_union_is_read_by_its_discriminator_and_keeps_unknown_tags() -> common::TestResult {
    let read = |outline: serde_json::Value| -> Result<CreateWidgetEventResponse, serde_json::Error> {
        serde_json::from_value(serde_json::json!({"accepted": true, "outline": outline}))
    };
    // The mapping's tag, and the schema name where the mapping has none.
    let round = read(serde_json::json!({"form": "round", "radius": 2.5}))?;
    assert!(
        matches!(&round.outline, Some(WidgetOutline::Round(c)) if c.radius == Some(2.5)),
        "{round:?}"
    );
    let square = read(serde_json::json!({"form": "Square", "side": 3}))?;
    assert!(
        matches!(&square.outline, Some(WidgetOutline::Square(s)) if s.side == Some(3)),
        "{square:?}"
    );
    // An unknown or missing tag is kept whole, and written back as received.
    let hexagon = serde_json::json!({"form": "hexagon", "sides": 6});
    let unknown = read(hexagon.clone())?;
    assert!(matches!(&unknown.outline, Some(WidgetOutline::Other(_))), "{unknown:?}");
    assert_eq!(serde_json::to_value(&unknown)?["outline"], hexagon);
    let untagged = read(serde_json::json!({"radius": 1}))?;
    assert!(matches!(&untagged.outline, Some(WidgetOutline::Other(_))), "{untagged:?}");
    // A value that is not an object at all does not fail the response: it is kept raw.
    let odd = read(serde_json::json!("round"))?;
    assert_eq!(odd.outline, None);
    assert_eq!(odd.accepted, Some(true));
    assert_eq!(odd.unmatched().get("outline"), Some(&serde_json::json!("round")));
    Ok(())
}
