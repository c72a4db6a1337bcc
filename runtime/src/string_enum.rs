//! [`string_enum!`](crate::string_enum): the string enums of generated crates.
//!
//! A generated crate declares each enum of its spec as its variants and wire values; the
//! macro writes the rest: the `Other(String)` variant that keeps values the crate does not
//! know, `VALUES`, `as_str`, `is_known`, conversions from and to `String`, strict `FromStr`,
//! `Display`, serde as the wire string, and [`StringEnum`](crate::encoding::StringEnum),
//! which makes it encodable and checked before sending.

/// Declares a string enum that keeps unknown values.
///
/// ```
/// twilio_runtime::string_enum! {
///     /// How a call ended.
///     pub enum CallStatus {
///         /// `completed`
///         Completed = "completed",
///         /// `no-answer`
///         NoAnswer = "no-answer",
///     }
/// }
///
/// let status: CallStatus = serde_json::from_str("\"no-answer\"").unwrap();
/// assert_eq!(status, CallStatus::NoAnswer);
/// let later: CallStatus = serde_json::from_str("\"a-value-added-later\"").unwrap();
/// assert_eq!(later, CallStatus::Other("a-value-added-later".to_owned()));
/// assert!(!later.is_known());
/// assert!("busy".parse::<CallStatus>().is_err());
/// assert_eq!(CallStatus::VALUES, ["completed", "no-answer"]);
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as received.
            Other(::std::string::String),
        }

        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(v) => v,
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $( $value => $name::$variant, )*
                    _ => $name::Other(s),
                }
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(v: $name) -> ::std::string::String {
                // An enum without values has only `Other`.
                #[allow(unreachable_patterns)]
                match v {
                    $name::Other(s) => s,
                    known => known.as_str().to_owned(),
                }
            }
        }

        /// Accepts only the values the spec lists.
        impl ::std::str::FromStr for $name {
            type Err = $crate::encoding::ParseEnumError;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                #[allow(unreachable_patterns)]
                match $name::from(s.to_owned()) {
                    $name::Other(value) => ::std::result::Result::Err(
                        $crate::encoding::ParseEnumError::new::<$name>(value),
                    ),
                    known => ::std::result::Result::Ok(known),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::encoding::StringEnum for $name {
            const NAME: &'static str = stringify!($name);
            const VALUES: &'static [&'static str] = $name::VALUES;

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Any string: values the spec does not list are kept in `Other`.
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let s: ::std::string::String =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok($name::from(s))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::encoding::{Check, Encode};

    crate::string_enum! {
        /// A test enum.
        pub enum Color {
            /// `red`
            Red = "red",
            /// `light-blue`
            LightBlue = "light-blue",
        }
    }

    crate::string_enum! {
        /// An enum without values.
        pub enum Nothing {}
    }

    #[test]
    fn values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Color::from("light-blue".to_owned()), Color::LightBlue);
        assert_eq!(String::from(Color::Red), "red");
        let other = Color::from("green".to_owned());
        assert_eq!(other.as_str(), "green");
        assert!(!other.is_known() && Color::Red.is_known());
        assert_eq!(
            serde_json::to_string(&Color::LightBlue).unwrap(),
            "\"light-blue\""
        );
        let read: Color = serde_json::from_str("\"green\"").unwrap();
        assert_eq!(read, Color::Other("green".to_owned()));
        assert!(serde_json::from_str::<Color>("3").is_err());
        assert_eq!(Color::LightBlue.to_string(), "light-blue");
        assert_eq!(Nothing::VALUES.len(), 0);
        assert_eq!(
            Nothing::from("x".to_owned()),
            Nothing::Other("x".to_owned())
        );
    }

    #[test]
    fn parsing_is_strict_and_sending_checks_the_value() {
        assert_eq!("red".parse::<Color>(), Ok(Color::Red));
        let err = "green".parse::<Color>().unwrap_err();
        assert_eq!(err.type_name, "Color");
        assert_eq!(err.allowed, ["red", "light-blue"]);
        let mut out = Vec::new();
        Color::LightBlue.encode("Color", &mut out);
        assert_eq!(out, [("Color".to_owned(), "light-blue".to_owned())]);
        assert!(Color::Red.check("Color").is_ok());
        assert!(Color::Other("green".to_owned()).check("Color").is_err());
    }
}
