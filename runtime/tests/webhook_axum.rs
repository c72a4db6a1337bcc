//! The axum extractor, through a real `Router` (feature `axum`):
//! `cargo test -p twilio-runtime --features axum`.

#[cfg(not(feature = "axum"))]
#[test]
#[ignore = "the axum extractor's tests need `--features axum`"]
fn axum_extractor_tests_need_the_axum_feature() {}

#[cfg(feature = "axum")]
mod axum_extractor {
    use axum::body::Body;
    use axum::extract::DefaultBodyLimit;
    use axum::http::{Method, Request, StatusCode};
    use axum::routing::{get, post};
    use axum::Router;
    use tower::ServiceExt as _;
    use twilio_runtime::webhook::axum::{TwilioRequest, WebhookConfig};
    use twilio_runtime::webhook::{body_sha256, RequestValidator, SIGNATURE_HEADER};

    const TOKEN: &str = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    const BASE: &str = "https://hooks.example.com";
    const FORM: &str = "application/x-www-form-urlencoded";

    async fn echo(request: TwilioRequest) -> String {
        let params: Vec<String> = request
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!(
            "{} params, {} bytes: {}",
            request.params.len(),
            request.body.len(),
            params.join(",")
        )
    }

    fn app(base: &str) -> Router {
        let config = WebhookConfig::new(RequestValidator::new(TOKEN), base);
        let inner = Router::new().route("/status", post(echo));
        Router::new()
            .route("/message-status", post(echo))
            .route("/voice", get(echo))
            .nest("/twilio", inner)
            .with_state(config)
    }

    fn signature(url: &str, params: &[(&str, &str)]) -> String {
        RequestValidator::new(TOKEN).signature(url, params)
    }

    fn request(
        method: Method,
        path: &str,
        content_type: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
    ) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(content_type) = content_type {
            builder = builder.header("content-type", content_type);
        }
        if let Some(signature) = signature {
            builder = builder.header(SIGNATURE_HEADER, signature);
        }
        builder
            .body(Body::from(body.to_vec()))
            .expect("a valid request")
    }

    async fn send(app: Router, request: Request<Body>) -> (StatusCode, String) {
        let response = app.oneshot(request).await.expect("the router answers");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("a body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    const STATUS_BODY: &[u8] = b"MessageSid=SM0123&MessageStatus=delivered&To=%2B15005550006";
    const STATUS_PARAMS: [(&str, &str); 3] = [
        ("MessageSid", "SM0123"),
        ("MessageStatus", "delivered"),
        ("To", "+15005550006"),
    ];

    #[tokio::test]
    async fn signed_form_post_reaches_the_handler_with_its_params() {
        let sig = signature("https://hooks.example.com/message-status", &STATUS_PARAMS);
        let (status, body) = send(
            app(BASE),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body,
            "3 params, 59 bytes: MessageSid=SM0123,MessageStatus=delivered,To=+15005550006"
        );
        // A trailing slash on the base URL is ignored; Twilio's `:443` is accepted.
        let sig = signature(
            "https://hooks.example.com:443/message-status",
            &STATUS_PARAMS,
        );
        let (status, _) = send(
            app("https://hooks.example.com/"),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn altered_forged_or_unsigned_requests_are_forbidden() {
        let sig = signature("https://hooks.example.com/message-status", &STATUS_PARAMS);
        let altered = b"MessageSid=SM0123&MessageStatus=failed&To=%2B15005550006";
        let cases = [
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                altered,
            ),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                None,
                STATUS_BODY,
            ),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(""),
                STATUS_BODY,
            ),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&signature(
                    "https://hooks.example.com/other",
                    &STATUS_PARAMS,
                )),
                STATUS_BODY,
            ),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(
                    &RequestValidator::new("another token")
                        .signature("https://hooks.example.com/message-status", &STATUS_PARAMS),
                ),
                STATUS_BODY,
            ),
            // The same form without its content type is a body the signature does not cover.
            request(
                Method::POST,
                "/message-status",
                None,
                Some(&sig),
                STATUS_BODY,
            ),
        ];
        for request in cases {
            let (status, body) = send(app(BASE), request).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            assert_eq!(body, "invalid X-Twilio-Signature");
        }
        // Signed for another public host: what a proxy's rewrite of the host looks like.
        let (status, _) = send(
            app("http://localhost:3000"),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn nested_routes_are_checked_with_their_full_path() {
        let sig = signature("https://hooks.example.com/twilio/status", &STATUS_PARAMS);
        let (status, body) = send(
            app(BASE),
            request(
                Method::POST,
                "/twilio/status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let stripped = signature("https://hooks.example.com/status", &STATUS_PARAMS);
        let (status, _) = send(
            app(BASE),
            request(
                Method::POST,
                "/twilio/status",
                Some(FORM),
                Some(&stripped),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn base_url_with_a_path_prefix() {
        // Behind a proxy that serves the application under /app.
        let sig = signature("https://example.com/app/message-status", &STATUS_PARAMS);
        let (status, _) = send(
            app("https://example.com/app"),
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn get_request_with_its_query_signed() {
        let sig = signature(
            "https://hooks.example.com/voice?CallSid=CA01&From=%2B15005550006",
            &[],
        );
        let (status, body) = send(
            app(BASE),
            request(
                Method::GET,
                "/voice?CallSid=CA01&From=%2B15005550006",
                None,
                Some(&sig),
                b"",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body, "0 params, 0 bytes: ");
        let (status, _) = send(
            app(BASE),
            request(
                Method::GET,
                "/voice?CallSid=CA02&From=%2B15005550006",
                None,
                Some(&sig),
                b"",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn json_body_checked_against_body_sha256() {
        let json = br#"{"MessageSid":"SM0123","MessageStatus":"delivered"}"#;
        let path = format!("/message-status?bodySHA256={}", body_sha256(json));
        let sig = signature(&format!("{BASE}{path}"), &[]);
        let (status, body) = send(
            app(BASE),
            request(
                Method::POST,
                &path,
                Some("application/json"),
                Some(&sig),
                json,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body, format!("0 params, {} bytes: ", json.len()));
        let tampered = br#"{"MessageSid":"SM0123","MessageStatus":"failed"}"#;
        let (status, _) = send(
            app(BASE),
            request(
                Method::POST,
                &path,
                Some("application/json"),
                Some(&sig),
                tampered,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn body_limit_is_axums() {
        let sig = signature("https://hooks.example.com/message-status", &STATUS_PARAMS);
        let app = app(BASE).layer(DefaultBodyLimit::max(16));
        let (status, _) = send(
            app,
            request(
                Method::POST,
                "/message-status",
                Some(FORM),
                Some(&sig),
                STATUS_BODY,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn is_valid_on_request_parts() {
        let config = WebhookConfig::new(RequestValidator::new(TOKEN), BASE);
        let sig = signature("https://hooks.example.com/message-status", &STATUS_PARAMS);
        let (parts, _) =
            request(Method::POST, "/message-status", Some(FORM), Some(&sig), b"").into_parts();
        assert!(config.is_valid(&parts, STATUS_BODY));
        assert!(!config.is_valid(&parts, b"MessageSid=SM0123"));
        let (unsigned, _) =
            request(Method::POST, "/message-status", Some(FORM), None, b"").into_parts();
        assert!(!config.is_valid(&unsigned, STATUS_BODY));
    }

    #[test]
    fn config_debug_hides_the_auth_token() {
        let config = WebhookConfig::new(RequestValidator::new(TOKEN), BASE);
        let debug = format!("{config:?}");
        assert!(!debug.contains(TOKEN), "{debug}");
        assert!(debug.contains(BASE), "{debug}");
    }
}
