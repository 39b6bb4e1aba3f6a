//! The scheduler files under contrib/ and the lines of docs/reminders.md that install them:
//! present, in step with each other, and the service's command doing what the page says.

use crate::common::Env;
use std::path::Path;
use std::process::Command;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_reminders_page_shows_the_lines_for_shell_cron_and_systemd() {
    let page = read("docs/reminders.md");
    for line in [
        "command -v closeout >/dev/null && closeout remind",
        "0 9 * * * $HOME/.cargo/bin/closeout remind",
        "cp contrib/closeout-remind.service contrib/closeout-remind.timer ~/.config/systemd/user/",
        "systemctl --user daemon-reload",
        "systemctl --user enable --now closeout-remind.timer",
    ] {
        assert!(page.contains(line), "docs/reminders.md lacks: {line}");
    }
}

#[test]
fn the_timer_starts_the_service_every_morning_and_after_missed_runs() {
    let timer = read("contrib/closeout-remind.timer");
    assert!(timer.contains("\n[Timer]\n"), "{timer}");
    assert!(timer.contains("\nOnCalendar=*-*-* 09:00:00\n"), "{timer}");
    assert!(timer.contains("\nPersistent=true\n"), "{timer}");
    assert!(
        timer.contains("\n[Install]\nWantedBy=timers.target\n"),
        "{timer}"
    );
    let service = read("contrib/closeout-remind.service");
    assert!(service.contains("\n[Service]\nType=oneshot\n"), "{service}");
}

/// The service's command as the shell receives it: systemd turns `%h` into the home folder, `%%`
/// into `%`, `$$` into `$` and `\\` into `\` before running it.
fn service_script(home: &Path) -> String {
    let service = read("contrib/closeout-remind.service");
    let exec = service
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/bin/sh -c '"))
        .and_then(|l| l.strip_suffix('\''))
        .expect("ExecStart=/bin/sh -c '...'");
    exec.replace("%h", home.to_str().expect("utf-8 home"))
        .replace("%%", "%")
        .replace("$$", "$")
        .replace("\\\\", "\\")
}

/// The service's command, run as systemd would run it, with closeout where the service expects
/// it and a notify-send that writes down the arguments it got into the file returned.
#[cfg(unix)]
struct Service {
    script: String,
    home: std::path::PathBuf,
    tools: std::path::PathBuf,
    notified: std::path::PathBuf,
}

#[cfg(unix)]
impl Service {
    fn new(env: &Env) -> Service {
        let home = env.path().join("home");
        let bin = home.join(".cargo/bin");
        std::fs::create_dir_all(&bin).expect("mkdir");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_closeout"), bin.join("closeout"))
            .expect("symlink");
        let tools = env.path().join("tools");
        std::fs::create_dir_all(&tools).expect("mkdir");
        let notified = env.path().join("notified.txt");
        let fake = tools.join("notify-send");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\nprintf '%s|' \"$@\" > '{}'\n",
                notified.display()
            ),
        )
        .expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        Service {
            script: service_script(&home),
            home,
            tools,
            notified,
        }
    }

    fn run(&self, env: &Env) -> std::process::Output {
        Command::new("/bin/sh")
            .args(["-c", &self.script])
            .env_clear()
            .env("CLOSEOUT_DB", &env.db)
            .env("CLOSEOUT_NOW", crate::common::NOW)
            .env("TZ", "UTC")
            .env("HOME", &self.home)
            .env("PATH", format!("{}:/usr/bin:/bin", self.tools.display()))
            .output()
            .expect("run the service command")
    }
}

#[cfg(unix)]
#[test]
fn the_service_notifies_what_is_due_and_stays_quiet_otherwise() {
    let env = Env::new();
    let service = Service::new(&env);
    let notified = &service.notified;

    // Nothing due: no output, no notification, success.
    let out = service.run(&env);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(!notified.exists());

    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    let out = service.run(&env);
    assert!(out.status.success(), "{out:?}");
    let journal = String::from_utf8_lossy(&out.stdout);
    assert!(
        journal.starts_with("Today\n") && journal.contains("1 method"),
        "{journal}"
    );
    let note = std::fs::read_to_string(notified).expect("notified");
    assert!(
        note.starts_with("--app-name=closeout|closeout: due soon|Today\n"),
        "{note}"
    );
    assert!(note.contains("Find out how to cancel"), "{note}");
}

/// A notification body is markup to most notification servers (`<b>`, `<a href>`, `<img>`):
/// what a title holds is shown as text there too, and its control characters escaped.
#[cfg(unix)]
#[test]
fn the_notification_shows_a_title_as_text() {
    let env = Env::new();
    let service = Service::new(&env);
    env.ok(&[
        "add",
        "<a href=\"https://evil.example\">click</a> <img src=\"/etc/passwd\"/> & \x1b]0;pwned\x07\u{202e}",
        "--deadline",
        "2026-12-20",
    ]);
    let out = service.run(&env);
    assert!(out.status.success(), "{out:?}");
    let note = std::fs::read_to_string(&service.notified).expect("notified");
    assert!(
        note.contains(
            "&lt;a href=\"https://evil.example\"&gt;click&lt;/a&gt; &lt;img src=\"/etc/passwd\"/&gt; &amp; \\e]0;pwned\\u{7}\\u{202e}"
        ),
        "{note}"
    );
    assert!(!note.contains('<') && !note.contains('\x1b'), "{note}");
    // The journal gets the text as `remind` printed it.
    let journal = String::from_utf8_lossy(&out.stdout);
    assert!(journal.contains("<a href="), "{journal}");
}
