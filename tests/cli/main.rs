//! The real binary against temporary databases, one module per area, one test binary to link.

mod common;

mod calendar;

mod add;
mod dashboard;
mod errors;
mod json_contract;
mod language;
mod list_show;
mod log;
mod notes_due_close;
mod pending;
mod settings;
mod steps;
mod terminal;
mod text;
