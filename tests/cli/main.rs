//! The real binary against temporary databases, one module per area, one test binary to link.

mod common;

mod add;
mod errors;
mod exchange;
mod export;
mod import;
mod json_contract;
mod list_show;
mod log;
mod notes_due_close;
mod pending;
mod steps;
mod sync;
mod taskwarrior;
mod terminal;
mod text;
