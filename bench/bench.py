#!/usr/bin/env python3
"""Times closeout side by side with the sqlite3 CLI (the floor) and Taskwarrior on the same data.

Run through bench/run.sh, which installs the tools and builds the release binary. For each size it
seeds a closeout database through the bulk path (examples/seed.rs), loads the same steps into
Taskwarrior, times whole processes with hyperfine, and measures peak memory with /usr/bin/time -v.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOSEOUT = os.path.join(ROOT, "target", "release", "closeout")
SEED = os.path.join(ROOT, "target", "release", "examples", "seed")
NOW = "2026-11-30T09:00:00Z"
TODAY = "2026-11-30"

# The rows `pending` prints, as two index-ordered queries: dated steps by due, then undated ones.
PENDING_SQL = (
    "SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM steps s "
    "JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND c.status = 'open' "
    "AND s.due IS NOT NULL ORDER BY s.due, s.case_id, s.position; "
    "SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM steps s "
    "JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND c.status = 'open' "
    "AND s.due IS NULL ORDER BY s.case_id, s.position"
)
LIST_SQL = (
    "SELECT c.id, c.title, c.holder, c.status, c.deadline, "
    "(SELECT count(*) FROM steps f WHERE f.case_id = c.id AND f.status != 'pending'), "
    "(SELECT count(*) FROM steps t WHERE t.case_id = c.id), n.position, n.key, n.title, n.due "
    "FROM cases c LEFT JOIN steps n ON n.id = (SELECT p.id FROM steps p WHERE p.case_id = c.id "
    "AND p.status = 'pending' ORDER BY p.position LIMIT 1) WHERE c.status = 'open' ORDER BY c.id"
)
REMIND_SQL = (
    "SELECT s.case_id, c.title, s.position, s.key, s.title, s.due FROM steps s "
    "JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND c.status = 'open' "
    "AND s.due <= date('{today}', '+3 days') ORDER BY s.due, s.case_id, s.position"
)


def sh(cmd, env=None, quiet=True, **kw):
    return subprocess.run(
        cmd,
        shell=isinstance(cmd, str),
        env=env,
        check=True,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.PIPE if quiet else None,
        text=True,
        **kw,
    )


def version(cmd):
    try:
        out = subprocess.run(cmd, shell=True, capture_output=True, text=True)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def peak_kb(cmd, env):
    """Peak resident memory of one run, from GNU time."""
    out = subprocess.run(
        ["/usr/bin/time", "-v", "sh", "-c", cmd + " >/dev/null"],
        env=env,
        capture_output=True,
        text=True,
    )
    for line in out.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    return None


def hyperfine(commands, env, runs, warmup, workdir):
    """Median seconds for each (name, command, prepare) tuple, timed in one hyperfine run."""
    out = os.path.join(workdir, "hyperfine.json")
    args = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
            "--export-json", out]
    # -N runs commands without a shell; hyperfine wants a prepare for each command or none.
    if any(p for _, _, p in commands):
        for _, _, prepare in commands:
            args += ["--prepare", prepare or "true"]
    for name, cmd, _ in commands:
        args += ["--command-name", name, cmd]
    sh(args, env=env, cwd=workdir)
    with open(out) as f:
        results = json.load(f)["results"]
    return {r["command"]: r["median"] for r in results}


def taskwarrior_load(db, twdir, env):
    """The same steps, as Taskwarrior tasks: one task per step, its case as the project."""
    rows = json.loads(sh(["sqlite3", "-json", db,
                          "SELECT s.uuid, c.title AS ct, s.title AS st, s.status, s.due, c.id AS cid "
                          "FROM steps s JOIN cases c ON c.id = s.case_id ORDER BY s.id"]).stdout or "[]")
    tasks = []
    for r in rows:
        t = {
            "uuid": r["uuid"],
            "description": f"{r['ct']}: {r['st']}",
            "project": f"case{r['cid']}",
            "status": "pending" if r["status"] == "pending" else "completed",
            "entry": "20261101T090000Z",
        }
        if r["due"]:
            t["due"] = r["due"].replace("-", "") + "T000000Z"
        if t["status"] == "completed":
            t["end"] = "20261130T090000Z"
        tasks.append(t)
    path = os.path.join(twdir, "import.json")
    with open(path, "w") as f:
        json.dump(tasks, f)
    sh(["task", "import", path], env=env)
    pending = [t["uuid"] for t in tasks if t["status"] == "pending"]
    return pending[len(pending) // 2]


def run_size(n, runs, warmup, base_env, has_remind):
    work = tempfile.mkdtemp(prefix=f"closeout-bench-{n}-")
    db = os.path.join(work, "closeout.db")
    env = dict(base_env, CLOSEOUT_DB=db, CLOSEOUT_NOW=NOW)
    started = time.monotonic()
    sh([SEED, db, str(n)], env=env)
    seed_seconds = time.monotonic() - started
    cases = int(sh(["sqlite3", db, "SELECT count(*) FROM cases"]).stdout)
    case = cases // 2

    twdir = os.path.join(work, "task")
    os.makedirs(twdir)
    rc = os.path.join(twdir, "taskrc")
    with open(rc, "w") as f:
        f.write(f"data.location={twdir}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                "news.version=9.9.9\n")
    tenv = dict(env, TASKRC=rc, TASKDATA=twdir)
    started = time.monotonic()
    task_uuid = taskwarrior_load(db, twdir, tenv)
    task_load_seconds = time.monotonic() - started

    q = lambda sql: f"sqlite3 {db} \"{sql}\""  # noqa: E731
    reset_step = q(f"UPDATE steps SET status = 'pending', done_at = NULL WHERE case_id = {case} AND key = 'unbind'")
    reads = [
        ("closeout pending", f"{CLOSEOUT} pending", None),
        ("sqlite3 pending", q(PENDING_SQL), None),
        ("closeout list", f"{CLOSEOUT} list", None),
        ("sqlite3 list", q(LIST_SQL), None),
        ("closeout show", f"{CLOSEOUT} show {case}", None),
        ("sqlite3 show", q(f"SELECT * FROM cases WHERE id = {case}; SELECT * FROM steps WHERE case_id = {case} ORDER BY position"), None),
        ("closeout --version", f"{CLOSEOUT} --version", None),
        ("true", "true", None),
        ("task list", "task list", None),
    ]
    if has_remind:
        reads += [
            ("closeout remind", f"{CLOSEOUT} remind", None),
            ("sqlite3 remind", q(REMIND_SQL.format(today=TODAY)), None),
        ]
    writes = [
        ("closeout done", f"{CLOSEOUT} done {case} unbind", reset_step),
        ("sqlite3 done", q(f"UPDATE steps SET status = 'done', done_at = '{TODAY}' WHERE case_id = {case} AND key = 'unbind'"), reset_step),
        ("task done", f"task {task_uuid} done", f"task {task_uuid} modify status:pending"),
    ]
    adds = [
        ("closeout add", f"{CLOSEOUT} add Bench-Proximus --deadline +3w", None),
        ("sqlite3 add", q(
            "BEGIN IMMEDIATE; INSERT INTO cases (uuid, title, template, holder, status, created_at, updated_at) "
            "VALUES (lower(hex(randomblob(16))), 'Bench', 'sim', 'alice', 'open', 0, 0); "
            "INSERT INTO steps (uuid, case_id, position, key, title, updated_at) SELECT lower(hex(randomblob(16))), "
            "last_insert_rowid(), value, 'k' || value, 'step', 0 FROM generate_series(1, 6); COMMIT"), None),
        ("task add", "task add Bench-Proximus: step project:bench due:2026-12-20", None),
        ("closeout note", f"{CLOSEOUT} note {case} 'called the shop'", None),
        ("sqlite3 note", q(f"UPDATE cases SET note = coalesce(note || char(10), '') || 'called the shop' WHERE id = {case}"), None),
    ]
    medians = {}
    for group in (reads, writes, adds):
        medians.update(hyperfine(group, tenv, runs, warmup, work))
    # The same database seen months before anything falls due: `remind` has nothing to say.
    quiet = dict(tenv, CLOSEOUT_NOW="2026-01-05T09:00:00Z")
    idle = [
        ("closeout remind, nothing due", f"{CLOSEOUT} remind", None),
        ("true (idle)", "true", None),
    ]
    if has_remind:
        medians.update(hyperfine(idle, quiet, runs, warmup, work))
    memory = {}
    for name, cmd, _ in reads + writes + adds + (idle if has_remind else []):
        if name.startswith("closeout") or name in ("task list", "sqlite3 pending"):
            memory[name] = peak_kb(cmd, tenv)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "n": n,
        "cases": cases,
        "seed_seconds": seed_seconds,
        "task_load_seconds": task_load_seconds,
        "medians": medians,
        "memory": memory,
    }


def ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def table(results, has_remind):
    lines = [
        "| steps | command | closeout | sqlite3 (floor) | closeout / sqlite3 | Taskwarrior | Taskwarrior / closeout | closeout peak memory |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    pairs = [
        ("pending", "sqlite3 pending", None),
        ("list", "sqlite3 list", "task list"),
        ("show", "sqlite3 show", None),
        ("done", "sqlite3 done", "task done"),
        ("add", "sqlite3 add", "task add"),
        ("note", "sqlite3 note", None),
        ("--version", "true", None),
    ]
    if has_remind:
        pairs.insert(3, ("remind", "sqlite3 remind", None))
        pairs.append(("remind, nothing due", "true (idle)", None))
    for r in results:
        m = r["medians"]
        for name, floor, task in pairs:
            ours = m.get(f"closeout {name}")
            base = m.get(floor)
            tw = m.get(task) if task else None
            ratio = f"{ours / base:.2f}" if ours and base else "—"
            if base and ours and (name == "--version" or "nothing due" in name):
                ratio = f"+{(ours - base) * 1000:.2f} ms"
            tw_ratio = f"{tw / ours:.0f}×" if tw and ours else "—"
            mem = r["memory"].get(f"closeout {name}")
            lines.append(
                f"| {r['n']:,} | `{name}` | {ms(ours)} | {ms(base)} | {ratio} | {ms(tw)} | {tw_ratio} | "
                f"{'—' if mem is None else f'{mem / 1024:.1f} MB'} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 steps, few runs (CI)")
    parser.add_argument("--output", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = parser.parse_args()
    sizes = [1_000] if args.quick else [1_000, 10_000, 100_000]
    runs, warmup = (3, 1) if args.quick else (20, 3)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    env.pop("CLOSEOUT_LANG", None)
    has_remind = subprocess.run([CLOSEOUT, "remind", "--help"], capture_output=True).returncode == 0
    results = []
    for n in sizes:
        print(f"benchmarking {n:,} steps…", file=sys.stderr)
        results.append(run_size(n, runs, warmup, env, has_remind))
    body = table(results, has_remind)
    seeds = ", ".join(f"{r['n']:,} steps in {r['seed_seconds']:.2f} s" for r in results)
    loads = ", ".join(f"{r['n']:,} in {r['task_load_seconds']:.1f} s" for r in results)
    memory = "; ".join(
        f"{r['n']:,}: `task list` {r['memory'].get('task list', 0) / 1024:.1f} MB, "
        f"sqlite3 pending {r['memory'].get('sqlite3 pending', 0) / 1024:.1f} MB"
        for r in results
    )
    doc = f"""# Benchmarks

Generated by `bench/run.sh{' --quick' if args.quick else ''}` on {datetime.date.today()}.
Whole processes timed with hyperfine ({runs} runs after {warmup} warm-up, medians), peak memory
from `/usr/bin/time -v`. Same data for all three tools: cases of six steps, a third of the steps
done, due dates spread over 60 days, Latin and Chinese titles.

- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}
- {version(CLOSEOUT + ' --version')}; {version('sqlite3 --version')[:40]}; Taskwarrior {version('task --version')}; {version('hyperfine --version')}

The floor is the sqlite3 CLI opening the same database and running the same query or write
(`pending` and `list`: printing the same rows, unaligned, where closeout aligns them in columns).
`--version` and `remind` with nothing due (the same database seen in January, before any date)
are compared with `true` (process spawn), and their ratio column shows the difference.

{body}

Bulk path (`examples/seed.rs`, one transaction): {seeds}.
Taskwarrior import of the same steps: {loads}.
Peak memory of the others: {memory}.
"""
    # The reading of a full run against the targets is written by hand beside the script;
    # a quick run is no basis for it.
    notes = os.path.join(ROOT, "bench", "targets.md")
    if not args.quick and os.path.exists(notes):
        with open(notes) as f:
            doc += "\n" + f.read()
    with open(args.output, "w") as f:
        f.write(doc)
    print(doc)


if __name__ == "__main__":
    main()
