//! `departure`: the household's one departure date. Setting it moves the deadline of every open
//! case that follows it, as `deadline` would one by one, in one change that undo takes back.

use super::edit::{Changes, apply};
use super::{Ctx, warn_notice_too_late, warn_past_deadline};
use crate::domain::date::DueSpec;
use crate::msg::Msg;
use crate::render::json::{self, day_value};
use crate::store::{Access, NewEvent};
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

pub use crate::domain::change::{HOUSEHOLD, HOUSEHOLD_UUID};

pub fn run(date: Option<DueSpec>, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let Some(spec) = date else {
        let mut store = ctx.open(Access::Read)?;
        let (day, cases) = store.read(|tx| Ok((tx.departure()?, tx.following_cases()?)))?;
        return show(ctx, out, day, &cases, &[]);
    };
    let day = match spec {
        DueSpec::On(spec) => Some(super::resolve_day(spec, &ctx.now)?),
        DueSpec::Clear => None,
    };
    let mut store = ctx.open(Access::Write)?;
    let (cases, said, moved) = store.write(|tx| {
        let old = tx.departure()?;
        let mut said = Vec::new();
        let mut moved = Vec::new();
        if old == day {
            return Ok((tx.following_cases()?, said, moved));
        }
        tx.set_departure(day, ctx.now.at)?;
        tx.record(
            &NewEvent {
                case_id: HOUSEHOLD,
                case_uuid: HOUSEHOLD_UUID,
                step: None,
                kind: crate::domain::change::Kind::Departure,
                before: Some(json!({ "departure": day_value(old) })),
                after: Some(json!({ "departure": day_value(day) })),
            },
            ctx.now.at,
        )?;
        let changes = Changes::follow_departure();
        for id in tx.following_cases()? {
            let cs = super::reload(tx, id)?;
            let applied = apply(tx, cs, &changes, None, ctx)?;
            said.extend(applied.said);
            moved.push(applied.case);
        }
        Ok((tx.following_cases()?, said, moved))
    })?;
    warn_past_deadline(day, ctx.now.today);
    for cs in &moved {
        warn_notice_too_late(&cs.case, &cs.steps, ctx.now.today);
    }
    show(ctx, out, day, &cases, &said)
}

fn show(
    ctx: &Ctx,
    out: &mut dyn Write,
    day: Option<NaiveDate>,
    cases: &[i64],
    said: &[String],
) -> Result<()> {
    if ctx.json {
        return json::write(out, &json!({ "departure": day_value(day), "cases": cases }));
    }
    for line in said {
        writeln!(out, "{line}")?;
    }
    match day {
        Some(d) => {
            let when = crate::render::human::when(d, ctx.now.today);
            let said = Msg::DepartureIs {
                day: &d.to_string(),
                when: &when,
                cases: cases.len(),
            };
            crate::render::wrap::write(out, &said.to_string(), ctx.view().width)?;
        }
        None => writeln!(out, "{}", Msg::NoDepartureSet)?,
    }
    Ok(())
}
