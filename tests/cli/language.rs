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
