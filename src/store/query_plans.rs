//! The long-list queries must keep using their indexes: a plan that scans every step, or sorts
//! every row, would make `pending` and `list` slow in proportion to all the work ever recorded.

use super::cases::list_sql;
use super::events::CHANGES_NEWEST_FIRST;
use super::migrate;
use super::remind::REMIND;
use super::steps::{OPEN_CASES, PendingPlan, pending_sql, pending_steps_sql};
use rusqlite::Connection;

fn plan(conn: &Connection, sql: &str, params: usize) -> Vec<String> {
    let nulls = vec![rusqlite::types::Null; params];
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan");
    stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

fn database() -> Connection {
    let mut conn = Connection::open_in_memory().expect("db");
    migrate::run(&mut conn, None).expect("migrate");
    conn
}

#[test]
fn pending_reads_the_pending_index_in_order_without_sorting() {
    let conn = database();
    for dated in [true, false] {
        let steps = plan(&conn, &pending_sql(dated, PendingPlan::ByDue), 3);
        let text = steps.join("\n");
        assert!(
            steps.iter().any(
                |s| s.starts_with("SEARCH s USING") && s.contains("INDEX steps_pending_by_due")
            ),
            "{text}"
        );
        assert!(
            !text.contains("TEMP B-TREE"),
            "pending sorts its rows:\n{text}"
        );
        assert!(!text.contains("SCAN"), "pending scans a table:\n{text}");
    }
}

#[test]
fn the_whole_pending_list_reads_the_open_cases_then_the_pending_index_each_once_in_order() {
    let conn = database();
    let cases = plan(&conn, OPEN_CASES, 1).join("\n");
    assert!(
        cases.contains("SEARCH cases USING INDEX cases_by_status (status=?)"),
        "{cases}"
    );
    for dated in [true, false] {
        let text = plan(&conn, pending_steps_sql(dated), 0).join("\n");
        assert!(text.contains("INDEX steps_pending_by_due"), "{text}");
        assert!(!text.contains("cases"), "joins the cases:\n{text}");
        assert!(!text.contains("TEMP B-TREE"), "sorts its rows:\n{text}");
    }
    assert!(!cases.contains("TEMP B-TREE"), "sorts the cases:\n{cases}");
}

#[test]
fn pending_with_most_cases_closed_reads_only_the_open_cases() {
    let conn = database();
    for dated in [true, false] {
        let text = plan(&conn, &pending_sql(dated, PendingPlan::ByCase), 3).join("\n");
        assert!(
            text.contains("SEARCH c USING INDEX cases_by_status (status=?)"),
            "{text}"
        );
        assert!(
            text.contains("SEARCH s USING INDEX steps_by_case (case_id=? AND status=?)"),
            "{text}"
        );
        assert!(!text.contains("SCAN"), "pending scans a table:\n{text}");
    }
}

#[test]
fn pending_of_one_case_reads_that_case_only() {
    let conn = database();
    for dated in [true, false] {
        let text = plan(&conn, &pending_sql(dated, PendingPlan::OneCase), 3).join("\n");
        assert!(
            text.contains("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"),
            "{text}"
        );
        assert!(
            text.contains("SEARCH s USING INDEX steps_by_case (case_id=? AND status=?)"),
            "{text}"
        );
        assert!(!text.contains("SCAN"), "pending scans a table:\n{text}");
    }
}

#[test]
fn list_walks_open_cases_by_index_and_counts_steps_from_an_index() {
    let conn = database();
    let steps = plan(&conn, &list_sql(false), 1);
    let text = steps.join("\n");
    assert!(
        text.contains("SEARCH c USING INDEX cases_by_status"),
        "{text}"
    );
    assert!(!text.contains("SCAN"), "list scans a table:\n{text}");
    assert!(text.contains("COVERING INDEX steps_by_case"), "{text}");
    // --all reads every case, in id order, without sorting.
    let all = plan(&conn, &list_sql(true), 1).join("\n");
    assert!(!all.contains("TEMP B-TREE"), "{all}");
    assert!(
        !all.contains("SCAN f") && !all.contains("SCAN t") && !all.contains("SCAN p"),
        "{all}"
    );
}

#[test]
fn remind_reads_only_due_pending_steps_from_the_pending_index() {
    let conn = database();
    let text = plan(&conn, REMIND, 2).join("\n");
    assert!(
        text.contains("SEARCH s USING COVERING INDEX steps_pending_by_due (due<?)"),
        "{text}"
    );
    assert!(!text.contains("SCAN s"), "remind scans the steps:\n{text}");
    assert!(
        text.contains("SEARCH c USING INTEGER PRIMARY KEY"),
        "{text}"
    );
    // Deadlines in the window come from the index of open cases by deadline, not from a walk
    // over every open case.
    assert!(
        text.contains("INDEX cases_open_by_deadline (deadline<?)"),
        "{text}"
    );
}

#[test]
fn undo_reads_the_newest_changes_from_the_index_without_sorting() {
    let conn = database();
    let text = plan(&conn, CHANGES_NEWEST_FIRST, 0).join("\n");
    // The partial index of the changes made here: another database's history is never walked.
    assert!(text.contains("INDEX events_own_by_change"), "{text}");
    assert!(!text.contains("TEMP B-TREE"), "{text}");
}
