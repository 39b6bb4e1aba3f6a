//! A first try in English and Chinese, at 80 and 50 columns: what it turned up, as a user meets it.

use crate::common::Env;
use std::io::Write;

/// Runs closeout with `args` on a pseudo-terminal (util-linux `script`), typing `answers`;
/// returns what the terminal showed.
fn on_terminal(env: &Env, args: &str, answers: &str) -> String {
    let binary = env.process().get_program().to_os_string();
    let mut script = std::process::Command::new("script");
    for (key, value) in env.process().get_envs() {
        match value {
            Some(v) => script.env(key, v),
            None => script.env_remove(key),
        };
    }
    let mut child = script
        .args([
            "-qec",
            &format!("{} {args}", binary.to_string_lossy()),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(answers.as_bytes())
        .expect("answers");
    let out = child.wait_with_output().expect("wait");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{shown}");
    shown
}

#[test]
fn the_channel_question_offers_post_too_in_either_language() {
    let env = Env::new();
    let shown = on_terminal(&env, "add", "Engie\n\npost\n\n\n");
    assert!(
        shown.contains("Channel: online, phone, shop or post: "),
        "{shown}"
    );
    assert_eq!(env.json(&["show", "1"])["channel"], "post");
    let shown = on_terminal(&env, "--lang zh add", "注销宽带\n\n\n\n\n");
    assert!(
        shown.contains("办理方式：online（网上）、phone（电话）、shop（门店）或 post（邮寄）: "),
        "{shown}"
    );
    // A wrong answer lists them all as well.
    let shown = on_terminal(&env, "add", "gym\n\nfax\npost\n\n\n");
    assert!(
        shown.contains("'fax' is not a channel; use online, phone, shop or post"),
        "{shown}"
    );
}
