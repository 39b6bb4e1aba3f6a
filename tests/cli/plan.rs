//! Planning a move: the checklist chosen by the title, the post channel, one language per case,
//! notice periods, the departure date and the steps that must be done before leaving.

use crate::common::{Env, keys_with_status, step};
use serde_json::Value;

fn keys(case: &Value) -> Vec<String> {
    let mut all = keys_with_status(case, "pending");
    all.extend(keys_with_status(case, "done"));
    all
}

#[test]
fn every_example_title_gets_the_checklist_of_its_kind() {
    let env = Env::new();
    for (title, template) in [
        ("Telenet internet", "internet"),
        ("Proximus", "sim"),
        ("注销 Orange 手机卡", "sim"),
        ("Basic-Fit gym", "gym"),
        ("健身房会员", "gym"),
        ("房屋租约", "lease"),
        ("apartment lease", "lease"),
        ("Ethias insurance", "insurance"),
        ("汽车保险", "insurance"),
        ("Engie electricity", "energy"),
        ("Netflix subscription", "subscription"),
        ("KBC bank account", "bank"),
        ("Piano lessons", "contract"),
    ] {
        let case = env.json(&["add", title]);
        assert_eq!(case["template"], template, "{title}");
    }
    // A gym has no bank SMS codes to unbind, and a card to hand back.
    let gym = env.json(&["show", "Basic-Fit"]);
    assert!(!keys(&gym).contains(&"unbind".to_string()), "{gym}");
    assert_eq!(
        step(&gym, "card")["title"],
        "Return the membership card or badge"
    );
    assert_eq!(gym["provider"], "Basic-Fit");
    let lease = env.json(&["show", "apartment"]);
    assert!(keys(&lease).contains(&"deposit".to_string()));
    assert!(keys(&lease).contains(&"inspection".to_string()));
    let energy = env.json(&["show", "Engie"]);
    assert!(keys(&energy).contains(&"meter".to_string()));
}

#[test]
fn add_says_which_checklist_it_took_why_and_how_to_choose_another() {
    let env = Env::new();
    let out = env.ok(&["add", "Telenet internet"]);
    assert!(
        out.contains(
            "checklist: internet, since the title says 'internet'; another: add --template NAME"
        ),
        "{out}"
    );
    let out = env.ok(&["add", "Proximus"]);
    assert!(
        out.contains("checklist: sim, since the sim template knows Proximus"),
        "{out}"
    );
    let out = env.ok(&["add", "Piano lessons"]);
    assert!(
        out.contains("checklist: contract, since the title names no kind of contract"),
        "{out}"
    );
    // Chosen by hand: nothing to explain.
    let out = env.ok(&["add", "Basic-Fit gym", "--template", "contract"]);
    assert!(!out.contains("checklist:"), "{out}");
    let out = env.ok(&["--lang", "zh", "add", "健身房会员"]);
    assert!(
        out.contains("已选用 gym 模板，因为标题中有「健身」"),
        "{out}"
    );
}

#[test]
fn a_user_template_takes_part_with_its_words_and_wins_over_a_built_in() {
    let env = Env::new();
    let dir = env.dir.path().join("xdg-config/closeout/templates");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("club.toml"),
        "name = \"club\"\ndescription = \"My club\"\nmatch = [\"gym\", \"tennis\"]\n\
         [[steps]]\nkey = \"quit\"\ntitle = \"Quit the club\"\n",
    )
    .expect("write");
    assert_eq!(env.json(&["add", "Basic-Fit gym"])["template"], "club");
    assert_eq!(env.json(&["add", "Tennis club"])["template"], "club");
    assert_eq!(
        env.json(&["add", "Ethias insurance"])["template"],
        "insurance"
    );
}

#[test]
fn the_post_channel_writes_a_signed_letter_for_contracts_and_not_for_sim_cards() {
    let env = Env::new();
    let case = env.json(&["add", "Ethias insurance", "--channel", "post"]);
    assert_eq!(case["channel"], "post");
    let how = step(&case, "submit")["how"]
        .as_str()
        .expect("how")
        .to_string();
    assert!(how.contains("signed letter"), "{how}");
    assert!(
        how.contains("registered post where the contract asks"),
        "{how}"
    );
    assert!(how.contains("proof of sending"), "{how}");
    // Confirming follows as for any other channel.
    assert_eq!(step(&case, "confirm")["rule"]["after"]["step"], "submit");
    // The SIM template has no letter: refused, nothing written.
    let before = env.dump();
    let err = env.fails(&["add", "Proximus", "--channel", "post"], 2);
    assert!(
        err.contains("the sim template has no how-to for post; use online, phone or shop"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    // The error lists the channels this template has how-tos for, in the user's language.
    let err = env.fails(&["--lang", "zh", "add", "Proximus", "--channel", "post"], 2);
    assert!(
        err.contains("请用 online（网上）、phone（电话）或 shop（门店）"),
        "{err}"
    );
    env.ok(&["add", "Proximus"]);
    let before = env.dump();
    let err = env.fails(&["edit", "Proximus", "--channel", "post"], 2);
    assert!(err.contains("no how-to for post"), "{err}");
    assert_eq!(env.dump(), before);
    // Switching an existing case to post rewrites its pending how-to.
    env.ok(&["add", "Basic-Fit gym"]);
    let gym = env.json(&["edit", "Basic-Fit", "--channel", "post"]);
    assert!(
        step(&gym, "submit")["how"]
            .as_str()
            .expect("how")
            .contains("signed letter")
    );
    let zh = env.json(&["--lang", "zh", "add", "汽车保险", "--channel", "post"]);
    assert!(
        step(&zh, "submit")["how"]
            .as_str()
            .expect("how")
            .contains("挂号信")
    );
}

#[test]
fn a_checklist_speaks_one_language_chosen_when_the_case_is_made() {
    let env = Env::new();
    // A Chinese title in an English locale: a Chinese checklist.
    let zh = env.json(&["add", "注销 Orange 手机卡"]);
    assert_eq!(zh["lang"], "zh");
    assert_eq!(step(&zh, "submit")["title"], "提交注销申请");
    // --lang wins over the title.
    let en = env.json(&["--lang", "en", "add", "健身房会员"]);
    assert_eq!(en["lang"], "en");
    assert_eq!(
        step(&en, "submit")["title"],
        "Submit the cancellation request"
    );
    // Otherwise the interface language.
    let plain = env.json(&["add", "Proximus"]);
    assert_eq!(plain["lang"], "en");
    let mut cmd = env.cmd();
    cmd.env("CLOSEOUT_LANG", "zh")
        .args(["add", "Telenet internet", "--json"]);
    let out = cmd.output().expect("run");
    let case: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(case["lang"], "zh");
    // Refreshing the how-to for a new channel keeps to the case's language, whatever the
    // interface speaks.
    let changed = env.json(&["edit", "1", "--channel", "shop"]);
    let how = step(&changed, "submit")["how"]
        .as_str()
        .expect("how")
        .to_string();
    assert!(how.contains("门店"), "{how}");
    assert!(!how.is_ascii());
}

#[test]
fn edit_lang_rewrites_the_template_text_and_keeps_what_the_user_wrote() {
    let env = Env::new();
    env.ok(&["add", "Proximus"]);
    env.ok(&[
        "step",
        "edit",
        "1",
        "documents",
        "--title",
        "Passport and SIM",
    ]);
    env.ok(&["step", "add", "1", "move KBC 2FA"]);
    env.ok(&["done", "1", "method"]);
    let case = env.json(&["--lang", "zh", "edit", "1"]);
    assert_eq!(case["lang"], "zh");
    assert_eq!(step(&case, "method")["title"], "了解注销方式");
    assert_eq!(step(&case, "submit")["title"], "提交注销申请");
    assert!(
        step(&case, "submit")["how"]
            .as_str()
            .expect("how")
            .contains("Proximus")
    );
    // What the user wrote stays as written.
    assert_eq!(step(&case, "documents")["title"], "Passport and SIM");
    assert_eq!(step(&case, "move-kbc-2fa")["title"], "move KBC 2FA");
    // And back, as one change that undo takes back.
    let back = env.json(&["--lang", "en", "edit", "1"]);
    assert_eq!(
        step(&back, "submit")["title"],
        "Submit the cancellation request"
    );
    env.ok(&["undo"]);
    let undone = env.json(&["show", "1"]);
    assert_eq!(undone["lang"], "zh");
    assert_eq!(step(&undone, "submit")["title"], "提交注销申请");
    // Nothing asked: a usage error.
    let err = env.fails(&["edit", "1"], 2);
    assert!(err.contains("--notice or --lang"), "{err}");
}

#[test]
fn a_notice_moves_submit_and_the_steps_before_it() {
    let env = Env::new();
    let case = env.json(&[
        "add",
        "Basic-Fit gym",
        "--deadline",
        "2027-02-28",
        "--notice",
        "1个月",
    ]);
    assert_eq!(case["notice_days"], 31);
    // Without a notice submit would fall 5 days before; 31 days before now.
    assert_eq!(step(&case, "submit")["due"], "2027-01-28");
    assert_eq!(step(&case, "method")["due"], "2027-01-12");
    assert_eq!(step(&case, "documents")["due"], "2027-01-23");
    // The notice changes: the dates follow, hand-set ones stay.
    env.ok(&["due", "1", "documents", "2027-01-05"]);
    let case = env.json(&["edit", "1", "--notice", "30天"]);
    assert_eq!(case["notice_days"], 30);
    assert_eq!(step(&case, "submit")["due"], "2027-01-29");
    assert_eq!(step(&case, "method")["due"], "2027-01-13");
    assert_eq!(step(&case, "documents")["due"], "2027-01-05");
    let out = env.ok(&["show", "1"]);
    assert!(out.contains("notice    30 days"), "{out}");
    // Cleared: the template's rules alone.
    let case = env.json(&["edit", "1", "--notice", "none"]);
    assert!(case["notice_days"].is_null());
    assert_eq!(step(&case, "submit")["due"], "2027-02-23");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "1"])["notice_days"], 30);
    // A bad notice: refused, nothing written.
    let before = env.dump();
    let err = env.fails(&["edit", "1", "--notice", "a month"], 2);
    assert!(err.contains("30d, 4w, 1m"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_notice_too_long_for_the_deadline_warns_with_the_earliest_end() {
    let env = Env::new();
    let out = env
        .cmd()
        .args([
            "add",
            "apartment lease",
            "--deadline",
            "2026-12-20",
            "--notice",
            "3m",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: case #1: with 93 days' notice the deadline 2026-12-20 can no longer be met; \
             the earliest end it allows is 2027-03-03"
        ),
        "{stderr}"
    );
    // Submit is due at once and flagged as squeezed.
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "submit")["due"], "2026-11-30");
    assert_eq!(step(&case, "submit")["late_for_deadline"], true);
    let out = env
        .cmd()
        .args(["edit", "1", "--notice", "2w"])
        .output()
        .expect("run");
    assert!(out.stderr.is_empty(), "{out:?}");
    // A departure moved earlier warns for the cases that follow it.
    env.ok(&["departure", "2027-03-31"]);
    env.ok(&["add", "Telenet internet", "--notice", "1m"]);
    let out = env
        .cmd()
        .args(["departure", "2026-12-15"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: case #2: with 31 days' notice the deadline 2026-12-15"),
        "{stderr}"
    );
}

#[test]
fn cases_follow_the_departure_as_it_moves_and_own_dates_stay() {
    let env = Env::new();
    assert_eq!(
        env.json(&["departure"]),
        serde_json::json!({ "departure": null, "cases": [] })
    );
    env.ok(&["departure", "2026-12-28"]);
    let sim = env.json(&["add", "Proximus"]);
    assert_eq!(sim["deadline"], "2026-12-28");
    assert_eq!(sim["deadline_from"], "departure");
    assert_eq!(step(&sim, "submit")["due"], "2026-12-23");
    let own = env.json(&["add", "Telenet internet", "--deadline", "2026-12-31"]);
    assert_eq!(own["deadline_from"], "case");
    let gym = env.json(&["add", "Basic-Fit gym"]);
    env.ok(&["due", "1", "unbind", "2026-12-12"]);
    assert_eq!(
        env.json(&["departure"]),
        serde_json::json!({ "departure": "2026-12-28", "cases": [1, 3] })
    );
    let out = env.ok(&["show", "1"]);
    assert!(
        out.contains("2026-12-28 (in 28 days), the departure"),
        "{out}"
    );

    // Moved: the followers' deadlines and rule-driven dates move; hand-set dates and the case
    // with its own date stay.
    let moved = env.json(&["departure", "2027-01-10"]);
    assert_eq!(moved["cases"], serde_json::json!([1, 3]));
    let sim = env.json(&["show", "1"]);
    assert_eq!(sim["deadline"], "2027-01-10");
    assert_eq!(step(&sim, "submit")["due"], "2027-01-05");
    assert_eq!(step(&sim, "unbind")["due"], "2026-12-12");
    assert_eq!(env.json(&["show", "3"])["deadline"], "2027-01-10");
    assert_eq!(env.json(&["show", "2"])["deadline"], "2026-12-31");
    assert_eq!(gym["deadline_from"], "departure");

    // An own date stops following; `deadline CASE departure` follows again.
    let stopped = env.json(&["deadline", "3", "2027-01-03"]);
    assert_eq!(stopped["deadline_from"], "case");
    env.ok(&["departure", "2027-01-12"]);
    assert_eq!(env.json(&["show", "3"])["deadline"], "2027-01-03");
    let again = env.json(&["deadline", "3", "departure"]);
    assert_eq!(again["deadline"], "2027-01-12");
    assert_eq!(again["deadline_from"], "departure");

    // The dashboard's first line names the departure and the days left.
    let out = env.ok(&[]);
    assert!(
        out.starts_with("Departure: 2027-01-12 (in 43 days)\n"),
        "{out}"
    );

    // Cleared: the followers are left with no deadline.
    let cleared = env.json(&["departure", "none"]);
    assert_eq!(
        cleared,
        serde_json::json!({ "departure": null, "cases": [] })
    );
    let sim = env.json(&["show", "1"]);
    assert!(sim["deadline"].is_null() && sim["deadline_from"].is_null());
    assert!(step(&sim, "submit")["due"].is_null());
    assert_eq!(env.json(&["show", "2"])["deadline"], "2026-12-31");
    // Following a departure that is not set is refused.
    let err = env.fails(&["deadline", "1", "departure"], 1);
    assert!(err.contains("no departure date is set"), "{err}");
}

#[test]
fn undo_takes_a_departure_back_with_every_deadline_it_moved() {
    let env = Env::new();
    env.ok(&["departure", "2026-12-28"]);
    env.ok(&["add", "Proximus"]);
    env.ok(&["departure", "2027-01-10"]);
    let log = env.ok(&["log"]);
    assert!(
        log.contains("departure 2027-01-10 (was 2026-12-28)"),
        "{log}"
    );
    let out = env.ok(&["undo"]);
    assert!(
        out.contains("departure 2027-01-10 (was 2026-12-28)"),
        "{out}"
    );
    assert_eq!(env.json(&["departure"])["departure"], "2026-12-28");
    let sim = env.json(&["show", "1"]);
    assert_eq!(sim["deadline"], "2026-12-28");
    assert_eq!(sim["deadline_from"], "departure");
    assert_eq!(step(&sim, "submit")["due"], "2026-12-23");
    env.ok(&["redo"]);
    assert_eq!(env.json(&["departure"])["departure"], "2027-01-10");
    assert_eq!(env.json(&["show", "1"])["deadline"], "2027-01-10");
    // Undo of a clearing brings the following back.
    env.ok(&["departure", "none"]);
    env.ok(&["undo"]);
    let sim = env.json(&["show", "1"]);
    assert_eq!(sim["deadline_from"], "departure");
    assert_eq!(env.json(&["departure"])["cases"], serde_json::json!([1]));
}

#[test]
fn export_and_import_carry_the_departure_notice_language_and_following() {
    let env = Env::new();
    env.ok(&["departure", "2026-12-28"]);
    env.ok(&["add", "Proximus"]);
    env.ok(&["add", "健身房会员", "--notice", "1m", "--channel", "post"]);
    let file = env.dir.path().join("all.json");
    env.ok(&["export", "--output", file.to_str().expect("utf-8")]);
    let other = Env::new();
    other.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(
        other.json(&["departure"]),
        serde_json::json!({ "departure": "2026-12-28", "cases": [1, 2] })
    );
    let gym = other.json(&["show", "2"]);
    assert_eq!(gym["lang"], "zh");
    assert_eq!(gym["notice_days"], 31);
    assert_eq!(gym["channel"], "post");
    assert_eq!(gym["deadline_from"], "departure");
    assert_eq!(step(&gym, "confirm")["abroad"], true);
    assert_eq!(step(&gym, "card")["abroad"], false);
    // Moved on the other side and brought back: the newer departure wins.
    other.ok(&["departure", "2027-01-05"]);
    let back = env.dir.path().join("back.json");
    other.ok(&["export", "--output", back.to_str().expect("utf-8")]);
    env.ok(&["import", back.to_str().expect("utf-8")]);
    assert_eq!(env.json(&["departure"])["departure"], "2027-01-05");
    assert_eq!(env.json(&["show", "1"])["deadline"], "2027-01-05");
    // Importing the same file again changes nothing.
    let before = env.dump();
    env.ok(&["import", back.to_str().expect("utf-8")]);
    assert_eq!(env.dump(), before);
}

#[test]
fn a_step_to_do_before_leaving_never_falls_after_the_deadline_and_is_flagged_when_squeezed() {
    let mut env = Env::new();
    env.ok(&["add", "Telenet internet", "--deadline", "2026-12-20"]);
    // Submitted late: returning the modem 7 days after would fall after the deadline.
    env.at("2026-12-17T09:00:00Z");
    let case = env.json(&["done", "1", "method", "services", "documents", "submit"]);
    let equipment = step(&case, "equipment");
    assert_eq!(equipment["due"], "2026-12-20");
    assert_eq!(equipment["abroad"], false);
    assert_eq!(equipment["late_for_deadline"], true);
    // Confirming can be done from abroad: its date is not held back.
    let confirm = step(&case, "confirm");
    assert_eq!(confirm["abroad"], true);
    assert_eq!(confirm["late_for_deadline"], false);
    let out = env.ok(&["show", "1"]);
    let line = out
        .lines()
        .find(|l| l.contains("equipment"))
        .expect("equipment row");
    assert!(line.contains("no room before the deadline"), "{out}");
    // remind and the dashboard list it under a heading of its own.
    let out = env.ok(&["remind"]);
    let (_, after) = out
        .split_once("No room before the deadline\n")
        .expect("heading");
    assert!(after.contains("Return the modem and decoder"), "{out}");
    let out = env.ok(&[]);
    assert!(out.contains("No room before the deadline\n"), "{out}");
    let rows = env.json(&["remind"]);
    let flagged: Vec<&Value> = rows
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["late_for_deadline"] == true)
        .collect();
    assert_eq!(flagged.len(), 1, "{rows}");
    assert_eq!(flagged[0]["key"], "equipment");
    let dash = env.json(&[]);
    assert_eq!(dash["late_for_deadline"][0]["key"], "equipment");
    assert_eq!(dash["late_for_deadline"][0]["deadline"], "2026-12-20");
}

#[test]
fn once_submit_is_done_the_deadline_no_longer_counts_as_overdue() {
    let mut env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-05"]);
    env.ok(&["add", "Orange SIM", "--deadline", "2026-12-05"]);
    env.ok(&["done", "1", "submit"]);
    env.at("2026-12-08T09:00:00Z");
    let rows = env.json(&["remind"]);
    let deadlines: Vec<i64> = rows
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["kind"] == "deadline")
        .map(|r| r["case"].as_i64().expect("case"))
        .collect();
    assert_eq!(deadlines, [2]);
    // What remains of case 1 is its pending steps.
    assert!(
        rows.as_array()
            .expect("rows")
            .iter()
            .any(|r| r["case"] == 1 && r["key"] == "confirm")
    );
}

/// The words of a command line as the docs write it: spaces split, double quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The session in docs/planning.md ("Planning a move") is what closeout prints: each command run
/// in turn on a fresh database at the same moment, its output (warnings first) as shown, up to a
/// `…`.
#[test]
fn the_documented_session_of_a_household_move_is_what_closeout_prints() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/planning.md"))
        .expect("docs/planning.md");
    let section = &page[page.find("# Planning a move").expect("section")..];
    let start = section.find("```console\n").expect("session") + "```console\n".len();
    let block = &section[start..start + section[start..].find("```").expect("end")];
    let env = Env::new();
    let mut commands: Vec<(Vec<String>, Vec<&str>)> = Vec::new();
    for line in block.lines() {
        match line.strip_prefix("$ closeout") {
            Some(rest) => commands.push((words(rest), Vec::new())),
            None => commands.last_mut().expect("a command first").1.push(line),
        }
    }
    assert!(commands.len() >= 6, "{block}");
    for (args, expected) in commands {
        let out = env.cmd().args(&args).output().expect("run");
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let got: Vec<&str> = text.lines().collect();
        let shown = expected.iter().position(|l| *l == "…");
        let wanted = &expected[..shown.unwrap_or(expected.len())];
        match shown {
            Some(n) => assert_eq!(&got[..n.min(got.len())], wanted, "{args:?}"),
            None => assert_eq!(got, wanted, "{args:?}"),
        }
    }
}

#[test]
fn sync_carries_the_departure_and_the_newer_move_wins_on_both_devices() {
    let folder = tempfile::tempdir().expect("shared folder");
    let dir = folder.path().to_str().expect("utf-8");
    let mut laptop = Env::new();
    let mut desktop = Env::new();
    laptop.ok(&["departure", "2026-12-28"]);
    laptop.ok(&["add", "Proximus"]);
    laptop.ok(&["sync", dir]);
    desktop.ok(&["sync", dir]);
    assert_eq!(
        desktop.json(&["departure"]),
        serde_json::json!({ "departure": "2026-12-28", "cases": [1] })
    );
    laptop.at("2026-12-01T09:00:00Z");
    laptop.ok(&["departure", "2027-01-03"]);
    desktop.at("2026-12-01T18:00:00Z");
    desktop.ok(&["departure", "2027-01-10"]);
    for env in [&laptop, &desktop, &laptop] {
        env.ok(&["sync", dir]);
    }
    for env in [&laptop, &desktop] {
        assert_eq!(env.json(&["departure"])["departure"], "2027-01-10");
        let case = env.json(&["show", "1"]);
        assert_eq!(case["deadline"], "2027-01-10");
        assert_eq!(case["deadline_from"], "departure");
    }
}

/// A notice that could be met when the case was made stops being met as days pass with `submit`
/// still pending: from the day after the last day the request could reach the provider in time,
/// `submit` has no room left, in `show`, its JSON, `remind` and the dashboard. Without a notice a
/// late `submit` is only overdue.
#[test]
fn a_notice_missed_as_days_pass_leaves_submit_no_room() {
    let mut env = Env::new();
    env.ok(&[
        "add",
        "Basic-Fit gym",
        "--deadline",
        "2027-01-10",
        "--notice",
        "31d",
    ]);
    env.ok(&["add", "Proximus", "--deadline", "2027-01-10"]);
    // 31 days before 2027-01-10: the request must be in by 2026-12-10.
    env.at("2026-12-10T09:00:00Z");
    assert_eq!(
        step(&env.json(&["show", "1"]), "submit")["late_for_deadline"],
        false
    );
    env.at("2026-12-11T09:00:00Z");
    assert_eq!(
        step(&env.json(&["show", "1"]), "submit")["late_for_deadline"],
        true
    );
    assert!(
        env.ok(&["show", "1"])
            .contains("no room before the deadline")
    );
    let remind = env.ok(&["remind"]);
    let squeezed = remind
        .split("No room before the deadline")
        .nth(1)
        .expect("a heading of its own");
    assert!(
        squeezed.contains("Basic-Fit gym") && squeezed.contains("submit"),
        "{remind}"
    );
    assert!(!squeezed.contains("Proximus"), "{remind}");
    assert!(env.ok(&[]).contains("No room before the deadline"));
    // Proximus's submit, five days before its deadline with no notice, is late only once its
    // date has passed, and even then only overdue.
    env.at("2027-01-07T09:00:00Z");
    let proximus = env.json(&["show", "2"]);
    assert_eq!(step(&proximus, "submit")["late_for_deadline"], false);
}

/// `log` names a notice and a checklist language as the user knows them, never by their JSON
/// field names.
#[test]
fn the_log_names_the_notice_and_the_language_in_words() {
    let env = Env::new();
    env.ok(&["add", "Basic-Fit gym"]);
    env.ok(&["edit", "1", "--notice", "2w"]);
    let log = env.ok(&["log"]);
    assert!(log.contains("notice 14 days (was none)"), "{log}");
    assert!(!log.contains("notice_days"), "{log}");
    let zh = env.ok(&["--lang", "zh", "log"]);
    assert!(zh.contains("通知期改为 14 天"), "{zh}");
    assert!(!zh.contains("notice_days"), "{zh}");
}

/// Undoing a moved departure tells what it took back case by case, and does not pin the whole
/// change on the last case it touched.
#[test]
fn undo_of_a_moved_departure_names_each_case() {
    let env = Env::new();
    env.ok(&["departure", "2027-01-10"]);
    env.ok(&["add", "Proximus"]);
    env.ok(&["add", "Basic-Fit gym"]);
    env.ok(&["departure", "2027-01-15"]);
    let out = env.ok(&["undo"]);
    assert!(
        out.starts_with("undone: departure 2027-01-15 (was 2027-01-10)"),
        "{out}"
    );
    assert!(out.contains("#1 case edited: deadline 2027-01-15"), "{out}");
    assert!(out.contains("#2 case edited: deadline 2027-01-15"), "{out}");
    assert!(!out.contains("(case #"), "{out}");
}

/// A bank account's request follows the refunds, not the deadline: a notice recorded there is
/// kept and said to move no date, instead of seeming to change nothing without a word.
#[test]
fn a_notice_on_a_checklist_whose_submit_follows_a_step_says_it_moves_nothing() {
    let env = Env::new();
    env.ok(&["add", "KBC bank account", "--deadline", "2027-01-20"]);
    let before = env.json(&["show", "1"]);
    let out = env.ok(&["edit", "1", "--notice", "2w"]);
    assert!(out.contains("moves no date"), "{out}");
    let after = env.json(&["show", "1"]);
    assert_eq!(after["notice_days"], 14);
    assert_eq!(before["steps"], after["steps"]);
    env.ok(&["add", "Basic-Fit gym", "--deadline", "2027-01-20"]);
    let out = env.ok(&["edit", "2", "--notice", "2w"]);
    assert!(!out.contains("moves no date"), "{out}");
}
