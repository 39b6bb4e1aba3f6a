//! Every human output fits the terminal's width, down to 40 columns, in both languages: long
//! titles and notes wrap or are cut, dates and numbers stay whole.

use crate::common::{Env, assert_snapshot};
use unicode_width::UnicodeWidthStr;

const LONG_LATIN: &str =
    "Telenet internet, television and the fixed telephone line at the old flat in Ixelles";
const LONG_CHINESE: &str =
    "注销布鲁塞尔旧公寓的宽带、电视和固定电话线路以及所有相关的增值服务和设备租赁合同";

/// Cases with long Latin and Chinese titles, notes and holders; some steps done, some overdue,
/// some due today, deadlines this month; history to undo.
fn crowded() -> Env {
    let mut env = Env::new();
    env.ok(&[
        "add",
        LONG_LATIN,
        "--template",
        "internet",
        "--deadline",
        "2026-12-17",
        "--holder",
        "Alexandrine Vandenberghe-Dupont",
        "--number",
        "0470 12 34 56 / customer 123456789",
        "--note",
        "Ask for the written confirmation of the cancellation and keep it with the final invoice of December",
    ]);
    env.ok(&[
        "add",
        LONG_CHINESE,
        "--template",
        "sim",
        "--deadline",
        "2026-12-20",
        "--holder",
        "王小明",
        "--note",
        "提交之前先把银行账户和所有短信验证码改绑到新的号码，否则以后无法登录网上银行",
    ]);
    env.ok(&["add", "Proximus", "--deadline", "2026-12-03"]);
    env.ok(&["done", "1", "method"]);
    env.ok(&["done", "2", "method"]);
    env.ok(&[
        "note",
        "1",
        "services",
        "the alarm company and the smart meter both report over this line, call them first",
    ]);
    env.ok(&[
        "note",
        "2",
        "unbind",
        "银行、支付宝、微信和所有使用这个号码接收验证码的服务都要先改绑",
    ]);
    env.ok(&["due", "3", "documents", "2026-12-01"]);
    env.ok(&["add", "Gym", "--template", "contract"]);
    env.ok(&["close", "4", "--force"]);
    env.at("2026-12-02T09:00:00Z");
    env
}

/// Every human output: the dashboard, the tables, a case, the history, the calendar, the guide,
/// the templates and the undo list.
const OUTPUTS: &[&[&str]] = &[
    &[],
    &["list"],
    &["list", "--all"],
    &["pending", "--case", "2"],
    &["pending"],
    &["show", "1"],
    &["show", "2"],
    &["show", "3"],
    &["remind", "--within", "3w"],
    &["log"],
    &["calendar", "2026-12"],
    &["guide"],
    &["templates"],
    &["template", "show", "internet"],
    &["template", "show", "sim"],
    &["undo", "--list"],
];

fn at_width(env: &Env, columns: usize, lang: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("COLUMNS", columns.to_string())
        .args(["--lang", lang])
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn no_line_of_any_human_output_is_wider_than_the_terminal() {
    let env = crowded();
    for columns in [40, 50, 80] {
        for lang in ["en", "zh"] {
            for args in OUTPUTS {
                let out = at_width(&env, columns, lang, args);
                assert!(!out.trim().is_empty(), "{args:?} printed nothing");
                for line in out.lines() {
                    assert!(
                        line.width() <= columns,
                        "{args:?} at {columns} in {lang}: {} columns\n{line}\n\n{out}",
                        line.width()
                    );
                }
            }
        }
    }
}

/// Every `2026-MM-DD` in `text` is whole: a date is never cut or wrapped.
fn dates_are_whole(text: &str) -> bool {
    text.match_indices("2026-").all(|(at, _)| {
        let date = text[at..].get(..10).unwrap_or_default();
        date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    })
}

/// Words of the test data and the guide that a break in the wrong place would split.
const WORDS: &[&str] = &[
    "internet",
    "television",
    "Vandenberghe-Dupont",
    "Ixelles",
    "your",
    "confirmation",
    "2026-12-17",
];

/// Whether `word` is split across two lines of `text`.
fn broken(text: &str, word: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.windows(2).any(|pair| {
        let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
        (1..word.len())
            .filter(|k| word.is_char_boundary(*k))
            .any(|k| a.ends_with(&word[..k]) && b.starts_with(&word[k..]))
    })
}

#[test]
fn dates_stay_whole_and_words_are_not_broken() {
    let env = crowded();
    for columns in [40, 50] {
        for lang in ["en", "zh"] {
            for args in OUTPUTS {
                let out = at_width(&env, columns, lang, args);
                assert!(dates_are_whole(&out), "{args:?} at {columns}:\n{out}");
                for word in WORDS {
                    assert!(
                        !broken(&out, word),
                        "{args:?} at {columns} in {lang} broke {word}:\n{out}"
                    );
                }
            }
        }
    }
    assert!(!dates_are_whole("due 2026-1\n2-17"));
    assert!(broken("the i\n  nternet line", "internet"));
    assert!(!broken("the internet\nline", "internet"));
}

#[test]
fn show_moves_what_does_not_fit_under_the_row_whole() {
    let env = crowded();
    let wide = at_width(&env, 120, "en", &["show", "3"]);
    let narrow = at_width(&env, 40, "en", &["show", "3"]);
    let row = |text: &str, key: &str| -> String {
        text.lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("no {key}:\n{text}"))
            .to_string()
    };
    assert!(
        row(&wide, "documents").contains("Gather documents"),
        "{wide}"
    );
    assert!(
        row(&wide, "documents").ends_with("overdue, set by hand"),
        "{wide}"
    );
    // At 40 columns the title and the flags are under the row, whole; the due date stays in it.
    let documents = row(&narrow, "documents");
    assert!(documents.ends_with("2026-12-01"), "{narrow}");
    let under: Vec<&str> = narrow
        .lines()
        .skip_while(|l| !l.contains("documents"))
        .skip(1)
        .take(3)
        .collect();
    assert_eq!(under[0].trim(), "Gather documents", "{narrow}");
    assert_eq!(under[1].trim(), "overdue, set by hand", "{narrow}");
    let done = at_width(&env, 40, "en", &["show", "1"]);
    assert!(done.contains("\n       done 2026-11-30\n"), "{done}");
}

#[test]
fn empty_states_fit_too() {
    let env = Env::new();
    for columns in [40, 50] {
        for lang in ["en", "zh"] {
            for args in [
                &[][..],
                &["list"],
                &["list", "--all"],
                &["pending"],
                &["log"],
                &["undo", "--list"],
            ] {
                let out = at_width(&env, columns, lang, args);
                assert!(!out.is_empty(), "{args:?}");
                for line in out.lines() {
                    assert!(line.width() <= columns, "{args:?} at {columns}: {line}");
                }
            }
        }
    }
}

/// Every human output at 40 and 50 columns, in English and Chinese, as the user sees it.
#[test]
fn narrow_outputs_match_their_snapshots() {
    let env = crowded();
    for columns in [40, 50] {
        for lang in ["en", "zh"] {
            let mut all = String::new();
            for args in OUTPUTS {
                all.push_str(&format!("$ closeout {}\n", args.join(" ")));
                all.push_str(&at_width(&env, columns, lang, args));
                all.push('\n');
            }
            assert_snapshot(&format!("width_{columns}_{lang}"), &all);
        }
    }
}

#[test]
fn a_template_file_in_a_long_folder_fits_and_keeps_its_name() {
    let env = crowded();
    env.ok(&["template", "new", "moving_out_of_belgium"]);
    for columns in [40, 50] {
        for lang in ["en", "zh"] {
            let out = at_width(&env, columns, lang, &["templates"]);
            assert!(out.contains("moving_out_of_belgium"), "{out}");
            for line in out.lines() {
                assert!(
                    line.width() <= columns,
                    "at {columns} in {lang}: {line}\n{out}"
                );
            }
        }
    }
}

#[test]
fn narrower_than_supported_still_prints_everything_without_failing() {
    let env = crowded();
    for columns in [1, 12, 25] {
        for args in OUTPUTS {
            // Too narrow for a date beside its indent: only that it runs and prints.
            let out = at_width(&env, columns, "zh", args);
            assert!(!out.trim().is_empty(), "{args:?} at {columns}");
        }
    }
}

/// The names in the command list of a help page (under 命令：), without `help`.
fn commands_listed(help: &str) -> Vec<String> {
    help.split("命令：")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .map(|list| {
            list.lines()
                .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                .filter_map(|l| l.split_whitespace().next())
                .filter(|name| *name != "help")
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn chinese_help_of_every_command_fits_the_terminal() {
    let env = Env::new();
    for columns in [80, 50] {
        let mut paths: Vec<Vec<String>> = vec![vec![]];
        let mut seen = 0;
        while let Some(path) = paths.pop() {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push("--help");
            let help = at_width(&env, columns, "zh", &args);
            seen += 1;
            // The usage is clap's, as typed: flags and values that are never broken.
            let mut in_usage = false;
            for line in help.lines() {
                in_usage = line.starts_with("用法：") || (in_usage && !line.is_empty());
                if in_usage {
                    continue;
                }
                assert!(
                    line.width() <= columns,
                    "{args:?} at {columns} ({} wide): {line}",
                    line.width()
                );
            }
            for name in commands_listed(&help) {
                let mut sub = path.clone();
                sub.push(name);
                paths.push(sub);
            }
        }
        assert!(seen > 30, "every command's help was read ({seen})");
    }
}
