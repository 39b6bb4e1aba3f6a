//! A built-in template's marks (its name, its `match` words and its providers' names) read from
//! its text without parsing it. Standard library only: the build script reads each built-in
//! with it, and the program holds what it found (see `catalog.rs`); the tests read with it too.

/// What picking a template looks at, as [`scan`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    pub name: String,
    pub words: Vec<String>,
    pub providers: Vec<String>,
}

/// A template's marks read from its text without parsing the whole template, which is most
/// of what `add` would otherwise spend on templates: the top-level `name` and `match`, and
/// the `name` of each `[[providers]]` table, each written on one line as a string (or a list
/// of strings) without escapes. Only those lines are read: the ones before the first table,
/// and the tables whose header names `providers`. `None` for a text written otherwise; a
/// test checks that every built-in gives the marks its parse gives.
pub fn scan(text: &str) -> Option<Scanned> {
    let (mut name, mut words) = (None, None);
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            break;
        }
        match key_value(line)? {
            Some(("name", value)) if name.is_none() => {
                name = Some(scan_strings(value, false)?.pop()?.trim().to_string());
            }
            Some(("match", value)) if words.is_none() => {
                let mut list: Vec<String> = Vec::new();
                for word in scan_strings(value, true)? {
                    let word = word.trim();
                    // An empty word is a problem only the parse reports.
                    if word.is_empty() {
                        return None;
                    }
                    if !list.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                        list.push(word.to_string());
                    }
                }
                words = Some(list);
            }
            // Twice, or providers as a list of inline tables.
            Some(("name" | "match" | "providers", _)) => return None,
            _ => {}
        }
    }
    // Then every line that opens a table, and the lines of each provider's table.
    #[derive(PartialEq)]
    enum In {
        Other,
        Provider { named: bool },
    }
    let mut table = In::Other;
    let mut providers = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('[') {
            if table == (In::Provider { named: false }) {
                return None;
            }
            table = In::Other;
            if line.starts_with("[[") {
                match line.trim_end() {
                    "[[providers]]" => table = In::Provider { named: false },
                    other if other.contains("providers") => return None,
                    _ => {}
                }
            }
            continue;
        }
        if table == In::Other {
            continue;
        }
        if let Some(("name", value)) = key_value(line.trim_end())? {
            if table == (In::Provider { named: true }) {
                return None;
            }
            providers.push(scan_strings(value, false)?.pop()?.trim().to_string());
            table = In::Provider { named: true };
        }
    }
    if table == (In::Provider { named: false }) {
        return None;
    }
    Some(Scanned {
        name: name?,
        words: words.unwrap_or_default(),
        providers,
    })
}

/// A line's key and value, when it is `key = value`; `None` for a key the scan cannot read for
/// sure (quoted: it could be any key), `Some(None)` for a line that gives no key.
fn key_value(line: &str) -> Option<Option<(&str, &str)>> {
    if line.starts_with('#') {
        return Some(None);
    }
    let Some((key, value)) = line.split_once('=') else {
        return Some(None);
    };
    let key = key.trim();
    if key.starts_with(['"', '\'']) {
        return None;
    }
    Some(Some((key, value.trim())))
}

/// The strings of a TOML value written on one line: one basic string, or (`list`) a list of
/// them; `None` for anything else (an escape, a literal string, a list that goes on).
fn scan_strings(value: &str, list: bool) -> Option<Vec<&str>> {
    fn string(rest: &str) -> Option<(&str, &str)> {
        let rest = rest.strip_prefix('"')?;
        let end = rest.find(['"', '\\'])?;
        (rest.as_bytes()[end] == b'"').then(|| (&rest[..end], &rest[end + 1..]))
    }
    let mut strings = Vec::new();
    let mut rest = value;
    if list {
        rest = rest.strip_prefix('[')?.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix(']') {
                rest = after;
                break;
            }
            let (s, after) = string(rest)?;
            strings.push(s);
            rest = after.trim_start();
            if let Some(after) = rest.strip_prefix(',') {
                rest = after.trim_start();
            } else if !rest.starts_with(']') {
                return None;
            }
        }
    } else {
        let (s, after) = string(rest)?;
        strings.push(s);
        rest = after;
    }
    let rest = rest.trim_start();
    (rest.is_empty() || rest.starts_with('#')).then_some(strings)
}
