//! A live part's prop of a type that server functions also answer with (a client list, an
//! error, the tablet's state).
//!
//! Leptos reads a live part's props from text (`serde_json::from_str`) and a server function's
//! answer from bytes (`serde_json::from_slice`), and serde_json's reading code is generated once
//! for each of the two for every type read. A type read both ways is in the browser's module
//! twice: an error alone (with its field errors) is about 24 kB before optimising. Sent as JSON
//! text inside the props and read from bytes, the prop uses the answers' code.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerProp<T>(pub T);

impl<T: Serialize> Serialize for AnswerProp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Leptos writes a live part's props in the browser too, but only into the element it
        // takes over, which keeps the server's. Written as nothing there, the browser's module
        // need not hold the code that writes the prop (about 10 kB before optimising).
        #[cfg(feature = "hydrate")]
        return serializer.serialize_str("");
        #[cfg(not(feature = "hydrate"))]
        {
            let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
            serializer.serialize_str(&text)
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for AnswerProp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_slice(text.as_bytes()).map(AnswerProp).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn a_prop_arrives_as_it_was_sent() {
        let sent: AnswerProp<Result<Vec<String>, AppError>> = AnswerProp(Err(AppError::NotFound));
        let props = serde_json::to_string(&(7, &sent)).unwrap();
        let (number, arrived): (u32, AnswerProp<Result<Vec<String>, AppError>>) = serde_json::from_str(&props).unwrap();
        assert_eq!((number, arrived), (7, sent));
        let listed = AnswerProp(Ok::<_, AppError>(vec!["één".to_owned(), "\"twee\"".to_owned()]));
        assert_eq!(serde_json::from_str::<AnswerProp<_>>(&serde_json::to_string(&listed).unwrap()).ok(), Some(listed));
    }

    #[test]
    fn a_broken_prop_is_refused_not_guessed() {
        assert!(serde_json::from_str::<AnswerProp<Vec<String>>>(r#""[\"open""#).is_err());
        assert!(serde_json::from_str::<AnswerProp<Vec<String>>>("[]").is_err(), "not text");
    }
}
