//! `remote` and `sync NAME` against real CalDAV servers, Radicale and Xandikos (from PyPI),
//! started on 127.0.0.1 by each test with its own storage and killed at its end. Python's
//! `caldav` package plays the phone (`tests/caldav/phone.py`); a proxy in front of the server
//! makes the faults (`tests/caldav/proxy.py`).
//!
//! Without the Python packages these tests say so and pass, unless CLOSEOUT_REQUIRE_CALDAV is
//! set, as `.ci/run` sets it after installing them: CI never skips them quietly.

use crate::common::{Env, assert_error_line, step};
use rstest::rstest;
use serde_json::Value;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a server may take to start listening.
const START: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Radicale,
    Xandikos,
}

fn scripts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/caldav")
}

/// Whether python3 can import the servers and the client; asked once per test run.
fn available() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    let found = *FOUND.get_or_init(|| {
        Command::new("python3")
            .args([
                "-c",
                "import radicale, xandikos, caldav, icalendar, cryptography",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !found {
        assert!(
            std::env::var_os("CLOSEOUT_REQUIRE_CALDAV").is_none(),
            "CLOSEOUT_REQUIRE_CALDAV is set but python3 cannot import radicale, xandikos and caldav"
        );
        eprintln!(
            "skipped: the CalDAV servers (python3 -m pip install radicale xandikos caldav cryptography)"
        );
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A process listening on a loopback port, killed when dropped.
pub struct Process {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl Process {
    fn spawn(mut cmd: Command, port: u16, log: PathBuf) -> Process {
        let file = std::fs::File::create(&log).expect("log file");
        let err = file.try_clone().expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .expect("start a server");
        let mut p = Process { child, port, log };
        p.wait_listening();
        p
    }

    fn wait_listening(&mut self) {
        let give_up = Instant::now() + START;
        while Instant::now() < give_up {
            // A connection to a port nobody listens on yet can still succeed: when the system
            // picks the same port as the connection's own end, TCP connects it to itself. That
            // says nothing about the server, so it does not count.
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", self.port))
                && stream.local_addr().ok() != stream.peer_addr().ok()
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the server exited ({status}) before listening:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the server did not listen on {} within {START:?}:\n{}",
            self.port,
            std::fs::read_to_string(&self.log).unwrap_or_default()
        );
    }

    /// Waits (bounded) for the process to end by itself.
    fn wait_exit(&mut self) {
        let give_up = Instant::now() + Duration::from_secs(10);
        while Instant::now() < give_up {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the process did not exit");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A CalDAV server with its own storage, and the user the tests log in as.
pub struct Server {
    pub kind: Kind,
    process: Process,
    _dir: tempfile::TempDir,
    /// The password Radicale demands, when it demands one.
    pub password: Option<&'static str>,
}

impl Server {
    /// Starts a server, or None when the packages are missing (and allowed to be). Radicale
    /// wants a user (the owner of the collections): alice, with a password.
    pub fn start(kind: Kind) -> Option<Server> {
        let password = (kind == Kind::Radicale).then_some("s3cret");
        Server::start_with(kind, password)
    }

    /// Radicale demanding alice's `password` (a plain htpasswd file).
    pub fn start_with(kind: Kind, password: Option<&'static str>) -> Option<Server> {
        if !available() {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let log = dir.path().join("server.log");
        let mut cmd = Command::new("python3");
        match kind {
            Kind::Radicale => {
                let auth = match password {
                    Some(p) => {
                        let users = dir.path().join("users");
                        std::fs::write(&users, format!("alice:{p}\n")).expect("users");
                        format!(
                            "type = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\n",
                            users.display()
                        )
                    }
                    None => "type = none\n".to_string(),
                };
                let config = dir.path().join("config");
                std::fs::write(
                    &config,
                    format!(
                        "[server]\nhosts = 127.0.0.1:{port}\n[auth]\n{auth}[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
                        dir.path().join("collections").display()
                    ),
                )
                .expect("config");
                cmd.args(["-m", "radicale", "--config"]).arg(&config);
            }
            Kind::Xandikos => {
                cmd.args([
                    "-m",
                    "xandikos",
                    "serve",
                    "--defaults",
                    "-l",
                    "127.0.0.1",
                    "-p",
                ])
                .arg(port.to_string())
                .arg("-d")
                .arg(dir.path().join("data"))
                .arg("--state-dir")
                .arg(dir.path().join("state"));
            }
        }
        cmd.env("HOME", dir.path());
        let process = Process::spawn(cmd, port, log);
        Some(Server {
            kind,
            process,
            _dir: dir,
            password,
        })
    }

    pub fn port(&self) -> u16 {
        self.process.port
    }

    /// The server's own address: where discovery starts.
    pub fn root(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port())
    }

    /// The user's calendar home, where `remote add --create` makes `closeout/`.
    pub fn home(&self) -> String {
        match self.kind {
            Kind::Radicale => format!("{}alice/", self.root()),
            Kind::Xandikos => format!("{}user/calendars/", self.root()),
        }
    }

    /// The address of the task list `remote add --create` makes.
    pub fn list(&self) -> String {
        format!("{}closeout/", self.home())
    }
}

/// Runs closeout with extra environment variables.
fn run(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = env.cmd();
    cmd.args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().expect("run closeout")
}

fn ok(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> String {
    let out = run(env, args, vars);
    assert!(
        out.status.success(),
        "closeout {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let text = ok(env, &all, vars);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// A command that must fail with exit 1, one `error:` line, and the database row for row as
/// it was. Returns stderr.
fn refused(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> String {
    let before = env.dump();
    let out = run(env, args, vars);
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "closeout {args:?}: {stderr}");
    assert_error_line(&stderr, &format!("closeout {args:?}"));
    assert_eq!(env.dump(), before, "closeout {args:?} changed rows");
    stderr
}

/// The phone: a to-do app on a list, one Python process for the whole test.
pub struct Phone {
    child: Child,
    input: std::process::ChildStdin,
    output: std::io::BufReader<std::process::ChildStdout>,
}

impl Phone {
    fn on(server: &Server, url: &str) -> Phone {
        let mut cmd = Command::new("python3");
        cmd.arg(scripts().join("phone.py")).arg(url);
        if let Some(p) = server.password {
            cmd.args(["--user", "alice", "--password", p]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start phone.py");
        let input = child.stdin.take().expect("stdin");
        let output = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        Phone {
            child,
            input,
            output,
        }
    }

    /// Runs one command (the script gives up by itself after a bounded time).
    fn say(&mut self, words: &[&str]) -> String {
        use std::io::{BufRead, Write};
        writeln!(self.input, "{}", words.join(" ")).expect("to phone.py");
        let mut line = String::new();
        self.output.read_line(&mut line).expect("from phone.py");
        assert!(
            !line.is_empty() && !line.starts_with("error"),
            "phone {words:?}: {line}"
        );
        line.trim_end().to_string()
    }

    fn run(&mut self, words: &[&str]) {
        assert_eq!(self.say(words), "ok");
    }

    /// The to-dos on the list, as the phone sees them.
    fn todos(&mut self) -> Vec<Value> {
        let line = self.say(&["list"]);
        serde_json::from_str::<Vec<Value>>(&line).expect("json")
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn todo<'a>(all: &'a [Value], uid: &str) -> &'a Value {
    all.iter()
        .find(|t| t["uid"] == uid)
        .unwrap_or_else(|| panic!("no to-do {uid} in {all:?}"))
}

fn uuid(case: &Value, key: &str) -> String {
    step(case, key)["uuid"].as_str().expect("uuid").to_string()
}

/// `remote add NAME URL`, logged in as the server wants, with `more` options.
fn add_args<'a>(server: &Server, name: &'a str, url: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["remote", "add", name, url];
    if server.password.is_some() {
        args.extend(["--user", "alice"]);
    }
    args.extend(more);
    args
}

/// The password as the environment gives it, when the server wants one.
fn login(server: &Server) -> Vec<(&'static str, &'static str)> {
    server
        .password
        .map(|p| ("CLOSEOUT_CALDAV_PASSWORD", p))
        .into_iter()
        .collect()
}

/// A database with the README's case and a remote `phone` made with --create.
fn connected(server: &Server) -> (Env, Value) {
    let env = Env::new();
    let id = env.add_proximus();
    let case = env.json(&["show", &id.to_string()]);
    let root = server.root();
    let said = ok(
        &env,
        &add_args(server, "phone", &root, &["--create"]),
        &login(server),
    );
    assert!(said.contains(&server.list()), "{said}");
    (env, case)
}

fn pushed(report: &Value) -> i64 {
    report["remotes"][0]["pushed"].as_i64().expect("pushed")
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn remote_add_lists_the_task_lists_of_a_server_and_create_makes_one(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let env = Env::new();
    env.add_proximus();
    let root = server.root();
    let said = refused(
        &env,
        &add_args(&server, "phone", &root, &[]),
        &login(&server),
    );
    match kind {
        // Radicale starts with no calendar at all.
        Kind::Radicale => assert!(said.contains("add --create"), "{said}"),
        // Xandikos's --defaults makes one calendar that takes to-dos too.
        Kind::Xandikos => assert!(
            said.contains(&format!("{}calendar/", server.home())),
            "{said}"
        ),
    }
    let said = ok(
        &env,
        &add_args(&server, "phone", &root, &["--create"]),
        &login(&server),
    );
    assert!(
        said.contains(&format!("created the task list {}", server.list())),
        "{said}"
    );
    let listed = json(&env, &["remote", "list"], &[]);
    crate::json_contract::pin_each(
        &listed,
        &[
            ("name", "str"),
            ("url", "str"),
            ("user", "str?"),
            ("holder", "str?"),
            ("last_sync", "time?"),
        ],
        "remote list",
    );
    assert_eq!(listed[0]["name"], "phone");
    assert_eq!(listed[0]["url"], server.list());
    assert_eq!(listed[0]["last_sync"], Value::Null);
    let table = ok(&env, &["--lang", "zh", "remote", "list"], &[]);
    assert!(table.starts_with("名称"), "{table}");
    assert!(
        table.contains(&server.list()) && table.contains("从未"),
        "{table}"
    );

    // The list itself, given as the address, is taken as it is.
    let list = server.list();
    ok(
        &env,
        &add_args(&server, "tasks", &list, &[]),
        &login(&server),
    );
    let said = refused(
        &env,
        &add_args(&server, "tasks", &list, &[]),
        &login(&server),
    );
    assert!(
        said.contains("there is a remote named 'tasks' already"),
        "{said}"
    );
    ok(&env, &["remote", "remove", "tasks"], &[]);
    assert_eq!(
        json(&env, &["remote", "list"], &[])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn sync_pushes_every_case_and_step_and_a_second_sync_sends_nothing(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let (env, case) = connected(&server);
    let mut phone = Phone::on(&server, &server.list());
    let report = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&report), 7, "the case and its 6 steps: {report}");
    let all = phone.todos();
    assert_eq!(all.len(), 7);
    let case_uid = case["uuid"].as_str().expect("uuid");
    let case_todo = todo(&all, case_uid);
    assert_eq!(case_todo["summary"], "Proximus");
    assert_eq!(case_todo["due"], "2026-12-20");
    assert_eq!(case_todo["kind"], "case");
    let documents = todo(&all, &uuid(&case, "documents"));
    assert_eq!(documents["summary"], "Proximus: Gather documents");
    assert_eq!(documents["related_to"], case_uid);
    assert_eq!(documents["status"], "NEEDS-ACTION");
    assert_eq!(documents["due"], "2026-12-06");
    assert_eq!(documents["alarms"], 1);
    // submit's reminder comes the day before too; confirm has no date yet, so no DUE.
    assert_eq!(todo(&all, &uuid(&case, "submit"))["alarms"], 2);
    assert_eq!(todo(&all, &uuid(&case, "confirm"))["due"], Value::Null);

    let again = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&again), 0, "{again}");
    assert_eq!(again["remotes"][0]["pulled"], 0);
    // Both servers keep sync tokens (RFC 6578): the next sync asks only for what changed.
    let token = || -> Option<String> {
        env.sql()
            .query_row("SELECT sync_token FROM remotes", [], |r| r.get(0))
            .expect("token")
    };
    let kept = token().expect("a sync token");
    // A token the server does not know: the whole list is read instead.
    env.sql()
        .execute(
            "UPDATE remotes SET sync_token = 'not-a-token-of-this-server'",
            [],
        )
        .expect("update");
    let again = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&again), 0, "{again}");
    assert!(token().is_some_and(|t| t != "not-a-token-of-this-server"));
    assert!(!kept.is_empty());

    // One step done here: that one to-do goes, completed.
    env.ok(&["done", "1", "documents"]);
    let report = json(&env, &["sync"], &login(&server));
    crate::json_contract::pin(&report, &[("remotes", "arr")], "sync");
    crate::json_contract::pin_each(
        &report["remotes"],
        &[
            ("name", "str"),
            ("pushed", "int"),
            ("pulled", "int"),
            ("deleted", "int"),
            ("conflicts", "arr"),
        ],
        "sync remotes",
    );
    assert_eq!(pushed(&report), 1, "{report}");
    let documents = todo(&phone.todos(), &uuid(&case, "documents")).clone();
    assert_eq!(documents["status"], "COMPLETED");
    assert!(
        documents["completed"]
            .as_str()
            .is_some_and(|c| c.starts_with("2026-11-30"))
    );
    let listed = json(&env, &["remote", "list"], &[]);
    crate::json_contract::pin_each(
        &listed,
        &[
            ("name", "str"),
            ("url", "str"),
            ("user", "str?"),
            ("holder", "str?"),
            ("last_sync", "time"),
        ],
        "remote list after a sync",
    );
    assert!(
        listed[0]["last_sync"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-30"))
    );

    // Skipped here: cancelled there. The last step finished closes the case: its to-do is
    // completed there.
    env.ok(&["skip", "1", "method", "unbind", "balance", "submit"]);
    env.ok(&["done", "1", "confirm", "--date", "2026-11-30"]);
    ok(&env, &["sync", "phone"], &login(&server));
    let all = phone.todos();
    assert_eq!(todo(&all, &uuid(&case, "method"))["status"], "CANCELLED");
    assert_eq!(todo(&all, case_uid)["status"], "COMPLETED");

    // A case deleted here is deleted there.
    env.ok(&["delete", "1", "--yes"]);
    let report = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(report["remotes"][0]["deleted"], 7, "{report}");
    assert!(phone.todos().is_empty());
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn what_the_phone_does_comes_back_as_recorded_changes(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let (env, case) = connected(&server);
    let mut phone = Phone::on(&server, &server.list());
    ok(&env, &["sync", "phone"], &login(&server));
    phone.run(&["complete", &uuid(&case, "documents"), "2026-12-03"]);
    phone.run(&["due", &uuid(&case, "unbind"), "2026-12-11"]);
    phone.run(&["delete", &uuid(&case, "balance")]);
    // A change closeout does not take in: its own text goes back.
    phone.run(&["summary", &uuid(&case, "method"), "renamed on the phone"]);

    let said = ok(&env, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("'Proximus: Gather documents' done on 2026-12-03"),
        "{said}"
    );
    assert!(
        said.contains("'Proximus: Unbind services tied to the number' due 2026-12-11"),
        "{said}"
    );
    assert!(
        said.contains("'Proximus: Clear the balance' was deleted there, so it is skipped"),
        "{said}"
    );
    let shown = env.json(&["show", "1"]);
    assert_eq!(step(&shown, "documents")["status"], "done");
    assert_eq!(step(&shown, "documents")["done_at"], "2026-12-03");
    assert_eq!(step(&shown, "unbind")["due"], "2026-12-11");
    assert_eq!(step(&shown, "unbind")["due_manual"], true);
    assert_eq!(step(&shown, "balance")["status"], "skipped");
    assert_eq!(step(&shown, "method")["status"], "pending");
    let all = phone.todos();
    assert_eq!(all.len(), 6, "the deleted to-do is not sent again");
    assert_eq!(
        todo(&all, &uuid(&case, "method"))["summary"],
        "Proximus: Find out how to cancel"
    );

    // Nothing new on either side: nothing sent, nothing taken in.
    let report = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&report), 0, "{report}");
    assert_eq!(report["remotes"][0]["pulled"], 0);

    // Reopened there: pending here.
    phone.run(&["reopen", &uuid(&case, "documents")]);
    let said = ok(&env, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("'Proximus: Gather documents' is pending again"),
        "{said}"
    );
    assert_eq!(
        step(&env.json(&["show", "1"]), "documents")["status"],
        "pending"
    );

    // Each pulled change is in the log and undone like any other; the next push re-creates
    // the to-do whose skip was undone.
    let log = env.ok(&["log", "1"]);
    assert!(log.contains("step 4 'balance' skipped"), "{log}");
    env.ok(&["undo"]); // the reopen
    env.ok(&["undo"]); // the first pull
    let shown = env.json(&["show", "1"]);
    assert_eq!(step(&shown, "balance")["status"], "pending");
    assert_eq!(step(&shown, "unbind")["due"], "2026-12-10");
    ok(&env, &["sync", "phone"], &login(&server));
    let all = phone.todos();
    assert_eq!(all.len(), 7);
    assert_eq!(
        todo(&all, &uuid(&case, "balance"))["status"],
        "NEEDS-ACTION"
    );
    assert_eq!(todo(&all, &uuid(&case, "unbind"))["due"], "2026-12-10");
}

/// The fault-making proxy on a port of its own, in front of `server`.
fn proxy(server: &Server, port: u16, mode: &[&str]) -> Process {
    let mut cmd = Command::new("python3");
    cmd.arg(scripts().join("proxy.py"))
        .arg(port.to_string())
        .arg(server.root())
        .args(mode);
    Process::spawn(
        cmd,
        port,
        server._dir.path().join(format!("proxy-{port}.log")),
    )
}

/// A database with the README's case and a remote `phone` reached through a proxy on `port`.
fn connected_through(server: &Server, port: u16) -> (Env, Value) {
    let env = Env::new();
    let id = env.add_proximus();
    let case = env.json(&["show", &id.to_string()]);
    let root = format!("http://127.0.0.1:{port}/");
    ok(
        &env,
        &add_args(server, "phone", &root, &["--create"]),
        &login(server),
    );
    (env, case)
}

#[test]
fn a_refused_password_is_said_and_nothing_is_stored() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let env = Env::new();
    env.add_proximus();
    let root = server.root();
    let said = refused(
        &env,
        &add_args(&server, "phone", &root, &["--create"]),
        &[("CLOSEOUT_CALDAV_PASSWORD", "wrong")],
    );
    assert!(said.contains("refused the user name or password"), "{said}");
    assert!(said.contains("(401)"), "{said}");
    assert!(
        !said.contains("wrong"),
        "the password is never shown: {said}"
    );
    assert_eq!(json(&env, &["remote", "list"], &[]), serde_json::json!([]));

    // In Chinese too.
    let said = refused(
        &env,
        &[
            "--lang", "zh", "remote", "add", "phone", &root, "--user", "alice",
        ],
        &[("CLOSEOUT_CALDAV_PASSWORD", "wrong")],
    );
    assert!(said.contains("服务器拒绝了"), "{said}");
}

#[test]
fn the_password_command_runs_at_each_sync_and_its_failure_stops_the_sync() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let env = Env::new();
    env.add_proximus();
    let secret = env.path().join("secret");
    std::fs::write(&secret, "s3cret\nsecond line is not the password\n").expect("secret");
    let command = format!("cat '{}'", secret.display());
    let root = server.root();
    ok(
        &env,
        &add_args(
            &server,
            "phone",
            &root,
            &["--create", "--password-command", &command],
        ),
        &[],
    );
    let stored: String = env
        .sql()
        .query_row(
            "SELECT group_concat(quote(r.password_command) || quote(r.user)) FROM remotes r",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert!(
        !stored.contains("s3cret"),
        "the password is never stored: {stored}"
    );
    assert_eq!(pushed(&json(&env, &["sync", "phone"], &[])), 7);

    // The command is run again at the next sync: now it fails.
    std::fs::remove_file(&secret).expect("rm");
    env.ok(&["done", "1", "method"]);
    let said = refused(&env, &["sync", "phone"], &[]);
    assert!(said.contains("sync with 'phone' stopped"), "{said}");
    assert!(
        said.contains(&format!("the password command `{command}` failed")),
        "{said}"
    );

    // A command that fails at once stops `remote add` before anything is stored.
    let said = refused(
        &env,
        &add_args(&server, "other", &root, &["--password-command", "exit 3"]),
        &[],
    );
    assert!(
        said.contains("the password command `exit 3` failed"),
        "{said}"
    );
}

#[test]
fn a_password_never_travels_over_plain_http_except_to_this_machine() {
    let env = Env::new();
    let said = refused(
        &env,
        &[
            "remote",
            "add",
            "phone",
            "http://dav.example.org/alice/tasks/",
            "--user",
            "alice",
        ],
        &[("CLOSEOUT_CALDAV_PASSWORD", "s3cret")],
    );
    assert!(
        said.contains("refusing to send a password over plain http://"),
        "{said}"
    );
    let said = refused(
        &env,
        &[
            "--lang",
            "zh",
            "remote",
            "add",
            "phone",
            "http://tasks.example.org/",
            "--user",
            "a",
        ],
        &[("CLOSEOUT_CALDAV_PASSWORD", "s3cret")],
    );
    assert!(said.contains("拒绝通过不加密的 http://"), "{said}");
    // Usage mistakes: exit 2.
    env.fails(&["remote", "add", "ph one", "https://dav.example.org/"], 2);
    env.fails(&["remote", "add", "phone", "dav.example.org"], 2);
    let said = env.fails(&["remote", "remove", "phone"], 1);
    assert!(said.contains("no remote named 'phone'"), "{said}");
    // `sync` alone syncs every remote: with none, it says how to add one.
    let said = env.fails(&["sync"], 1);
    assert!(said.contains("closeout remote add NAME URL"), "{said}");
    assert!(!env.db.exists(), "nothing was created");
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn remote_add_says_what_is_wrong_with_an_address(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let env = Env::new();
    let vars = login(&server);
    let missing = format!("{}nothing-here/", server.home());
    let said = refused(&env, &add_args(&server, "phone", &missing, &[]), &vars);
    assert!(said.contains("there is no collection at"), "{said}");
    assert!(said.contains("(404)"), "{said}");

    let events = format!("{}events/", server.home());
    Phone::on(&server, &events).run(&["make-events-calendar"]);
    let said = refused(&env, &add_args(&server, "phone", &events, &[]), &vars);
    assert!(said.contains("takes only events, not to-dos"), "{said}");
    let zh = refused(
        &env,
        &[
            &["--lang", "zh"],
            &add_args(&server, "phone", &events, &[])[..],
        ]
        .concat(),
        &vars,
    );
    assert!(zh.contains("只接受日程"), "{zh}");
}

#[test]
fn remote_add_tells_a_web_server_a_closed_port_and_an_untrusted_certificate_apart_and_ssl_cert_file_trusts_one()
 {
    if !available() {
        return;
    }
    let env = Env::new();
    // A web server that does not speak WebDAV.
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut web = Command::new("python3");
    web.args(["-m", "http.server", "--bind", "127.0.0.1"])
        .arg(port.to_string())
        .current_dir(dir.path());
    let web = Process::spawn(web, port, dir.path().join("web.log"));
    let url = format!("http://127.0.0.1:{}/", web.port);
    let said = refused(&env, &["remote", "add", "phone", &url], &[]);
    assert!(
        said.contains("does not answer as a CalDAV server"),
        "{said}"
    );
    drop(web);

    // Nothing listening.
    let closed = format!("http://127.0.0.1:{}/", free_port());
    let said = refused(&env, &["remote", "add", "phone", &closed], &[]);
    assert!(
        said.contains("connection refused — is the server running?"),
        "{said}"
    );

    // HTTPS with a certificate from an authority the system does not know: refused, until
    // SSL_CERT_FILE names that authority.
    let certs = dir.path().join("certs");
    std::fs::create_dir(&certs).expect("mkdir");
    let made = Command::new("python3")
        .arg(scripts().join("certs.py"))
        .arg(&certs)
        .status()
        .expect("certs.py");
    assert!(made.success());
    let port = free_port();
    let config = dir.path().join("radicale.conf");
    std::fs::write(
        &config,
        format!(
            "[server]\nhosts = 127.0.0.1:{port}\nssl = True\ncertificate = {}\nkey = {}\n\
             [auth]\ntype = none\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
            certs.join("server.pem").display(),
            certs.join("server.key").display(),
            dir.path().join("collections").display()
        ),
    )
    .expect("config");
    let mut tls = Command::new("python3");
    tls.args(["-m", "radicale", "--config"]).arg(&config);
    let _tls = Process::spawn(tls, port, dir.path().join("tls.log"));
    let url = format!("https://127.0.0.1:{port}/");
    let args = [
        "remote", "add", "phone", &url, "--user", "alice", "--create",
    ];
    let said = refused(&env, &args, &[("CLOSEOUT_CALDAV_PASSWORD", "x")]);
    // A connection was made: the certificate names the host, as a timeout does.
    assert!(
        said.contains("the certificate of 127.0.0.1 is not trusted"),
        "{said}"
    );
    assert!(said.contains("SSL_CERT_FILE"), "{said}");
    let ca = certs.join("ca.pem");
    let vars = [
        ("CLOSEOUT_CALDAV_PASSWORD", "x"),
        ("SSL_CERT_FILE", ca.to_str().expect("utf-8 path")),
    ];
    let said = ok(&env, &args, &vars);
    assert!(said.contains(&format!("{url}alice/closeout/")), "{said}");
    env.add_proximus();
    assert_eq!(pushed(&json(&env, &["sync"], &vars)), 7);
}

#[test]
fn a_412_on_put_is_read_again_merged_and_retried() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let port = free_port();
    // Between closeout's read and its write, another client moves the to-do's due date.
    let _proxy = proxy(&server, port, &["race", "2026-12-18"]);
    let (env, case) = connected_through(&server, port);
    let mut phone = Phone::on(&server, &server.list());
    assert_eq!(pushed(&json(&env, &["sync", "phone"], &login(&server))), 7);

    env.ok(&["done", "1", "documents"]);
    let report = json(&env, &["sync", "phone"], &login(&server));
    let remote = &report["remotes"][0];
    assert_eq!(
        remote["conflicts"],
        serde_json::json!(["Proximus: Gather documents"]),
        "{report}"
    );
    assert_eq!(remote["pushed"], 1, "{report}");
    // Both changes hold, here and there: done here, re-dated there.
    let shown = env.json(&["show", "1"]);
    assert_eq!(step(&shown, "documents")["status"], "done");
    assert_eq!(step(&shown, "documents")["due"], "2026-12-18");
    let there = todo(&phone.todos(), &uuid(&case, "documents")).clone();
    assert_eq!(there["status"], "COMPLETED");
    assert_eq!(there["due"], "2026-12-18");
    assert_eq!(pushed(&json(&env, &["sync", "phone"], &login(&server))), 0);
}

#[test]
fn a_server_gone_mid_sync_leaves_a_job_the_next_sync_finishes_without_doubles() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let port = free_port();
    let mut cut = proxy(&server, port, &["cut", "3"]);
    let (env, case) = connected_through(&server, port);
    let mut phone = Phone::on(&server, &server.list());
    // The third PUT reaches the server, but its answer never comes back.
    let said = refused_keeping(&env, &["sync", "phone"], &login(&server));
    assert!(said.contains("sync with 'phone' stopped"), "{said}");
    assert!(said.contains("what it did so far is kept"), "{said}");
    cut.wait_exit();
    let recorded: i64 = env
        .sql()
        .query_row(
            "SELECT count(*) FROM remote_items WHERE sent IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        recorded, 2,
        "each write is kept as soon as the server has it"
    );
    assert_eq!(phone.todos().len(), 3);

    let _back = proxy(&server, port, &["pass"]);
    let report = json(&env, &["sync", "phone"], &login(&server));
    // The third to-do, whose answer was lost, is found there as closeout wrote it: it is read,
    // not sent again; the four never written are sent.
    assert_eq!(pushed(&report), 4, "{report}");
    let all = phone.todos();
    assert_eq!(all.len(), 7, "nothing doubled: {all:?}");
    let mut uids: Vec<&str> = all.iter().filter_map(|t| t["uid"].as_str()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 7);
    assert!(uids.contains(&uuid(&case, "confirm").as_str()));
    assert_eq!(pushed(&json(&env, &["sync", "phone"], &login(&server))), 0);
}

/// A sync that fails part-way: exit 1 and one `error:` line; what it recorded stays.
fn refused_keeping(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> String {
    let out = run(env, args, vars);
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "closeout {args:?}: {stderr}");
    assert_error_line(&stderr, &format!("closeout {args:?}"));
    stderr
}

#[test]
fn with_a_holder_only_that_holders_cases_go_to_the_remote() {
    let Some(server) = Server::start(Kind::Xandikos) else {
        return;
    };
    let env = Env::new();
    env.add_proximus();
    let bob = env.json(&["add", "Telenet", "--holder", "bob"]);
    let root = server.root();
    ok(
        &env,
        &["remote", "add", "bob", &root, "--create", "--holder", "bob"],
        &[],
    );
    assert_eq!(json(&env, &["remote", "list"], &[])[0]["holder"], "bob");
    let report = json(&env, &["sync", "bob"], &[]);
    assert_eq!(
        pushed(&report),
        1 + bob["steps"].as_array().map_or(0, Vec::len) as i64
    );
    let all = Phone::on(&server, &server.list()).todos();
    assert!(
        all.iter().all(|t| t["summary"]
            .as_str()
            .is_some_and(|s| s.starts_with("Telenet"))),
        "{all:?}"
    );
}

#[test]
fn without_sync_tokens_the_whole_list_is_read_each_time() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let port = free_port();
    let _proxy = proxy(&server, port, &["no-sync"]);
    let (env, case) = connected_through(&server, port);
    let mut phone = Phone::on(&server, &server.list());
    assert_eq!(pushed(&json(&env, &["sync", "phone"], &login(&server))), 7);
    phone.run(&["complete", &uuid(&case, "method"), "2026-12-01"]);
    phone.run(&["delete", &uuid(&case, "documents")]);
    let report = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(report["remotes"][0]["pulled"], 2, "{report}");
    let shown = env.json(&["show", "1"]);
    assert_eq!(step(&shown, "method")["done_at"], "2026-12-01");
    assert_eq!(step(&shown, "documents")["status"], "skipped");
    let token: Option<String> = env
        .sql()
        .query_row("SELECT sync_token FROM remotes", [], |r| r.get(0))
        .expect("token");
    assert_eq!(token, None);
    let again = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&again), 0, "{again}");
    assert_eq!(again["remotes"][0]["pulled"], 0, "{again}");
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn a_todo_added_under_a_case_on_the_phone_becomes_a_step(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let (env, case) = connected(&server);
    let mut phone = Phone::on(&server, &server.list());
    ok(&env, &["sync", "phone"], &login(&server));
    let case_uid = case["uuid"].as_str().expect("uuid");
    let new = "6f1c3a52-3f0e-4c55-9d56-2f4e8e0a9b11";
    phone.run(&["add", new, case_uid, "Move the KBC app to the new number"]);
    phone.run(&["add", "shopping-list-1", "none", "Buy milk"]);

    let said = ok(&env, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("'Proximus: Move the KBC app to the new number' added as a step"),
        "{said}"
    );
    assert!(said.contains("left alone: the to-do 'Buy milk'"), "{said}");
    let shown = env.json(&["show", "1"]);
    let added = step(&shown, "move-the-kbc-app-to-the");
    assert_eq!(added["position"], 7);
    assert_eq!(added["uuid"], new);
    assert_eq!(added["status"], "pending");
    assert!(env.ok(&["log", "1"]).contains("step 7"));

    // One to-do for the new step (now written by closeout, under its case), the phone's own
    // to-do left as it was, and nothing reported twice.
    let all = phone.todos();
    assert_eq!(all.len(), 9, "{all:?}");
    let mine = todo(&all, new);
    assert_eq!(
        mine["summary"],
        "Proximus: Move the KBC app to the new number"
    );
    assert_eq!(mine["kind"], "step");
    assert_eq!(todo(&all, "shopping-list-1")["summary"], "Buy milk");
    let again = ok(&env, &["sync", "phone"], &login(&server));
    assert!(!again.contains("left alone"), "{again}");
    assert!(again.contains("0 to-do(s) sent, 0 taken in"), "{again}");
}

#[test]
fn a_server_whose_address_is_a_web_page_is_found_through_well_known_caldav() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let port = free_port();
    let _proxy = proxy(&server, port, &["web-root", "/alice/"]);
    let env = Env::new();
    let root = format!("http://127.0.0.1:{port}/");
    let said = ok(
        &env,
        &add_args(&server, "phone", &root, &["--create"]),
        &login(&server),
    );
    assert!(said.contains(&format!("{root}alice/closeout/")), "{said}");
}

/// Every case of a database, as `show --json` gives it, by id.
fn every_case(env: &Env) -> Vec<Value> {
    let listed = env.json(&["list", "--all"]);
    listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|row| env.json(&["show", &row["id"].to_string()]))
        .collect()
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn two_databases_on_one_remote_meet_through_it_alone_and_converge(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    // Device A: two cases, one in Chinese with a notice and a note, a step done, a step
    // re-dated by hand, a step of its own, a step skipped.
    let (mut a, case) = connected(&server);
    a.json(&[
        "add",
        "Engie",
        "--template",
        "energy",
        "--lang",
        "zh",
        "--notice",
        "30d",
        "--deadline",
        "2026-12-31",
        "--note",
        "meter 1234; ask for the final bill",
        "--holder",
        "bob",
    ]);
    let engie_id = "2";
    a.ok(&["done", "1", "documents", "--date", "2026-11-29"]);
    a.ok(&["due", "1", "unbind", "2026-12-12"]);
    a.ok(&["skip", "1", "balance"]);
    a.ok(&["step", "add", "1", "Move the KBC app to the new number"]);
    a.ok(&["note", engie_id, "Read the meter, photo kept"]);
    let todos: usize = every_case(&a)
        .iter()
        .map(|c| 1 + c["steps"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        pushed(&json(&a, &["sync", "phone"], &login(&server))),
        todos as i64
    );

    // Device B: a fresh database that adds the same list gets every case and step from it.
    let mut b = Env::new();
    ok(
        &b,
        &add_args(&server, "phone", &server.list(), &[]),
        &login(&server),
    );
    let said = ok(&b, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("case 'Proximus' taken in with 7 steps"),
        "{said}"
    );
    let on_a = every_case(&a);
    assert_eq!(on_a.len(), 2);
    assert_eq!(every_case(&b), on_a, "B rebuilt A's cases exactly");
    assert_eq!(
        b.json(&["list", "--all"]),
        a.json(&["list", "--all"]),
        "the same list on both"
    );
    // Nothing needs to travel back: both databases write the same to-dos.
    let again = json(&b, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&again), 0, "{again}");
    assert_eq!(again["remotes"][0]["pulled"], 0, "{again}");

    // B ticks a step: A sees it, recorded as a change it can take back.
    b.at("2026-11-30T10:00:00Z");
    b.ok(&["done", "1", "method"]);
    assert_eq!(pushed(&json(&b, &["sync", "phone"], &login(&server))), 1);
    let said = ok(&a, &["sync", "phone"], &login(&server));
    let method = format!(
        "'Proximus: {}' done on 2026-11-30",
        step(&case, "method")["title"].as_str().expect("title")
    );
    assert!(said.contains(&method), "{said}");
    assert_eq!(step(&a.json(&["show", "1"]), "method")["status"], "done");
    assert!(a.ok(&["log", "1"]).contains("'method' done"));
    assert_eq!(every_case(&a), every_case(&b));

    // Both change the same field: the newer change wins on both, and the sync says so. Each
    // changes another field too: both changes hold.
    a.at("2026-11-30T11:00:00Z");
    a.ok(&["due", "1", "submit", "2026-12-14"]);
    a.ok(&["note", "1", "confirm", "ask for it in writing"]);
    b.at("2026-11-30T12:00:00Z");
    b.ok(&["due", "1", "submit", "2026-12-15"]);
    b.ok(&["reopen", "1", "balance"]);
    ok(&a, &["sync", "phone"], &login(&server));
    let report = json(&b, &["sync", "phone"], &login(&server));
    let submit = format!(
        "Proximus: {}",
        step(&case, "submit")["title"].as_str().expect("title")
    );
    assert_eq!(
        report["remotes"][0]["conflicts"],
        serde_json::json!([submit]),
        "{report}"
    );
    let said = ok(&a, &["sync", "phone"], &login(&server));
    assert!(said.contains("due 2026-12-15"), "{said}");
    let shown = a.json(&["show", "1"]);
    assert_eq!(step(&shown, "submit")["due"], "2026-12-15");
    assert_eq!(step(&shown, "balance")["status"], "pending");
    assert_eq!(step(&shown, "confirm")["note"], "ask for it in writing");
    ok(&b, &["sync", "phone"], &login(&server));
    assert_eq!(every_case(&a), every_case(&b));
    for env in [&a, &b] {
        let again = json(env, &["sync", "phone"], &login(&server));
        assert_eq!(pushed(&again), 0, "{again}");
        assert_eq!(again["remotes"][0]["pulled"], 0, "{again}");
    }
    // The other way round: the change there is the newer one, and it wins here.
    a.at("2026-11-30T13:00:00Z");
    a.ok(&["note", "1", "unbind", "the bank app first"]);
    b.at("2026-11-30T14:00:00Z");
    b.ok(&["note", "1", "unbind", "the bank app and the e-ID"]);
    ok(&b, &["sync", "phone"], &login(&server));
    let said = ok(&a, &["sync", "phone"], &login(&server));
    let unbind = format!(
        "Proximus: {}",
        step(&case, "unbind")["title"].as_str().expect("title")
    );
    assert!(
        said.contains(&format!(
            "'{unbind}': note changed here and there since the last sync; the change there is newer and wins"
        )),
        "{said}"
    );
    ok(&b, &["sync", "phone"], &login(&server));
    let notes: Vec<Value> = [&a, &b]
        .iter()
        .map(|env| step(&env.json(&["show", "1"]), "unbind")["note"].clone())
        .collect();
    assert_eq!(
        notes,
        [
            Value::from("the bank app and the e-ID"),
            Value::from("the bank app and the e-ID")
        ]
    );

    // A case deleted on one device leaves the list whole, and is deleted on the other; a case's
    // to-do deleted alone (on a phone) is sent again.
    a.ok(&["delete", engie_id, "--yes"]);
    let report = json(&a, &["sync", "phone"], &login(&server));
    assert!(
        report["remotes"][0]["deleted"].as_i64() > Some(1),
        "{report}"
    );
    let said = ok(&b, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("case 'Engie' and all its to-dos were deleted there"),
        "{said}"
    );
    assert_eq!(every_case(&b).len(), 1);
    let events = b.json(&["log"]);
    let last = events.as_array().and_then(|e| e.last()).expect("an event");
    assert_eq!(
        (last["kind"].as_str(), last["case"].as_i64()),
        (Some("case.delete"), Some(2)),
        "{last}"
    );
    let mut phone = Phone::on(&server, &server.list());
    let case_uid = case["uuid"].as_str().expect("uuid");
    phone.run(&["delete", case_uid]);
    ok(&b, &["sync", "phone"], &login(&server));
    assert_eq!(every_case(&b).len(), 1);
    assert_eq!(todo(&phone.todos(), case_uid)["kind"], "case");
    for env in [&a, &b, &a] {
        let again = json(env, &["sync", "phone"], &login(&server));
        assert_eq!(pushed(&again), 0, "{again}");
        assert_eq!(again["remotes"][0]["deleted"], 0, "{again}");
    }
    assert_eq!(every_case(&a), every_case(&b));

    // The deletion taken back on A, later: the case comes back on B too.
    a.at("2026-11-30T15:00:00Z");
    a.ok(&["undo"]);
    assert_eq!(every_case(&a).len(), 2);
    ok(&a, &["sync", "phone"], &login(&server));
    let said = ok(&b, &["sync", "phone"], &login(&server));
    assert!(said.contains("case 'Engie' taken in"), "{said}");
    assert_eq!(every_case(&a), every_case(&b));
    for env in [&a, &b] {
        let again = json(env, &["sync", "phone"], &login(&server));
        assert_eq!(pushed(&again), 0, "{again}");
        assert_eq!(again["remotes"][0]["deleted"], 0, "{again}");
    }
}

#[test]
fn a_cancel_and_an_app_that_keeps_no_closeout_property_both_come_back() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let (env, case) = connected(&server);
    let mut phone = Phone::on(&server, &server.list());
    ok(&env, &["sync", "phone"], &login(&server));
    phone.run(&["cancel", &uuid(&case, "balance")]);
    phone.run(&["bare-complete", &uuid(&case, "documents"), "2026-12-02"]);
    assert_eq!(
        todo(&phone.todos(), &uuid(&case, "documents"))["kind"],
        "",
        "the app kept no X-CLOSEOUT- property"
    );
    let said = ok(&env, &["sync", "phone"], &login(&server));
    assert!(
        said.contains("'Proximus: Clear the balance' was cancelled there, so it is skipped"),
        "{said}"
    );
    assert!(
        said.contains("'Proximus: Gather documents' done on 2026-12-02"),
        "{said}"
    );
    let shown = env.json(&["show", "1"]);
    assert_eq!(step(&shown, "balance")["status"], "skipped");
    assert_eq!(step(&shown, "documents")["done_at"], "2026-12-02");
    // closeout's own text goes back, with its properties.
    let all = phone.todos();
    assert_eq!(todo(&all, &uuid(&case, "documents"))["kind"], "step");
    assert_eq!(todo(&all, &uuid(&case, "documents"))["status"], "COMPLETED");
    let again = json(&env, &["sync", "phone"], &login(&server));
    assert_eq!(pushed(&again), 0, "{again}");
    assert_eq!(again["remotes"][0]["pulled"], 0, "{again}");
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn the_departure_travels_with_the_cases_that_follow_it(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let pass = login(&server);
    // A: a departure and a case that follows it.
    let a = Env::new();
    a.ok(&["departure", "2027-01-03"]);
    a.ok(&["add", "Proximus"]);
    ok(
        &a,
        &add_args(&server, "phone", &server.root(), &["--create"]),
        &pass,
    );
    ok(&a, &["sync", "phone"], &pass);

    // B, fresh: the case and the departure it follows.
    let mut b = Env::new();
    ok(&b, &add_args(&server, "phone", &server.list(), &[]), &pass);
    let said = ok(&b, &["sync", "phone"], &pass);
    assert!(said.contains("the departure is now 2027-01-03"), "{said}");
    assert_eq!(
        b.json(&["departure"]),
        serde_json::json!({ "departure": "2027-01-03", "cases": [1] })
    );
    assert!(
        b.ok(&[]).starts_with("Departure: 2027-01-03"),
        "{}",
        b.ok(&[])
    );
    assert_eq!(b.json(&["show", "1"])["deadline"], "2027-01-03");
    assert!(b.ok(&["log"]).contains("2027-01-03"), "{}", b.ok(&["log"]));

    // B moves it; both sync: A's departure and A's case agree with B's.
    b.at("2026-12-01T10:00:00Z");
    b.ok(&["departure", "2027-01-10"]);
    ok(&b, &["sync", "phone"], &pass);
    let said = ok(&a, &["sync", "phone"], &pass);
    assert!(said.contains("the departure is now 2027-01-10"), "{said}");
    assert_eq!(
        a.json(&["departure"]),
        serde_json::json!({ "departure": "2027-01-10", "cases": [1] })
    );
    assert_eq!(a.json(&["show", "1"])["deadline"], "2027-01-10");
    assert!(
        a.ok(&[]).starts_with("Departure: 2027-01-10"),
        "{}",
        a.ok(&[])
    );
    let again = json(&b, &["sync", "phone"], &pass);
    assert_eq!(b.json(&["departure"])["departure"], "2027-01-10", "{again}");
    assert_eq!(every_case(&a), every_case(&b));

    // Taken in as a departure change: undo on A takes it back.
    a.ok(&["undo"]);
    assert_eq!(a.json(&["departure"])["departure"], "2027-01-03");
}

#[rstest]
#[case::radicale(Kind::Radicale)]
#[case::xandikos(Kind::Xandikos)]
fn a_second_device_takes_the_closeout_list_that_is_there_already(#[case] kind: Kind) {
    let Some(server) = Server::start(kind) else {
        return;
    };
    let pass = login(&server);
    let (_a, _) = connected(&server);
    let list = server.list();
    // --create where the list exists: no "created", the list there is used.
    let b = Env::new();
    let said = ok(
        &b,
        &add_args(&server, "phone", &server.root(), &["--create"]),
        &pass,
    );
    assert!(!said.contains("created"), "{said}");
    assert!(
        said.contains(&format!("the task list {list} is there already: using it")),
        "{said}"
    );
    let root = server.root();
    let mut args = vec!["--lang", "zh"];
    args.extend(add_args(&server, "tasks", &root, &["--create"]));
    let said = ok(&b, &args, &pass);
    assert!(
        said.contains(&format!("任务列表 {list} 已经存在，直接使用")),
        "{said}"
    );
    // Without --create: the one list named closeout is chosen, and said so.
    let c = Env::new();
    let said = ok(&c, &add_args(&server, "phone", &server.root(), &[]), &pass);
    assert!(
        said.contains(&format!("the task list {list} is there already: using it")),
        "{said}"
    );
    assert_eq!(json(&c, &["remote", "list"], &[])[0]["url"], list);
}

#[test]
fn a_case_s_own_todo_deleted_on_the_phone_comes_back_and_lang_sends_nothing_again() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let pass = login(&server);
    let (env, case) = connected(&server);
    env.ok(&["note", "1", "submit", "kept the receipt"]);
    ok(&env, &["sync", "phone"], &pass);
    let mut phone = Phone::on(&server, &server.list());
    let before = phone.todos().len();
    let case_uid = case["uuid"].as_str().expect("uuid").to_string();
    phone.run(&["delete", &case_uid]);
    assert_eq!(phone.todos().len(), before - 1);
    // Sent again by the sync that finds it gone; the case stays.
    let report = json(&env, &["sync", "phone"], &pass);
    assert_eq!(pushed(&report), 1, "{report}");
    assert_eq!(todo(&phone.todos(), &case_uid)["uid"], case_uid.as_str());
    assert_eq!(env.json(&["show", "1"])["status"], "open");
    // The texts closeout adds follow the case's language: another --lang sends nothing.
    let report = json(&env, &["--lang", "zh", "sync", "phone"], &pass);
    assert_eq!(pushed(&report), 0, "{report}");
}

#[test]
fn a_sync_that_reaches_nothing_says_that_nothing_was_sent() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let port = free_port();
    let through = proxy(&server, port, &["pass"]);
    let (env, _) = connected_through(&server, port);
    drop(through);
    let said = refused(&env, &["sync", "phone"], &login(&server));
    assert!(
        said.contains(
            "sync with 'phone' stopped before anything was sent or taken in: cannot reach"
        ),
        "{said}"
    );
    assert!(!said.contains("kept"), "{said}");
    let said = refused(&env, &["--lang", "zh", "sync", "phone"], &login(&server));
    assert!(
        said.contains("与「phone」的同步中断了，还没有发送或接收任何内容：无法连接"),
        "{said}"
    );
    let message = said.trim().strip_prefix("error: ").unwrap_or(&said);
    assert!(!message.contains(": "), "{said}");
}

#[test]
fn remote_add_without_user_where_the_server_wants_one_says_so() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let env = Env::new();
    let root = server.root();
    let said = refused(&env, &["remote", "add", "phone", &root, "--create"], &[]);
    assert!(
        said.contains("no --user was given: add --user NAME"),
        "{said}"
    );
    assert!(said.contains("(401)"), "{said}");
    let said = refused(
        &env,
        &["--lang", "zh", "remote", "add", "phone", &root, "--create"],
        &[],
    );
    assert!(
        said.contains("但没有给出 --user：请加上 --user 用户名"),
        "{said}"
    );
}

#[test]
fn the_summary_counts_the_todos_taken_in_as_json_pulled_does() {
    let Some(server) = Server::start(Kind::Xandikos) else {
        return;
    };
    let (a, _) = connected(&server);
    ok(&a, &["sync", "phone"], &[]);
    let b = Env::new();
    ok(&b, &["remote", "add", "phone", &server.list()], &[]);
    ok(&b, &["sync", "phone"], &[]);
    // Two steps ticked, each with a note: two to-dos, four changes.
    a.ok(&["done", "1", "documents", "--note", "all in the folder"]);
    a.ok(&["done", "1", "method", "--note", "by letter"]);
    ok(&a, &["sync", "phone"], &[]);
    let said = ok(&b, &["sync", "phone"], &[]);
    assert!(said.contains("2 taken in"), "{said}");
    assert!(said.contains("'Proximus: "), "{said}");
    assert_eq!(step(&b.json(&["show", "1"]), "method")["note"], "by letter");
    a.ok(&["note", "1", "documents", "and a copy"]);
    ok(&a, &["sync", "phone"], &[]);
    let report = json(&b, &["sync", "phone"], &[]);
    assert_eq!(report["remotes"][0]["pulled"], 1, "{report}");
}

#[test]
fn remote_list_keeps_the_date_whole_and_moves_the_address_under_the_row() {
    let Some(server) = Server::start(Kind::Radicale) else {
        return;
    };
    let (env, _) = connected(&server);
    ok(&env, &["sync", "phone"], &login(&server));
    let list = server.list();
    for columns in ["40", "50"] {
        for lang in ["en", "zh"] {
            let text = ok(
                &env,
                &["--lang", lang, "remote", "list"],
                &[("COLUMNS", columns)],
            );
            assert!(
                text.contains("2026-11-30 09:00"),
                "{columns} {lang}:\n{text}"
            );
            assert!(
                !text.contains('…'),
                "nothing cut at {columns} {lang}:\n{text}"
            );
            let joined: String = text.lines().map(str::trim).collect();
            assert!(joined.contains(&list), "{columns} {lang}:\n{text}");
            let width: usize = columns.parse().expect("a number");
            for line in text.lines() {
                let shown: usize = line
                    .chars()
                    .map(|c| if c >= '\u{1100}' { 2 } else { 1 })
                    .sum();
                assert!(shown <= width, "wider than {columns}: {line}\n{text}");
            }
        }
    }
    // Wide enough, the table is as it was: the address in its column.
    let wide = ok(&env, &["remote", "list"], &[("COLUMNS", "120")]);
    assert_eq!(wide.lines().count(), 2, "{wide}");
    assert!(
        wide.lines().nth(1).is_some_and(|l| l.contains(&list)),
        "{wide}"
    );
}
