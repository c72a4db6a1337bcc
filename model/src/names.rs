//! Name conversion from wire names to identifiers (snake_case and PascalCase).
//!
//! Built on `heck`; adds the Twilio conventions `heck` does not know: `<` and `>` suffixes
//! on range query parameters (`StartTime<` -> `start_time_before`) and dots in dotted
//! parameters. The result is never empty and never starts with a digit.

use std::cell::RefCell;
use std::collections::HashMap;

use heck::{ToPascalCase, ToSnakeCase};

/// Replaces characters that carry meaning in Twilio wire names by words.
fn wordify(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '<' => out.push_str(" before "),
            '>' => out.push_str(" after "),
            '+' => out.push_str(" plus "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_owned()
    } else {
        s
    }
}

/// `snake_case` of a wire name. Names starting with a digit get an `n` prefix (`3d` -> `n3d`).
pub fn snake(raw: &str) -> String {
    if is_snake(raw) {
        return raw.to_owned();
    }
    if let Some(s) = CONVERTED.with(|c| c.borrow().get(raw).cloned()) {
        return s;
    }
    let s = convert_snake(raw);
    CONVERTED.with(|c| {
        let mut converted = c.borrow_mut();
        // Bounded: the mock converts the query keys its clients send, whatever they are.
        if converted.len() < MAX_REMEMBERED {
            converted.insert(raw.to_owned(), s.clone());
        }
    });
    s
}

thread_local! {
    /// Names this thread converted: a spec repeats its wire names (a parameter in each
    /// operation, a field in each model), and the emitters ask for them again and again.
    static CONVERTED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// How many conversions a thread remembers (api_v2010 asks for about 1,000 names).
const MAX_REMEMBERED: usize = 16_384;

fn convert_snake(raw: &str) -> String {
    let s = non_empty(wordify(raw).to_snake_case(), "value");
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    }
}

/// Whether a name is already what [`snake`] makes of it (`account_sid`, `page2`): lowercase
/// ASCII words of letters and digits, the first starting with a letter, joined by single
/// underscores. Most JSON field names are; they skip the conversion.
fn is_snake(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_lowercase())
        && raw.split('_').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `PascalCase` of a wire name. Names starting with a digit get an `N` prefix.
pub fn pascal(raw: &str) -> String {
    let s = non_empty(wordify(raw).to_pascal_case(), "Value");
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{s}")
    } else {
        s
    }
}

/// Splits a trailing number off a name: `Parameter12` -> (`Parameter`, 12).
pub fn split_index(name: &str) -> Option<(&str, u32)> {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == name.len() || digits > 6 {
        return None;
    }
    let (base, num) = name.split_at(name.len() - digits);
    Some((base, num.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_wire_names() {
        assert_eq!(snake("FriendlyName"), "friendly_name");
        assert_eq!(snake("Integration.RetryCount"), "integration_retry_count");
        assert_eq!(snake("RetryCount"), "retry_count");
        assert_eq!(snake("ChatServiceSid"), "chat_service_sid");
        assert_eq!(snake("flex.v1.flex_flow"), "flex_v1_flex_flow");
        assert_eq!(snake("StartTime<"), "start_time_before");
        assert_eq!(snake("StartTime>"), "start_time_after");
        assert_eq!(snake("Flex-Metadata"), "flex_metadata");
        assert_eq!(snake("PageSize"), "page_size");
        assert_eq!(snake("3dSecure"), "n3d_secure");
        assert_eq!(snake("..."), "value");
    }

    #[test]
    fn remembered_conversions_are_the_conversions_and_stay_bounded() {
        // Asked twice, the second answer comes from memory; both are the conversion.
        for raw in ["FriendlyName", "StartTime<", "3dSecure"] {
            assert_eq!(snake(raw), convert_snake(raw));
            assert_eq!(snake(raw), convert_snake(raw));
        }
        // Far more distinct names than it keeps (as a server's clients may send): still
        // right, and the memory does not grow past its bound.
        for i in 0..MAX_REMEMBERED + 100 {
            let raw = format!("Key{i}Name");
            assert_eq!(snake(&raw), format!("key{i}_name"));
        }
        let held = CONVERTED.with(|c| c.borrow().len());
        assert_eq!(held, MAX_REMEMBERED);
    }

    proptest::proptest! {
        /// The shortcut for names already in snake case agrees with the full conversion.
        #[test]
        fn snake_names_are_kept(raw in "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,6}){0,4}") {
            proptest::prop_assert!(is_snake(&raw));
            let full = non_empty(wordify(&raw).to_snake_case(), "value");
            proptest::prop_assert_eq!(snake(&raw), full);
        }

        /// Names with any other character take the full conversion.
        #[test]
        fn other_names_are_converted(raw in "[a-zA-Z0-9_. <>+-]{0,12}") {
            let full = non_empty(wordify(&raw).to_snake_case(), "value");
            let expected = if full.starts_with(|c: char| c.is_ascii_digit()) { format!("n{full}") } else { full };
            proptest::prop_assert_eq!(snake(&raw), expected);
        }
    }

    #[test]
    fn pascal_case_of_wire_names() {
        assert_eq!(pascal("flex_flow"), "FlexFlow");
        assert_eq!(pascal("channel_type"), "ChannelType");
        assert_eq!(pascal("creation-in-progress"), "CreationInProgress");
        assert_eq!(pascal("Integration"), "Integration");
        assert_eq!(pascal("1.0"), "N10");
        assert_eq!(pascal(""), "Value");
    }

    #[test]
    fn trailing_numbers_split() {
        assert_eq!(split_index("Parameter12"), Some(("Parameter", 12)));
        assert_eq!(split_index("Parameter"), None);
        assert_eq!(split_index("42"), None);
    }
}
