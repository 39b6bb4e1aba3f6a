//! The settings file: defaults below options and variables, and errors that name the line.

use crate::common::Env;

fn write_settings(env: &Env, text: &str) -> std::path::PathBuf {
    let dir = env.path().join("xdg-config/closeout");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn settings_give_defaults_that_options_override() {
    let env = Env::new();
    write_settings(
        &env,
        "holder = \"李雷\"\nchannel = \"shop\"\nlang = \"zh\"\n",
    );
    let case = env.json(&["add", "Proximus"]);
    assert_eq!(case["holder"], "李雷");
    assert_eq!(case["channel"], "shop");
    let case = env.json(&["add", "Telenet", "--holder", "bob", "--channel", "phone"]);
    assert_eq!(case["holder"], "bob");
    assert_eq!(case["channel"], "phone");
    // Language: the file wins over the locale, CLOSEOUT_LANG and --lang win over the file.
    let title = |extra: &[(&str, &str)], args: &[&str]| -> String {
        let mut cmd = env.cmd();
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let out = cmd.args(["guide", "why"]).args(args).output().expect("run");
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(title(&[("LANG", "en_US.UTF-8")], &[]).starts_with("为什么"));
    assert!(title(&[("CLOSEOUT_LANG", "en")], &[]).starts_with("Why"));
    assert!(title(&[], &["--lang", "en"]).starts_with("Why"));
}

#[test]
fn a_bad_settings_line_is_an_error_naming_it() {
    let env = Env::new();
    let path = write_settings(&env, "holder = \"me\"\ncolour = \"red\"\n");
    let err = env.fails(&["add", "Proximus"], 1);
    assert!(err.contains(&format!("{}:2:1", path.display())), "{err}");
    assert!(err.contains("colour"), "{err}");
    env.fails(&["list"], 1);
    // `config path` still answers, so the file can be found and fixed.
    assert_eq!(
        env.ok(&["config", "path"]).trim(),
        path.display().to_string()
    );
    let err = env.fails(&["config", "show"], 1);
    assert!(err.contains(":2:1"), "{err}");
    write_settings(&env, "lang = \"fr\"\n");
    let err = env.fails(&["list"], 1);
    assert!(err.contains(":1:") && err.contains("en or zh"), "{err}");
}

#[test]
fn config_show_says_where_each_setting_comes_from() {
    let env = Env::new();
    let shown = env.json(&["config", "show"]);
    assert_eq!(shown["exists"], false);
    assert!(
        shown["settings"]
            .as_array()
            .expect("settings")
            .iter()
            .all(|s| s["source"] == "default")
    );
    write_settings(&env, "remind_within = \"1w\"\n");
    let shown = env.json(&["config", "show"]);
    assert_eq!(shown["exists"], true);
    let within = shown["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .find(|s| s["name"] == "remind_within")
        .expect("remind_within")
        .clone();
    assert_eq!(within["value"], "7d");
    assert_eq!(within["source"], "file");
    let text = env.ok(&["config", "show"]);
    assert!(
        text.contains("remind_within") && text.contains("file"),
        "{text}"
    );
}

#[test]
fn the_reminder_window_comes_from_the_settings_unless_given() {
    let env = Env::new();
    // documents falls due 2026-12-06, six days ahead: outside the default three days.
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    let keys = |rows: serde_json::Value| -> Vec<String> {
        rows.as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r["key"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(keys(env.json(&["remind"])), ["method"]);
    write_settings(&env, "remind_within = \"1w\"\n");
    assert_eq!(keys(env.json(&["remind"])), ["method", "documents"]);
    assert_eq!(keys(env.json(&["remind", "--within", "0d"])), ["method"]);
    write_settings(&env, "remind_within = \"soon\"\n");
    let err = env.fails(&["remind"], 1);
    assert!(err.contains(":1:"), "{err}");
}

#[test]
fn an_empty_holder_is_refused_in_the_settings_file_as_on_the_command_line() {
    let env = Env::new();
    // On the command line: a usage error, for `add` as for `edit`.
    for holder in ["", "  "] {
        let err = env.fails(&["add", "Proximus", "--holder", holder], 2);
        assert!(err.contains("holder is empty"), "{err}");
    }
    env.ok(&["add", "Proximus"]);
    let err = env.fails(&["edit", "1", "--holder", ""], 2);
    assert!(err.contains("holder is empty"), "{err}");
    // In the settings file: an error naming the line, and no case is made.
    for text in ["holder = \"\"\n", "lang = \"en\"\nholder = \"   \"\n"] {
        let path = write_settings(&env, text);
        let err = env.fails(&["add", "Telenet"], 1);
        let line = text.lines().count();
        assert!(
            err.contains(&format!("{}:{line}:", path.display())),
            "{err}"
        );
        assert!(err.contains("holder is empty"), "{err}");
    }
}
