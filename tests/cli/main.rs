//! The real binary against temporary databases, one module per area, one test binary to link.

mod common;

mod add;
mod calendar;
mod contrib;
mod dashboard;
mod edit;
mod errors;
mod ics;
mod json_contract;
mod language;
mod list_show;
mod log;
mod notes_due_close;
mod pending;
mod remind;
mod schedule;
mod settings;
mod steps;
mod terminal;
mod text;
