//! Failures a user can act on, and the exit code each one means.

/// A failure with a message for the user; anything else is reported with its context chain.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line itself is wrong: exit 2.
    #[error("{0}")]
    Usage(String),
    /// A well-formed command that cannot be carried out: exit 1.
    #[error("{0}")]
    Refused(String),
}

pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Shorthand for returning a refusal from a command.
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err($crate::error::Failure::Refused(format!($($arg)*)).into())
    };
}
pub(crate) use refuse;
