//! The benchmark's floors (`bench/floors.sql`) are the statements closeout runs, with the same
//! plan and the same columns: the sqlite3 CLI runs them to show what the same work costs without
//! closeout. This file writes them from the store's own SQL, so that a change to a query here
//! fails this test until the floors follow (it writes them as they must read to
//! `target/floors.sql`, to be copied over `bench/floors.sql`).
//!
//! Statements written inline in a method (not built by a function or a constant) are named by
//! their text, and the test checks that the store's source still holds that text.

use super::cases::{CASE_COLUMNS, INSERT_CASE, TITLE_COUNT_SQL, TITLE_SQL, list_sql};
use super::departure::squeezed_sql;
use super::events::INSERT_EVENT;
use super::remind::REMIND;
use super::revisions::{REVISIONS_SQL, calendar_sql};
use super::steps::{
    INSERT_STEP, OPEN_CASES, PendingPlan, pending_sql, pending_steps_sql, rule_columns,
    step_columns,
};
use super::transfer::{case_records_sql, event_texts_sql};

const FLOORS: &str = "bench/floors.sql";

/// Each floor: its name, whether it writes (one transaction, as closeout's), and its
/// statements, each with its parameters (bench.py fills the `{...}` values in).
struct Floor {
    name: &'static str,
    writes: bool,
    statements: Vec<Statement>,
}

struct Statement {
    sql: String,
    /// Written inline in a method: checked against the store's source.
    inline: bool,
    binds: Vec<(&'static str, String)>,
}

fn built(sql: impl Into<String>, binds: &[(&'static str, &str)]) -> Statement {
    Statement {
        sql: sql.into(),
        inline: false,
        binds: binds.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    }
}

fn inline(sql: &str, binds: &[(&'static str, &str)]) -> Statement {
    Statement {
        inline: true,
        ..built(sql, binds)
    }
}

/// A case by id (`?1`), then its steps: what `show CASE` reads, and `add` reads back.
fn case_and_steps_sql() -> [String; 2] {
    [
        format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?1"),
        format!(
            "SELECT {} FROM steps s WHERE s.case_id = ?1 ORDER BY s.position",
            step_columns("s")
        ),
    ]
}

/// The statements of `show CASE` by id: the case, then its steps.
fn show_by_id() -> Vec<Statement> {
    case_and_steps_sql()
        .into_iter()
        .map(|sql| built(sql, &[("?1", "{case}")]))
        .collect()
}

/// `show WORD` with a whole title first looks it up in the index of whole titles (the title is
/// given in hex: the sqlite3 CLI splits a parameter at spaces).
fn by_word() -> Statement {
    built(
        TITLE_SQL,
        &[("?1", "CAST(x'{word_hex}' AS TEXT)"), ("?2", "'open'")],
    )
}

/// `done CASE unbind`: the step, then the change recorded, which names itself as its change.
fn done() -> Vec<Statement> {
    vec![
        inline(
            "UPDATE steps SET status = ?2, done_at = ?3, updated_at = ?4 WHERE id = ?1",
            &[
                ("?1", "{step_id}"),
                ("?2", "'done'"),
                ("?3", "'{today}'"),
                ("?4", "{now}"),
            ],
        ),
        built(
            INSERT_EVENT,
            &[
                ("?1", "{now}"),
                ("?2", "{case}"),
                ("?3", "'{case_uuid}'"),
                ("?4", "'{step_uuid}'"),
                ("?5", "'unbind'"),
                ("?6", "'step.done'"),
                ("?7", "'{{\"done_at\":null,\"status\":\"pending\"}}'"),
                ("?8", "'{{\"done_at\":\"{today}\",\"status\":\"done\"}}'"),
                ("?9", "NULL"),
                ("?10", "NULL"),
                ("?11", "lower(hex(randomblob(16)))"),
                ("?12", "'here'"),
            ],
        ),
        inline(
            "UPDATE events SET change_id = ?1 WHERE id = ?1",
            &[("?1", "(SELECT max(id) FROM events)")],
        ),
    ]
}

/// A text as an SQL literal.
fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `sql` with its parameters `?1`, `?2`... replaced by these SQL expressions.
fn with_values(sql: &str, values: &[String]) -> String {
    let mut out = squeeze(sql);
    // The highest first, so that `?1` does not take the start of `?10`.
    for (i, value) in values.iter().enumerate().rev() {
        out = out.replace(&format!("?{}", i + 1), value);
    }
    out
}

/// `add Bench-Proximus --deadline +3w` on 2026-11-30, as bench.py times it: the same-title
/// count and the departure read, the case and its six steps of the sim template for Proximus
/// (their titles, how-tos, rules and due dates as closeout makes them), the case read back, and
/// the change recorded with the new case (about 3.2 KB of JSON) as its after. The values are
/// written into the statements (bench.py writes in the clock, `{now}`), and the six steps go in
/// one INSERT of six rows: closeout prepares its INSERT of a step once and runs it six times,
/// where the sqlite3 CLI would prepare six statements and bind their 72 parameters through a
/// table of its own.
fn add() -> Vec<Statement> {
    use crate::domain::schedule::Plan;
    let catalog = crate::catalog::Catalog::load(None).expect("the built-ins");
    let (entry, _) = catalog.choose("Bench-Proximus", None);
    let template = entry.template().expect("a built-in parses");
    let drafts = template.steps(Some("Proximus"), None, crate::i18n::Lang::En);
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a day");
    let plan = Plan {
        deadline: Some(day("2026-12-21")),
        created: day("2026-11-30"),
        notice_days: None,
    };
    let checklist: Vec<_> = drafts.iter().map(|d| d.as_step()).collect();
    let owned = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let title = text("Bench-Proximus");
    let new_case = "(SELECT max(id) FROM cases)";
    let case_values = owned(&[
        "lower(hex(randomblob(16)))",
        &title,
        &text(&template.name),
        "'Proximus'",
        "NULL",
        "'alice'",
        "NULL",
        "'2026-12-21'",
        "{now}",
        "NULL",
        "'en'",
        "NULL",
        "0",
    ]);
    let insert_step = squeeze(INSERT_STEP);
    let (head, row) = insert_step.split_once(" VALUES ").expect("an INSERT");
    let or_null = |v: Option<String>| v.unwrap_or_else(|| "NULL".to_string());
    let rows: Vec<String> = drafts
        .iter()
        .zip(plan.dues(&checklist))
        .enumerate()
        .map(|(i, (draft, due))| {
            let (kind, days, reference) = rule_columns(draft.rule.as_ref());
            with_values(
                row,
                &[
                    "lower(hex(randomblob(16)))".to_string(),
                    new_case.to_string(),
                    (i + 1).to_string(),
                    text(&draft.key),
                    text(&draft.title),
                    text(&draft.how),
                    or_null(due.map(|d| format!("'{d}'"))),
                    or_null(kind.map(text)),
                    or_null(days.map(|d| d.to_string())),
                    or_null(reference.map(text)),
                    "{now}".to_string(),
                    i64::from(draft.abroad).to_string(),
                ],
            )
        })
        .collect();
    let event_values = owned(&[
        "{now}",
        new_case,
        "(SELECT uuid FROM cases WHERE id = (SELECT max(id) FROM cases))",
        "NULL",
        "NULL",
        "'case.add'",
        "NULL",
        "printf('%.3235c', 'x')",
        "NULL",
        "NULL",
        "lower(hex(randomblob(16)))",
        "'here'",
    ]);
    let mut statements = vec![
        built(
            with_values(TITLE_COUNT_SQL, &[title.clone(), "'open'".to_string()]),
            &[],
        ),
        inline("SELECT value FROM settings WHERE key = 'departure'", &[]),
        built(with_values(INSERT_CASE, &case_values), &[]),
        built(format!("{head} VALUES {}", rows.join(", ")), &[]),
    ];
    statements.extend(
        case_and_steps_sql()
            .iter()
            .map(|sql| built(with_values(sql, &[new_case.to_string()]), &[])),
    );
    statements.extend([
        built(with_values(INSERT_EVENT, &event_values), &[]),
        inline(
            "UPDATE events SET change_id = ?1 WHERE id = ?1",
            &[("?1", "(SELECT max(id) FROM events)")],
        ),
    ]);
    statements
}

/// What `pending` runs with `plan`: the dated steps, then the undated.
fn pending(plan: PendingPlan, binds: &[(&'static str, &str)]) -> Vec<Statement> {
    vec![
        built(pending_sql(true, plan), binds),
        built(pending_sql(false, plan), binds),
    ]
}

/// The cases that may have no room before their deadline, and their steps, for all holders.
fn squeezed() -> Vec<Statement> {
    let binds = [("?1", "NULL"), ("?2", "'{today}'")];
    vec![
        built(squeezed_sql(false), &binds),
        built(squeezed_sql(true), &binds),
    ]
}

/// What the dashboard runs: the list, the steps due by today, the squeeze check, the departure.
fn dashboard(plan: PendingPlan) -> Vec<Statement> {
    let today3 = [("?1", "NULL"), ("?2", "NULL"), ("?3", "'{today}'")];
    let mut statements = vec![built(list_sql(false), &[("?1", "NULL")])];
    statements.extend(pending(plan, &today3));
    statements.extend(squeezed());
    statements.push(inline(
        "SELECT value FROM settings WHERE key = 'departure'",
        &[],
    ));
    statements
}

fn floors() -> Vec<Floor> {
    let none3 = [("?1", "NULL"), ("?2", "NULL"), ("?3", "NULL")];
    let read = |name, statements| Floor {
        name,
        writes: false,
        statements,
    };
    let mut show_word = vec![by_word()];
    show_word.extend(show_by_id());
    let mut done_by_id = show_by_id();
    done_by_id.extend(done());
    let mut done_word = vec![by_word()];
    done_word.extend(show_by_id());
    done_word.extend(done());
    vec![
        // Every pending step: the open cases first, then the pending index alone.
        read(
            "pending",
            vec![
                built(OPEN_CASES, &[("?1", "NULL")]),
                built(pending_steps_sql(true), &[]),
                built(pending_steps_sql(false), &[]),
            ],
        ),
        // With most cases closed, closeout reads the open cases instead of the pending index.
        read("pending-closed", pending(PendingPlan::ByCase, &none3)),
        read("list", vec![built(list_sql(false), &[("?1", "NULL")])]),
        read("dashboard", dashboard(PendingPlan::ByDue)),
        read("dashboard-closed", dashboard(PendingPlan::ByCase)),
        read("remind", {
            let mut statements = squeezed();
            statements.push(built(REMIND, &[("?1", "'{remind_last}'"), ("?2", "NULL")]));
            statements
        }),
        read("show", show_by_id()),
        read("show-word", show_word),
        Floor {
            name: "done",
            writes: true,
            statements: done_by_id,
        },
        Floor {
            name: "done-word",
            writes: true,
            statements: done_word,
        },
        Floor {
            name: "add",
            writes: true,
            statements: add(),
        },
        read(
            "export-json",
            vec![
                inline("SELECT value FROM settings WHERE key = 'device'", &[]),
                built(case_records_sql("1"), &[]),
                built(event_texts_sql("1"), &[]),
            ],
        ),
        // closeout counts each case's history through the index case by case; the floor reads
        // the same index entries in one grouped pass.
        read(
            "export-ics",
            vec![
                built(calendar_sql("1"), &[]),
                built(
                    REVISIONS_SQL.replace(
                        "WHERE case_uuid = ?1 AND kind != 'case.add' GROUP BY step_uuid",
                        "WHERE kind != 'case.add' GROUP BY case_uuid, step_uuid",
                    ),
                    &[],
                ),
            ],
        ),
    ]
}

/// One space for every run of whitespace: the same statement however a source line breaks it.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The store's source as its string literals read: continuation lines joined.
fn store_source() -> String {
    [
        include_str!("cases.rs"),
        include_str!("steps.rs"),
        include_str!("events.rs"),
        include_str!("departure.rs"),
        include_str!("transfer.rs"),
    ]
    .iter()
    .map(|f| squeeze(&f.replace("\\\n", " ").replace('"', " ")))
    .collect::<Vec<_>>()
    .join("\n")
}

fn render(floors: &[Floor]) -> String {
    let mut out = String::from(
        "-- The floors of bench/bench.py: closeout's own statements, written by\n\
         -- src/store/bench_floors.rs from the store's SQL (do not edit by hand: when\n\
         -- `cargo test --lib bench_floors` fails, copy target/floors.sql over it).\n",
    );
    for f in floors {
        out.push_str(&format!("\n-- floor: {}\n", f.name));
        if f.writes {
            out.push_str("-- writes\n");
        }
        for st in &f.statements {
            for (name, value) in &st.binds {
                out.push_str(&format!("-- bind: {name} {value}\n"));
            }
            out.push_str(&squeeze(&st.sql));
            out.push_str(";\n");
        }
    }
    out
}

#[test]
fn the_benchmark_floors_run_the_stores_own_statements() {
    let floors = floors();
    let source = store_source();
    for f in &floors {
        for st in f.statements.iter().filter(|s| s.inline) {
            let text = squeeze(&st.sql);
            assert!(
                source.contains(&text),
                "floor {}: the store no longer runs\n{text}\nupdate src/store/bench_floors.rs",
                f.name
            );
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let wanted = render(&floors);
    let have = std::fs::read_to_string(root.join(FLOORS)).unwrap_or_default();
    if have != wanted {
        // The floors as they must read, beside the build, to be copied over.
        let fresh = root.join("target").join("floors.sql");
        let _ = std::fs::create_dir_all(root.join("target"));
        std::fs::write(&fresh, &wanted).expect("write the floors");
        panic!(
            "{FLOORS} is not the store's SQL any more: cp {} {FLOORS}",
            fresh.display()
        );
    }
}
