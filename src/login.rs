//! Who is running closeout: the login name, the default holder of a new case.
//!
//! `USER` and `LOGNAME` are not always set (cron, `env -i`, some containers and service
//! managers), so the name also comes from the password database by the process's user id, as
//! `id -un` gives it: first `/etc/passwd` read directly, then `id -un` itself for accounts that
//! only the system's name service knows (LDAP, systemd-homed). Both without a new dependency or
//! `unsafe` (the crate forbids it; `getpwuid_r` would need it).

use std::process::{Command, Stdio};

/// The login name: `USER`, `LOGNAME` or `USERNAME`, else the password database's name for this
/// user id, else `me`.
pub fn name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(from_passwd_file)
        .or_else(from_id_command)
        .unwrap_or_else(|| "me".to_string())
}

/// This user's name in `/etc/passwd`, by the user id that owns `/proc/self` (Linux).
#[cfg(unix)]
fn from_passwd_file() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    name_for_uid(&std::fs::read_to_string("/etc/passwd").ok()?, uid)
}

#[cfg(not(unix))]
fn from_passwd_file() -> Option<String> {
    None
}

/// `id -un`, for systems without `/proc` or accounts outside `/etc/passwd`.
fn from_id_command() -> Option<String> {
    let out = Command::new("id")
        .arg("-un")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let name = String::from_utf8(out.stdout).ok()?;
    let name = name.trim();
    (out.status.success() && !name.is_empty()).then(|| name.to_string())
}

/// The name of the first `/etc/passwd` entry (`name:password:uid:…`) with this user id.
fn name_for_uid(passwd: &str, uid: u32) -> Option<String> {
    passwd
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id: u32 = fields.nth(1)?.trim().parse().ok()?;
            (id == uid && !name.is_empty()).then(|| name.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str = "\
root:x:0:0:root:/root:/bin/bash
# a comment:x:1000:
:x:1001:1001::/:/bin/sh
broken line
li.lei:x:1000:1000:李雷,,,:/home/li.lei:/bin/bash
alias:x:1000:1000::/home/alias:/bin/sh
";

    #[test]
    fn the_first_entry_with_the_uid_names_the_user() {
        assert_eq!(name_for_uid(PASSWD, 0).as_deref(), Some("root"));
        assert_eq!(name_for_uid(PASSWD, 1000).as_deref(), Some("li.lei"));
        assert_eq!(name_for_uid(PASSWD, 1001), None, "an empty name is no name");
        assert_eq!(name_for_uid(PASSWD, 4242), None);
        assert_eq!(name_for_uid("", 0), None);
    }
}
