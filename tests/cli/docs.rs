//! The README and the pages under docs/ name only commands and options closeout has, the table
//! of commands lists every command there is, and every relative link points at a file (and a
//! heading) that exists.

use clap::CommandFactory;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A Markdown file of the project, by its path from the repository's root.
struct Page {
    name: String,
    path: PathBuf,
    text: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every `*.md` under docs/, at any depth.
fn pages() -> Vec<Page> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut paths = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| Page {
            name: path
                .strip_prefix(root())
                .expect("inside the repository")
                .display()
                .to_string(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            path,
        })
        .collect()
}

/// The page split into the lines of its fenced code blocks and its prose (fences dropped).
fn split_fences(text: &str) -> (Vec<&str>, String) {
    let mut code = Vec::new();
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if fenced {
            code.push(line);
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    (code, prose)
}

/// The inline code spans of `prose` (a span may run over a line break, as in Markdown), and the
/// prose with each span replaced by `code`.
fn inline_spans(prose: &str) -> (Vec<String>, String) {
    let mut spans = Vec::new();
    let mut rest = String::new();
    let mut chars = prose.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '`' {
            rest.push(c);
            continue;
        }
        let mut ticks = 1;
        while chars.next_if(|&(_, c)| c == '`').is_some() {
            ticks += 1;
        }
        let fence = "`".repeat(ticks);
        let start = i + ticks;
        match prose[start..].find(&fence) {
            Some(len) => {
                spans.push(
                    prose[start..start + len]
                        .replace('\n', " ")
                        .trim()
                        .to_string(),
                );
                rest.push_str("code");
                while chars.next_if(|&(j, _)| j < start + len + ticks).is_some() {}
            }
            None => rest.push_str(&fence),
        }
    }
    (spans, rest)
}

/// The rows of every table whose first heading is `command`: the first cell of each row.
fn command_cells(prose: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut in_table = false;
    for line in prose.lines() {
        let line = line.trim();
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let first = line[1..].split(" | ").next().unwrap_or("").trim();
        if first == "command" {
            in_table = true;
        } else if in_table && !first.starts_with("---") {
            cells.push(first.to_string());
        }
    }
    cells
}

/// The command lines a piece of code names: the words after each `closeout` (or
/// `…/bin/closeout`), up to a pipe, a redirection, a comment or the end of the quote around it.
fn mentions(code: &str) -> Vec<Vec<String>> {
    let words: Vec<&str> = code.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_start_matches(['(', '`', '"', '\'']);
        if word != "closeout" && !word.ends_with("/bin/closeout") {
            continue;
        }
        let mut line = Vec::new();
        let mut rest = words[i + 1..].iter();
        while let Some(word) = rest.next() {
            if word.starts_with(['|', '>', '<', '#', '&', ';', '\\', '$']) || word.starts_with("2>")
            {
                break;
            }
            // A quoted argument, `"Telenet internet"`, is one word.
            if let Some(open) = word.strip_prefix('"') {
                let mut quoted = open.to_string();
                let mut closed = open.ends_with('"');
                while !closed && let Some(next) = rest.next() {
                    quoted.push(' ');
                    quoted.push_str(next);
                    closed = next.ends_with('"');
                }
                line.push(quoted.trim_end_matches('"').to_string());
                continue;
            }
            let trimmed = word.trim_end_matches([')', '`', '"', '\'', ';', ',', '.', ':']);
            line.push(trimmed.trim_start_matches(['`', '"', '\'']).to_string());
            if trimmed.len() < word.len() {
                break;
            }
        }
        found.push(line);
    }
    found
}

/// The alternatives of a word as the table writes them: `online\|phone`, `[--all]`.
fn alternatives(word: &str) -> Vec<String> {
    word.trim_start_matches('[')
        .trim_end_matches(']')
        .replace("\\|", "|")
        .split('|')
        .map(|w| w.trim_start_matches('[').trim_end_matches(']').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `flag` (`--within`, `-o`) is an option of `cmd`, and whether it takes a value.
fn option<'a>(cmd: &'a clap::Command, flag: &str) -> Option<&'a clap::Arg> {
    let name = flag.split('=').next().unwrap_or(flag);
    cmd.get_arguments()
        .find(|arg| match name.strip_prefix("--") {
            Some(long) => arg.get_long() == Some(long),
            None => name
                .strip_prefix('-')
                .and_then(|s| s.chars().next())
                .is_some_and(|c| name.len() == 2 && arg.get_short() == Some(c)),
        })
}

/// Follows `words` through the command tree from `closeout`: every lowercase word where a
/// subcommand is expected is one, and every option is one of the command it follows. Returns
/// the problems found, as sentences.
fn check_line(tree: &clap::Command, words: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut cmd = tree;
    let mut path = vec!["closeout".to_string()];
    let mut words = words.iter();
    let mut positional = false;
    while let Some(word) = words.next() {
        let alts = alternatives(word);
        let Some(head) = alts.first() else { continue };
        if head.starts_with('-') && head.len() > 1 {
            for flag in alts.iter().filter(|a| a.starts_with('-')) {
                match option(cmd, flag) {
                    None => problems.push(format!("`{}` has no option {flag}", path.join(" "))),
                    Some(arg) if arg.get_action().takes_values() && !flag.contains('=') => {
                        // The value: skipped, but `--after STEP\|--first` names a flag too.
                        if let Some(value) = words.next() {
                            for other in alternatives(value).iter().filter(|a| a.starts_with("--"))
                            {
                                if option(cmd, other).is_none() {
                                    let path = path.join(" ");
                                    problems.push(format!("`{path}` has no option {other}"));
                                }
                            }
                        }
                    }
                    Some(_) => {}
                }
            }
            continue;
        }
        let word_like = head
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && head.starts_with(|c: char| c.is_ascii_lowercase());
        if !positional && cmd.has_subcommands() && word_like {
            match cmd.find_subcommand(head) {
                Some(sub) => {
                    path.push(head.clone());
                    cmd = sub;
                }
                None => {
                    problems.push(format!("`{}` has no command {head}", path.join(" ")));
                    return problems;
                }
            }
        } else {
            positional = true;
        }
    }
    problems
}

fn tree() -> clap::Command {
    let mut cmd = closeout::cli::Cli::command();
    cmd.build();
    cmd
}

/// Every command line a page names, as (page, the code it is in, its words).
fn named_lines() -> Vec<(String, String, Vec<String>)> {
    let mut lines = Vec::new();
    for page in pages() {
        let (code, prose) = split_fences(&page.text);
        let (spans, _) = inline_spans(&prose);
        let mut codes: Vec<String> = code.iter().map(|l| l.to_string()).collect();
        codes.extend(spans);
        for cell in command_cells(&prose) {
            for span in inline_spans(&cell).0 {
                if span.starts_with("closeout") {
                    codes.push(span);
                } else {
                    codes.push(format!("closeout {span}"));
                }
            }
        }
        for code in codes {
            for words in mentions(&code) {
                lines.push((page.name.clone(), code.clone(), words));
            }
        }
    }
    lines
}

#[test]
fn every_command_and_option_the_docs_name_is_one_closeout_has() {
    let tree = tree();
    let lines = named_lines();
    let mut problems = Vec::new();
    let mut commands = BTreeSet::new();
    for (page, code, words) in &lines {
        for problem in check_line(&tree, words) {
            problems.push(format!("{page}: {problem}, in: {code}"));
        }
        if let Some(first) = words.first() {
            commands.insert(first.clone());
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scan reads what it should: the commands of the README's session and of the table.
    for name in [
        "add", "done", "remind", "remote", "step", "template", "sync", "guide",
    ] {
        assert!(
            commands.contains(name),
            "no `closeout {name}` found in the docs"
        );
    }
    assert!(
        lines.len() > 100,
        "only {} command lines found",
        lines.len()
    );
}

/// The check above is not a formality: a command or an option closeout lacks is caught, at the
/// top and under a command with subcommands, and an option's value is not taken for a command.
#[test]
fn the_check_catches_a_command_or_option_that_does_not_exist() {
    let tree = tree();
    let line = |code: &str| mentions(code).remove(0);
    assert_eq!(check_line(&tree, &line("closeout frobnicate")).len(), 1);
    assert_eq!(check_line(&tree, &line("closeout step frob CASE")).len(), 1);
    assert_eq!(
        check_line(&tree, &line("closeout remind --soon 3d")).len(),
        1
    );
    assert_eq!(
        check_line(
            &tree,
            &line("closeout step move CASE STEP --after STEP\\|--top")
        )
        .len(),
        1
    );
    assert!(check_line(&tree, &line("closeout --lang zh show proximus")).is_empty());
    assert!(check_line(&tree, &line("closeout step move 1 2 --after 3\\|--first")).is_empty());
    assert!(check_line(&tree, &line("task export | closeout import - # stdin")).is_empty());
    assert_eq!(
        mentions("0 9 * * * $HOME/.cargo/bin/closeout remind"),
        [["remind"]]
    );
    assert_eq!(
        mentions("(closeout templates lists them)"),
        [["templates", "lists", "them"]]
    );
    assert_eq!(
        mentions(r#"closeout add "Telenet internet" --notice 1m"#),
        [["add", "Telenet internet", "--notice", "1m"]]
    );
    assert_eq!(
        check_line(
            &tree,
            &line(r#"closeout add "Telenet internet" --notic 1m"#)
        )
        .len(),
        1
    );
}

/// The table in docs/commands.md lists every command closeout has (hidden ones aside), each
/// command with subcommands by each of them.
#[test]
fn the_table_of_commands_lists_every_command() {
    let page = std::fs::read_to_string(root().join("docs/commands.md")).expect("docs/commands.md");
    let (_, prose) = split_fences(&page);
    let mut listed = BTreeSet::new();
    for cell in command_cells(&prose) {
        for span in inline_spans(&cell).0 {
            let words: Vec<&str> = span.split_whitespace().collect();
            if let Some(first) = words.first() {
                listed.insert(first.to_string());
                if let Some(second) = words.get(1) {
                    listed.insert(format!("{first} {second}"));
                }
            }
        }
    }
    let tree = tree();
    let mut missing = Vec::new();
    for cmd in tree.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = cmd.get_name();
        if name == "help" {
            continue;
        }
        if !listed.contains(name) {
            missing.push(name.to_string());
        }
        for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
            let full = format!("{name} {}", sub.get_name());
            if sub.get_name() != "help" && !listed.contains(&full) {
                missing.push(full);
            }
        }
    }
    assert!(missing.is_empty(), "docs/commands.md lacks: {missing:?}");
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, a repeated
/// heading numbered.
fn anchors(text: &str) -> BTreeSet<String> {
    let (_, prose) = split_fences(text);
    let mut seen = BTreeSet::new();
    for line in prose.lines() {
        let Some(title) = line.strip_prefix('#') else {
            continue;
        };
        let title = title.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let base: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// The relative links of a page (outside code): `[text](target)`.
fn links(text: &str) -> Vec<String> {
    let (_, prose) = split_fences(text);
    let (_, prose) = inline_spans(&prose);
    let mut found = Vec::new();
    let mut rest = prose.as_str();
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = rest[..end].trim();
        if !target.contains("://") && !target.starts_with("mailto:") {
            found.push(target.to_string());
        }
    }
    found
}

#[test]
fn every_relative_link_points_at_a_file_and_heading_that_exist() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in pages() {
        for target in links(&page.text) {
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                page.path.clone()
            } else {
                page.path.parent().expect("a folder").join(file)
            };
            if !path.exists() {
                problems.push(format!("{}: {target}: no such file", page.name));
                continue;
            }
            if let Some(anchor) = anchor
                && path.extension().is_some_and(|e| e == "md")
            {
                let text = std::fs::read_to_string(&path).expect("read");
                if !anchors(&text).contains(anchor) {
                    problems.push(format!("{}: {target}: no such heading", page.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 15, "only {checked} links found");
}

/// The link check reads headings as GitHub names them (code blocks aside) and skips code and
/// web addresses.
#[test]
fn the_anchors_are_githubs_and_links_in_code_are_not_links() {
    let text = "# Moving data in and out\n\n## The closeout format (version 2)\n\n## sync\n\n## sync\n\
                ```\n# not a heading\n```\n";
    let found = anchors(text);
    let want = [
        "moving-data-in-and-out",
        "the-closeout-format-version-2",
        "sync",
        "sync-1",
    ];
    assert_eq!(found, want.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        links("see [a](data.md#sync), `[b](code.md)` and [c](https://example.org)"),
        ["data.md#sync"]
    );
}
