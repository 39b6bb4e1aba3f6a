//! The command line's help in Chinese: each English help text of `cli.rs` beside its Chinese.
//!
//! Keyed by the English text, so a help text said twice is translated once, and a test walks the
//! whole command tree to check that every text has its Chinese (a changed English text without
//! a new Chinese one fails it). Command names, flags and values stay as the user types them.

/// `(English, Chinese)`.
pub const HELP: &[(&str, &str)] = &[
    // clap's own.
    ("Print help", "显示帮助"),
    ("Print version", "显示版本"),
    (
        "Print help (see more with '--help')",
        "显示帮助（用 --help 查看详细说明）",
    ),
    (
        "Print help (see a summary with '-h')",
        "显示帮助（用 -h 查看摘要）",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助，或指定子命令的帮助",
    ),
    // The program and its global options.
    (
        "Keep the checklists of contract cancellations (SIM cards, internet, insurance) with their dates, in a local SQLite database.",
        "在本地 SQLite 数据库中记录各项合同注销（手机卡、宽带、保险等）的清单和日期。",
    ),
    (
        "The database file [env: CLOSEOUT_DB] [default: the platform data folder, e.g. ~/.local/share/closeout/closeout.db]",
        "数据库文件（也可用环境变量 CLOSEOUT_DB 指定；默认在系统的数据文件夹中，例如 ~/.local/share/closeout/closeout.db）",
    ),
    (
        "Print JSON instead of text (the fields are documented in docs/json.md)",
        "输出 JSON 而不是文本（字段说明见 docs/json.md）",
    ),
    (
        "Colour: auto (on a terminal, unless NO_COLOR is set), always or never",
        "颜色：auto（默认：在终端上且未设置 NO_COLOR 时使用颜色）、always 或 never",
    ),
    (
        "Language: en or zh [default: CLOSEOUT_LANG, else the locale, else en]",
        "语言：en 或 zh（默认依次取 CLOSEOUT_LANG、系统的语言环境，都没有时为 en）",
    ),
    // Words many commands share.
    (
        "Case id, or a piece of its title or provider",
        "事项编号，或其标题、服务商名称中的一段文字",
    ),
    (
        "Step position, key or key prefix",
        "步骤的序号、步骤键或步骤键的开头几个字母",
    ),
    (
        "Step positions, keys or key prefixes",
        "步骤的序号、步骤键或步骤键的开头几个字母，可写多个",
    ),
    (
        "A line to add to each step's note",
        "给每个步骤的备注添加一行",
    ),
    ("Only this holder's cases", "只显示此持有人的事项"),
    // add
    (
        "Start a cancellation case with its checklist",
        "添加一个事项及其清单",
    ),
    (
        "What is being cancelled, e.g. \"Proximus\" or \"Telenet internet\"; names Proximus, Telenet or Orange set the provider. Without it, on a terminal, closeout asks for each field",
        "要注销的是什么，例如 \"Proximus\" 或 \"Telenet internet\"；标题中有 Proximus、Telenet 或 Orange 时会自动设定服务商。不写标题时，closeout 会在终端上逐项询问",
    ),
    (
        "The checklist to start from: sim, internet, energy, insurance, gym, bank, lease, subscription, contract, or one of your own (`closeout templates` lists them) [default: chosen by the title's words, else the provider it names, else contract]",
        "清单模板：sim、internet、energy、insurance、gym、bank、lease、subscription、contract，或你自己的模板（`closeout templates` 可列出）；默认按标题中的词选择，其次按标题中的服务商，都没有时用 contract",
    ),
    (
        "Who the contract is with [default: found in the title]",
        "合同的服务商（默认从标题中识别）",
    ),
    (
        "How the request will be handed in: online, phone, shop, or post (a signed letter) where the template has a how-to for it",
        "办理方式，即提交申请的途径：online（网上）、phone（电话）、shop（门店），或 post（邮寄签名信件，需模板提供相应说明）",
    ),
    (
        "Phone number, customer or contract number",
        "电话号码、客户号或合同号",
    ),
    (
        "Whose contract this is [default: your login name]",
        "合同持有人（默认为你的登录名）",
    ),
    (
        "When the contract must be cancelled by; steps fall due before it",
        "截止日期：合同最晚要在哪天注销；各步骤都在这一天之前到期",
    ),
    ("A first line for the case's note", "事项备注的第一行"),
    // list, show
    (
        "One row per case with its progress and next step",
        "每个事项一行，显示进度和下一步",
    ),
    ("Include closed cases", "也显示已关闭的事项"),
    ("Only cases of this holder", "只显示此持有人的事项"),
    (
        "A case's details and its whole checklist",
        "事项的详细信息和完整清单",
    ),
    // done, skip, reopen
    ("Mark steps done", "把步骤标记为已完成"),
    (
        "The day it was done, if not today (past or future)",
        "完成的日期，不是今天时填写（过去或将来均可）",
    ),
    ("Mark steps as not needed", "把步骤标记为不需要（跳过）"),
    (
        "A line to add to each step's note, e.g. why it is not needed",
        "给每个步骤的备注添加一行，例如为什么不需要",
    ),
    (
        "Make steps pending again, or, without STEP, reopen a closed case",
        "把步骤恢复为待办；不写步骤时，重新打开已关闭的事项",
    ),
    // pending, remind
    (
        "Every pending step of every open case, soonest due first",
        "所有进行中事项的待办步骤，最早到期的在前",
    ),
    (
        "Only steps of this holder's cases",
        "只显示此持有人名下事项的步骤",
    ),
    ("Only steps of this case", "只显示此事项的步骤"),
    (
        "Only steps due on or before this day",
        "只显示在这一天或之前到期的步骤",
    ),
    (
        "What is overdue, due today or due soon (silent when nothing is due)",
        "已逾期、今天到期和即将到期的内容（没有时什么也不输出）",
    ),
    (
        "What is overdue, due today or due soon (silent when nothing is due)\n\nPending steps of open cases and open cases' deadlines, in three groups: Overdue, Today and Soon (up to --within days ahead). Silent with exit code 0 when nothing is due, so that it can sit in a shell start-up file, a crontab or a systemd user timer.",
        "已逾期、今天到期和即将到期的内容（没有时什么也不输出）\n\n进行中事项的待办步骤和截止日期，分为三组：已逾期、今天、即将到期（--within 范围以内）。没有到期内容时不输出任何东西，退出码为 0，因此可以放进 shell 启动文件、crontab 或 systemd 用户定时器。",
    ),
    (
        "How far ahead to look: 3d, 2w; 0d keeps only what is overdue or due today [default: remind_within from the settings file, else 3d]",
        "往后看多远：3d、2w；0d 只显示已逾期和今天到期的（默认取设置文件中的 remind_within，否则为 3d）",
    ),
    // due, deadline, snooze
    (
        "Set or clear a step's due date by hand",
        "手动设置或清除步骤的到期日",
    ),
    (
        "The new due date, or `none` to clear it",
        "新的到期日，或用 `none` 清除",
    ),
    (
        "Set or clear a case's deadline; the due dates that follow it move",
        "设置或清除事项的截止日期；随它而定的到期日会跟着变",
    ),
    (
        "Set or clear a case's deadline; the due dates that follow it move\n\nEvery due date that comes from a rule is computed again; dates set by hand (`due`, `snooze`) stay as set. A deadline in the past is accepted with a warning. A date of the case's own stops it following the departure; `departure` makes it follow again.",
        "设置或清除事项的截止日期；随它而定的到期日会跟着变\n\n由规则得出的到期日都会重新计算；手动设置的日期（`due`、`snooze`）保持不变。过去的截止日期也可以设置，但会给出警告。给事项设定自己的日期后，它就不再跟随出发日期；用 `departure` 可让它重新跟随。",
    ),
    (
        "The new deadline, `departure` to follow the departure date, or `none` to clear it",
        "新的截止日期；用 `departure` 跟随出发日期，或用 `none` 清除",
    ),
    ("Move a step's due date later", "把步骤的到期日往后推"),
    (
        "Move a step's due date later\n\nCounts from the step's due date, or from today when it has none or is overdue. The new date counts as set by hand: a new deadline leaves it alone.",
        "把步骤的到期日往后推\n\n从步骤的到期日算起；没有到期日或已逾期时从今天算起。新的日期算作手动设置：之后再改截止日期也不会动它。",
    ),
    (
        "How much later: 3d, 2w (at least a day)",
        "推迟多久：3d、2w（至少一天）",
    ),
    // edit, note
    (
        "Change a case's fields, or add a line to its note",
        "修改事项的字段，或给它的备注添加一行",
    ),
    (
        "Change a case's fields, or add a line to its note\n\nA new deadline moves the due dates that follow it (dates set by hand stay). A new provider or channel gives the pending steps of the case's template the how-to that fits them. An empty value clears the provider or the number; `none` clears the channel or the deadline.",
        "修改事项的字段，或给它的备注添加一行\n\n新的截止日期会带动随它而定的到期日（手动设置的不变）。换了服务商或办理方式后，该事项模板中待办步骤的说明会随之更新。空值清除服务商或号码；`none` 清除办理方式或截止日期。",
    ),
    ("A new title", "新标题"),
    (
        "A new provider, \"\" to clear it; the how-to of pending steps follows it",
        "新的服务商，\"\" 表示清除；待办步骤的说明随之更新",
    ),
    (
        "online, phone, shop, or none; the how-to of pending steps follows it",
        "online、phone、shop 或 none；待办步骤的说明随之更新",
    ),
    (
        "A new phone, customer or contract number, \"\" to clear it",
        "新的电话号码、客户号或合同号，\"\" 表示清除",
    ),
    ("Whose contract this is", "合同持有人"),
    (
        "A new deadline, departure (to follow the departure date), or none; due dates that follow it move, dates set by hand stay",
        "新的截止日期、departure（跟随出发日期）或 none；随它而定的到期日会跟着变，手动设置的不变",
    ),
    (
        "A line to add to the case's note (earlier lines stay, as with `note`)",
        "给事项的备注添加一行（原有内容保留，与 `note` 相同）",
    ),
    (
        "Add a line to a case's note, or to a step's note: `note CASE [STEP] TEXT`",
        "给事项或步骤的备注添加一行：`note 事项 [步骤] 文字`",
    ),
    (
        "[STEP] TEXT: the step (position, key or key prefix) is optional; put `--` before a text that starts with `-`",
        "[步骤] 文字：步骤（序号、步骤键或步骤键的开头几个字母）可以省略；文字以 `-` 开头时，在它前面加上 `--`",
    ),
    // close, delete
    (
        "Close a case (refused while steps are pending, unless --force)",
        "关闭事项（还有待办步骤时会拒绝，除非加上 --force）",
    ),
    (
        "Close even though steps are still pending",
        "即使还有待办步骤也关闭",
    ),
    (
        "Delete a case, its checklist and notes",
        "删除事项及其清单和备注",
    ),
    ("Confirm the deletion", "确认删除"),
    // export, import, sync
    (
        "Write your cases to a file: closeout's own JSON (default), CSV, Taskwarrior's format or an iCalendar file",
        "把事项写入文件：closeout 自己的 JSON（默认）、CSV、Taskwarrior 格式或 iCalendar 文件",
    ),
    (
        "Write your cases to a file: closeout's own JSON (default), CSV, Taskwarrior's format or an iCalendar file\n\nWithout --all or --case: the open cases, their steps and their history. The JSON format keeps everything (UUIDs, dates, rules, notes, history) and `closeout import` reads it back; CSV is one row per step for spreadsheets; taskwarrior is what `task import` reads; ics (RFC 5545) has one VTODO per step with a due date, with a reminder at 09:00 on its day (and the day before for `submit`), and one VEVENT per open case's deadline, each keeping its UID from one export to the next so that a calendar updates instead of doubling.",
        "把事项写入文件：closeout 自己的 JSON（默认）、CSV、Taskwarrior 格式或 iCalendar 文件\n\n不加 --all 或 --case 时，导出进行中的事项及其步骤和历史。JSON 格式保留全部内容（UUID、日期、规则、备注、历史），`closeout import` 可以读回；CSV 每个步骤一行，供电子表格使用；taskwarrior 是 `task import` 读取的格式；ics（RFC 5545）为每个有到期日的步骤生成一个 VTODO，在当天 09:00 提醒（`submit` 还会提前一天提醒），并为每个进行中事项的截止日期生成一个 VEVENT。每次导出的 UID 都不变，日历因此会更新，而不是重复添加。",
    ),
    (
        "The file format",
        "文件格式：json（默认，closeout 自己的格式）、csv、taskwarrior 或 ics",
    ),
    (
        "Write to FILE (created private, 0600, and replaced whole) instead of standard output",
        "写入文件 FILE（新建为仅自己可读写的 0600 文件，每次整体替换），而不是标准输出",
    ),
    (
        "Only this case (id, or a piece of its title or provider), open or closed",
        "只导出此事项（编号，或其标题、服务商名称中的一段文字），进行中或已关闭的均可",
    ),
    (
        "Closed cases too, and (in JSON) the history of deleted ones",
        "也包括已关闭的事项，以及（JSON 中）已删除事项的历史",
    ),
    (
        "The history of changes, oldest first",
        "更改历史，最早的在前",
    ),
    (
        "Only this case (id, or a piece of its title or provider)",
        "只显示此事项（编号，或其标题、服务商名称中的一段文字）",
    ),
    (
        "Write a consistent copy of the database to a new file, even while closeout is in use",
        "把数据库完整一致地复制到一个新文件，closeout 正在使用时也可以",
    ),
    (
        "The copy to write; it must not exist yet",
        "要写入的副本；它必须还不存在",
    ),
    (
        "Replace the database with a copy made by `backup`, once the copy is checked; the database as it was is kept beside it as <db>.bak",
        "检查 `backup` 生成的副本后，用它替换数据库；原来的数据库保留在旁边，名为 <db>.bak",
    ),
    (
        "The copy to restore from; it is only read",
        "用来恢复的副本；只会读取它",
    ),
    (
        "Merge a closeout export or a Taskwarrior export into this database",
        "把 closeout 或 Taskwarrior 的导出文件合并到本数据库",
    ),
    (
        "Merge a closeout export or a Taskwarrior export into this database\n\nCases, steps and events are matched by UUID: new ones are added, known ones take the incoming value of each field that changed more recently there, nothing is doubled, and importing the same file again changes nothing. The whole file is checked first and then imported in one transaction: a bad or newer file changes nothing.",
        "把 closeout 或 Taskwarrior 的导出文件合并到本数据库\n\n事项、步骤和记录按 UUID 对应：新的会添加；已有的逐个字段比较，采用更新时间较晚的一方；不会重复，再次导入同一个文件也不会有任何改变。整个文件先检查，再在一个事务中导入：文件有问题或版本更新时，什么都不会改变。",
    ),
    (
        "A file from `closeout export` (JSON) or from `task export`; `-` reads standard input",
        "由 `closeout export`（JSON）或 `task export` 生成的文件；`-` 表示从标准输入读取",
    ),
    (
        "Only say what would be added, updated and left as it is; write nothing",
        "只说明会添加、更新和保持不变的内容，不写入任何东西",
    ),
    (
        "From `task export`, take every task, also those of no case here (each project becomes a case); by default only the tasks closeout exported and those in a project named as a case",
        "导入 `task export` 中的全部任务，包括不属于这里任何事项的任务（每个项目成为一个事项）；默认只导入由 closeout 导出的任务，以及所属项目与某个事项同名的任务",
    ),
    (
        "Keep this database in step with a CalDAV task list (a remote), or with your other devices through a shared folder",
        "让本数据库与 CalDAV 任务列表（远程）同步，或通过共享文件夹与你的其他设备同步",
    ),
    (
        "Keep this database in step with a CalDAV task list (a remote), or with your other devices through a shared folder\n\n`sync NAME` sends what changed here to the remote NAME and takes in what changed there (done, reopened, a new due date, a deleted to-do); `sync` alone syncs every remote.\n\n`sync DIR` writes this device's export into DIR as closeout-DEVICE.json and imports every other closeout-*.json there. For a folder that Syncthing, a cloud drive or a git repository keeps the same on each device. Per field, the newest change wins (ties: the larger device id); a case deleted anywhere is deleted everywhere.",
        "让本数据库与 CalDAV 任务列表（远程）同步，或通过共享文件夹与你的其他设备同步\n\n`sync NAME` 把这里的更改发送到名为 NAME 的远程，并取回那边的更改（完成、重新打开、新的到期日、删除的待办）；只写 `sync` 则同步所有远程。\n\n`sync DIR` 把本设备的导出写入 DIR 中的 closeout-DEVICE.json，并导入那里其他所有的 closeout-*.json。适用于由 Syncthing、网盘或 git 仓库在各台设备间保持一致的文件夹。每个字段以最新的更改为准（时间相同时取设备编号较大的一方）；在任何一台设备上删除的事项，在所有设备上都会删除。",
    ),
    (
        "A remote's name, or a shared folder (it must exist) [default: every remote]",
        "远程的名称，或共享文件夹（必须已经存在）；不写则同步所有远程",
    ),
    // remote
    (
        "The CalDAV task lists (remotes) that `sync NAME` keeps in step",
        "管理 `sync NAME` 同步的 CalDAV 任务列表（远程）",
    ),
    (
        "Add a CalDAV task list; closeout checks the address at once",
        "添加一个 CalDAV 任务列表；closeout 会立即检查地址",
    ),
    (
        "Add a CalDAV task list; closeout checks the address at once\n\nURL is a task list (a CalDAV collection of to-dos), or your server's address: then closeout lists the task lists it finds there, and --create makes one named closeout.",
        "添加一个 CalDAV 任务列表；closeout 会立即检查地址\n\nURL 是一个任务列表（CalDAV 的待办集合），或你的服务器地址：这时 closeout 会列出在那里找到的任务列表，加 --create 则新建一个名为 closeout 的列表。",
    ),
    (
        "A name for it: letters, digits, - and _",
        "给它起的名称：字母、数字、- 和 _",
    ),
    (
        "The task list's address, or the server's",
        "任务列表的地址，或服务器的地址",
    ),
    ("The user name to log in with", "登录用的用户名"),
    (
        "A command that prints the password (its first line), run at each sync; else CLOSEOUT_CALDAV_PASSWORD, else a terminal asks. The password is never stored",
        "输出密码的命令（取第一行），每次同步时运行；没有时用 CLOSEOUT_CALDAV_PASSWORD，再没有则在终端上询问。密码从不保存",
    ),
    (
        "Only this holder's cases go there",
        "只同步这位持有人的事项",
    ),
    (
        "Make a task list named closeout when URL is a server's address",
        "URL 是服务器地址时，新建一个名为 closeout 的任务列表",
    ),
    (
        "The remotes: name, address, user, holder and last sync",
        "列出远程：名称、地址、用户、持有人和上次同步时间",
    ),
    (
        "Forget a remote (its to-dos stay on the server)",
        "移除一个远程（服务器上的待办仍然保留）",
    ),
    ("The remote's name", "远程的名称"),
    // completions, man, calendar, config, guide
    (
        "Print a completion script for your shell (docs/commands.md says where it goes)",
        "输出你的 shell 用的补全脚本（放在哪里见 docs/commands.md）",
    ),
    (
        "bash, zsh, fish, powershell or elvish",
        "bash、zsh、fish、powershell 或 elvish",
    ),
    (
        "Print the manual page (roff); `closeout man > ~/.local/share/man/man1/closeout.1`",
        "输出手册页（roff 格式）；`closeout man > ~/.local/share/man/man1/closeout.1`",
    ),
    (
        "The month as a grid, days with steps due or a deadline marked",
        "以月历显示一个月，标出有步骤到期或有截止日期的日子",
    ),
    (
        "YYYY-MM, a month number (1-12: this year's, or next year's once passed), or next [default: this month]",
        "YYYY-MM、月份数字（1-12：今年的月份，已过去的则指明年）或 next（默认为本月）",
    ),
    (
        "Where the settings file is, and what it sets",
        "设置文件在哪里，以及其中设置了什么",
    ),
    ("Print the settings file's path", "输出设置文件的路径"),
    (
        "Print the settings in force and where each comes from",
        "输出当前生效的设置，以及每一项的来源",
    ),
    (
        "What to know before cancelling: why, steps, operators, faq (all of it without TOPIC)",
        "注销前需要了解的内容：why、steps、operators、faq（不写主题时显示全部）",
    ),
    (
        "why, steps, operators or faq",
        "why、steps、operators 或 faq",
    ),
    // undo, redo
    (
        "Take back the newest change still in effect (one command at a time); undo of a delete brings the case back whole",
        "撤销仍然有效的最新一次更改（每次撤销一条命令的更改）；撤销删除会把事项完整地恢复",
    ),
    (
        "List the next ten changes undo would take back, and what redo would bring back",
        "列出撤销接下来会取消的十次更改，以及重做会恢复的更改",
    ),
    (
        "Bring back the change undo took back last (until a new change is made)",
        "恢复最近一次撤销掉的更改（在做出新的更改之前有效）",
    ),
    // step
    (
        "Reshape a case's checklist: add, remove, move or edit a step",
        "调整事项的清单：添加、删除、移动或修改步骤",
    ),
    (
        "Add a step of your own, e.g. one per service to unbind: \"move KBC 2FA\", \"Netflix\"",
        "添加你自己的步骤，例如每个要解绑的服务一步：\"move KBC 2FA\"、\"Netflix\"",
    ),
    (
        "What to do, e.g. \"move KBC 2FA\"",
        "要做什么，例如 \"move KBC 2FA\"",
    ),
    (
        "Put it just after this step [default: last]",
        "放在这个步骤之后（默认放在最后）",
    ),
    (
        "A due date, set by hand [default: none]",
        "到期日，算作手动设置（默认没有）",
    ),
    (
        "The key to name it by [default: made from the title, e.g. move-kbc-2fa]",
        "步骤键（默认由标题生成，例如 move-kbc-2fa）",
    ),
    (
        "Remove a step; the steps after it move up",
        "删除步骤；后面的步骤依次前移",
    ),
    (
        "Move a step to just after another, or to the top with --first",
        "把步骤移到另一个步骤之后，或用 --first 移到最前",
    ),
    ("The step it goes after", "放在哪个步骤之后"),
    ("Make it the first step", "移到第一步"),
    ("Change a step's title or how-to", "修改步骤的标题或说明"),
    ("The new title", "新标题"),
    ("The new how-to; \"\" removes it", "新的说明；\"\" 表示删除"),
    // templates
    (
        "The checklist templates: built-in ones and your own files",
        "清单模板：内置的和你自己的文件",
    ),
    (
        "Show, check or start a checklist template",
        "查看、检查或新建清单模板",
    ),
    (
        "A template's steps, their due-date rules and how-to, its documents and providers",
        "模板的步骤及其到期规则和说明，以及所需文件和服务商",
    ),
    (
        "The template's name (`closeout templates` lists them)",
        "模板名（`closeout templates` 可列出）",
    ),
    (
        "Show the how-to as a case with this provider gets it",
        "显示该服务商的事项所用的说明",
    ),
    (
        "Show the how-to as a case with this channel gets it: online, phone or shop",
        "显示该办理方式的事项所用的说明：online、phone 或 shop",
    ),
    (
        "Check a template file; every problem is reported with its line and column (exit 2)",
        "检查模板文件；每个问题都会给出行号和列号（退出码 2）",
    ),
    ("The template file (TOML)", "模板文件（TOML）"),
    (
        "Write a commented template file to start from, in your templates folder (~/.config/closeout/templates on Linux); a built-in's name starts from a copy of it",
        "在你的模板文件夹（Linux 上为 ~/.config/closeout/templates）中写一个带注释的模板文件作为起点；用内置模板的名字时，从它的副本开始",
    ),
    (
        "The template's name: letters, digits, - and _",
        "模板名：字母、数字、- 和 _",
    ),
    // Planning a move.
    (
        "How long before the end the provider must have the request: 30d, 4w, 1m, 30天, 1个月; `submit` and the steps before it fall due early enough",
        "服务商要求至少提前多久收到申请（通知期）：30d、4w、1m、30天、1个月；`submit` 及其之前的步骤会相应提前",
    ),
    (
        "How long before the end the provider must have the request: 30d, 4w, 1m, 30天, 1个月, or none; `submit` and the steps before it fall due early enough",
        "服务商要求至少提前多久收到申请（通知期）：30d、4w、1m、30天、1个月，或 none 清除；`submit` 及其之前的步骤会相应提前",
    ),
    (
        "Set, clear or show the household's departure date, which cases follow as their deadline",
        "设置、清除或查看全家的出发日期；跟随它的事项以它为截止日期",
    ),
    (
        "Set, clear or show the household's departure date, which cases follow as their deadline\n\nA case added without --deadline while a departure is set takes it as its deadline and follows it: moving the departure moves the deadline of every open case that follows it, with their rule-driven due dates (dates set by hand stay). Clearing it leaves them with no deadline, no longer following.",
        "设置、清除或查看全家的出发日期；跟随它的事项以它为截止日期\n\n设有出发日期时，不带 --deadline 添加的事项会以出发日期为截止日期并跟随它：出发日期改变时，所有跟随它的进行中事项的截止日期随之改变，由规则得出的到期日也一起重新计算（手动设置的日期不变）。清除出发日期后，这些事项不再有截止日期，也不再跟随。",
    ),
    (
        "The departure day, or `none` to clear it [default: show it]",
        "出发日期，或用 `none` 清除（不写则显示当前的出发日期）",
    ),
    // Completion and the manual.
    (
        "Write closeout.1 and a closeout-COMMAND.1 page for each command into DIR instead",
        "改为把 closeout.1 和每个命令的 closeout-命令.1 手册页写入 DIR 文件夹",
    ),
    (
        "The candidates for the word at INDEX of WORDS, one a line: what completion scripts call",
        "列出 WORDS 中第 INDEX 个词的补全候选，每行一个；供补全脚本调用",
    ),
];

/// The Chinese of an English help text, or the English itself when it has none (a test keeps
/// that from happening).
pub fn chinese(english: &str) -> Option<&'static str> {
    HELP.iter()
        .find(|(en, _)| *en == english)
        .map(|(_, zh)| *zh)
}
