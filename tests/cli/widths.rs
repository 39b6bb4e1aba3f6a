//! Every human output fits the terminal's width, down to 40 columns, in both languages: long
//! titles and notes wrap or are cut, dates and numbers stay whole.

use crate::common::Env;
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
    env.at("2026-12-02T09:00:00Z");
    env
}

/// Every human output: the dashboard, the tables, a case, the history, the calendar, the guide,
/// the templates and the undo list.
const OUTPUTS: &[&[&str]] = &[
    &[],
    &["list"],
    &["list", "--all"],
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
