//! Pure rules about cases and steps: no SQL, no terminal, no clock but the `today` passed in.

pub mod date;
pub mod history;
pub mod model;
pub mod reshape;
pub mod resolve;
pub mod schedule;
pub mod template;
pub mod text;
