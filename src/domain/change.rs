//! The kinds of change the history records, named in one place: what each is called in the
//! database, in `log --json` and in export files, and which of them a file may carry.

use super::history::{Transition, transition};
use crate::msg::Msg;
use serde_json::Value;

/// What one event did to a case or a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    CaseAdd,
    CaseClose,
    CaseReopen,
    CaseDelete,
    CaseNote,
    CaseEdit,
    StepDone,
    StepSkip,
    StepReopen,
    StepDue,
    StepNote,
    StepAdd,
    StepRemove,
    StepMove,
    StepEdit,
    StepHow,
    /// A step changed by a Taskwarrior import.
    StepImport,
    /// The household's departure date set, moved or cleared (about no case: filed under the
    /// nil UUID, so that export and sync carry it).
    Departure,
    /// Takes back an earlier event (its own operation: it names the event it reverts).
    Undo,
    /// Brings back what an undo took back.
    Redo,
    /// What an `import` changed here: recorded so that undo can take the whole import back;
    /// never leaves this database.
    Import,
    /// The same for `sync`.
    Sync,
}

/// Every kind with its name: the one table that names them.
const NAMES: [(Kind, &str); 22] = [
    (Kind::CaseAdd, "case.add"),
    (Kind::CaseClose, "case.close"),
    (Kind::CaseReopen, "case.reopen"),
    (Kind::CaseDelete, "case.delete"),
    (Kind::CaseNote, "case.note"),
    (Kind::CaseEdit, "case.edit"),
    (Kind::StepDone, "step.done"),
    (Kind::StepSkip, "step.skip"),
    (Kind::StepReopen, "step.reopen"),
    (Kind::StepDue, "step.due"),
    (Kind::StepNote, "step.note"),
    (Kind::StepAdd, "step.add"),
    (Kind::StepRemove, "step.remove"),
    (Kind::StepMove, "step.move"),
    (Kind::StepEdit, "step.edit"),
    (Kind::StepHow, "step.how"),
    (Kind::StepImport, "step.import"),
    (Kind::Departure, "departure"),
    (Kind::Undo, "undo"),
    (Kind::Redo, "redo"),
    (Kind::Import, "import"),
    (Kind::Sync, "sync"),
];

impl Kind {
    pub fn as_str(self) -> &'static str {
        NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, name)| name)
    }

    pub fn parse(name: &str) -> Option<Kind> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// Whether the change is about one step (else about the case itself).
    pub fn on_step(self) -> Option<bool> {
        match self {
            Kind::CaseAdd
            | Kind::CaseClose
            | Kind::CaseReopen
            | Kind::CaseDelete
            | Kind::CaseNote
            | Kind::CaseEdit
            | Kind::Departure => Some(false),
            Kind::Undo | Kind::Redo | Kind::Import | Kind::Sync => None,
            _ => Some(true),
        }
    }

    /// An import's or a sync's own record of what it changed here.
    pub fn is_merge_record(self) -> bool {
        matches!(self, Kind::Import | Kind::Sync)
    }
}

/// The case id and UUID that departure events carry: they belong to the household, not to a
/// case. The nil UUID, so that export files (which check every UUID) carry them too.
pub const HOUSEHOLD: i64 = 0;
pub const HOUSEHOLD_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// Checks a household event that arrives from a file: a departure set, or its undo or redo,
/// whose before and after each name a day or null, as undo reads them back.
pub fn check_household(
    kind: &str,
    on_step: bool,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<(), String> {
    let known =
        Kind::parse(kind).filter(|k| matches!(k, Kind::Departure | Kind::Undo | Kind::Redo));
    if known.is_none() || on_step {
        return Err(Msg::EventKindUnknown { kind }.to_string());
    }
    for side in [before, after] {
        match side.and_then(|v| v.get("departure")) {
            Some(Value::Null) => {}
            Some(Value::String(s)) if super::date::parse_iso(s).is_some() => {}
            _ => return Err(Msg::RecordEmpty.to_string()),
        }
    }
    Ok(())
}

/// Checks an event that arrives from a file: a kind this closeout knows, about a case or a step
/// as its kind says, with a before and after that read back into a change undo could make.
/// Refused here, it can never block `undo` or `log` later.
pub fn check_incoming(
    kind: &str,
    on_step: bool,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<Transition, String> {
    let known = Kind::parse(kind).filter(|k| !k.is_merge_record());
    let Some(known) = known else {
        return Err(Msg::EventKindUnknown { kind }.to_string());
    };
    if known.on_step().is_some_and(|s| s != on_step) {
        return Err(Msg::EventKindUnknown { kind }.to_string());
    }
    transition(on_step, before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn household_events_are_departures_with_a_day_or_null() {
        let day = |d: Value| json!({ "departure": d });
        let (a, b) = (day(json!("2026-12-20")), day(Value::Null));
        assert!(check_household("departure", false, Some(&b), Some(&a)).is_ok());
        assert!(check_household("undo", false, Some(&a), Some(&b)).is_ok());
        assert!(check_household("case.note", false, Some(&a), Some(&b)).is_err());
        assert!(check_household("departure", true, Some(&a), Some(&b)).is_err());
        let bad = day(json!("2026-13-40"));
        assert!(check_household("departure", false, Some(&b), Some(&bad)).is_err());
        assert!(check_household("departure", false, None, Some(&a)).is_err());
    }

    #[test]
    fn every_kind_has_one_name_and_reads_back() {
        let mut seen = std::collections::HashSet::new();
        for (kind, name) in NAMES {
            assert!(seen.insert(name), "{name} twice");
            assert_eq!(Kind::parse(name), Some(kind));
            assert_eq!(kind.as_str(), name);
        }
        assert_eq!(Kind::parse("case.nte"), None);
    }

    #[test]
    fn incoming_events_are_checked_by_kind_and_content() {
        let note = |v: &str| json!({ "note": v });
        assert!(check_incoming("case.note", false, Some(&note("a")), Some(&note("b"))).is_ok());
        let unknown = check_incoming("case.nte", false, Some(&note("a")), Some(&note("b")));
        assert!(matches!(unknown, Err(e) if e.contains("case.nte")));
        let bad = check_incoming(
            "case.note",
            false,
            Some(&note("a")),
            Some(&json!({ "colour": 1 })),
        );
        assert!(matches!(bad, Err(e) if e.contains("colour")));
        // A step's kind on a case, and an import's own record, never come from a file.
        assert!(check_incoming("step.done", false, Some(&note("a")), Some(&note("b"))).is_err());
        assert!(check_incoming("sync", false, Some(&note("a")), Some(&note("b"))).is_err());
    }
}
