//! Everything the user reads: human tables and text, and the JSON contract.

pub mod human;
pub mod json;
pub mod table;
pub mod template;
