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
    assert!(out.contains("清单：gym，因为标题里有「健身」"), "{out}");
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
