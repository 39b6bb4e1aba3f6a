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

FLOORS = os.path.join(ROOT, "bench", "floors.sql")


def load_floors():
    """bench/floors.sql: for each floor, whether it writes and its statements with their binds.

    The file is written from the store's own SQL by src/store/bench_floors.rs (a test fails when
    they drift), so a floor runs exactly what closeout runs: the same statements, the same plan
    (CROSS JOIN and INDEXED BY included), the same columns.
    """
    floors, name, binds = {}, None, []
    with open(FLOORS) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-- floor: "):
                name = line[len("-- floor: "):]
                floors[name] = {"writes": False, "statements": []}
            elif name is None or not line:
                continue
            elif line == "-- writes":
                floors[name]["writes"] = True
            elif line.startswith("-- bind: "):
                key, value = line[len("-- bind: "):].split(" ", 1)
                binds.append((key, value))
            elif not line.startswith("--"):
                floors[name]["statements"].append((line, binds))
                binds = []
    return floors


def shell_word(value):
    """`value` as one argument of a sqlite3 dot-command: in double quotes, with `\\` and `"`
    escaped. The CLI splits a dot-command's arguments at spaces and takes the quotes off a
    quoted one, so that `'2026-11-30'` unquoted would reach SQL as a subtraction."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def floor_script(floor, values, path):
    """A sqlite3 script that runs one floor: each statement with its parameters bound; a write
    in one transaction with closeout's durability (WAL is the file's, synchronous FULL)."""
    lines = [".bail on"]
    if floor["writes"]:
        lines += ["PRAGMA synchronous = FULL;", "BEGIN IMMEDIATE;"]
    for sql, binds in floor["statements"]:
        lines.append(".parameter clear")
        for key, value in binds:
            lines.append(f".parameter set {key} {shell_word(value.format(**values))}")
        # A statement may hold the clock itself, where binding it would cost the CLI more than
        # the statement (the add floor: its values are written into its statements).
        lines.append(sql.replace("{now}", str(values["now"])))
    if floor["writes"]:
        lines.append("COMMIT;")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


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


# The rows closeout's import writes: the file's cases, steps and history, the fields' stamps
# (`changed`), and the import's own record of each case it added (what `undo` takes back), one
# change. The file is parsed twice (its cases once, into a temporary table; its history once).
IMPORT_FLOOR = """.bail on
PRAGMA synchronous = FULL;
PRAGMA temp_store = MEMORY;
BEGIN IMMEDIATE;
CREATE TEMP TABLE file_cases AS SELECT value AS c FROM json_each(readfile('{file}'), '$.cases');
INSERT INTO cases (id, uuid, title, template, provider, channel, holder, number, deadline, status,
  created_at, closed_at, updated_at, note, lang, notice_days, follows_departure)
SELECT c->>'id', c->>'uuid', c->>'title', c->>'template', c->>'provider', c->>'channel',
  c->>'holder', c->>'number', c->>'deadline', c->>'status', unixepoch(c->>'created_at'),
  unixepoch(c->>'closed_at'), unixepoch(c->>'updated_at'), c->>'note', c->>'lang',
  c->>'notice_days', c->>'follows_departure'
FROM file_cases;
INSERT INTO steps (uuid, case_id, position, key, title, how, status, due, rule_kind, rule_days,
  rule_ref, due_manual, done_at, updated_at, note, abroad)
SELECT s.value->>'uuid', c->>'id', s.value->>'position', s.value->>'key',
  s.value->>'title', s.value->>'how', s.value->>'status', s.value->>'due',
  s.value->>'$.rule.kind', s.value->>'$.rule.days', s.value->>'$.rule.step',
  s.value->>'due_manual', s.value->>'done_at', unixepoch(s.value->>'updated_at'),
  s.value->>'note', s.value->>'abroad'
FROM file_cases, json_each(c, '$.steps') s;
INSERT INTO field_clock (entity, field, at, device)
SELECT c->>'uuid', f.key, unixepoch(f.value->>'at'), f.value->>'device'
FROM file_cases, json_each(c, '$.changed') f
UNION ALL
SELECT s.value->>'uuid', f.key, unixepoch(f.value->>'at'), f.value->>'device'
FROM file_cases, json_each(c, '$.steps') s, json_each(s.value, '$.changed') f;
INSERT INTO events (uuid, at, case_id, case_uuid, step_uuid, step_key, kind, before, after, origin)
SELECT e.value->>'uuid', unixepoch(e.value->>'at'), e.value->>'case_id', e.value->>'case_uuid',
  e.value->>'step_uuid', e.value->>'step_key', e.value->>'kind', json(e.value->'before'),
  json(e.value->'after'), 'file'
FROM json_each(readfile('{file}'), '$.events') e;
INSERT INTO events (uuid, at, case_id, case_uuid, kind, after, origin, change_id)
SELECT lower(hex(randomblob(16))), unixepoch(), c->>'id', c->>'uuid', 'import', json(c), 'merge',
  (SELECT max(id) + 1 FROM events)
FROM file_cases;
COMMIT;
"""

EMPTY_EXPORT = '{"format": "closeout", "version": 2, "schema": 1, "device": "bench", "cases": [], "events": []}'


def turns(pairs, env, runs, workdir):
    """A/B turns: each pair's two commands run alternately, run by run, so that a machine that
    gets busier or quieter during the measurement weighs on both alike. Median seconds each."""
    import shlex
    import statistics
    times = {}
    for a, b in pairs:
        for _ in range(runs):
            for name, cmd, prepare in (a, b):
                if prepare:
                    subprocess.run(shlex.split(prepare), env=env, cwd=workdir, check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                started = time.perf_counter()
                subprocess.run(shlex.split(cmd), env=env, cwd=workdir, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.setdefault(name, []).append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def run_size(n, runs, warmup, base_env, has_remind, floors):
    work = tempfile.mkdtemp(prefix=f"closeout-bench-{n}-")
    db = os.path.join(work, "closeout.db")
    env = dict(base_env, CLOSEOUT_DB=db, CLOSEOUT_NOW=NOW)
    started = time.monotonic()
    sh([SEED, db, str(n)], env=env)
    seed_seconds = time.monotonic() - started
    cases = int(sh(["sqlite3", db, "SELECT count(*) FROM cases"]).stdout)
    case = cases // 2
    step_id, case_uuid, step_uuid, title = sh([
        "sqlite3", "-separator", "\t", db,
        f"SELECT s.id, c.uuid, s.uuid, c.title FROM steps s JOIN cases c ON c.id = s.case_id "
        f"WHERE c.id = {case} AND s.key = 'unbind'"]).stdout.strip().split("\t")
    today = datetime.date.fromisoformat(TODAY)
    values = {
        "case": case,
        "today": TODAY,
        "now": int(datetime.datetime.fromisoformat(NOW.replace("Z", "+00:00")).timestamp()),
        "step_id": step_id,
        "case_uuid": case_uuid,
        "step_uuid": step_uuid,
        "remind_last": (today + datetime.timedelta(days=3)).isoformat(),
        # The title as `show WORD` looks it up (see `by_word` in src/store/bench_floors.rs).
        "word_hex": title.replace("'", "").encode().hex(),
    }

    twdir = os.path.join(work, "task")
    os.makedirs(twdir)
    rc = os.path.join(twdir, "taskrc")
    with open(rc, "w") as f:
        # gc=off: Taskwarrior would otherwise rewrite its data files on every command.
        f.write(f"data.location={twdir}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                "gc=off\nnews.version=9.9.9\n")
    tenv = dict(env, TASKRC=rc, TASKDATA=twdir)
    started = time.monotonic()
    task_uuid = taskwarrior_load(db, twdir, tenv)
    task_load_seconds = time.monotonic() - started

    def floor(name, database=db):
        path = floor_script(floors[name], values, os.path.join(work, f"floor-{name}-{os.path.basename(database)}.sql"))
        return f"sqlite3 {database} '.read {path}'"

    # 99 % of the cases closed with their steps still pending (as `close --force` leaves them).
    closed = os.path.join(work, "closed.db")
    sh(["sqlite3", db, f"VACUUM INTO '{closed}'"])
    sh(["sqlite3", closed, "UPDATE cases SET status = 'closed', closed_at = updated_at WHERE id % 100 != 0"])
    cenv = dict(tenv, CLOSEOUT_DB=closed)

    # A write's restore is made durable before the next timed write: checkpointed and synced,
    # so that no writeback of the restore falls into the measurement.
    reset_sql = os.path.join(work, "reset.sql")
    with open(reset_sql, "w") as f:
        f.write(f"PRAGMA synchronous = FULL;\nUPDATE steps SET status = 'pending', done_at = NULL "
                f"WHERE id = {step_id};\nPRAGMA wal_checkpoint(TRUNCATE);\n")
    reset = f"sh -c \"sqlite3 {db} '.read {reset_sql}' >/dev/null && sync {db}\""
    q = lambda sql: f"sqlite3 {db} \"{sql}\""  # noqa: E731
    word = title.replace("'", "")
    reads = [
        ("closeout pending", f"{CLOSEOUT} pending", None),
        ("sqlite3 pending", floor("pending"), None),
        ("closeout list", f"{CLOSEOUT} list", None),
        ("sqlite3 list", floor("list"), None),
        ("closeout show", f"{CLOSEOUT} show {case}", None),
        ("sqlite3 show", floor("show"), None),
        ("closeout show WORD", f"{CLOSEOUT} show '{word}'", None),
        ("sqlite3 show WORD", floor("show-word"), None),
        ("closeout dashboard", f"{CLOSEOUT}", None),
        ("sqlite3 dashboard", floor("dashboard"), None),
        ("closeout --version", f"{CLOSEOUT} --version", None),
        ("true", "true", None),
        ("task list", "task list", None),
    ]
    if has_remind:
        reads += [
            ("closeout remind", f"{CLOSEOUT} remind", None),
            ("sqlite3 remind", floor("remind"), None),
        ]
    closed_reads = [
        ("closeout pending, 99 % closed", f"{CLOSEOUT} pending", None),
        ("sqlite3 pending, 99 % closed", floor("pending-closed", closed), None),
        ("closeout dashboard, 99 % closed", f"{CLOSEOUT}", None),
        ("sqlite3 dashboard, 99 % closed", floor("dashboard-closed", closed), None),
    ]
    exports = [
        ("closeout export json", f"{CLOSEOUT} export --all --format json", None),
        ("sqlite3 export json", floor("export-json"), None),
        ("closeout export ics", f"{CLOSEOUT} export --all --format ics", None),
        ("sqlite3 export ics", floor("export-ics"), None),
        ("closeout export csv", f"{CLOSEOUT} export --all --format csv", None),
        ("closeout export taskwarrior", f"{CLOSEOUT} export --all --format taskwarrior", None),
    ]
    writes = [
        ("closeout done", f"{CLOSEOUT} done {case} unbind", reset),
        ("sqlite3 done", floor("done"), reset),
        ("closeout done WORD", f"{CLOSEOUT} done '{word}' unbind", reset),
        ("sqlite3 done WORD", floor("done-word"), reset),
        ("task done", f"task {task_uuid} done", f"task {task_uuid} modify status:pending"),
    ]
    # Each timed add and note starts with no writeback pending from the runs before (as each
    # timed done starts from a synced file): otherwise whichever command runs first pays for
    # the group before it.
    settled = "sync"
    adds = [
        ("closeout add", f"{CLOSEOUT} add Bench-Proximus --deadline +3w", settled),
        ("sqlite3 add", floor("add"), settled),
        ("task add", "task add Bench-Proximus: step project:bench due:2026-12-20", settled),
        ("closeout note", f"{CLOSEOUT} note {case} 'called the shop'", settled),
        ("sqlite3 note", q(
            f"PRAGMA synchronous = FULL; BEGIN IMMEDIATE; UPDATE cases SET note = coalesce(note || char(10), '') "
            f"|| 'called the shop', updated_at = {values['now']} WHERE id = {case}; "
            # The change recorded, as closeout's.
            f"INSERT INTO events (at, case_id, case_uuid, kind, before, after, uuid, origin) VALUES "
            f"({values['now']}, {case}, '{case_uuid}', 'case.note', '{{\\\"note\\\":null}}', "
            f"'{{\\\"note\\\":\\\"called the shop\\\"}}', lower(hex(randomblob(16))), 'here'); "
            f"UPDATE events SET change_id = id WHERE id = last_insert_rowid(); COMMIT"), settled),
    ]
    # The import: the whole database exported, then imported into an empty one, each run.
    export = os.path.join(work, "all.json")
    sh([CLOSEOUT, "export", "--all", "--output", export], env=tenv)
    empty_file = os.path.join(work, "empty.json")
    with open(empty_file, "w") as f:
        f.write(EMPTY_EXPORT)
    empty = os.path.join(work, "empty.db")
    sh([CLOSEOUT, "--db", empty, "import", empty_file], env=tenv)
    target = os.path.join(work, "imported.db")
    fresh = f"sh -c \"rm -f {target}-wal {target}-shm && cp {empty} {target} && sync {target}\""
    floor_import = os.path.join(work, "floor-import.sql")
    with open(floor_import, "w") as f:
        f.write(IMPORT_FLOOR.format(file=export))
    imports = [
        ("closeout import", f"{CLOSEOUT} --db {target} import {export}", fresh),
        ("sqlite3 import", f"sqlite3 {target} '.read {floor_import}'", fresh),
    ]

    medians = {}
    for group, genv in ((reads, tenv), (closed_reads, cenv), (exports, tenv), (writes, tenv),
                        (adds, tenv)):
        medians.update(hyperfine(group, genv, runs, warmup, work))
    # An import of 100,000 steps takes seconds: a few runs are enough to see it.
    slow_runs = min(runs, 5)
    medians.update(hyperfine(imports, tenv, slow_runs, min(warmup, 1), work))
    # The same database seen months before anything falls due: `remind` has nothing to say.
    quiet = dict(tenv, CLOSEOUT_NOW="2026-01-05T09:00:00Z")
    # After the first run of the day, `remind` answers from the mark it left beside the database;
    # the first of the day reads the database and writes the mark (no target: memory only).
    mark = f"{db}-remind"
    idle = [
        ("closeout remind, nothing due", f"{CLOSEOUT} remind", None),
        ("closeout remind, nothing due, first of the day", f"{CLOSEOUT} remind", f"rm -f {mark}"),
        ("true (idle)", "true", None),
    ]
    if has_remind:
        medians.update(hyperfine(idle, quiet, runs, warmup, work))
        # The writes timed after this must not find a mark to remove.
        if os.path.exists(mark):
            os.remove(mark)

    # A/B turns: closeout and its floor alternate run by run.
    pair = lambda group, name: (  # noqa: E731
        next(c for c in group if c[0] == f"closeout {name}"),
        next(c for c in group if c[0] == f"sqlite3 {name}"))
    ab = [pair(reads, "pending"), pair(reads, "list"), pair(reads, "show"),
          pair(reads, "show WORD"), pair(reads, "dashboard"), pair(exports, "export json"),
          pair(exports, "export ics"), pair(writes, "done"), pair(writes, "done WORD"),
          pair(adds, "add"), pair(adds, "note")]
    if has_remind:
        ab.append(pair(reads, "remind"))
    ab_medians = turns(ab, tenv, max(runs // 2, 3), work)
    ab_medians.update(turns([pair(imports, "import")], tenv, min(slow_runs, 3), work))
    ab_closed = turns([pair(closed_reads, "pending, 99 % closed"),
                       pair(closed_reads, "dashboard, 99 % closed")], cenv, max(runs // 2, 3), work)
    ab_medians.update(ab_closed)

    memory = {}
    for group, genv in ((reads, tenv), (closed_reads, cenv), (exports, tenv), (writes, tenv),
                        (adds, tenv), (idle if has_remind else [], quiet)):
        for name, cmd, prepare in group:
            if name.startswith("closeout") or name in ("task list", "sqlite3 pending"):
                if group is idle:
                    # The mark removed (first of the day), or left by one run before.
                    subprocess.run(prepare or cmd, shell=True, check=True, env=genv,
                                   stdout=subprocess.DEVNULL)
                memory[name] = peak_kb(cmd, genv)
    for name, cmd, prepare in imports:
        if name.startswith("closeout"):
            subprocess.run(prepare, shell=True, check=True)
            memory[name] = peak_kb(cmd, tenv)
    # `sync DIR` shares the import's merge: the same export, as the folder's copy.
    folder = os.path.join(work, "folder")
    os.makedirs(folder)
    shutil.copy(export, os.path.join(folder, "closeout-bench.json"))
    subprocess.run(fresh, shell=True, check=True)
    memory["closeout sync DIR"] = peak_kb(f"{CLOSEOUT} --db {target} sync {folder}", tenv)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "n": n,
        "cases": cases,
        "seed_seconds": seed_seconds,
        "task_load_seconds": task_load_seconds,
        "medians": medians,
        "turns": ab_medians,
        "memory": memory,
    }


def ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


# Each row: the name, its floor, Taskwarrior's command, and the target (at most this many times
# the floor; None: no time target, memory only). Every read and write is held to 1.2 × its floor;
# a word lookup also to 1.2 × the same command by id; `--version` and `remind` with nothing due
# to 1.0 ms over `true`.
ROWS = [
    ("pending", "sqlite3 pending", None, 1.2),
    ("pending, 99 % closed", "sqlite3 pending, 99 % closed", None, 1.2),
    ("list", "sqlite3 list", "task list", 1.2),
    ("dashboard", "sqlite3 dashboard", None, 1.2),
    ("dashboard, 99 % closed", "sqlite3 dashboard, 99 % closed", None, 1.2),
    ("show", "sqlite3 show", None, 1.2),
    ("show WORD", "sqlite3 show WORD", None, 1.2),
    ("done", "sqlite3 done", "task done", 1.2),
    ("done WORD", "sqlite3 done WORD", None, 1.2),
    ("add", "sqlite3 add", "task add", 1.2),
    ("note", "sqlite3 note", None, 1.2),
    ("export json", "sqlite3 export json", None, 1.2),
    ("export ics", "sqlite3 export ics", None, 1.2),
    ("export csv", None, None, None),
    ("export taskwarrior", None, None, None),
    ("import", "sqlite3 import", None, 1.2),
    ("sync DIR", None, None, None),
    ("--version", "true", None, None),
]
MEMORY_MB = 10.0
SPAWN_MS = 1.0
# A word lookup against the same command by id: the cost of resolving the word.
BY_ID = {"show WORD": "closeout show", "done WORD": "closeout done"}


def table(results, has_remind):
    lines = [
        "| steps | command | closeout | floor | ratio | A/B: closeout | A/B: floor | A/B ratio "
        "| Taskwarrior (gc=off) | Taskwarrior / closeout | peak memory | target | met |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    rows = list(ROWS)
    if has_remind:
        rows.insert(4, ("remind", "sqlite3 remind", None, 1.2))
        rows.append(("remind, nothing due", "true (idle)", None, None))
        rows.append(("remind, nothing due, first of the day", None, None, None))
    for r in results:
        m, t = r["medians"], r["turns"]
        for name, floor, task, target in rows:
            ours, base = m.get(f"closeout {name}"), m.get(floor) if floor else None
            a, b = t.get(f"closeout {name}"), t.get(floor) if floor else None
            tw = m.get(task) if task else None
            spawn = name in ("--version", "remind, nothing due")
            if spawn and ours and base:
                ratio = f"+{(ours - base) * 1000:.2f} ms"
            else:
                ratio = f"{ours / base:.2f}" if ours and base else "—"
            ab_ratio = f"{a / b:.2f}" if a and b else "—"
            mem = r["memory"].get(f"closeout {name}")
            mem_ok = mem is None or mem / 1024 <= MEMORY_MB
            if spawn:
                over = (ours - base) * 1000 if ours and base else None
                met = "yes" if over is not None and over <= SPAWN_MS and mem_ok else "no"
                goal = f"≤ +{SPAWN_MS:.1f} ms over `true`, ≤ {MEMORY_MB:.0f} MB"
            elif target:
                worst = max(x for x in (ours / base if ours and base else None,
                                        a / b if a and b else None, 0) if x is not None)
                ok = worst and worst <= target
                goal = f"≤ {target} × floor, ≤ {MEMORY_MB:.0f} MB"
                by_id = m.get(BY_ID[name]) if name in BY_ID else None
                if by_id and ours:
                    ok = ok and ours / by_id <= target
                    goal = f"≤ {target} × floor and × by id ({ours / by_id:.2f}), ≤ {MEMORY_MB:.0f} MB"
                met = "yes" if ok and mem_ok else "no"
            else:
                met = "yes" if mem_ok else "no"
                goal = f"≤ {MEMORY_MB:.0f} MB"
            lines.append(
                f"| {r['n']:,} | `{name}` | {ms(ours)} | {ms(base)} | {ratio} | {ms(a)} | {ms(b)} "
                f"| {ab_ratio} | {ms(tw)} | {f'{tw / ours:.0f}×' if tw and ours else '—'} | "
                f"{'—' if mem is None else f'{mem / 1024:.1f} MB'} | {goal} | {met} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 steps, few runs (CI)")
    parser.add_argument("--output", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--sizes", help="comma-separated step counts (default 1000,10000,100000)")
    args = parser.parse_args()
    sizes = [1_000] if args.quick else [1_000, 10_000, 100_000]
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",")]
    runs, warmup = (3, 1) if args.quick else (20, 3)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    env.pop("CLOSEOUT_LANG", None)
    has_remind = subprocess.run([CLOSEOUT, "remind", "--help"], capture_output=True).returncode == 0
    floors = load_floors()
    results = []
    for n in sizes:
        print(f"benchmarking {n:,} steps…", file=sys.stderr)
        results.append(run_size(n, runs, warmup, env, has_remind, floors))
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

The floor is the sqlite3 CLI opening the same database and running closeout's own statements
(`bench/floors.sql`, written from the store's SQL and checked against it by a test: the same plan,
`CROSS JOIN` and `INDEXED BY` included, and the same columns, printed unaligned where closeout
aligns them). A write's floor is the same transaction: the same reads, UPDATE and INSERTs, the
event included, with `synchronous = FULL` (`add`'s: the same-title count, the departure, the case
and its six steps with their texts and dates as closeout makes them, the case read back, the
event; its values written into the statements, its six steps in one INSERT, as closeout prepares
its INSERT once); each timed `done` starts from a restored step that was checkpointed and synced
first, each timed `add` and `note` after a `sync`. `import`'s floor writes the same rows from the same file with
SQLite's JSON functions, in one transaction: the cases, steps and history, the fields' stamps, and
the import's own record of each case (what `undo` takes back). `--version` and `remind` with nothing
due (the same database seen in January) are compared with `true` (process spawn), and their ratio
column shows the difference. After its first run of a day, a `remind` with nothing to say answers
from the mark it left beside the database (docs/reminders.md); "first of the day" times the run
that reads the database and writes the mark (the mark removed before each run). "99 % closed": the same database with all but one case in a hundred
closed, their steps still pending, as `close --force` leaves them.

Two measurements of each pair: hyperfine ({runs} runs, medians), and A/B turns, closeout and its
floor alternating run by run (medians), which cancels the drift of a busy machine. A target is
met when both ratios meet it and the peak memory is within {MEMORY_MB:.0f} MB; a word lookup
(`show WORD`, `done WORD`) must also be within the same ratio of the command by id, and
`--version` and `remind` with nothing due within {SPAWN_MS:.1f} ms of `true`.

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
