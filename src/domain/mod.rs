//! Pure rules about cases and steps: no SQL, no terminal, no clock but the `today` passed in.

pub mod date;
mod date_zh;
pub mod merge;
pub mod model;
pub mod resolve;
pub mod schedule;
pub mod template;
