//! Failures a user can act on, the exit code each one means, and the stable name of each kind.

use crate::msg::Msg;

/// A failure with a message for the user; anything else is reported with its context chain.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line itself is wrong: exit 2.
    #[error("{0}")]
    Usage(String),
    /// A well-formed command that cannot be carried out: exit 1.
    #[error("{0}")]
    Refused(String),
    /// No case or step answers to what was typed: exit 1.
    #[error("{0}")]
    NotFound(String),
    /// What was typed matches more than one case or step: exit 1.
    #[error("{0}")]
    Ambiguous(String),
    /// The database file cannot be used as it is (busy, read-only, damaged, newer, not
    /// closeout's): exit 1.
    #[error("{0}")]
    Database(String),
}

pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            _ => EXIT_REFUSED,
        }
    }

    /// The name `--json` errors give this kind, the same in every language.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Usage(_) => "usage",
            Failure::Refused(_) => "refused",
            Failure::NotFound(_) => "not_found",
            Failure::Ambiguous(_) => "ambiguous",
            Failure::Database(_) => "database",
        }
    }
}

/// The kind and exit code of any error a command returns: a `Failure` says its own; an error
/// from SQLite underneath is `database`; from the file system, `io`; anything else `internal`.
pub fn classify(err: &anyhow::Error) -> (&'static str, u8) {
    if let Some(f) = err.downcast_ref::<Failure>() {
        return (f.kind(), f.exit_code());
    }
    let kind = if crate::store::is_database_error(err) {
        "database"
    } else if err.chain().any(|c| c.is::<std::io::Error>()) {
        "io"
    } else {
        "internal"
    };
    (kind, EXIT_REFUSED)
}

/// Why a file operation failed, in the user's words: the system's own text only for the kinds
/// the catalog has no words for.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Msg::IoNotFound,
        K::PermissionDenied => Msg::IoPermission,
        K::AlreadyExists => Msg::IoExists,
        K::StorageFull => Msg::IoFull,
        K::ReadOnlyFilesystem => Msg::IoReadOnly,
        K::IsADirectory => Msg::IoIsDirectory,
        K::NotADirectory => Msg::IoNotDirectory,
        _ => return e.to_string(),
    }
    .to_string()
}

/// An error and its causes on one line, as `{:#}` writes them, with every file system error
/// said in the user's words.
pub fn describe(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_reason(io),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(&Msg::Because.to_string())
}

/// The one JSON object a failure prints on stderr under `--json`.
pub fn json_error(kind: &str, message: &str, exit: u8) -> String {
    // Written by hand to keep the fields in the documented order; the strings go through serde.
    let text = |s: &str| serde_json::Value::from(s).to_string();
    format!(
        "{{\"error\": {{\"kind\": {}, \"message\": {}, \"exit\": {exit}}}}}",
        text(kind),
        text(message)
    )
}

/// Shorthand for returning a refusal from a command.
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err($crate::error::Failure::Refused(format!($($arg)*)).into())
    };
}
pub(crate) use refuse;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_error_is_one_object_with_its_fields_in_order() {
        let line = json_error("not_found", "no case \"x\"\n「x」", 1);
        assert_eq!(
            line,
            r#"{"error": {"kind": "not_found", "message": "no case \"x\"\n「x」", "exit": 1}}"#
        );
        let value: serde_json::Value = serde_json::from_str(&line).expect("json");
        assert_eq!(value["error"]["message"], "no case \"x\"\n「x」");
    }

    #[test]
    fn every_error_has_a_kind_and_an_exit_code() {
        let usage: anyhow::Error = Failure::Usage("u".into()).into();
        assert_eq!(classify(&usage), ("usage", EXIT_USAGE));
        let ambiguous: anyhow::Error = Failure::Ambiguous("a".into()).into();
        assert_eq!(classify(&ambiguous), ("ambiguous", EXIT_REFUSED));
        let sqlite = crate::store::a_database_error().context("reading");
        assert_eq!(classify(&sqlite), ("database", EXIT_REFUSED));
        let io = anyhow::Error::from(std::io::Error::other("disk")).context("writing");
        assert_eq!(classify(&io), ("io", EXIT_REFUSED));
        assert_eq!(
            classify(&anyhow::anyhow!("odd")),
            ("internal", EXIT_REFUSED)
        );
    }
}
