//! The language: chosen by --lang, CLOSEOUT_LANG or the locale; JSON and exit codes never change.

use crate::common::{Env, assert_snapshot};

fn guide_title(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = env.cmd();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.args(["guide", "why"]).args(args).output().expect("run");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn language_is_chosen_by_flag_then_variable_then_locale() {
    let env = Env::new();
    let en = "Why cancel instead of letting the card lapse";
    let zh = "为什么要注销，而不是放着不用";
    assert_eq!(guide_title(&env, &[], &[]), en);
    assert_eq!(guide_title(&env, &[("LANG", "zh_CN.UTF-8")], &[]), zh);
    assert_eq!(
        guide_title(
            &env,
            &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_GB.UTF-8")],
            &[]
        ),
        en
    );
    assert_eq!(
        guide_title(&env, &[("LC_MESSAGES", "zh_CN.UTF-8")], &[]),
        zh
    );
    assert_eq!(
        guide_title(
            &env,
            &[("CLOSEOUT_LANG", "zh"), ("LC_ALL", "en_GB.UTF-8")],
            &[]
        ),
        zh
    );
    assert_eq!(
        guide_title(&env, &[("CLOSEOUT_LANG", "zh")], &["--lang", "en"]),
        en
    );
    assert_eq!(guide_title(&env, &[], &["--lang", "zh"]), zh);
    env.fails(&["--lang", "fr", "guide"], 2);
}

#[test]
fn every_chinese_locale_and_a_locale_in_closeout_lang_pick_chinese() {
    let env = Env::new();
    let zh = "为什么要注销，而不是放着不用";
    for vars in [
        &[("CLOSEOUT_LANG", "zh_CN.UTF-8")][..],
        &[("CLOSEOUT_LANG", "zh_TW.UTF-8"), ("LANG", "en_GB.UTF-8")],
        &[("LANG", "zh_TW.UTF-8")],
        &[("LANG", "zh_HK")],
        &[("LANG", "zh_HK.UTF-8")],
        &[("LC_ALL", "zh_SG.utf8")],
    ] {
        assert_eq!(guide_title(&env, vars, &[]), zh, "{vars:?}");
    }
    let en = "Why cancel instead of letting the card lapse";
    assert_eq!(
        guide_title(
            &env,
            &[("CLOSEOUT_LANG", "en_GB.UTF-8"), ("LANG", "zh_CN")],
            &[]
        ),
        en
    );
    assert_eq!(guide_title(&env, &[("LANG", "fr_BE.UTF-8")], &[]), en);
    assert_eq!(guide_title(&env, &[], &["--lang", "zh_CN.UTF-8"]), zh);
}

#[test]
fn guide_topics_in_both_languages() {
    let env = Env::new();
    let all = env.ok(&["guide"]);
    for title in ["The steps, in order", "The operators", "Common questions"] {
        assert!(all.contains(title), "{title}");
    }
    let operators = env.ok(&["guide", "operators", "--lang", "zh"]);
    assert!(operators.starts_with("各运营商的注销方式"), "{operators}");
    for name in ["Proximus", "Telenet", "Orange"] {
        assert!(operators.contains(name));
    }
    let err = env.fails(&["guide", "prices"], 2);
    assert!(err.contains("why, steps, operators, faq"), "{err}");
    assert_snapshot("guide_zh", &env.ok(&["guide", "--lang", "zh"]));
}

#[test]
fn json_keys_do_not_change_with_the_language() {
    let env = Env::new();
    let en = env.json(&["guide", "--lang", "en"]);
    let zh = env.json(&["guide", "--lang", "zh"]);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("topics")
            .iter()
            .flat_map(|t| t.as_object().expect("object").keys().cloned())
            .collect()
    };
    assert_eq!(keys(&en), keys(&zh));
    assert_eq!(en[1]["topic"], zh[1]["topic"]);
    assert_ne!(en[1]["text"], zh[1]["text"]);
}

/// A case made in Chinese: its checklist copies the template's Chinese text.
fn chinese_case(env: &Env) {
    env.ok(&[
        "--lang",
        "zh",
        "add",
        "Proximus",
        "--deadline",
        "2026-12-20",
        "--number",
        "+32 470 12 34 56",
        "--channel",
        "online",
    ]);
}

#[test]
fn a_refusal_speaks_chinese_with_the_same_exit_code() {
    let env = Env::new();
    chinese_case(&env);
    let en = env.fails(&["show", "9", "--lang", "en"], 1);
    assert!(en.contains("no case #9"), "{en}");
    let zh = env.fails(&["show", "9", "--lang", "zh"], 1);
    assert!(zh.contains("没有编号为 #9 的事项"), "{zh}");
    let zh = env.fails(&["step", "remove", "1", "submit", "--lang", "zh"], 1);
    assert!(zh.contains("步骤「confirm」在「submit」之后到期"), "{zh}");
}

#[test]
fn show_and_pending_in_chinese() {
    let env = Env::new();
    chinese_case(&env);
    let show = env.ok(&["show", "1", "--lang", "zh"]);
    assert!(
        show.contains("截止日期  2026-12-20（还有 20 天）"),
        "{show}"
    );
    assert_snapshot("show_zh", &show);
    assert_snapshot("pending_zh", &env.ok(&["pending", "--lang", "zh"]));
}

#[test]
fn template_check_problems_in_chinese() {
    let env = Env::new();
    let path = env.path().join("t.toml");
    std::fs::write(
        &path,
        "name = \"t\"\ndescription = \"d\"\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n\
         after = { step = \"a\", days = 1 }\n[[steps]]\nkey = \"a\"\ntitle = \"B\"\n",
    )
    .expect("write");
    let file = path.to_str().expect("utf-8");
    let zh = env.fails(&["template", "check", file, "--lang", "zh"], 2);
    assert!(zh.contains("不是有效的模板（2 个问题）"), "{zh}");
    assert!(zh.contains(":6:18: 步骤「a」排在自己之后"), "{zh}");
    assert!(
        zh.contains(":8:7: 步骤键「a」重复（首次出现在第 4 行）"),
        "{zh}"
    );
    let en = env.fails(&["template", "check", file, "--lang", "en"], 2);
    assert!(
        en.contains(":8:7: duplicate step key 'a' (first at line 4)"),
        "{en}"
    );
    // The JSON of the check keeps its English messages.
    let json = |lang: &str| {
        let out = env
            .cmd()
            .args(["template", "check", file, "--json", "--lang", lang])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        out.stdout
    };
    assert_eq!(json("en"), json("zh"));
}

#[test]
fn undo_in_chinese() {
    let env = Env::new();
    chinese_case(&env);
    env.ok(&["done", "1", "method"]);
    let undo = env.ok(&["undo", "--lang", "zh"]);
    assert!(undo.starts_with("已撤销："), "{undo}");
    assert!(undo.contains("（事项 #1 Proximus）"), "{undo}");
    let list = env.ok(&["undo", "--list", "--lang", "zh"]);
    assert!(list.starts_with("可撤销的更改（从新到旧）：\n"), "{list}");
    assert!(list.contains("重做将恢复：#1 "), "{list}");
    env.ok(&["redo"]);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    let nothing = env.ok(&["undo", "--lang", "zh"]);
    assert_eq!(nothing, "没有可撤销的更改\n");
}

#[test]
fn json_output_is_the_same_in_both_languages() {
    let env = Env::new();
    chinese_case(&env);
    env.ok(&["done", "1", "method"]);
    env.ok(&["note", "1", "the shop is closed on Monday"]);
    let bytes = |args: &[&str], lang: &str| {
        let out = env
            .cmd()
            .args(args)
            .args(["--json", "--lang", lang])
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}");
        out.stdout
    };
    for args in [
        &["show", "1"][..],
        &["pending"],
        &["list", "--all"],
        &["log"],
        &["undo", "--list"],
    ] {
        assert_eq!(bytes(args, "en"), bytes(args, "zh"), "{args:?}");
    }
}

#[test]
fn the_import_report_is_in_chinese_and_its_json_is_not() {
    let mut a = Env::new();
    a.add_proximus();
    let first = a.path().join("first.json");
    a.ok(&["export", "--all", "-o", first.to_str().expect("utf-8")]);
    let b = Env::new();
    b.ok(&["import", first.to_str().expect("utf-8")]);
    a.at("2026-12-01T09:00:00Z");
    a.ok(&["done", "1", "unbind"]);
    a.ok(&["note", "1", "switched the bank's 2FA"]);
    let second = a.path().join("second.json");
    a.ok(&["export", "--all", "-o", second.to_str().expect("utf-8")]);
    let file = second.to_str().expect("utf-8");
    let zh = b.ok(&["--lang", "zh", "import", "--dry-run", file]);
    assert!(zh.contains("步骤 3「unbind」：状态"), "{zh}");
    assert!(zh.contains("备注"), "{zh}");
    let en = b.ok(&["--lang", "en", "import", "--dry-run", file]);
    assert!(en.contains("step 3 'unbind': status"), "{en}");
    let json_en = b.ok(&["--lang", "en", "--json", "import", "--dry-run", file]);
    let json_zh = b.ok(&["--lang", "zh", "--json", "import", "--dry-run", file]);
    assert_eq!(json_en, json_zh);
    assert!(json_en.contains("step 3 'unbind': status"), "{json_en}");
}

#[test]
fn the_log_in_chinese_names_fields_in_chinese() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Proximus",
        "--deadline",
        "2026-12-20",
        "--number",
        "123",
    ]);
    env.ok(&["edit", "1", "--title", "Proximus SIM", "--number", ""]);
    env.ok(&["deadline", "1", "2026-12-24"]);
    env.ok(&["done", "1", "method", "--note", "已打电话"]);
    let log = env.ok(&["--lang", "zh", "log"]);
    assert!(
        log.contains("修改事项：标题改为 Proximus SIM（原为 Proximus），号码已清除（原为 123）"),
        "{log}"
    );
    assert!(
        log.contains(
            "修改事项：截止日期改为 2026-12-24（原为 2026-12-20），步骤 1「method」到期日改为"
        ),
        "{log}"
    );
    assert!(
        log.contains("步骤 1「method」于 2026-11-30 完成，添加了备注"),
        "{log}"
    );
    for english in ["title", "number", "deadline", ", "] {
        assert!(!log.contains(english), "{english:?} in {log}");
    }
    let en = env.ok(&["log"]);
    assert!(
        en.contains("title Proximus SIM (was Proximus), number cleared (was 123)"),
        "{en}"
    );
}

#[test]
fn chinese_says_a_status_once_and_lists_with_chinese_marks() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "submit"]);
    let again = env.ok(&["--lang", "zh", "done", "1", "submit"]);
    assert_eq!(
        again.trim(),
        "步骤 5「submit」本来就已完成（2026-11-30）；未作更改"
    );
    let again = env.ok(&["done", "1", "submit"]);
    assert_eq!(
        again.trim(),
        "step 5 'submit' is already done (2026-11-30); nothing changed"
    );
    let err = env.fails(&["--lang", "zh", "close", "1"], 1);
    assert!(err.contains("method、documents、unbind"), "{err}");
    let err = env.fails(&["--lang", "zh", "done", "1", "fly"], 1);
    assert!(
        err.contains("它的步骤是 1 至 6：method、documents"),
        "{err}"
    );

    let show = env.ok(&[
        "--lang",
        "zh",
        "template",
        "show",
        "sim",
        "--provider",
        "Orange",
        "--channel",
        "shop",
    ]);
    let mut lines = show.lines();
    assert_eq!(lines.next(), Some("sim（内置）"));
    assert!(
        show.contains("说明适用于：服务商为 Orange、办理方式为 shop 的事项"),
        "{show}"
    );
    let show = env.ok(&["--lang", "zh", "template", "show", "sim"]);
    assert!(
        show.contains("服务商 Proximus：需要身份证件（护照或其他有效证件）、SIM卡；步骤 method、submit 有专门的说明"),
        "{show}"
    );
    assert!(
        env.ok(&["template", "show", "sim"])
            .starts_with("sim  (built-in)\n")
    );
}

#[test]
fn help_in_chinese_keeps_what_the_user_types_in_english() {
    let env = Env::new();
    for args in [
        &["--lang", "zh", "--help"][..],
        &["--lang", "zh", "add", "--help"],
        &["--lang", "zh", "add", "-h"],
        &["--lang", "zh", "remind", "--help"],
        &["--lang", "zh", "step", "add", "--help"],
        &["--lang", "zh", "help", "snooze"],
    ] {
        let help = env.ok(args);
        assert!(help.contains("用法：closeout"), "{args:?}: {help}");
        assert!(help.contains("\n选项：\n"), "{args:?}: {help}");
        assert!(help.contains("显示帮助"), "{args:?}: {help}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[default:",
        ] {
            assert!(!help.contains(english), "{args:?}: {english} in {help}");
        }
    }
    let root = env.ok(&["--lang", "zh", "--help"]);
    assert!(
        root.contains("\n命令：\n  add          添加一个事项及其清单\n"),
        "{root}"
    );
    assert!(
        root.contains("--json          输出 JSON 而不是文本"),
        "{root}"
    );
    let add = env.ok(&["--lang", "zh", "add", "--help"]);
    assert!(add.contains("\n参数：\n  [TITLE]  要注销的是什么"), "{add}");
    assert!(add.contains("--deadline <DATE>"), "{add}");
    // The locale chooses it too, and English stays English.
    let mut cmd = env.cmd();
    cmd.env("LANG", "zh_TW.UTF-8").args(["snooze", "--help"]);
    let out = String::from_utf8(cmd.output().expect("run").stdout).expect("utf-8");
    assert!(out.starts_with("把步骤的到期日往后推\n"), "{out}");
    let en = env.ok(&["add", "--help"]);
    assert!(
        en.contains("Usage: closeout add") && en.contains("Print help"),
        "{en}"
    );
}

#[test]
fn chinese_says_in_chinese_what_the_log_settings_and_rules_used_to_leave_in_english() {
    let env = Env::new();
    env.ok(&["--lang", "zh", "add", "房租"]);
    env.ok(&["--lang", "zh", "edit", "1", "--notice", "1个月"]);
    // The log names the notice period and counts it in days, as `edit` said it.
    let log = env.ok(&["--lang", "zh", "log"]);
    assert!(
        log.contains("修改事项：通知期改为 31 天（原为 无）"),
        "{log}"
    );
    let log = env.ok(&["log"]);
    assert!(
        log.contains("case edited: notice 31 days (was none)"),
        "{log}"
    );
    // A lease with no landlord named asks "the landlord", and the day of the deadline is said so.
    let lease = env.ok(&["--lang", "zh", "template", "show", "lease"]);
    assert!(lease.contains("向房东询问如何退租"), "{lease}");
    assert!(
        lease.contains("当天抄表                截止日期当天"),
        "{lease}"
    );
    assert!(!lease.contains("截止日期前 0 天"), "{lease}");
    let lease = env.ok(&["template", "show", "lease"]);
    assert!(lease.contains("on the deadline"), "{lease}");
    // The defaults that are words are said in the user's language; JSON keeps its values.
    let settings = env.ok(&["--lang", "zh", "config", "show"]);
    assert!(settings.contains("你的登录名"), "{settings}");
    assert!(
        settings.contains("CLOSEOUT_LANG，否则按系统的语言环境"),
        "{settings}"
    );
    assert!(!settings.contains("your login name"), "{settings}");
    let json = env.json(&["--lang", "zh", "config", "show"]);
    assert!(json.to_string().contains("your login name"), "{json}");
    // A template's description is its 简介: 说明 is the how-to of a step.
    let templates = env.ok(&["--lang", "zh", "templates"]);
    assert!(
        templates.starts_with("名称          步骤数  来源  简介\n"),
        "{templates}"
    );
    // A moved step says which place it took.
    let moved = env.ok(&["--lang", "zh", "step", "move", "1", "keys", "--first"]);
    assert_eq!(moved.trim(), "步骤「keys」已移到第 1 位（原为第 6 位）");
}

#[test]
fn a_case_reopened_in_chinese_is_said_so_in_chinese() {
    let env = Env::new();
    env.ok(&["add", "Proximus"]);
    env.ok(&["close", "1", "--force"]);
    let out = env.ok(&["--lang", "zh", "reopen", "1"]);
    assert_eq!(out.trim(), "事项 #1 Proximus 已重新打开");
    env.ok(&["close", "1", "--force"]);
    let out = env.ok(&["reopen", "1"]);
    assert_eq!(out.trim(), "case #1 Proximus is open again");
}

#[test]
fn a_cleared_field_or_due_date_is_said_cleared_not_changed_to_none() {
    let env = Env::new();
    env.ok(&["add", "Orange", "--deadline", "+3w", "--number", "0470"]);
    let out = env.ok(&["--lang", "zh", "deadline", "1", "none"]);
    assert!(
        out.starts_with("事项 #1：截止日期已清除（原为 2026-12-21）\n"),
        "{out}"
    );
    assert!(out.contains("的到期日已清除（原为 "), "{out}");
    assert!(!out.contains("改为 无"), "{out}");
    let out = env.ok(&["--lang", "zh", "edit", "1", "--number", ""]);
    assert!(
        out.starts_with("事项 #1：号码已清除（原为 「0470」）\n"),
        "{out}"
    );
    let out = env.ok(&["edit", "1", "--deadline", "+1w"]);
    assert!(
        out.starts_with("case #1: deadline 2026-12-07 (was none)\n"),
        "{out}"
    );
    let out = env.ok(&["edit", "1", "--deadline", "none"]);
    assert!(
        out.starts_with("case #1: deadline cleared (was 2026-12-07)\n"),
        "{out}"
    );
    assert!(out.contains("has no due date now (was "), "{out}");
}
