//! Everything the user reads: human tables and text, and the JSON contract.

pub mod calendar;
pub mod human;
pub mod ics;
pub mod json;
pub mod table;
