//! A first try in English and Chinese, at 80 and 50 columns: what it turned up, as a user meets it.

use crate::common::{Env, step};

#[test]
fn the_channel_question_offers_post_too_in_either_language() {
    let env = Env::new();
    let shown = env.on_terminal("add", "Engie\n\npost\n\n\n");
    assert!(
        shown.contains("Channel: online, phone, shop or post: "),
        "{shown}"
    );
    assert_eq!(env.json(&["show", "1"])["channel"], "post");
    let shown = env.on_terminal("--lang zh add", "注销宽带\n\n\n\n\n");
    assert!(
        shown.contains("办理方式：online（网上）、phone（电话）、shop（门店）或 post（邮寄）: "),
        "{shown}"
    );
    // A wrong answer lists them all as well.
    let shown = env.on_terminal("add", "gym\n\nfax\npost\n\n\n");
    assert!(
        shown.contains("'fax' is not a channel; use online, phone, shop or post"),
        "{shown}"
    );
}

#[test]
fn a_mistyped_departure_is_answered_with_departure() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["departure", "2026-12-24"]);
    let err = env.fails(&["deadline", "1", "departur"], 2);
    assert!(
        err.contains("'departur' is not a date (did you mean departure?)"),
        "{err}"
    );
    assert!(
        err.contains("or departure, to follow the departure date, or none"),
        "{err}"
    );
    let err = env.fails(&["edit", "1", "--deadline", "soon"], 2);
    assert!(
        err.contains("or departure, to follow the departure date"),
        "{err}"
    );
    assert!(!err.contains("did you mean departure"), "{err}");
    let zh = env.fails(&["--lang", "zh", "deadline", "1", "depature"], 2);
    assert!(zh.contains("（是不是想写 departure？）"), "{zh}");
    assert!(zh.contains("也可以写 departure（或「出发日期」）"), "{zh}");
    // A date's own error is not given departure: `due` takes no departure.
    let err = env.fails(&["due", "1", "submit", "departur"], 2);
    assert!(!err.contains("departure"), "{err}");
    // The word itself still works.
    let case = env.json(&["deadline", "1", "departure"]);
    assert_eq!(case["deadline"], "2026-12-24");
}

#[test]
fn a_day_first_date_with_dashes_is_read_and_listed() {
    let env = Env::new();
    let case = env.json(&["add", "Proximus", "--deadline", "20-12-2026"]);
    assert_eq!(case["deadline"], "2026-12-20");
    let case = env.json(&["done", "1", "method", "--date", "1-12-2026"]);
    assert_eq!(step(&case, "method")["done_at"], "2026-12-01");
    let err = env.fails(&["due", "1", "submit", "12-31-2026"], 2);
    assert!(err.contains("did you mean 31-12-2026?"), "{err}");
    assert!(
        err.contains("31.12.2026 or 31-12-2026 (day first)"),
        "{err}"
    );
    let err = env.fails(&["due", "1", "submit", "20-12"], 2);
    assert!(err.contains("'20-12' is not a date"), "{err}");
    let zh = env.fails(&["--lang", "zh", "due", "1", "submit", "soon"], 2);
    assert!(
        zh.contains("31.12.2026、31-12-2026（日在前，月在后）"),
        "{zh}"
    );
    // The manual's DATES section and the dates page name it too.
    let page = env.ok(&["man"]);
    let dates = page
        .split(".SH DATES")
        .nth(1)
        .and_then(|rest| rest.split(".SH ").next())
        .expect("a DATES section");
    assert!(dates.contains(r"\fB31\-12\-2026\fR"), "{dates}");
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/dates.md"))
        .expect("docs/dates.md");
    assert!(doc.contains("`31-12-2026`"));
}

#[test]
fn a_zero_notice_is_refused_and_says_how_to_record_no_notice() {
    let env = Env::new();
    let err = env.fails(&["add", "Engie", "--notice", "0d"], 2);
    assert!(err.contains("'0d' is no notice period"), "{err}");
    assert!(err.contains("leave --notice out"), "{err}");
    assert!(err.contains("30d, 4w, 1m"), "{err}");
    env.ok(&["add", "Engie", "--deadline", "2026-12-20", "--notice", "1m"]);
    let err = env.fails(&["edit", "1", "--notice", "0w"], 2);
    assert!(err.contains("--notice none` clears one"), "{err}");
    let zh = env.fails(&["--lang", "zh", "edit", "1", "--notice", "0天"], 2);
    assert!(
        zh.contains("「0天」不能作为通知期：合同不要求提前通知时"),
        "{zh}"
    );
    // What the error offers works on both: `none` on add is no notice, on edit it clears.
    let case = env.json(&["add", "Luminus", "--notice", "none"]);
    assert_eq!(case["notice_days"], serde_json::Value::Null);
    let case = env.json(&["edit", "1", "--notice", "none"]);
    assert_eq!(case["notice_days"], serde_json::Value::Null);
}

/// Runs a command that must succeed; returns its stdout and stderr.
fn ok_with_stderr(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().expect("run closeout");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(out.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(out.stdout).expect("utf-8"), stderr)
}

#[test]
fn done_on_a_day_to_come_or_before_the_case_warns_and_keeps_it() {
    let env = Env::new();
    env.add_proximus();
    let (out, err) = ok_with_stderr(&env, &["done", "1", "method", "--date", "2027-01-05"]);
    assert_eq!(out.trim(), "step 1 'method' done on 2027-01-05");
    assert_eq!(
        err.trim(),
        "warning: --date 2027-01-05 is after today (2026-11-30): kept as given; if that is not \
         the day, `closeout undo` takes it back"
    );
    let (_, err) = ok_with_stderr(
        &env,
        &[
            "--lang",
            "zh",
            "done",
            "1",
            "documents",
            "--date",
            "2026-11-01",
        ],
    );
    assert!(
        err.starts_with("warning: --date 2026-11-01 早于事项 #1 的添加日期（2026-11-30）"),
        "{err}"
    );
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "method")["done_at"], "2027-01-05");
    assert_eq!(step(&case, "documents")["done_at"], "2026-11-01");
    // Today, or a day between the case's creation and today, says nothing.
    let mut env = env;
    env.at("2026-12-02T09:00:00Z");
    let (_, err) = ok_with_stderr(&env, &["done", "1", "unbind", "--date", "yesterday"]);
    assert_eq!(err, "");
    let (_, err) = ok_with_stderr(&env, &["done", "1", "balance"]);
    assert_eq!(err, "");
    // Nothing changed, nothing to warn about.
    let (_, err) = ok_with_stderr(&env, &["done", "1", "balance", "--date", "2027-02-01"]);
    assert_eq!(err, "");
}

#[test]
fn case_and_step_the_wrong_way_round_get_the_right_order() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["done", "submit", "proximus"], 1);
    assert_eq!(
        err.trim(),
        "error: no case matches 'submit', but 'proximus' is case #1 and 'submit' one of its \
         steps: the case comes first, as in `closeout done proximus submit`"
    );
    let err = env.fails(&["skip", "unbind", "1"], 1);
    assert!(err.contains("`closeout skip 1 unbind`"), "{err}");
    let err = env.fails(&["due", "balance", "Proximus", "2026-12-10"], 1);
    assert!(
        err.contains("`closeout due Proximus balance DATE`"),
        "{err}"
    );
    let err = env.fails(&["snooze", "unbind", "proximus", "3d"], 1);
    assert!(
        err.contains("`closeout snooze proximus unbind DURATION`"),
        "{err}"
    );
    let err = env.fails(&["note", "unbind", "proximus", "called"], 1);
    assert!(
        err.contains("`closeout note proximus unbind TEXT`"),
        "{err}"
    );
    let zh = env.fails(&["--lang", "zh", "done", "submit", "proximus"], 1);
    assert!(
        zh.contains("「proximus」是事项 #1，「submit」是它的步骤：事项要写在步骤前面"),
        "{zh}"
    );
    // The value the usage leaves to the user is named in the user's language.
    let zh = env.fails(&["--lang", "zh", "snooze", "unbind", "proximus", "3d"], 1);
    assert!(
        zh.contains("`closeout snooze proximus unbind 时长`"),
        "{zh}"
    );
    let zh = env.fails(&["--lang", "zh", "note", "unbind", "proximus", "called"], 1);
    assert!(zh.contains("`closeout note proximus unbind 文字`"), "{zh}");
    // No hint when the other reading does not hold either: the plain error.
    let err = env.fails(&["done", "submit", "telenet"], 1);
    assert_eq!(
        err.trim(),
        "error: no case matches 'submit'; `closeout list --all` shows every case"
    );
    let err = env.fails(&["done", "nosuch", "proximus"], 1);
    assert!(!err.contains("comes first"), "{err}");
    // The right order works.
    let case = env.json(&["done", "proximus", "submit"]);
    assert_eq!(step(&case, "submit")["status"], "done");
}

#[test]
fn a_remote_nothing_listens_on_is_named_with_its_port_and_no_system_text() {
    let env = Env::new();
    // A port that was free a moment ago, on this machine only.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let err = env.fails(&["remote", "add", "home", &url], 1);
    assert_eq!(
        err.trim(),
        format!(
            "error: cannot reach 127.0.0.1:{port}: connection refused — is the server running?"
        )
    );
    let zh = env.fails(&["--lang", "zh", "remote", "add", "home", &url], 1);
    assert_eq!(
        zh.trim(),
        format!("error: 无法连接 127.0.0.1:{port}：连接被拒绝；请确认服务器正在运行")
    );
    assert!(!err.contains("os error") && !zh.contains("os error"));
}

#[test]
fn a_lease_speaks_of_a_landlord_and_of_notice_in_writing_on_every_channel() {
    let env = Env::new();
    for channel in ["", "online", "phone", "shop", "post"] {
        let mut args = vec!["add", "lease", "--deadline", "2026-12-20"];
        if !channel.is_empty() {
            args.extend(["--channel", channel]);
        }
        let case = env.json(&args);
        let all: String = case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["how"].as_str().expect("how").to_string())
            .collect();
        for wrong in [
            "provider",
            "customer service",
            "My account",
            "website or app",
        ] {
            assert!(!all.contains(wrong), "{channel}: '{wrong}' in {all}");
        }
        assert!(
            step(&case, "submit")["how"]
                .as_str()
                .is_some_and(|h| h.contains("the landlord"))
        );
        let id = case["id"].to_string();
        let zh = env.json(&["--lang", "zh", "edit", &id, "--title", "租约"]);
        let all: String = zh["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["how"].as_str().expect("how").to_string())
            .collect();
        for wrong in ["客服", "我的账户", "网站或App"] {
            assert!(!all.contains(wrong), "{channel}: '{wrong}' in {all}");
        }
        assert!(all.contains("房东"), "{all}");
    }
}

#[test]
fn a_calendar_file_speaks_the_cases_language_and_the_terminal_the_users() {
    let env = Env::new();
    env.ok(&[
        "add",
        "注销 Proximus 手机卡",
        "--deadline",
        "2026-12-20",
        "--note",
        "带护照",
    ]);
    env.add_proximus();
    env.ok(&["note", "1", "submit", "记得拍照"]);
    // Exported from an English interface, the Chinese case's file is Chinese throughout.
    let ics = env.ok(&["export", "--format", "ics", "--case", "1"]);
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:注销 Proximus 手机卡：截止日期\r\n"),
        "{ics}"
    );
    assert!(
        unfolded.contains("DESCRIPTION:服务商：Proximus\\n备注：\\n带护照\r\n"),
        "{ics}"
    );
    assert!(unfolded.contains("\\n\\n备注：\\n记得拍照\r\n"), "{ics}");
    assert!(
        unfolded.contains("DESCRIPTION:明天：注销 Proximus 手机卡: 提交注销申请\r\n"),
        "{ics}"
    );
    let words: Vec<&str> = unfolded
        .lines()
        .filter(|l| l.starts_with("SUMMARY:") || l.starts_with("DESCRIPTION:"))
        .collect();
    for english in ["deadline", "Provider:", "Note:", "Tomorrow:"] {
        assert!(
            !words.iter().any(|l| l.contains(english)),
            "{english} in {ics}"
        );
    }
    // And the English case's file stays English from a Chinese interface.
    let ics = env.ok(&["--lang", "zh", "export", "--format", "ics", "--case", "2"]);
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Proximus: deadline\r\n"), "{ics}");
    assert!(
        unfolded.contains("DESCRIPTION:Tomorrow: Proximus: Submit"),
        "{ics}"
    );
    // On the terminal the words are the interface's, around the case's own texts.
    let show = env.ok(&["show", "1"]);
    assert!(
        show.contains("确认注销已生效") && show.contains("(after submit)"),
        "{show}"
    );
    let show = env.ok(&["--lang", "zh", "show", "2"]);
    assert!(
        show.contains("Confirm the cancellation") && show.contains("（submit 之后）"),
        "{show}"
    );
}

/// Where each row's date starts, for the rows under the dashboard's or remind's headings.
fn date_columns(text: &str) -> Vec<usize> {
    text.lines()
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.find("2026-").map(|at| l[..at].chars().count()))
        .collect()
}

#[test]
fn no_room_rows_look_like_the_rows_above_them() {
    let mut env = Env::new();
    env.add_proximus();
    env.ok(&[
        "add",
        "Telenet internet",
        "--notice",
        "1m",
        "--deadline",
        "2026-12-20",
    ]);
    env.ok(&["due", "1", "submit", "2026-12-25"]);
    env.ok(&["due", "1", "balance", "2026-12-03"]);
    env.at("2026-12-03T09:00:00Z");
    for columns in ["80", "50"] {
        let out = env
            .cmd()
            .env("COLUMNS", columns)
            .output()
            .expect("dashboard");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let (_, due) = text.split_once("\nOverdue\n").expect("overdue");
        let due = due.split("\nNext deadline").next().unwrap_or_default();
        assert!(due.contains("\nNo room before the deadline\n"), "{text}");
        let columns_seen = date_columns(due);
        assert!(columns_seen.len() >= 4, "{text}");
        assert!(
            columns_seen.windows(2).all(|w| w[0] == w[1]),
            "{columns}: dates not in one column\n{text}"
        );
        // The same cells: with the title shown in one section, in all.
        let cells = due
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.split("  ").filter(|c| !c.trim().is_empty()).count())
            .collect::<Vec<_>>();
        assert!(cells.windows(2).all(|w| w[0] == w[1]), "{cells:?}\n{text}");
    }
    // remind writes them as its own rows, `#1  Proximus  5 submit`, in the same columns.
    let text = env.ok(&["remind"]);
    let (_, no_room) = text
        .split_once("\n\nNo room before the deadline\n")
        .expect("a heading after a blank line");
    assert!(no_room.starts_with("  #1  Proximus"), "{text}");
    let columns_seen = date_columns(&text);
    assert!(columns_seen.windows(2).all(|w| w[0] == w[1]), "{text}");
}

/// The calendar's line for `day`, its wrapped lines joined again.
fn calendar_day(env: &Env, lang: &str, columns: &str, day: &str) -> String {
    let out = env
        .cmd()
        .env("COLUMNS", columns)
        .args(["--lang", lang, "calendar", "2026-12"])
        .output()
        .expect("calendar");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines().skip_while(|l| !l.starts_with(day));
    let mut joined = lines.next().unwrap_or_default().to_string();
    for more in lines.take_while(|l| l.starts_with("              ")) {
        let sep = if lang == "en" { " " } else { "" };
        joined.push_str(sep);
        joined.push_str(more.trim_start());
    }
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= columns.parse().expect("columns")),
        "{text}"
    );
    joined
}

#[test]
fn a_calendar_day_names_three_things_counts_the_rest_and_never_just_one() {
    let env = Env::new();
    // Four sim cases ending on 2026-12-20 and two on 2026-12-15.
    for title in ["A", "B", "C", "D"] {
        env.ok(&[
            "add",
            title,
            "--template",
            "sim",
            "--deadline",
            "2026-12-20",
        ]);
    }
    env.ok(&["add", "E", "--template", "sim", "--deadline", "2026-12-15"]);
    env.ok(&["add", "F", "--template", "sim", "--deadline", "2026-12-15"]);
    for columns in ["80", "50", "40"] {
        // 2026-12-10: six steps, no deadline: three named, the others counted.
        let line = calendar_day(&env, "en", columns, "2026-12-10");
        assert_eq!(
            line, "2026-12-10 *  #1 A: unbind; #2 B: unbind; #3 C: unbind; 3 more steps",
            "{columns}"
        );
        // 2026-12-13: four steps: all named, since "1 more" would take as much room.
        let line = calendar_day(&env, "en", columns, "2026-12-13");
        assert_eq!(
            line, "2026-12-13 *  #1 A: balance; #2 B: balance; #3 C: balance; #4 D: balance",
            "{columns}"
        );
        // 2026-12-15: two deadlines and four steps: the deadlines and one step, three counted.
        let line = calendar_day(&env, "en", columns, "2026-12-15");
        assert_eq!(
            line, "2026-12-15 D  #5 E deadline; #6 F deadline; #1 A: submit; 3 more steps",
            "{columns}"
        );
        // (Chinese wraps between characters: compared without spaces.)
        let zh = calendar_day(&env, "zh", columns, "2026-12-15").replace(' ', "");
        assert!(zh.ends_with("#1A：submit；另有3个步骤"), "{columns}: {zh}");
        // Deadlines are never counted away.
        let line = calendar_day(&env, "en", columns, "2026-12-20");
        assert_eq!(
            line, "2026-12-20 D  #1 A deadline; #2 B deadline; #3 C deadline; #4 D deadline",
            "{columns}"
        );
    }
    // JSON names every step of the day.
    let month = env.json(&["calendar", "2026-12"]);
    let day = month["days"]
        .as_array()
        .expect("days")
        .iter()
        .find(|d| d["date"] == "2026-12-10")
        .expect("2026-12-10");
    assert_eq!(day["steps"].as_array().expect("steps").len(), 6);
}

#[test]
fn a_bare_provider_known_for_several_contracts_says_how_to_take_another() {
    let env = Env::new();
    let out = env.ok(&["add", "Telenet"]);
    assert!(
        out.starts_with("added case #1 Telenet (sim template, 6 steps)\n"),
        "{out}"
    );
    let line = out.lines().nth(1).expect("the checklist line");
    assert_eq!(
        line,
        "checklist: sim, since the sim template knows Telenet; so does internet: to take that \
         one instead, `closeout undo`, then `closeout add Telenet --template internet`"
    );
    // What it says works: the case is taken back and made again as an internet line.
    env.ok(&["undo"]);
    assert!(
        env.json(&["list", "--all"])
            .as_array()
            .expect("cases")
            .is_empty()
    );
    let case = env.json(&["add", "Telenet", "--template", "internet"]);
    assert_eq!(case["template"], "internet");
    assert!(step(&case, "equipment")["how"].as_str().is_some());
    // In Chinese, and for a title that needs quoting.
    let zh = env.ok(&["--lang", "zh", "add", "Telenet 旧家"]);
    assert!(
        zh.contains("internet 模板也有收录：如要改用，请先运行 `closeout undo`，再运行 `closeout add 'Telenet 旧家' --template internet`"),
        "{zh}"
    );
    // A provider only one template knows, or a title that names the kind, keeps its short line.
    let out = env.ok(&["add", "Engie"]);
    assert!(!out.contains("so does"), "{out}");
    let out = env.ok(&["add", "Telenet internet"]);
    assert!(out.contains("since the title says 'internet'"), "{out}");
}

#[test]
fn a_due_date_past_the_deadline_warns_and_keeps_it() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2027-01-31"]);
    // 30/11 on 30 November is today; 29/11 is next year's, ten months past the deadline.
    let (out, err) = ok_with_stderr(&env, &["due", "1", "method", "29/11"]);
    assert_eq!(out.trim(), "step 1 'method' is due 2027-11-29");
    assert_eq!(
        err.trim(),
        "warning: 2027-11-29 is after the deadline of case #1 (2027-01-31): kept as given; if \
         that is not the day, `closeout undo` takes it back"
    );
    assert_eq!(
        step(&env.json(&["show", "1"]), "method")["due"],
        "2027-11-29"
    );
    // On or before the deadline: nothing to say.
    let (_, err) = ok_with_stderr(&env, &["due", "1", "method", "2027-01-31"]);
    assert_eq!(err, "");
    let (_, err) = ok_with_stderr(
        &env,
        &["--lang", "zh", "due", "1", "documents", "2027-02-01"],
    );
    assert!(
        err.contains("晚于事项 #1 的截止日期（2027-01-31）"),
        "{err}"
    );
}
