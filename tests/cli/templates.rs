//! Templates as data: the built-ins, the user's own files, and the `templates` and `template`
//! commands.

use crate::common::{Env, step};
use serde_json::{Value, json};
use std::path::PathBuf;

fn keys(case: &Value) -> Vec<&str> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect()
}

fn dues(case: &Value) -> Vec<Value> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["due"].clone())
        .collect()
}

#[test]
fn each_built_in_template_makes_its_checklist() {
    let env = Env::new();
    let sim = env.json(&["add", "Proximus", "--deadline", "2026-12-30"]);
    assert_eq!(sim["template"], "sim");
    assert_eq!(
        keys(&sim),
        [
            "method",
            "documents",
            "unbind",
            "balance",
            "submit",
            "confirm"
        ]
    );
    let contract = env.json(&[
        "add",
        "Basic-Fit gym",
        "--template",
        "contract",
        "--deadline",
        "2026-12-30",
    ]);
    assert_eq!(contract["template"], "contract");
    assert_eq!(
        keys(&contract),
        ["method", "documents", "submit", "confirm"]
    );
    assert_eq!(
        dues(&contract),
        [
            json!("2026-12-09"),
            json!("2026-12-16"),
            json!("2026-12-25"),
            Value::Null
        ]
    );
    let internet = env.json(&[
        "add",
        "Telenet internet",
        "--template",
        "INTERNET",
        "--deadline",
        "2026-12-30",
        "--channel",
        "shop",
    ]);
    assert_eq!(internet["template"], "internet");
    assert_eq!(internet["provider"], "Telenet");
    assert_eq!(
        keys(&internet),
        [
            "method",
            "services",
            "documents",
            "submit",
            "equipment",
            "confirm"
        ]
    );
    let equipment = step(&internet, "equipment");
    assert_eq!(equipment["title"], "Return the modem and decoder");
    assert!(
        equipment["how"]
            .as_str()
            .expect("how")
            .starts_with("Ask Telenet how, where and by when to return the modem"),
        "{equipment}"
    );
    assert_eq!(
        step(&internet, "submit")["how"],
        "Go to one of Telenet's shops with an identity document and the contract or a recent \
         bill and ask the staff to process the cancellation."
    );
    // The return and the confirmation wait, one after the other, for the request.
    let internet = env.json(&["done", "3", "submit", "--date", "2026-12-20"]);
    assert_eq!(step(&internet, "equipment")["due"], "2026-12-27");
    assert!(step(&internet, "confirm")["due"].is_null());
    let internet = env.json(&["done", "3", "equipment", "--date", "2026-12-22"]);
    assert_eq!(step(&internet, "confirm")["due"], "2026-12-29");
}

/// The user's templates folder in the test's config home.
fn user_dir(env: &Env) -> PathBuf {
    env.path().join("xdg-config/closeout/templates")
}

fn write_template(env: &Env, file: &str, text: &str) -> PathBuf {
    let dir = user_dir(env);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join(file);
    std::fs::write(&path, text).expect("write template");
    path
}

const GYM: &str = r#"
name = "club"
description = { en = "A gym membership", zh = "健身房会员" }
documents = [{ en = "the membership card", zh = "会员卡" }]

[[steps]]
key = "notice"
title = { en = "Give notice to {provider}", zh = "通知{provider}" }
how = { en = "Bring {documents} to the desk.", zh = "把{documents}带到前台。" }
before_deadline = 30

[[steps]]
key = "card"
title = { en = "Hand back the card", zh = "归还会员卡" }
after = { step = "notice", days = 2 }
"#;

#[test]
fn templates_lists_built_ins_and_the_users_files() {
    let env = Env::new();
    let out = env.ok(&["templates"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("name") && lines[0].contains("description"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("sim ") && lines[1].contains("  6  built-in  A mobile SIM card"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("contract") && lines[2].contains("  4  built-in"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("internet") && lines[3].contains("  6  built-in"),
        "{out}"
    );
    let path = write_template(&env, "gym.toml", GYM);
    let rows = env.json(&["templates"]);
    assert_eq!(rows.as_array().expect("rows").len(), 10);
    assert_eq!(
        rows[9],
        json!({ "name": "club", "source": path.to_str().expect("utf-8"), "replaces_built_in": false,
                "steps": 2, "description": "A gym membership" })
    );
    assert_eq!(rows[0]["source"], "built-in");
}

#[test]
fn a_user_template_makes_cases_and_speaks_either_language() {
    let env = Env::new();
    write_template(&env, "gym.toml", GYM);
    let case = env.json(&[
        "add",
        "Basic-Fit",
        "--template",
        "club",
        "--provider",
        "Basic-Fit",
        "--deadline",
        "2027-01-31",
    ]);
    assert_eq!(case["template"], "club");
    assert_eq!(keys(&case), ["notice", "card"]);
    assert_eq!(step(&case, "notice")["title"], "Give notice to Basic-Fit");
    assert_eq!(
        step(&case, "notice")["how"],
        "Bring the membership card to the desk."
    );
    assert_eq!(step(&case, "notice")["due"], "2027-01-01");
    assert!(step(&case, "card")["due"].is_null());
    // A template written only in Chinese gives Chinese steps whatever the language in use.
    write_template(
        &env,
        "bank.toml",
        "name = \"bank\"\ndescription = { zh = \"银行账户\" }\n\
         [[steps]]\nkey = \"close\"\ntitle = { zh = \"注销{provider}账户\" }\nhow = { zh = \"带上证件去{provider}网点。\" }\n",
    );
    let case = env.json(&["add", "KBC 账户", "--template", "bank", "--provider", "KBC"]);
    assert_eq!(step(&case, "close")["title"], "注销KBC账户");
    assert_eq!(step(&case, "close")["how"], "带上证件去KBC网点。");
    let out = env.ok(&["templates"]);
    assert!(out.contains("银行账户"), "{out}");
}

#[test]
fn a_user_template_replaces_the_built_in_of_its_name() {
    let env = Env::new();
    let path = write_template(
        &env,
        "my-sim.toml",
        "name = \"sim\"\ndescription = \"My SIM list\"\n\
         [[steps]]\nkey = \"port\"\ntitle = \"Port the number out\"\nbefore_deadline = 3\n",
    );
    let case = env.json(&[
        "add",
        "Proximus",
        "--template",
        "sim",
        "--deadline",
        "2026-12-30",
    ]);
    assert_eq!(case["template"], "sim");
    assert_eq!(keys(&case), ["port"]);
    assert_eq!(step(&case, "port")["due"], "2026-12-27");
    let rows = env.json(&["templates"]);
    assert_eq!(rows[0]["source"], path.to_str().expect("utf-8"));
    assert_eq!(rows[0]["replaces_built_in"], true);
    let out = env.ok(&["templates"]);
    assert!(out.contains("(replaces the built-in)"), "{out}");
}

#[test]
fn a_case_keeps_its_copy_when_the_template_changes_or_goes() {
    let env = Env::new();
    let path = write_template(&env, "gym.toml", GYM);
    env.ok(&[
        "add",
        "Basic-Fit",
        "--template",
        "club",
        "--deadline",
        "2027-01-31",
    ]);
    let before = env.json(&["show", "1"]);
    // The template is rewritten: other steps, other texts.
    std::fs::write(
        &path,
        GYM.replace("Hand back the card", "Shred the card")
            .replace("key = \"card\"", "key = \"shred\""),
    )
    .expect("rewrite");
    let case = env.json(&["show", "1"]);
    assert_eq!(case, before);
    assert_eq!(step(&case, "card")["title"], "Hand back the card");
    let second = env.json(&["add", "Jims", "--template", "club"]);
    assert_eq!(keys(&second), ["notice", "shred"]);
    // Then deleted: the cases stay as they were and can be worked.
    std::fs::remove_file(&path).expect("remove");
    assert_eq!(env.json(&["show", "1"]), before);
    let case = env.json(&["done", "1", "notice", "--date", "2027-01-02"]);
    assert_eq!(step(&case, "card")["due"], "2027-01-04");
    let err = env.fails(&["add", "Other", "--template", "club"], 2);
    assert!(
        err.contains("no template named 'club'; known: sim, contract, internet, energy, insurance, gym, bank, lease, subscription"),
        "{err}"
    );
}

#[test]
fn a_broken_user_file_is_skipped_with_a_warning() {
    let env = Env::new();
    let path = write_template(&env, "broken.toml", "name = \"broken\"\ntitel = 1\n");
    let out = env.cmd().args(["add", "Proximus"]).output().expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: skipped the template file")
            && stderr.contains(&format!("{}: 2:1: unknown field `titel`", path.display()))
            && stderr.contains("closeout template check"),
        "{stderr}"
    );
    assert_eq!(env.json(&["templates"]).as_array().expect("rows").len(), 9);
}

#[test]
fn template_show_prints_steps_rules_how_to_and_providers() {
    let env = Env::new();
    let out = env.ok(&["template", "show", "sim"]);
    assert!(out.starts_with("sim  (built-in)\n"), "{out}");
    assert!(
        out.contains(
            "1  method     Find out how to cancel                21 days before the deadline"
        ),
        "{out}"
    );
    assert!(
        out.contains("6  confirm    Confirm the cancellation took effect  7 days after submit"),
        "{out}"
    );
    assert!(
        out.contains("Check whether the provider wants a shop visit"),
        "{out}"
    );
    assert!(
        out.contains("provider Proximus: asks for an identity document"),
        "{out}"
    );
    // The how-to a case with this provider and channel would get.
    let out = env.ok(&[
        "template",
        "show",
        "sim",
        "--provider",
        "telenet",
        "--channel",
        "online",
    ]);
    assert!(
        out.contains("how-to as a case with provider Telenet and channel online"),
        "{out}"
    );
    assert!(
        out.contains("Log in to Telenet's website, open \"My account\""),
        "{out}"
    );
    // JSON carries every language as written.
    let t = env.json(&["template", "show", "internet"]);
    assert_eq!(t["name"], "internet");
    assert_eq!(t["source"], "built-in");
    assert_eq!(t["steps"][4]["key"], "equipment");
    assert_eq!(
        t["steps"][4]["title"],
        json!({ "en": "Return the modem and decoder", "zh": "归还调制解调器和机顶盒" })
    );
    assert_eq!(
        t["steps"][4]["rule"],
        json!({ "after": { "step": "submit", "days": 7 } })
    );
    assert_eq!(t["steps"][0]["rule"], json!({ "before_deadline": 21 }));
    let sim = env.json(&["template", "show", "sim"]);
    assert_eq!(sim["providers"][0]["name"], "Proximus");
    assert!(
        sim["providers"][0]["steps"]["submit"]["online"]["zh"]
            .as_str()
            .expect("zh")
            .contains("Proximus")
    );
    let err = env.fails(&["template", "show", "nosuch"], 2);
    assert!(
        err.contains("no template named 'nosuch'; known: sim, contract, internet"),
        "{err}"
    );
}

fn check_file(env: &Env, text: &str) -> (PathBuf, String) {
    let path = env.path().join("t.toml");
    std::fs::write(&path, text).expect("write");
    let err = env.fails(&["template", "check", path.to_str().expect("utf-8")], 2);
    (path, err)
}

const HEAD: &str = "name = \"t\"\ndescription = \"d\"\n";

#[test]
fn template_check_reports_each_problem_with_line_and_column() {
    let env = Env::new();
    // An unknown field.
    let (path, err) = check_file(
        &env,
        &format!("{HEAD}[[steps]]\nkey = \"a\"\ntitel = \"A\"\n"),
    );
    let p = path.display();
    assert!(
        err.starts_with(&format!(
            "error: {p} is not a valid template (a problem):\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "\n{p}:5:1: unknown field `titel`, expected one of"
        )),
        "{err}"
    );
    // A duplicate step key.
    let (_, err) = check_file(
        &env,
        &format!(
            "{HEAD}[[steps]]\nkey = \"a\"\ntitle = \"A\"\n[[steps]]\nkey = \"a\"\ntitle = \"B\"\n"
        ),
    );
    assert!(
        err.contains(&format!(
            "\n{p}:7:7: duplicate step key 'a' (first at line 4)"
        )),
        "{err}"
    );
    // A rule naming a missing step.
    let (_, err) = check_file(
        &env,
        &format!(
            "{HEAD}[[steps]]\nkey = \"a\"\ntitle = \"A\"\nafter = {{ step = \"submit\", days = 7 }}\n"
        ),
    );
    assert!(
        err.contains(&format!(
            "\n{p}:6:18: step 'a' comes after 'submit', which is not a step of this template"
        )),
        "{err}"
    );
    // A dependency cycle.
    let (_, err) = check_file(
        &env,
        &format!(
            "{HEAD}[[steps]]\nkey = \"a\"\ntitle = \"A\"\nafter = {{ step = \"b\", days = 1 }}\n\
             [[steps]]\nkey = \"b\"\ntitle = \"B\"\nafter = {{ step = \"a\", days = 1 }}\n"
        ),
    );
    assert!(
        err.contains(&format!(
            "\n{p}:6:18: steps 'a' → 'b' → 'a' wait for each other in a circle"
        )),
        "{err}"
    );
    // Several problems at once, in file order; --json lists them on stdout too.
    let text = format!(
        "{HEAD}[[steps]]\nkey = \"a\"\ntitle = \"A\"\nafter = {{ step = \"x\", days = 1 }}\n\
         [[steps]]\nkey = \"a\"\ntitle = \"B\"\n"
    );
    let (_, err) = check_file(&env, &text);
    assert!(err.contains("(2 problems)"), "{err}");
    let out = env
        .cmd()
        .args(["template", "check", path.to_str().expect("utf-8"), "--json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["problems"],
        json!([
            { "line": 6, "column": 18, "message": "step 'a' comes after 'x', which is not a step of this template" },
            { "line": 8, "column": 7, "message": "duplicate step key 'a' (first at line 4)" },
        ])
    );
    // A TOML syntax error, and a file that is not there.
    let (_, err) = check_file(&env, &format!("{HEAD}[[steps]\n"));
    assert!(err.contains(&format!("\n{p}:3:")), "{err}");
    let err = env.fails(&["template", "check", "/nonexistent/t.toml"], 2);
    assert!(
        err.contains("cannot read the template file /nonexistent/t.toml"),
        "{err}"
    );
}

#[test]
fn template_check_accepts_a_valid_file() {
    let env = Env::new();
    let path = env.path().join("gym.toml");
    std::fs::write(&path, GYM).expect("write");
    let file = path.to_str().expect("utf-8");
    let out = env.ok(&["template", "check", file]);
    assert_eq!(out, format!("{file}: template 'club' is valid (2 steps)\n"));
    let report = env.json(&["template", "check", file]);
    assert_eq!(report["valid"], true);
    assert_eq!(report["steps"], 2);
    // A file named like a built-in says it would replace it.
    std::fs::write(&path, GYM.replace("name = \"club\"", "name = \"sim\"")).expect("write");
    let out = env.ok(&["template", "check", file]);
    assert!(
        out.ends_with(
            "is valid (2 steps); in your templates folder it replaces the built-in 'sim'\n"
        ),
        "{out}"
    );
}

#[test]
fn template_new_writes_a_commented_file_that_passes_the_check() {
    let env = Env::new();
    let out = env.ok(&["template", "new", "club"]);
    let path = user_dir(&env).join("club.toml");
    let file = path.to_str().expect("utf-8");
    assert!(
        out.starts_with(&format!("wrote {file} (a commented starting point)")),
        "{out}"
    );
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with("# A closeout checklist template."),
        "{text}"
    );
    assert!(text.contains("name = \"club\""), "{text}");
    env.ok(&["template", "check", file]);
    let case = env.json(&["add", "Basic-Fit", "--template", "club"]);
    assert_eq!(keys(&case), ["method", "documents", "submit", "confirm"]);
    // Never over an existing file.
    let err = env.fails(&["template", "new", "club"], 1);
    assert!(
        err.contains(&format!("your template 'club' is in {file} already")),
        "{err}"
    );
    let err = env.fails(&["template", "new", "my gym"], 2);
    assert!(err.contains("'my gym' cannot be a template name"), "{err}");
}

#[test]
fn template_new_with_a_built_in_name_starts_from_a_copy_that_replaces_it() {
    let env = Env::new();
    let out = env.ok(&["template", "new", "internet"]);
    assert!(
        out.contains("a copy of the built-in 'internet', which it now replaces"),
        "{out}"
    );
    let path = user_dir(&env).join("internet.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with("# Your copy of the built-in 'internet' template"),
        "{text}"
    );
    std::fs::write(
        &path,
        text.replace("Return the modem and decoder", "Return the box"),
    )
    .expect("edit");
    let case = env.json(&["add", "Telenet", "--template", "internet"]);
    assert_eq!(step(&case, "equipment")["title"], "Return the box");
}

/// The complete example in docs/templates.md is a valid template and does what the page says.
#[test]
fn the_documented_example_passes_the_check_and_makes_a_case() {
    let env = Env::new();
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/templates.md"))
        .expect("docs/templates.md");
    let start = page.find("A complete example:").expect("example");
    let block = &page[start..];
    let open = block.find("```toml\n").expect("toml block") + "```toml\n".len();
    let close = open + block[open..].find("```").expect("end of block");
    let path = write_template(&env, "gym.toml", &block[open..close]);
    env.ok(&["template", "check", path.to_str().expect("utf-8")]);
    let case = env.json(&[
        "add",
        "Basic-Fit",
        "--template",
        "gym",
        "--channel",
        "online",
        "--deadline",
        "2027-01-31",
    ]);
    assert_eq!(case["provider"], "Basic-Fit");
    assert_eq!(keys(&case), ["notice", "submit", "card"]);
    assert_eq!(
        step(&case, "submit")["how"],
        "Log in to the Basic-Fit app, open \"My membership\" and choose \"Cancel\". Keep the \
         confirmation e-mail."
    );
    assert_eq!(step(&case, "notice")["due"], "2027-01-01");
    let other = env.json(&["add", "My gym", "--template", "gym", "--channel", "shop"]);
    assert_eq!(
        step(&other, "submit")["how"],
        "Go to the desk with an identity document and the membership card."
    );
    assert_eq!(
        step(&other, "notice")["how"],
        "Read the contract and ask the gym what notice applies."
    );
}

/// A user template of 8,000 steps, each due a day after the one before it: loading it must take
/// time in proportion to its size. Every command that needs templates loads every user file, so
/// a slow check would stall `add --template sim` too. (Checking the rules' chain once cost
/// about the cube of its length: 24 s for 2,000 steps in a debug build.) The bound is generous:
/// it catches the order of growth, not a slow machine.
#[test]
fn a_long_chain_of_after_rules_loads_in_linear_time() {
    use std::fmt::Write as _;
    let env = Env::new();
    let dir = env.path().join("xdg-config/closeout/templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut text = String::from("name = \"chain\"\ndescription = \"a long chain\"\n");
    const STEPS: usize = 8000;
    for i in 0..STEPS {
        let _ = write!(text, "\n[[steps]]\nkey = \"s{i}\"\ntitle = \"Step {i}\"\n");
        if i == 0 {
            text.push_str("before_deadline = 30\n");
        } else {
            let _ = writeln!(text, "after = {{ step = \"s{}\", days = 1 }}", i - 1);
        }
    }
    std::fs::write(dir.join("chain.toml"), &text).expect("write");
    let started = std::time::Instant::now();
    let bound = std::time::Duration::from_secs(60);
    for args in [
        &["add", "Proximus", "--template", "sim"][..],
        &[
            "add",
            "Chain",
            "--template",
            "chain",
            "--deadline",
            "2026-12-30",
        ],
        &["done", "2", "s0"],
    ] {
        let mut child = env
            .process()
            .args(args)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > bound {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{args:?}: not done after {bound:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(status.success(), "{args:?}");
    }
    let chain = env.json(&["show", "2"]);
    let steps = chain["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), STEPS);
    assert_eq!(steps[1]["due"], "2026-12-01", "a day after s0 was done");
    assert!(steps[2]["due"].is_null(), "s2 waits for s1");
    // A circle in a long file is still found, and reported once.
    let circle = text.replace(
        "before_deadline = 30\n",
        &format!("after = {{ step = \"s{}\", days = 1 }}\n", STEPS - 1),
    );
    let file = env.path().join("circle.toml");
    std::fs::write(&file, circle).expect("write");
    let err = env.fails(&["template", "check", file.to_str().expect("utf-8")], 2);
    let head: String = err.chars().take(300).collect();
    assert!(err.contains("(a problem)"), "{head}");
    assert!(err.contains("steps 's0' → 's7999' → 's7998'"), "{head}");
    assert!(err.contains("'s1' → 's0' wait for each other"), "{head}");
}
