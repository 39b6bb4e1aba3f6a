//! `note CASE [STEP] TEXT`: a line added to a case's or a step's note; earlier lines stay.

use super::mark::add_step_note;
use super::{Ctx, print_changed, record_case, reload, resolve_case_of_step, resolve_steps};
use crate::domain::change::Kind;
use crate::domain::model::append_note;
use crate::error::Failure;
use crate::msg::Msg;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn run(case: &str, words: &[String], ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (step, text) = match words {
        [text] => (None, text),
        [step, text] => (Some(step), text),
        _ => {
            return Err(Failure::Usage(Msg::NoteWords.to_string()).into());
        }
    };
    if text.trim().is_empty() {
        return Err(Failure::Usage(Msg::EmptyNote.to_string()).into());
    }
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case_of_step(
            tx,
            case,
            step.map(String::as_str),
            "note",
            &format!(" {}", Msg::ArgText),
        )?;
        let message = match step {
            Some(word) => {
                let index = resolve_steps(&cs, std::slice::from_ref(word))?[0];
                add_step_note(tx, &cs, index, text, &ctx.now)?;
                let s = &cs.steps[index];
                Msg::NoteAddedStep {
                    position: s.position,
                    key: &s.key,
                }
                .to_string()
            }
            None => {
                let note = append_note(cs.case.note.as_deref(), text);
                tx.set_case_note(cs.case.id, &note, ctx.now.at)?;
                record_case(
                    tx,
                    &cs,
                    Kind::CaseNote,
                    Some(json!({ "note": cs.case.note })),
                    Some(json!({ "note": note })),
                    &ctx.now,
                )?;
                Msg::NoteAddedCase { id: cs.case.id }.to_string()
            }
        };
        // Only JSON shows the case as it is now; the human output is the message alone, so the
        // case is not read again for it.
        let cs = match ctx.json {
            true => reload(tx, cs.case.id)?,
            false => cs,
        };
        Ok((cs, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}
