//! Fills a database with generated cases for benchmarks: `seed DB STEPS`.
//!
//! Cases of six `sim` steps, about a third of the steps done, due dates spread over 60 days around
//! today, titles in Latin and Chinese script. Everything goes in through the store in one
//! transaction, so 100,000 steps take well under two seconds.

use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};
use closeout::catalog::Catalog;
use closeout::clock::Now;
use closeout::domain::change::Kind;
use closeout::domain::date::iso;
use closeout::domain::model::{Channel, StepStatus};
use closeout::domain::text::Lang;
use closeout::render::json::case_value;
use closeout::store::{Access, CaseFields, NewEvent, NewStep, Store};
use serde_json::json;
use std::path::PathBuf;

const TITLES: [&str; 8] = [
    "Proximus SIM",
    "Telenet internet",
    "Orange 手机卡",
    "注销 BASE 号码",
    "Basic-Fit gym",
    "家庭保险 insurance",
    "Mobile Vikings",
    "Scarlet 宽带",
];

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(steps)) = (args.next(), args.next()) else {
        bail!("usage: seed DB STEPS");
    };
    let steps: usize = steps.parse().context("STEPS must be a number")?;
    let now = Now::from_env()?;
    let mut store = Store::open(&PathBuf::from(db), Access::Write)?;
    store.for_bulk()?;
    let cases = steps.div_ceil(6);
    let channels = Channel::ALL;
    let catalog = Catalog::load(None)?;
    let sim = catalog.find("sim").context("no sim template")?.template()?;
    store.write(|tx| {
        let mut made = 0;
        let mut done = Vec::new();
        for c in 0..cases {
            let title = format!("{} {}", TITLES[c % TITLES.len()], c + 1);
            let deadline = shift(now.today, (c % 60) as i64 - 10 + 21);
            let channel = channels[c % 3];
            let id = tx.insert_case(
                "sim",
                &CaseFields {
                    title: &title,
                    provider: None,
                    channel: Some(channel),
                    holder: if c % 5 == 0 { "bob" } else { "alice" },
                    number: Some("+32 470 00 00 00"),
                    deadline: Some(deadline),
                    note: None,
                    lang: Lang::En,
                    notice_days: None,
                    follows_departure: false,
                },
                now.at,
            )?;
            let drafts = sim.steps(None, Some(channel), Lang::En);
            for (i, draft) in drafts.iter().enumerate() {
                if made == steps {
                    break;
                }
                let due = match &draft.rule {
                    Some(closeout::domain::model::Rule::BeforeDeadline { days }) => {
                        Some(shift(deadline, -days))
                    }
                    _ => None,
                };
                let step = tx.insert_step(
                    id,
                    &NewStep {
                        position: i as i64 + 1,
                        key: &draft.key,
                        title: &draft.title,
                        how: &draft.how,
                        rule: draft.rule.as_ref(),
                        due,
                        abroad: draft.abroad,
                    },
                    now.at,
                )?;
                // The first two of every six steps done: a third of the work finished.
                if i < 2 {
                    tx.set_step_status(step, StepStatus::Done, Some(now.today), now.at)?;
                    done.push((step, draft.key.clone()));
                }
                made += 1;
            }
            // The history `add` and `done` would have written: the case as added, then each
            // step done, so that an export of the seed imports like a real one.
            let cs = tx.case_with_steps(id)?.context("the case just added")?;
            tx.record(
                &NewEvent {
                    case_id: id,
                    case_uuid: &cs.case.uuid,
                    step: None,
                    kind: Kind::CaseAdd,
                    before: None,
                    after: Some(case_value(&cs)),
                },
                now.at,
            )?;
            for (step_id, key) in done.drain(..) {
                let uuid = cs
                    .steps
                    .iter()
                    .find(|s| s.id == step_id)
                    .map(|s| s.uuid.clone())
                    .unwrap_or_default();
                tx.record(
                    &NewEvent {
                        case_id: id,
                        case_uuid: &cs.case.uuid,
                        step: Some((&uuid, &key)),
                        kind: Kind::StepDone,
                        before: Some(json!({ "status": "pending", "done_at": null })),
                        after: Some(json!({ "status": "done", "done_at": iso(now.today) })),
                    },
                    now.at,
                )?;
            }
        }
        Ok(())
    })?;
    println!("{cases} cases, {steps} steps");
    Ok(())
}

fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days as u64)).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(day)
    }
}
