//! Conventions of the terminal: completion scripts and the manual page.

use crate::common::Env;

#[test]
fn completions_for_every_shell_name_the_commands() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(&["completions", shell]);
        for command in ["add", "pending", "done", "reopen"] {
            assert!(script.contains(command), "{shell}: {command} missing");
        }
    }
    env.fails(&["completions", "tcsh"], 2);
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let env = Env::new();
    let script = env.ok(&["completions", "bash"]);
    let path = env.path().join("closeout.bash");
    std::fs::write(&path, script).expect("write");
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .expect("bash");
    assert!(status.success());
}

#[test]
fn the_manual_page_is_roff_generated_from_the_commands() {
    let env = Env::new();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH closeout 1"), "{page}");
    for command in ["pending", "delete", "completions"] {
        assert!(page.contains(command), "{command} missing");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::new();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = env
        .std_cmd()
        .args(["completions", "bash"])
        .stdout(writer)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
