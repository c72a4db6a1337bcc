//! Twilio's webhook signatures: the published example and each known pitfall.
//!
//! Expected signatures not published by Twilio were computed independently with Python's
//! `hmac`, `hashlib` and `base64` modules (HMAC-SHA1 over the URL and the sorted name/value
//! pairs), not with this crate.

use proptest::prelude::*;
use twilio_runtime::webhook::{body_sha256, RequestValidator};

const TOKEN: &str = "12345";
const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
/// Twilio's published example ("Webhooks security"), checked with Python's `hmac`.
const SIGNATURE: &str = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
const PARAMS: [(&str, &str); 5] = [
    ("CallSid", "CA1234567890ABCDE"),
    ("Caller", "+12349013030"),
    ("Digits", "1234"),
    ("From", "+12349013030"),
    ("To", "+18005551212"),
];
const NONE: [(&str, &str); 0] = [];

fn validator() -> RequestValidator {
    RequestValidator::new(TOKEN)
}

#[test]
fn twilios_published_example() {
    assert_eq!(validator().signature(URL, &PARAMS), SIGNATURE);
    assert!(validator().validate(URL, &PARAMS, SIGNATURE));
}

#[test]
fn parameter_order_does_not_matter() {
    let mut reversed = PARAMS;
    reversed.reverse();
    assert_eq!(validator().signature(URL, &reversed), SIGNATURE);
    assert!(validator().validate(URL, &reversed, SIGNATURE));
    let owned: Vec<(String, String)> = reversed
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert!(validator().validate(URL, &owned, SIGNATURE));
}

#[test]
fn port_added_when_twilio_signed_it() {
    // Signed over `https://mycompany.com:443/...`, received as `https://mycompany.com/...`.
    let signed_with_port = "EpDEmp1PyjDYp77YxYU3GILBWzE=";
    assert_eq!(
        validator().signature("https://mycompany.com:443/myapp.php?foo=1&bar=2", &PARAMS),
        signed_with_port
    );
    assert!(validator().validate(URL, &PARAMS, signed_with_port));
    // http's default port too.
    let http = "yZOeKY1gcAStuX4RblkY177RCIg="; // over http://mycompany.com:80/status
    assert!(validator().validate(
        "http://mycompany.com/status",
        &[("MessageStatus", "sent")],
        http
    ));
    assert!(!validator().validate(
        "http://mycompany.com:8080/status",
        &[("MessageStatus", "sent")],
        http
    ));
}

#[test]
fn port_removed_when_twilio_did_not_sign_it() {
    assert!(validator().validate(
        "https://mycompany.com:443/myapp.php?foo=1&bar=2",
        &PARAMS,
        SIGNATURE
    ));
    // Any port, as Twilio's helper libraries do: a proxy may listen on another port.
    assert!(validator().validate(
        "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
        &PARAMS,
        SIGNATURE
    ));
    // Another host or scheme is not a port variant.
    assert!(!validator().validate(
        "http://mycompany.com/myapp.php?foo=1&bar=2",
        &PARAMS,
        SIGNATURE
    ));
    assert!(!validator().validate("https://evil.com/myapp.php?foo=1&bar=2", &PARAMS, SIGNATURE));
}

#[test]
fn get_request_signs_the_url_alone() {
    let signature = "zYQTYrRWXE7LtzbG4PfP7/bkkGo=";
    assert_eq!(validator().signature(URL, &NONE), signature);
    assert!(validator().validate(URL, &NONE, signature));
    assert!(validator().validate_request(URL, None, b"", signature));
    assert!(!validator().validate(
        "https://mycompany.com/myapp.php?foo=1&bar=3",
        &NONE,
        signature
    ));
    // Parameters in a body that the signature does not cover are refused.
    assert!(!validator().validate_request(URL, None, b"foo=2", signature));
}

const JSON_BODY: &[u8] = br#"{"property": "value", "boolean": true}"#;
const JSON_HASH: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
const JSON_URL: &str =
    "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
const JSON_SIGNATURE: &str = "a9nBmqA0ju/hNViExpshrM61xv4=";

#[test]
fn json_body_with_body_sha256() {
    assert_eq!(body_sha256(JSON_BODY), JSON_HASH);
    assert_eq!(validator().signature(JSON_URL, &NONE), JSON_SIGNATURE);
    assert!(validator().validate_json(JSON_URL, JSON_BODY, JSON_SIGNATURE));
    assert!(validator().validate_request(
        JSON_URL,
        Some("application/json"),
        JSON_BODY,
        JSON_SIGNATURE
    ));
    assert!(validator().validate_request(
        JSON_URL,
        Some("Application/JSON; charset=utf-8"),
        JSON_BODY,
        JSON_SIGNATURE
    ));
    // The port pitfall applies to JSON requests too.
    let with_port = JSON_URL.replace("mycompany.com", "mycompany.com:443");
    assert!(validator().validate_json(&with_port, JSON_BODY, JSON_SIGNATURE));
    // Twilio's hash is lowercase; an uppercase one is read leniently.
    let upper = format!(
        "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={}",
        JSON_HASH.to_uppercase()
    );
    let upper_signature = validator().signature(&upper, &NONE);
    assert!(validator().validate_json(&upper, JSON_BODY, &upper_signature));
}

#[test]
fn json_body_tampered() {
    let tampered = br#"{"property": "value", "boolean": false}"#;
    assert!(!validator().validate_json(JSON_URL, tampered, JSON_SIGNATURE));
    assert!(!validator().validate_request(
        JSON_URL,
        Some("application/json"),
        tampered,
        JSON_SIGNATURE
    ));
    assert!(!validator().validate_request(JSON_URL, Some("application/json"), b"", JSON_SIGNATURE));
}

#[test]
fn json_hash_tampered() {
    // The tampered body's hash in the URL: the signature no longer covers the URL.
    let tampered = br#"{"property": "value", "boolean": false}"#;
    let url = format!(
        "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={}",
        body_sha256(tampered)
    );
    assert!(!validator().validate_json(&url, tampered, JSON_SIGNATURE));
    // A URL signed properly but whose hash does not match the body.
    let wrong_hash = format!(
        "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={}",
        "0".repeat(64)
    );
    let signature = validator().signature(&wrong_hash, &NONE);
    assert!(
        validator().validate::<&str, &str>(&wrong_hash, &[], &signature),
        "the URL alone is signed"
    );
    assert!(!validator().validate_json(&wrong_hash, JSON_BODY, &signature));
    // No bodySHA256 at all: a JSON body cannot be trusted.
    let signature = validator().signature(URL, &NONE);
    assert!(!validator().validate_json(URL, JSON_BODY, &signature));
    assert!(!validator().validate_request(URL, Some("application/json"), JSON_BODY, &signature));
}

#[test]
fn form_body_through_validate_request() {
    let body = b"To=%2B18005551212&From=%2B12349013030&Digits=1234&Caller=%2B12349013030&CallSid=CA1234567890ABCDE";
    let form = Some("application/x-www-form-urlencoded; charset=UTF-8");
    assert!(validator().validate_request(URL, form, body, SIGNATURE));
    let altered = b"To=%2B18005551213&From=%2B12349013030&Digits=1234&Caller=%2B12349013030&CallSid=CA1234567890ABCDE";
    assert!(!validator().validate_request(URL, form, altered, SIGNATURE));
    let added = b"To=%2B18005551212&From=%2B12349013030&Digits=1234&Caller=%2B12349013030&CallSid=CA1234567890ABCDE&X=1";
    assert!(!validator().validate_request(URL, form, added, SIGNATURE));
}

#[test]
fn repeated_parameter_names_sorted_by_value() {
    let url = "https://mycompany.com/hook";
    let expected = "p4fpGk96MN4YlegMvDirOdopuus="; // over url + "Az" + "Toa" + "Tob" + "ToBx"
    let params = [("ToB", "x"), ("To", "b"), ("To", "a"), ("A", "z")];
    assert_eq!(validator().signature(url, &params), expected);
    assert!(validator().validate(url, &params, expected));
    let swapped = [("ToB", "x"), ("To", "a"), ("To", "b"), ("A", "z")];
    assert!(validator().validate(url, &swapped, expected));
    // The same values under one name in another combination differ.
    let moved = [("ToB", "x"), ("To", "b"), ("To", "b"), ("A", "z")];
    assert!(!validator().validate(url, &moved, expected));
}

#[test]
fn repeated_identical_pairs_signed_once_or_each_time() {
    let url = "https://mycompany.com/hook";
    let each_time = "jHU0inVlA4FRKd/z+uo+aprHKUU="; // url + "Toa" + "Toa"
    let once = "nWGLcD2XMh5FX4jyzsIBLrnZgpU="; // url + "Toa"
    let params = [("To", "a"), ("To", "a")];
    assert_eq!(validator().signature(url, &params), each_time);
    assert!(validator().validate(url, &params, each_time));
    assert!(validator().validate(url, &params, once));
    assert!(validator().validate(url, &[("To", "a")], once));
    assert!(!validator().validate(url, &[("To", "a")], each_time));
}

#[test]
fn altered_parameter_value_rejected() {
    let mut altered = PARAMS;
    altered[2] = ("Digits", "1235");
    assert!(!validator().validate(URL, &altered, SIGNATURE));
    altered[2] = ("Digits", "1234 ");
    assert!(!validator().validate(URL, &altered, SIGNATURE));
    let dropped = &PARAMS[1..];
    assert!(!validator().validate(URL, dropped, SIGNATURE));
    assert!(!validator().validate(
        "https://mycompany.com/myapp.php?foo=1&bar=3",
        &PARAMS,
        SIGNATURE
    ));
}

#[test]
fn names_and_values_are_concatenated_without_separator() {
    // A property of Twilio's scheme, not of this crate: a request whose name/value
    // boundaries moved has the same signature. Handlers must not rely on the split alone.
    let moved = [
        ("CallSid", "CA1234567890ABCDECaller+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ];
    assert_eq!(validator().signature(URL, &moved), SIGNATURE);
}

#[test]
fn wrong_token_rejected() {
    assert!(!RequestValidator::new("54321").validate(URL, &PARAMS, SIGNATURE));
    assert!(!RequestValidator::new("").validate(URL, &PARAMS, SIGNATURE));
    assert!(!RequestValidator::new("123456").validate_json(JSON_URL, JSON_BODY, JSON_SIGNATURE));
}

#[test]
fn empty_or_garbage_signatures_rejected() {
    let garbage = [
        "",
        " ",
        "=",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ==",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ=0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        "1/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        "not base64 at all!",
        "\u{0}\u{ffff}é",
    ];
    for signature in garbage {
        assert!(
            !validator().validate(URL, &PARAMS, signature),
            "{signature:?}"
        );
        assert!(
            !validator().validate_json(JSON_URL, JSON_BODY, signature),
            "{signature:?}"
        );
        assert!(
            !validator().validate_request(URL, None, &[0xff, 0xfe], signature),
            "{signature:?}"
        );
    }
    // Surrounding whitespace of a header value is not part of the signature.
    assert!(validator().validate(URL, &PARAMS, " 0/KCTR6DLpKmkAf8muzZqo1nDgQ= "));
}

#[test]
fn odd_urls_and_bodies_do_not_panic() {
    let urls = [
        "",
        "://",
        "https://",
        "https://:",
        "https://@:/",
        "https://[::1",
        "https://]:[",
        "https://é.example:ü/ä?ö=ü#ß",
        "https://example.com:99999999999999999999/",
        "http://a.com?bodySHA256",
        "http://a.com?bodySHA256=%zz&bodySHA256=",
        "?#?#",
        "\u{0}://\u{0}",
    ];
    let bodies: [&[u8]; 4] = [b"", &[0xff, 0xfe, 0x00], b"a=%ff%fe&=&&=b", b"{"];
    for url in urls {
        let signature = validator().signature(url, &PARAMS);
        assert!(validator().validate(url, &PARAMS, &signature), "{url:?}");
        for body in bodies {
            for content_type in [
                None,
                Some("application/x-www-form-urlencoded"),
                Some("application/json"),
                Some(";;"),
            ] {
                // Only whether it answers matters here.
                let _ = validator().validate_request(url, content_type, body, &signature);
            }
            assert!(!validator().validate_json(url, body, "garbage"), "{url:?}");
        }
    }
}

#[test]
fn debug_output_hides_the_auth_token() {
    let token = "f2c1d5e7a9b3c4d6e8f0a1b2c3d4e5f6";
    let validator = RequestValidator::new(token);
    for debug in [
        format!("{validator:?}"),
        format!("{validator:#?}"),
        format!("{:?}", validator.clone()),
    ] {
        assert!(!debug.contains(token), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }
}

proptest! {
    #[test]
    fn signature_validates_and_any_altered_byte_does_not(
        url in "https?://[a-z]{1,10}(\\.[a-z]{2,3})?(:[0-9]{1,5})?(/[a-zA-Z0-9._~%-]{0,8}){0,3}(\\?[a-z0-9=&]{0,12})?",
        params in prop::collection::vec(("[A-Za-z][A-Za-z0-9.]{0,10}", "\\PC{1,16}"), 1..8),
        which in any::<prop::sample::Index>(),
        byte in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let validator = RequestValidator::new("proptest token");
        let signature = validator.signature(&url, &params);
        prop_assert!(validator.validate(&url, &params, &signature));

        // Alter one byte of one value; keep it a string (an altered byte that breaks UTF-8 is
        // replaced, which alters it too).
        let mut altered = params.clone();
        let target = which.index(altered.len());
        let mut bytes = altered[target].1.clone().into_bytes();
        let at = byte.index(bytes.len());
        bytes[at] = bytes[at].wrapping_add(delta);
        altered[target].1 = String::from_utf8_lossy(&bytes).into_owned();
        prop_assume!(altered[target].1 != params[target].1);
        // Unless the altered pair swaps places with an identical one, the multiset of pairs changed.
        let mut before = params.clone();
        let mut after = altered.clone();
        before.sort();
        after.sort();
        prop_assume!(before != after);
        prop_assert!(!validator.validate(&url, &altered, &signature));
    }
}
