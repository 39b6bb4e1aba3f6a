//! Pure rules about cases and steps: no SQL, no terminal, no clock but the `today` passed in.

pub mod change;
pub mod date;
mod date_zh;
pub mod guide;
pub mod history;
pub mod merge;
pub mod model;
pub mod month;
pub mod notice;
pub mod remind;
pub mod reshape;
pub mod resolve;
pub mod schedule;
pub mod span;
pub mod template;
pub mod text;
pub mod view;
