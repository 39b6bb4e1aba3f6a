//! The real binary against temporary databases, one module per area, one test binary to link.

mod common;

mod add;
mod backup;
mod concurrency;
mod crash;
mod errors;
mod files;
mod json_contract;
mod list_show;
mod log;
mod notes_due_close;
mod output;
mod pending;
mod privacy;
mod properties;
mod steps;
mod text;
mod upgrade;
