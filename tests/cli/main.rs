//! The real binary against temporary databases, one module per area, one test binary to link.

mod common;

mod add;
mod backup;
mod calendar;
mod concurrency;
mod contrib;
mod crash;
mod dashboard;
mod edit;
mod errors;
mod files;
mod ics;
mod json_contract;
mod language;
mod list_show;
mod log;
mod notes_due_close;
mod output;
mod pending;
mod privacy;
mod properties;
mod remind;
mod schedule;
mod settings;
mod step_cmds;
mod steps;
mod templates;
mod terminal;
mod text;
mod undo;
mod upgrade;
