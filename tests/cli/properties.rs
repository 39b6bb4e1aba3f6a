//! Property tests: the date parser, the CASE and STEP resolvers, and free text through the
//! binary. Whatever the input: never a panic; what is valid means what it says; what is invalid
//! exits 1 or 2 with an `error:` line and leaves the database exactly as it was.

use crate::common::*;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use closeout::domain::date::{DATE_FORMS, DateSpec};
use closeout::domain::model::{Step, StepStatus};
use closeout::domain::resolve::{CaseMatch, CaseRef, StepMatch, match_case, match_step};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Any day chrono can hold, as the "today" a date is resolved against.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
}

/// A day of these centuries, where dates people type live.
fn usual_day() -> impl Strategy<Value = NaiveDate> {
    (730_000i32..=770_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
}

/// Text that looks like a date more often than chance would make it.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+-]{0,2}[0-9]{0,7}[dwmyDWM]{0,2}",
        "[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}",
        "[ ]{0,2}(mon|tue|wed|thu|fri|sat|sun|today|tomorrow|yesterday)[a-z]{0,6}[ ]{0,2}",
        "(next|last|in) [0-9a-z ]{0,10}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T0-9:Z+]{0,9}",
        "[0-9]{1,3}[/.][0-9]{1,3}([/.][0-9]{0,5})?",
    ]
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    #[test]
    fn the_date_parser_never_panics_and_round_trips(text in date_like(), today in any_day()) {
        match text.parse::<DateSpec>() {
            Ok(spec) => {
                let again: DateSpec = spec.to_string().parse().expect("its own output parses");
                prop_assert_eq!(again, spec);
                let _ = spec.resolve(today);
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.contains(DATE_FORMS), "{}", message);
                prop_assert!(message.contains(&format!("'{text}'")), "{}", message);
            }
        }
    }

    #[test]
    fn iso_dates_parse_to_themselves(day in (1000i32..=9999, 1u32..=12, 1u32..=31)) {
        let (y, m, d) = day;
        let text = format!("{y:04}-{m:02}-{d:02}");
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => prop_assert_eq!(text.parse::<DateSpec>(), Ok(DateSpec::Exact(date))),
            None => {
                let err = text.parse::<DateSpec>().expect_err("no such day");
                prop_assert!(err.to_string().contains("no such day"));
            }
        }
    }

    #[test]
    fn day_first_dates_parse_to_themselves(day in (1000i32..=9999, 1u32..=12, 1u32..=31), dots in prop::bool::ANY) {
        let (y, m, d) = day;
        let sep = if dots { '.' } else { '/' };
        let text = format!("{d}{sep}{m:02}{sep}{y}");
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => prop_assert_eq!(text.parse::<DateSpec>(), Ok(DateSpec::Exact(date))),
            None => {
                let err = text.parse::<DateSpec>().expect_err("no such day");
                prop_assert!(err.to_string().contains("no such day"));
            }
        }
        // Month first is never guessed: refused when it cannot be day first, else day first.
        let month_first = format!("{m}{sep}{d}{sep}{y}");
        match (d > 12, NaiveDate::from_ymd_opt(y, d, m)) {
            (true, _) => {
                let err = month_first.parse::<DateSpec>().expect_err("month first");
                prop_assert!(err.to_string().contains("did you mean"), "{}", err);
            }
            (false, Some(date)) => {
                prop_assert_eq!(month_first.parse::<DateSpec>(), Ok(DateSpec::Exact(date)));
            }
            (false, None) => prop_assert!(month_first.parse::<DateSpec>().is_err()),
        }
    }

    #[test]
    fn in_words_count_from_today(n in 0i64..=5000, unit in "(day|days|week|weeks)", today in usual_day()) {
        let days = n * if unit.starts_with('w') { 7 } else { 1 };
        let day = format!("in {n} {unit}").parse::<DateSpec>().expect("in words").resolve(today);
        prop_assert_eq!(day, today.checked_add_days(Days::new(days as u64)));
    }

    #[test]
    fn offsets_count_from_today(n in 0i64..=5000, sign in prop::bool::ANY, unit in "[dwDW]", today in usual_day()) {
        let text = format!("{}{n}{unit}", if sign { '+' } else { '-' });
        let days = n * if unit.eq_ignore_ascii_case("w") { 7 } else { 1 };
        let day = text.parse::<DateSpec>().expect("offset").resolve(today).expect("in range");
        let expected = if sign {
            today.checked_add_days(Days::new(days as u64))
        } else {
            today.checked_sub_days(Days::new(days as u64))
        };
        prop_assert_eq!(Some(day), expected);
    }

    #[test]
    fn months_land_in_the_right_month_clamped_to_its_end(n in 0i64..=1180, today in usual_day()) {
        let day = format!("+{n}m").parse::<DateSpec>().expect("months").resolve(today).expect("in range");
        let months = today.year() as i64 * 12 + today.month0() as i64 + n;
        prop_assert_eq!((day.year() as i64, day.month0() as i64), (months / 12, months % 12));
        prop_assert!(day.day() == today.day() || (day.day() < today.day() && day.succ_opt().is_none_or(|s| s.day() == 1)));
    }

    #[test]
    fn weekdays_are_the_next_such_day(index in 0u8..7, short in prop::bool::ANY, upper in prop::bool::ANY, today in usual_day()) {
        let weekday = Weekday::try_from(index).expect("weekday");
        let long = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][index as usize];
        let mut text = if short { long[..3].to_string() } else { long.to_string() };
        if upper { text = text.to_uppercase(); }
        let day = text.parse::<DateSpec>().expect("weekday").resolve(today).expect("in range");
        let ahead = (day - today).num_days();
        prop_assert!((1..=7).contains(&ahead), "{} days", ahead);
        prop_assert_eq!(day.weekday(), weekday);
    }
}

fn case_refs() -> impl Strategy<Value = Vec<CaseRef>> {
    let title = prop_oneof![
        any::<String>(),
        "(Proximus|Orange|Telenet|注销|卡|SIM| |x){1,4}"
    ];
    prop::collection::vec(
        (
            title,
            prop::option::of("(Proximus|Orange|Telenet|[a-zé]{1,6})"),
        ),
        0..6,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (title, provider))| CaseRef {
                id: i as i64 + 1,
                title,
                provider,
            })
            .collect()
    })
}

fn contains(case: &CaseRef, needle: &str) -> bool {
    case.title.to_lowercase().contains(needle)
        || case
            .provider
            .as_deref()
            .is_some_and(|p| p.to_lowercase().contains(needle))
}

fn step(position: i64, key: &str) -> Step {
    Step {
        id: position,
        uuid: String::new(),
        position,
        key: key.into(),
        title: key.into(),
        how: String::new(),
        status: StepStatus::Pending,
        due: None,
        rule: None,
        due_manual: false,
        done_at: None,
        note: None,
        abroad: false,
    }
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    #[test]
    fn a_case_piece_finds_exactly_the_cases_it_is_in(cases in case_refs(), piece in prop_oneof![any::<String>(), "(prox|orange|tel|注销|卡|sim| )"]) {
        let needle = piece.trim().to_lowercase();
        match match_case(&piece, &cases) {
            CaseMatch::One(id) => {
                let case = cases.iter().find(|c| c.id == id).expect("a known id");
                prop_assert!(contains(case, &needle));
            }
            CaseMatch::Ambiguous(found) => {
                prop_assert!(found.len() >= 2);
                prop_assert!(found.iter().all(|c| contains(c, &needle)));
            }
            CaseMatch::None => {
                prop_assert!(needle.is_empty() || !cases.iter().any(|c| contains(c, &needle)));
            }
        }
    }

    #[test]
    fn a_whole_title_finds_its_case(cases in case_refs(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!cases.is_empty());
        let target = &cases[pick.index(cases.len())];
        prop_assume!(!target.title.trim().is_empty() && target.title.trim() == target.title);
        let same = cases.iter().filter(|c| c.title.to_lowercase() == target.title.to_lowercase()).count();
        match match_case(&target.title, &cases) {
            CaseMatch::One(id) => prop_assert!(same == 1 && id == target.id),
            CaseMatch::Ambiguous(found) => prop_assert!(same > 1 && found.iter().any(|c| c.id == target.id)),
            CaseMatch::None => prop_assert!(false, "{:?} not found", target.title),
        }
    }

    #[test]
    fn a_step_word_finds_its_position_key_or_unique_prefix(
        keys in prop::collection::btree_set("[a-z]{1,9}", 1..8),
        word in prop_oneof![any::<String>(), "[a-zA-Z]{0,4}", "[0-9]{1,3}", " *[0-9]{1,2} *"],
    ) {
        let steps: Vec<Step> = keys.iter().enumerate().map(|(i, k)| step(i as i64 + 1, k)).collect();
        let w = word.trim().to_lowercase();
        match match_step(&word, &steps) {
            StepMatch::One(i) => {
                prop_assert!(i < steps.len());
                let s = &steps[i];
                prop_assert!(w.parse::<i64>() == Ok(s.position) || s.key == w
                    || (s.key.starts_with(&w) && steps.iter().filter(|t| t.key.starts_with(&w)).count() == 1));
            }
            StepMatch::Ambiguous(found) => {
                prop_assert!(found.len() >= 2 && found.iter().all(|k| k.starts_with(&w)));
                prop_assert!(!keys.contains(&w));
            }
            StepMatch::None => {
                if let Ok(n) = w.parse::<i64>() {
                    prop_assert!(n < 1 || n > steps.len() as i64);
                } else {
                    prop_assert!(w.is_empty() || !steps.iter().any(|s| s.key.starts_with(&w)));
                }
            }
        }
    }
}

/// Text a person could pass on a command line: anything but NUL, which argv cannot carry.
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "[\\-'\"%\\\\;$` 注销卡📱\u{200b}\u{feff}\t\r\n]{0,12}",
    ]
    .prop_map(|s| s.replace('\0', ""))
}

/// Runs `args` on `env`'s database: exit 0, or exit 1 or 2 with an `error:` line and the
/// database unchanged, byte for byte and row for row. Returns stdout when it succeeded.
fn never_lies(env: &Env, args: &[&str]) -> Result<Option<String>, TestCaseError> {
    let bytes = env.snapshot();
    let rows = env.dump();
    let out = env.cmd().args(args).output().expect("run closeout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!stderr.contains("panicked"), "{:?}: {}", args, stderr);
    match out.status.code() {
        Some(0) => Ok(Some(String::from_utf8(out.stdout).expect("utf-8 output"))),
        Some(1 | 2) => {
            if args.contains(&"--json") {
                let said: serde_json::Value = serde_json::from_str(&stderr)
                    .map_err(|e| TestCaseError::fail(format!("{args:?}: {e}: {stderr}")))?;
                prop_assert!(said["error"]["kind"].is_string(), "{:?}: {}", args, stderr);
            } else {
                prop_assert!(stderr.starts_with("error:"), "{:?}: {}", args, stderr);
            }
            prop_assert!(env.snapshot() == bytes, "{:?} changed the database", args);
            prop_assert_eq!(env.dump(), rows, "{:?} changed rows", args);
            Ok(None)
        }
        code => Err(TestCaseError::fail(format!(
            "{args:?}: exit {code:?}: {stderr}"
        ))),
    }
}

#[test]
fn free_text_is_stored_exactly_or_refused_cleanly() {
    let env = Env::new();
    env.add_proximus();
    let strategy = (
        free_text(),
        free_text(),
        free_text(),
        free_text(),
        free_text(),
    );
    TestRunner::new(Config::with_cases(48))
        .run(&strategy, |(title, note, number, holder, line)| {
            let (note_arg, number_arg, holder_arg) = (
                format!("--note={note}"),
                format!("--number={number}"),
                format!("--holder={holder}"),
            );
            let added = never_lies(
                &env,
                &[
                    "add",
                    &note_arg,
                    &number_arg,
                    &holder_arg,
                    "--json",
                    "--",
                    &title,
                ],
            )?;
            let Some(added) = added else {
                // A case needs a title and a holder.
                prop_assert!(
                    title.trim().is_empty() || holder.trim().is_empty(),
                    "{:?} held by {:?} refused",
                    title,
                    holder
                );
                return Ok(());
            };
            let case: serde_json::Value = serde_json::from_str(&added).expect("json");
            let id = case["id"].to_string();
            // Stored exactly as given: read back by another process.
            let shown = env.json(&["show", &id]);
            prop_assert_eq!(&shown["title"], title.trim());
            prop_assert_eq!(&shown["note"], note.as_str());
            prop_assert_eq!(&shown["number"], number.as_str());
            prop_assert_eq!(&shown["holder"], holder.as_str());
            // A note line, on a step, whatever it holds.
            if never_lies(&env, &["note", &id, "2", "--", &line])?.is_some() {
                let shown = env.json(&["show", &id]);
                prop_assert_eq!(&shown["steps"][1]["note"], line.as_str());
            } else {
                prop_assert!(line.trim().is_empty(), "{:?} refused", line);
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn invalid_dates_exit_2_and_change_nothing() {
    let env = Env::new();
    env.add_proximus();
    let strategy = date_like().prop_filter("invalid", |s| s.parse::<DateSpec>().is_err());
    TestRunner::new(Config::with_cases(48))
        .run(&strategy, |text| {
            for args in [
                vec!["add".to_string(), "X".into(), format!("--deadline={text}")],
                vec![
                    "done".into(),
                    "1".into(),
                    "method".into(),
                    format!("--date={text}"),
                ],
                vec!["pending".into(), format!("--before={text}")],
            ] {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                prop_assert!(never_lies(&env, &args)?.is_none(), "{:?} accepted", args);
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn any_case_and_step_words_resolve_or_are_refused_cleanly() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["add", "注销 Orange 卡"]);
    env.ok(&["add", "Orange internet", "--template", "contract"]);
    let word = prop_oneof![
        free_text(),
        "(1|2|3|9|0|-1|orange|prox|注销|卡|me|do|sub|s|u)"
    ];
    TestRunner::new(Config::with_cases(64))
        .run(&(word.clone(), word), |(case, step)| {
            never_lies(&env, &["show", "--", &case])?;
            never_lies(&env, &["skip", "--", &case, &step])?;
            never_lies(&env, &["reopen", "--", &case, &step])?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
