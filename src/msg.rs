//! Every sentence closeout says, in English and Simplified Chinese, side by side.
//!
//! A message is a variant of `Msg` with its two texts; the `catalog!` macro will not accept one
//! without the other, so a missing translation does not compile. The tests check that both texts
//! use the same placeholders. JSON output and exit codes never go through here.

use crate::i18n::Lang;
pub use crate::render::inert::Lines;
use std::fmt;

macro_rules! catalog {
    ($(
        $(#[$doc:meta])*
        $name:ident $( { $($field:ident : $ty:ty),* $(,)? } )? => $en:literal, $zh:literal;
    )*) => {
        /// A message, with the values it needs.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Msg<'a> {
            $( $(#[$doc])* $name $( { $($field: $ty),* } )? ,)*
        }

        impl Msg<'_> {
            /// The message in `lang`.
            pub fn text(&self, lang: Lang) -> String {
                match self {
                    $( Msg::$name $( { $($field),* } )? => {
                        // The message's own words are trusted; every value put into them is
                        // shown inert, whoever wrote it.
                        $( $( let $field = $crate::render::inert::Inert($field); )* )?
                        match lang {
                            Lang::En => format!($en),
                            Lang::Zh => format!($zh),
                        }
                    }, )*
                }
            }
        }

        /// Each message's name and its English and Chinese texts, for the tests.
        pub const CATALOG: &[(&str, &str, &str)] = &[ $( (stringify!($name), $en, $zh), )* ];
    };
}

/// In the language chosen at start-up.
impl fmt::Display for Msg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::current()))
    }
}

catalog! {
    // Table headers and labels.
    HeadId => "id", "编号";
    HeadCase => "case", "事项";
    HeadTitle => "title", "标题";
    HeadHolder => "holder", "持有人";
    HeadProgress => "progress", "进度";
    HeadNext => "next", "下一步";
    HeadDue => "due", "到期";
    HeadDeadline => "deadline", "截止";
    HeadStep => "step", "步骤";
    HeadDone => "done", "完成";
    FieldProvider => "provider", "服务商";
    FieldChannel => "channel", "办理方式";
    FieldHolder => "holder", "持有人";
    FieldNumber => "number", "号码";
    FieldDeadline => "deadline", "截止日期";
    FieldTemplate => "template", "模板";
    FieldCreated => "created", "创建于";
    FieldClosed => "closed", "关闭于";
    FieldNote => "note", "备注";
    StatusOpen => "open", "进行中";
    StatusClosed => "closed", "已关闭";
    Closed => "(closed)", "（已关闭）";
    CaseHead { id: i64, title: &'a str, status: &'a str } => "#{id} {title}  ({status})", "#{id} {title}（{status}）";
    DayWhen { day: &'a str, when: &'a str } => "{day} ({when})", "{day}（{when}）";
    NotePrefix { note: &'a str } => "note: {note}", "备注：{note}";
    AfterStep { key: &'a str } => "(after {key})", "（{key} 之后）";
    NoDeadline => "(no deadline)", "（无截止日期）";
    FlagOverdue => "overdue", "已逾期";
    FlagToday => "today", "今天";
    FlagByHand => "set by hand", "手动设置";
    Finished { done: usize, total: usize } => "{done} of {total} steps finished", "已完成 {done}/{total} 步";

    // Relative days.
    Today => "today", "今天";
    Tomorrow => "tomorrow", "明天";
    OneDayLate => "1 day late", "逾期 1 天";
    DaysLate { days: i64 } => "{days} days late", "逾期 {days} 天";
    InDays { days: i64 } => "in {days} days", "还有 {days} 天";

    // Empty states.
    NothingPending => "nothing pending", "没有待办步骤";
    NoCasesYet => "no cases yet; start one with: closeout add Proximus --deadline +3w",
        "还没有任何事项；可以这样添加：closeout add Proximus --deadline +3w";
    NoOpenCases => "no open cases; `closeout list --all` shows closed ones, `closeout add TITLE` starts one",
        "没有进行中的事项；用 `closeout list --all` 查看已关闭的事项，用 `closeout add 标题` 添加新事项";
    NoChanges => "no changes recorded yet", "还没有任何更改记录";
    StartGuide => "No cancellations yet. Start one with its deadline:\n  closeout add Proximus --deadline +3w --channel online\nThen `closeout pending` shows what to do next, and `closeout guide` explains the steps.",
        "还没有任何事项。先添加一个，并设好截止日期：\n  closeout add Proximus --deadline +3w --channel online\n然后用 `closeout pending` 查看下一步要做什么，用 `closeout guide` 了解注销的步骤。";

    // Dashboard and calendar.
    OpenCases => "Open cases", "进行中的事项";
    Overdue => "Overdue", "已逾期";
    DueToday => "Due today", "今天到期";
    TodayHeading => "Today", "今天";
    Soon => "Soon", "即将到期";
    NextDeadline { day: &'a str, cases: &'a str, when: &'a str } =>
        "Next deadline: {day} {cases} ({when})", "下一个截止日期：{day} {cases}（{when}）";
    CalendarLegend => "* steps due   ! overdue   D deadline", "* 有步骤到期   ! 已逾期   D 截止日期";
    CalendarDeadline { case: i64, title: &'a str } => "#{case} {title} deadline", "#{case} {title} 截止";
    CalendarMore { count: usize } => "{count} more steps", "另有 {count} 个步骤";
    CaseDeadline => "Case deadline", "事项截止日期";
    MonthNames => "January February March April May June July August September October November December",
        "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月";
    MonthTitle { name: &'a str, year: i32 } => "{name} {year}", "{year}年{name}";
    WeekdayNames => "Mo Tu We Th Fr Sa Su", "一 二 三 四 五 六 日";
    DeadlineRow => "deadline", "截止";

    // What write commands say.
    CaseAdded { id: i64, title: &'a str, template: &'a str, steps: usize } =>
        "added case #{id} {title} ({template} template, {steps} steps)",
        "已添加事项 #{id} {title}（使用 {template} 模板，共 {steps} 步）";
    StepMarked { position: i64, key: &'a str, status: &'a str } =>
        "step {position} '{key}' {status}", "步骤 {position}「{key}」{status}";
    StepDoneOn { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' done on {day}", "步骤 {position}「{key}」已于 {day} 完成";
    StepSkipped { position: i64, key: &'a str } =>
        "step {position} '{key}' skipped", "步骤 {position}「{key}」已跳过";
    /// A step the rules dated, or dated anew, as a result of the change.
    StepNowDue { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' is now due {day}", "步骤 {position}「{key}」的到期日现为 {day}";
    /// A step whose date came from a rule that no longer gives one.
    StepNoLongerDated { position: i64, key: &'a str } =>
        "step {position} '{key}' has no due date now", "步骤 {position}「{key}」现在没有到期日";
    /// The same, for a step dated some days after another step is done.
    StepWaitsFor { position: i64, key: &'a str, after: &'a str } =>
        "step {position} '{key}' has no due date now: it gets one when '{after}' is done",
        "步骤 {position}「{key}」现在没有到期日：「{after}」完成后才会有";
    StepAlreadyDone { position: i64, key: &'a str, when: &'a str } =>
        "step {position} '{key}' is already done{when}; nothing changed",
        "步骤 {position}「{key}」本来就已完成{when}；未作更改";
    StepAlreadySkipped { position: i64, key: &'a str } =>
        "step {position} '{key}' is already skipped; nothing changed",
        "步骤 {position}「{key}」本来就已跳过；未作更改";
    StepAlreadyPending { position: i64, key: &'a str } =>
        "step {position} '{key}' is already pending; nothing changed",
        "步骤 {position}「{key}」本来就是待办；未作更改";
    OnDay { day: &'a str } => " ({day})", "（{day}）";
    StepPendingAgain { position: i64, key: &'a str } =>
        "step {position} '{key}' is pending again", "步骤 {position}「{key}」已恢复为待办";
    CaseAutoClosed { id: i64, title: &'a str } =>
        "every step is finished: case #{id} {title} is closed", "所有步骤都已完成：事项 #{id} {title} 已关闭";
    CaseOpenAgain { id: i64, title: &'a str } => "case #{id} {title} is open again", "事项 #{id} {title} 已重新打开";
    CaseAlreadyOpen { id: i64, title: &'a str } =>
        "case #{id} {title} is already open; nothing changed", "事项 #{id} {title} 本来就是进行中；未作更改";
    CaseAlreadyClosed { id: i64, title: &'a str } =>
        "case #{id} {title} is already closed; nothing changed", "事项 #{id} {title} 本来就已关闭；未作更改";
    CaseClosed { id: i64, title: &'a str } => "case #{id} {title} is closed", "事项 #{id} {title} 已关闭";
    CaseDeleted { id: i64, title: &'a str } => "case #{id} {title} deleted", "事项 #{id} {title} 已删除";
    StepDue { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' is due {day}", "步骤 {position}「{key}」的到期日已设为 {day}";
    StepNoDue { position: i64, key: &'a str } =>
        "step {position} '{key}' has no due date now", "步骤 {position}「{key}」的到期日已清除";
    NoteAddedStep { position: i64, key: &'a str } =>
        "note added to step {position} '{key}'", "已给步骤 {position}「{key}」添加备注";
    NoteAddedCase { id: i64 } => "note added to case #{id}", "已给事项 #{id} 添加备注";
    DueAfterDeadline { day: &'a str, id: i64, deadline: &'a str } =>
        "{day} is after the deadline of case #{id} ({deadline}): kept as given; if that is not the day, `closeout undo` takes it back",
        "{day} 晚于事项 #{id} 的截止日期（{deadline}）：已按所给日期记下；如果日期不对，可用 `closeout undo` 撤销";
    DoneAfterToday { day: &'a str, today: &'a str } =>
        "--date {day} is after today ({today}): kept as given; if that is not the day, `closeout undo` takes it back",
        "--date {day} 晚于今天（{today}）：已按所给日期记下；如果日期不对，可用 `closeout undo` 撤销";
    DoneBeforeCase { day: &'a str, id: i64, created: &'a str } =>
        "--date {day} is before case #{id} was added ({created}): kept as given; if that is not the day, `closeout undo` takes it back",
        "--date {day} 早于事项 #{id} 的添加日期（{created}）：已按所给日期记下；如果日期不对，可用 `closeout undo` 撤销";
    PastDeadline { day: &'a str, when: &'a str } =>
        "the deadline {day} is already past ({when}); every step is due at once",
        "截止日期 {day} 已过（{when}）；所有步骤都立即到期";

    // Statuses inside sentences.
    Done => "done", "已完成";
    Skipped => "skipped", "已跳过";
    Pending => "pending", "待办";

    // Refusals (exit 1).
    NoCaseId { id: &'a str } => "no case #{id}; `closeout list --all` shows every case",
        "没有编号为 #{id} 的事项；`closeout list --all` 可列出全部事项";
    NoCaseMatches { word: &'a str } => "no case matches '{word}'; `closeout list --all` shows every case",
        "没有与「{word}」匹配的事项；`closeout list --all` 可列出全部事项";
    CaseStepSwapped { case: &'a str, step: &'a str, id: i64, usage: &'a str } =>
        "no case matches '{step}', but '{case}' is case #{id} and '{step}' one of its steps: the case comes first, as in `{usage}`",
        "没有与「{step}」匹配的事项，但「{case}」是事项 #{id}，「{step}」是它的步骤：事项要写在步骤前面，例如 `{usage}`";
    CaseAmbiguous { word: &'a str, count: usize, names: &'a str } =>
        "'{word}' matches {count} cases: {names}; use the case id",
        "「{word}」匹配到 {count} 个事项：{names}；请使用事项编号";
    NoStep { id: i64, word: &'a str, count: usize, keys: &'a str } =>
        "case #{id} has no step '{word}'; its steps are 1..{count}: {keys}",
        "事项 #{id} 没有步骤「{word}」；它的步骤是 1 至 {count}：{keys}";
    StepAmbiguous { word: &'a str, keys: &'a str } =>
        "'{word}' could be {keys}; type more of the key", "「{word}」可能指 {keys}；请把步骤键多写几个字母";
    Or => " or ", " 或 ";
    CaseVanished { id: i64 } => "case #{id} disappeared while it was being changed; try again",
        "事项 #{id} 在修改过程中消失了；请重试";
    CloseRefused { id: i64, count: usize, keys: &'a str } =>
        "case #{id} still has {count} pending step(s): {keys}; finish or skip them, or use --force",
        "事项 #{id} 还有 {count} 个待办步骤：{keys}；请先完成或跳过这些步骤，或加上 --force 强制关闭";
    DeleteUnconfirmed { id: i64, title: &'a str, steps: usize } =>
        "this deletes case #{id} {title} and its {steps} steps; add --yes to confirm",
        "这会删除事项 #{id} {title} 及其全部 {steps} 个步骤；确认删除请加上 --yes";

    NotPrinted { error: &'a str } => "cannot print the output ({error}); nothing was changed",
        "无法输出结果（{error}）；未作任何更改";
    SavedNotPrinted { error: &'a str } => "done and saved, but the output could not be printed: {error}",
        "已完成并保存，但无法输出结果：{error}";
    CannotPrint { error: &'a str } => "cannot print the output: {error}", "无法输出结果：{error}";

    NothingToSnooze { position: i64, key: &'a str, status: &'a str, id: i64 } =>
        "step {position} '{key}' is {status}, so there is nothing to snooze; `closeout reopen {id} {key}` makes it pending again",
        "步骤 {position}「{key}」{status}，没有可推迟的；可用 `closeout reopen {id} {key}` 恢复为待办";
    PastCalendarEnd { from: &'a str, by: &'a str } =>
        "{from} plus {by} is past 9999-12-31, the last day closeout can store; nothing was changed",
        "{from} 加上 {by} 晚于 9999-12-31，超出了 closeout 能保存的范围；未作任何更改";
    Snoozed { position: i64, key: &'a str, due: &'a str, was: &'a str } =>
        "step {position} '{key}' snoozed to {due} (was {was})", "步骤 {position}「{key}」推迟到 {due}（原为 {was}）";
    NoDate => "no date", "无日期";
    WithinTooFar { within: &'a str } =>
        "--within {within} reaches past the end of the calendar", "--within {within} 超出了日历范围";

    EditField { id: i64, field: &'a str, value: &'a str, was: &'a str } =>
        "case #{id}: {field} {value} (was {was})", "事项 #{id}：{field}改为 {value}（原为 {was}）";
    EditNote { id: i64 } => "case #{id}: note added", "事项 #{id}：已添加备注";
    EditNothing { id: i64, title: &'a str } =>
        "case #{id} {title} already has these values; nothing changed", "事项 #{id} {title} 的内容与所给的值相同；未作更改";
    NewHow { position: i64, key: &'a str } =>
        "step {position} '{key}' has a new how-to", "步骤 {position}「{key}」的说明已更新";
    DueMoved { position: i64, key: &'a str, due: &'a str, was: &'a str } =>
        "step {position} '{key}' due {due} (was {was})", "步骤 {position}「{key}」到期日改为 {due}（原为 {was}）";
    DueKept { position: i64, key: &'a str, due: &'a str } =>
        "step {position} '{key}' keeps its date set by hand, {due}", "步骤 {position}「{key}」保留手动设置的日期：{due}";
    EmptyNewTitle => "the new title is empty; say what is being cancelled", "新标题为空；请写明要注销什么";
    EmptyHolder => "the new holder is empty; give a name", "新的持有人为空；请填写姓名";

    // The database file.
    DbFolder { path: &'a str } => "{path} is a folder, not a database file; name a file, e.g. {path}/closeout.db",
        "{path} 是文件夹，不是数据库文件；请指定一个文件，例如 {path}/closeout.db";
    DbUnreachable { path: &'a str } => "cannot reach {path}", "无法访问 {path}";
    DbReadOnlyFs => "it is on a read-only file system", "它位于只读文件系统上";
    DbNoWritePermission => "its permissions do not allow this user to write it", "它的权限不允许当前用户写入";
    DbCannotSave { path: &'a str, why: &'a str } =>
        "cannot save changes to the database {path}: {why}; make it writable (e.g. chmod u+w {path}) or work on a copy; nothing was changed",
        "无法保存对数据库 {path} 的更改：{why}；请让它可写（例如 chmod u+w {path}）或使用副本；未作任何更改";
    DbIsFolder { path: &'a str } => "{path} is a folder, not a file", "{path} 是文件夹，不是文件";
    DbTorn { path: &'a str, size: u64, page_size: u64 } =>
        "the database {path} is damaged (cut short: {size} bytes is not a whole number of {page_size}-byte pages); it was left as it is: restore a backup with `closeout restore FILE`, or move the file away to start a new one",
        "数据库 {path} 已损坏（被截断：{size} 字节不是 {page_size} 字节页面的整数倍）；文件保持原样：请用 `closeout restore 文件` 恢复备份，或把文件移走以重新开始";
    DbUnreadable { path: &'a str } =>
        "cannot read the database {path}: its permissions do not allow this user to read it (see ls -l {path}); it was left as it is",
        "无法读取数据库 {path}：它的权限不允许当前用户读取（见 ls -l {path}）；文件保持原样";
    DbCannotOpen { path: &'a str } => "cannot open {path}", "无法打开 {path}";
    DbCannotUse { path: &'a str } => "cannot use the database {path}", "无法使用数据库 {path}";
    DbNotSqlite { path: &'a str } =>
        "{path} is not a closeout database (it is not an SQLite file); it was left as it is: check --db and CLOSEOUT_DB, or restore a backup with `closeout restore FILE`",
        "{path} 不是 closeout 数据库（不是 SQLite 文件）；文件保持原样：请检查 --db 和 CLOSEOUT_DB，或用 `closeout restore 文件` 恢复备份";
    DbCorrupt { path: &'a str } =>
        "the database {path} is damaged (SQLite: database disk image is malformed); it was left as it is: restore a backup with `closeout restore FILE`, or move the file away to start a new one",
        "数据库 {path} 已损坏（SQLite：数据库磁盘映像格式错误）；文件保持原样：请用 `closeout restore 文件` 恢复备份，或把文件移走以重新开始";
    DbNeedsFolderRead { path: &'a str, name: &'a str, folder: &'a str } =>
        "cannot read the database {path}: SQLite needs the files {name}-wal and {name}-shm beside it, and cannot create or open them in {folder}; make that folder writable; nothing was changed",
        "无法读取数据库 {path}：SQLite 需要在旁边创建 {name}-wal 和 {name}-shm 文件，但无法在 {folder} 中创建或打开它们；请让该文件夹可写；未作任何更改";
    DbNeedsFolderWrite { path: &'a str, name: &'a str, folder: &'a str } =>
        "cannot write to the database {path}: SQLite needs the files {name}-wal and {name}-shm beside it, and cannot create or open them in {folder}; make that folder writable; nothing was changed",
        "无法写入数据库 {path}：SQLite 需要在旁边创建 {name}-wal 和 {name}-shm 文件，但无法在 {folder} 中创建或打开它们；请让该文件夹可写；未作任何更改";
    DbBusy { path: &'a str, seconds: u64 } =>
        "the database {path} has been busy for {seconds} s (another closeout process holds it); try again; nothing was changed",
        "数据库 {path} 已被占用 {seconds} 秒（另一个 closeout 进程正在使用）；请重试；未作任何更改";
    DbDiskFull { path: &'a str } => "the disk holding {path} is full; free some space; nothing was changed",
        "{path} 所在的磁盘已满；请释放一些空间；未作任何更改";
    DbRemindMarkStuck { mark: &'a str, why: &'a str } =>
        "cannot remove {mark} ({why}), which `closeout remind` reads to know that nothing is due today, so nothing was saved; remove it by hand and try again",
        "无法删除 {mark}（{why}），`closeout remind` 靠这个文件判断今天没有到期的内容，因此未保存任何更改；请手动删除它后重试";
    DbMustUpgrade { file: &'a str, version: i64, latest: i64 } =>
        "the database{file} has schema version {version} and this closeout must upgrade it to {latest}, but it cannot write to it; make it writable and run closeout again",
        "数据库{file}的结构版本为 {version}，当前版本的 closeout 需要把它升级到 {latest}，但无法写入；请让它可写后再运行 closeout";
    DbNoCopyNoUpgrade => "cannot keep a copy of the database before upgrading it, so it was not upgraded",
        "升级前无法保留数据库副本，因此没有升级";
    DbNewer { file: &'a str, version: i64, latest: i64 } =>
        "the database{file} has schema version {version}, newer than this closeout understands ({latest}); upgrade closeout, nothing was changed",
        "数据库{file}的结构版本为 {version}，比当前版本的 closeout 所支持的（{latest}）更新；请升级 closeout；未作任何更改";
    DbForeign { file: &'a str } =>
        "{file} is an SQLite database of another program, not closeout's; it was left as it is: name another file with --db or CLOSEOUT_DB",
        "{file} 是其他程序的 SQLite 数据库，不是 closeout 的；文件保持原样：请用 --db 或 CLOSEOUT_DB 指定另一个文件";
    TheDatabase => "the database", "该数据库";
    DbNotCloseout => "the file is not a closeout database (or it is damaged)", "该文件不是 closeout 数据库（或已损坏）";
    DbUpgraded { from: i64, to: i64, copy: &'a str } =>
        "the database was upgraded from schema version {from} to {to}; the file as it was is kept as {copy}",
        "数据库已从结构版本 {from} 升级到 {to}；原文件保留为 {copy}";

    // Backups.
    NothingToBackUp { path: &'a str } => "there is no database at {path} yet; nothing to back up",
        "{path} 还没有数据库；没有可备份的内容";
    BackedUp { path: &'a str, copy: &'a str, cases: i64 } => "backed up {path} to {copy} ({cases} case(s))",
        "已将 {path} 备份到 {copy}（{cases} 个事项）";
    RestoreFromItself { path: &'a str } => "{path} is the database itself; name a copy made by `closeout backup`",
        "{path} 就是数据库本身；请指定由 `closeout backup` 生成的副本";
    DamagedMovedAside { path: &'a str } => "the damaged database was moved to {path}", "已损坏的数据库已移到 {path}";
    Restored { path: &'a str, from: &'a str, cases: i64 } => "restored {path} from {from} ({cases} case(s))",
        "已从 {from} 恢复 {path}（{cases} 个事项）";
    RestoredKept { copy: &'a str } => "; the database as it was is kept as {copy}", "；原来的数据库保留为 {copy}";
    BackupDamaged { path: &'a str, problems: &'a str } => "{path} is damaged ({problems}); nothing was replaced",
        "{path} 已损坏（{problems}）；未替换任何内容";
    BackupNewer { path: &'a str, version: i64, latest: i64 } =>
        "{path} has schema version {version}, made by a newer closeout than this one ({latest}); upgrade closeout first; nothing was replaced",
        "{path} 的结构版本为 {version}，由更新的 closeout 生成（本版本为 {latest}）；请先升级 closeout；未替换任何内容";
    BackupForeign { path: &'a str } => "{path} is not a closeout database; nothing was replaced",
        "{path} 不是 closeout 数据库；未替换任何内容";
    CannotRestore { path: &'a str, why: &'a str } => "cannot restore from {path}: {why}; nothing was replaced",
        "无法从 {path} 恢复：{why}；未替换任何内容";
    StayedBusy => "the database stayed busy for 30 s; try again", "数据库持续被占用 30 秒；请重试";
    NotSqliteFile => "it is not a closeout database (not an SQLite file)", "它不是 closeout 数据库（不是 SQLite 文件）";
    ItIsDamaged => "it is damaged", "它已损坏";
    ItIsCutShort => "it is damaged (cut short)", "它已损坏（被截断）";
    FileExists { path: &'a str } => "{path} already exists; closeout never overwrites a file: name a new one",
        "{path} 已存在；closeout 从不覆盖文件：请换一个文件名";

    // Export.
    WroteJson { cases: usize, steps: usize, events: usize, path: &'a str } =>
        "wrote {cases} case(s), {steps} step(s) and {events} event(s) to {path}",
        "已将 {cases} 个事项、{steps} 个步骤和 {events} 条记录写入 {path}";
    WroteCsv { rows: usize, cases: usize, path: &'a str } =>
        "wrote {rows} row(s) for {cases} case(s) to {path}", "已将 {cases} 个事项的 {rows} 行写入 {path}";
    WroteTasks { rows: usize, cases: usize, path: &'a str } =>
        "wrote {rows} task(s) for {cases} case(s) to {path}", "已将 {cases} 个事项的 {rows} 个任务写入 {path}";
    WroteIcs { todos: usize, events: usize, path: &'a str } =>
        "wrote {todos} to-do(s) and {events} event(s) to {path}", "已将 {todos} 个待办和 {events} 个日程写入 {path}";
    NothingToExport =>
        "nothing to export: no step has a due date and no open case has a deadline; `closeout deadline CASE DATE` gives a case one",
        "没有可导出的内容：没有任何步骤设有到期日，进行中的事项也都没有截止日期；可用 `closeout deadline 事项 日期` 设定截止日期";

    // What the store was doing when SQLite or the file system said no.
    NoDeviceId => "this database has no device id; it may be damaged", "此数据库没有设备编号，可能已损坏";
    CannotAddCase { uuid: &'a str, title: &'a str } => "cannot add case {uuid} '{title}'", "无法添加事项 {uuid}「{title}」";
    CannotUpdateCase { id: i64 } => "cannot update case #{id}", "无法更新事项 #{id}";
    CannotAddStep { uuid: &'a str, key: &'a str } => "cannot add step {uuid} '{key}'", "无法添加步骤 {uuid}「{key}」";
    CannotUpdateStep { key: &'a str } => "cannot update step '{key}'", "无法更新步骤「{key}」";
    CannotRestoreCase { id: i64 } => "cannot put case #{id} back", "无法恢复事项 #{id}";
    CannotRestoreStep { key: &'a str } => "cannot put step '{key}' back", "无法恢复步骤「{key}」";
    CannotSaveStep { key: &'a str } => "cannot save step '{key}'", "无法保存步骤「{key}」";
    CannotSaveCase => "cannot save the new case", "无法保存新事项";
    CannotSaveFields => "cannot save the case's new fields", "无法保存事项的新内容";
    FolderNotCreated { path: &'a str } => "cannot create the folder {path}", "无法创建文件夹 {path}";
    CannotCreateIn { path: &'a str } => "cannot create a file in {path}", "无法在 {path} 中创建文件";
    CannotSave { path: &'a str } => "cannot save {path}", "无法保存 {path}";
    CannotMove { path: &'a str } => "cannot move {path}", "无法移动 {path}";
    CannotBackUp { path: &'a str } => "cannot back up {path}", "无法备份 {path}";
    TempNameRefused => "the temporary copy has a name SQLite cannot take", "临时副本的名字 SQLite 无法使用";
    NoCopyNothingReplaced => "cannot keep a copy of the database, so nothing was replaced", "无法保留数据库副本，因此未替换任何内容";
    MigrationFailed { name: &'a str } => "migration {name} failed", "迁移 {name} 失败";
    NoHome => "cannot find your home folder; pass --db PATH or set CLOSEOUT_DB", "找不到你的主目录；请用 `--db 路径` 指定，或设置 CLOSEOUT_DB";
    NoHomeSettings => "cannot find your home folder for the settings file", "找不到存放设置文件的主目录";

    ImportStepAdded { position: i64, key: &'a str } => "step {position} '{key}' added", "步骤 {position}「{key}」已添加";
    ImportStepChanged { position: i64, key: &'a str, fields: &'a str } =>
        "step {position} '{key}': {fields}", "步骤 {position}「{key}」：{fields}";
    FieldStatus => "status", "状态";
    FieldPosition => "position", "位置";
    FieldRule => "rule", "规则";
    FieldHow => "how-to", "说明";

    // Usage errors (exit 2).
    EmptyTitle => "the title is empty; say what is being cancelled, e.g. `closeout add Proximus`",
        "标题为空；请写明要注销什么，例如 `closeout add Proximus`";
    OutsideCalendar { value: &'a str } => "the date '{value}' is outside the calendar (0000-01-01 to 9999-12-31)", "日期「{value}」超出了日历范围（0000-01-01 至 9999-12-31）";
    NoteWords => "use `closeout note CASE TEXT` or `closeout note CASE STEP TEXT` (quote the text)",
        "用法：`closeout note 事项 文字` 或 `closeout note 事项 步骤 文字`（文字请加引号）";
    EmptyNote => "the note is empty; nothing to add", "备注为空；没有可添加的内容";
    NotADate { input: &'a str, reason: &'a str, forms: &'a str } =>
        "'{input}' is not a date{reason}; use {forms}", "「{input}」不是日期{reason}；可用格式：{forms}";
    NoSuchDay => " (no such day in the calendar)", "（日历上没有这一天）";
    NotADuration { input: &'a str, reason: &'a str, forms: &'a str } =>
        "'{input}' is not a duration{reason}; use {forms}", "「{input}」不是时长{reason}；可用格式：{forms}";
    SpanForms => "a number of days or weeks such as 3d, 2w, 0d, 3天 or 2周", "天数或周数，例如 3d、2w、0d、3天 或 2周";
    SpanNegative => " (it cannot be negative)", "（不能为负数）";
    SpanTooLong => " (at most 100 years)", "（最长 100 年）";
    NorNone => " (nor 'none')", "（也不是 none）";
    NearDeparture => " (did you mean departure?)", "（是不是想写 departure？）";
    NearDateWord { word: &'a str } => " (did you mean {word}?)", "（是不是想写 {word}？）";
    DeadlineForms { forms: &'a str } =>
        "{forms}; or departure, to follow the departure date, or none, to clear the deadline",
        "{forms}；也可以写 departure（或「出发日期」），让截止日期跟随出发日期，或写 none 清除截止日期";
    NotAChannel { input: &'a str, channels: &'a str } => "'{input}' is not a channel; use {channels}",
        "「{input}」不是办理方式；可用 {channels}";
    // One channel as a list of them names it; Chinese adds what the English word means.
    ChannelOnline => "online", "online（网上）";
    ChannelPhone => "phone", "phone（电话）";
    ChannelShop => "shop", "shop（门店）";
    ChannelPost => "post", "post（邮寄）";
    // What a usage in a sentence puts where the user's own value goes.
    ArgDate => "DATE", "日期";
    ArgDuration => "DURATION", "时长";
    ArgText => "TEXT", "文字";
    ArgName => "NAME", "名称";
    NotAMonth { input: &'a str } => "'{input}' is not a month; use YYYY-MM, a month number 1-12, or next",
        "「{input}」不是月份；可用 YYYY-MM、1-12 的月份数字或 next";
    NotATopic { input: &'a str } => "no guide topic '{input}'; topics: why, steps, operators, faq",
        "没有指南主题「{input}」；可选主题：why、steps、operators、faq";
    NotALanguage { input: &'a str } => "'{input}' is not a language; use en or zh", "「{input}」不是可用的语言；请用 en 或 zh";
    MonthOutside => "that month is outside the calendar", "该月份超出了日历范围";
    BadClock { value: &'a str } =>
        "CLOSEOUT_NOW='{value}' is not a time; use RFC 3339 (2026-11-30T09:00:00+01:00) or YYYY-MM-DD",
        "CLOSEOUT_NOW 的值「{value}」不是时间；请用 RFC 3339 格式（如 2026-11-30T09:00:00+01:00）或 YYYY-MM-DD";
    NeedTitle => "add needs a TITLE (e.g. `closeout add Proximus`); it asks for one only on a terminal",
        "`closeout add` 需要标题（例如 `closeout add Proximus`）；只有在终端中运行时才会逐项询问";
    NoAnswer => "no answer; nothing was added", "没有回答；未添加任何内容";

    // Questions of `add` without a title.
    AskTitle => "What are you cancelling (e.g. Proximus)", "要注销什么（例如 Proximus）";
    AskProvider => "Provider", "服务商";
    AskChannel { channels: &'a str } => "Channel: {channels}", "办理方式：{channels}";
    AskDeadline => "Deadline (e.g. 2026-12-20, +3w, friday)", "截止日期（例如 2026-12-20、+3w、12月20日）";
    AskNumber => "Phone, customer or contract number", "电话号码、客户号或合同号";

    // Settings.
    SettingsUnreadable { path: &'a str, error: &'a str } =>
        "cannot read the settings file {path}: {error}", "无法读取设置文件 {path}：{error}";
    SettingsBad { path: &'a str, line: usize, column: usize, message: &'a str } =>
        "{path}:{line}:{column}: {message}; fix or remove that line",
        "{path}:{line}:{column}：{message}；请修正或删除这一行";
    NotCreatedYet => " (not created yet)", "（尚未创建）";
    FromFile => "file", "设置文件";
    FromDefault => "default", "默认";
    NoneSet => "(none)", "（无）";

    // The history.
    LogCaseAdded { title: &'a str } => "case created: {title}", "创建事项：{title}";
    LogCaseClosed => "case closed", "事项已关闭";
    LogCaseReopened => "case reopened", "事项已重新打开";
    LogCaseDeleted { title: &'a str } => "case deleted: {title}", "删除事项：{title}";
    LogCaseNote => "case note added", "添加了事项备注";
    LogCaseNoteRemoved => "case note removed", "删除了事项备注";
    LogStepDone { day: &'a str } => "done on {day}", "于 {day} 完成";
    LogStepSkipped => "skipped", "已跳过";
    LogStepReopened => "reopened", "已恢复为待办";
    LogStepSnoozed { due: &'a str, was: &'a str } => "snoozed to {due} (was {was})", "推迟到 {due}（原为 {was}）";
    LogStepDue { due: &'a str, was: &'a str } => "due {due} (was {was})", "到期日改为 {due}（原为 {was}）";
    LogStepNote => "note added", "添加了备注";
    LogStepNoteRemoved => "note removed", "删除了备注";
    LogStepImported => "changed in Taskwarrior", "在 Taskwarrior 中修改过";
    LogStepHow => "how-to updated", "说明已更新";
    LogStepAdded { title: &'a str } => "added: {title}", "已添加：{title}";
    LogStepRemoved { title: &'a str } => "removed: {title}", "已删除：{title}";
    LogStepMoved { to: &'a str, was: &'a str } => "moved to {to} (was {was})", "移到 {to}（原为 {was}）";
    LogStepEdited { changes: &'a str } => "edited: {changes}", "已修改：{changes}";
    LogTitleChanged { value: &'a str, was: &'a str } => "title '{value}' (was '{was}')", "标题改为「{value}」（原为「{was}」）";
    LogHowChanged => "how-to changed", "说明已修改";
    Undone => "undone: ", "已撤销：";
    Redone => "redone: ", "已重做：";
    LogCaseEdited { changes: &'a str } => "case edited: {changes}", "修改事项：{changes}";
    LogFieldChange { field: &'a str, value: &'a str, was: &'a str } =>
        "{field} {value} (was {was})", "{field}改为 {value}（原为 {was}）";
    LogNoteAdded => "note added", "添加了备注";
    LogNone => "none", "无";

    // Quoting a name inside a sentence.
    Quoted { text: &'a str } => "'{text}'", "「{text}」";
    Listed => ", ", "、";
    Semicolon => "; ", "；";
    /// Between what failed and why, in an error line.
    Because => ": ", "：";
    IoNotFound => "no such file or folder", "没有这个文件或文件夹";
    IoPermission => "permission denied", "没有权限";
    IoExists => "it already exists", "已经存在";
    IoFull => "the disk is full", "磁盘已满";
    IoReadOnly => "the file system is read-only", "文件系统是只读的";
    IoIsDirectory => "it is a folder", "这是一个文件夹";
    /// A file that could not be removed a moment ago, and now could.
    IoGoneSince => "it is gone now", "现在已不存在";
    IoNotDirectory => "a part of the path is not a folder", "路径中有一部分不是文件夹";

    // Undo and redo.
    NothingToUndo => "nothing to undo", "没有可撤销的更改";
    NothingToRedo => "nothing to redo: redo brings back what undo took back, until the next change",
        "没有可重做的更改：重做只能恢复刚刚撤销的更改，而且要在下一次更改之前";
    OnCase { id: i64, title: &'a str } => " (case #{id} {title})", "（事项 #{id} {title}）";
    OnCaseId { id: i64 } => " (case #{id})", "（事项 #{id}）";
    CannotUndo { what: &'a str, when: &'a str, id: i64, why: &'a str } =>
        "cannot undo \"{what}\" ({when}, case #{id}): {why}; nothing was changed",
        "无法撤销「{what}」（{when}，事项 #{id}）：{why}；未作任何更改";
    CannotRedo { what: &'a str, when: &'a str, id: i64, why: &'a str } =>
        "cannot redo \"{what}\" ({when}, case #{id}): {why}; nothing was changed",
        "无法重做「{what}」（{when}，事项 #{id}）：{why}；未作任何更改";
    RevertCaseExists => "the case exists already", "该事项已经存在";
    RevertIdTaken { id: i64 } => "another case has the id #{id}", "另一个事项已使用编号 #{id}";
    RevertCaseGoneAlready => "the case is gone already", "该事项已经不存在";
    RevertCaseGone => "the case is gone", "该事项已不存在";
    RevertChanged { name: &'a str } => "its {name} has changed since", "它的 {name} 在此之后已被修改";
    RevertItsCaseGone => "its case is gone", "它所属的事项已不存在";
    RevertStepExists => "the step exists already", "该步骤已经存在";
    RevertKeyTaken { key: &'a str } => "the case has another step '{key}'", "该事项已有另一个步骤「{key}」";
    RevertStepGoneAlready => "the step is gone already", "该步骤已经不存在";
    RevertStepGone => "the step is gone", "该步骤已不存在";
    RecordUnreadable { error: &'a str } => "its record cannot be read back ({error})", "它的记录无法读回（{error}）";
    RecordEmpty => "it records nothing", "它没有记录任何内容";
    RecordNotObject => "its record is not an object", "它的记录不是对象";
    FieldUnreadable { name: &'a str, value: &'a str } =>
        "its {name} {value} cannot be read back", "它的 {name} {value} 无法读回";
    FieldUnknown { name: &'a str } => "this closeout does not know the field '{name}'", "当前版本的 closeout 不认识字段「{name}」";
    UndoListHead => "undo takes back, newest first:", "可撤销的更改（从新到旧）：";
    RedoBringsBack { id: i64, what: &'a str } => "redo brings back: #{id} {what}", "重做将恢复：#{id} {what}";

    // Steps of a case.
    StepTitleEmpty => "the step's title is empty; say what is to be done", "步骤标题为空；请写明要做什么";
    NewStepTitleEmpty => "the new title is empty; say what is to be done", "新标题为空；请写明要做什么";
    StepKeyTaken { id: i64, key: &'a str } =>
        "case #{id} has a step '{key}' already; choose another --key", "事项 #{id} 已有步骤「{key}」；请换一个 --key";
    NewStepVanished => "the new step disappeared; try again", "新步骤消失了；请重试";
    StepAdded { position: i64, key: &'a str, id: i64, title: &'a str } =>
        "step {position} '{key}' added to case #{id} {title}", "步骤 {position}「{key}」已添加到事项 #{id} {title}";
    OnlyStep { key: &'a str, id: i64 } =>
        "step '{key}' is the only step of case #{id}; `closeout delete {id}` deletes the case",
        "步骤「{key}」是事项 #{id} 唯一的步骤；`closeout delete {id}` 可删除整个事项";
    StepFollowed { followers: &'a str, key: &'a str } =>
        "step {followers} falls due after '{key}'; remove it first, or skip '{key}' instead",
        "步骤{followers}在「{key}」之后到期；请先删除它，或改为跳过「{key}」";
    StepRemoved { position: i64, key: &'a str, id: i64, title: &'a str, count: usize } =>
        "step {position} '{key}' removed from case #{id} {title}; its steps are now 1..{count}",
        "步骤 {position}「{key}」已从事项 #{id} {title} 中删除；现有步骤为 1 至 {count}";
    AfterItself => "a step cannot go after itself; name another step, or use --first",
        "步骤不能排在自己之后；请指定另一个步骤，或使用 --first";
    StepThereAlready { position: i64, key: &'a str } =>
        "step {position} '{key}' is there already; nothing changed", "步骤 {position}「{key}」已在该位置；未作更改";
    StepReadsSo { position: i64, key: &'a str } =>
        "step {position} '{key}' already reads so; nothing changed", "步骤 {position}「{key}」本来就是这样写的；未作更改";
    StepNewText { position: i64, key: &'a str, what: &'a str } =>
        "step {position} '{key}': new {what}", "步骤 {position}「{key}」：{what}已更新";
    WordTitle => "title", "标题";
    WordHowTo => "how-to", "说明";
    StepMoved { key: &'a str, to: i64, was: i64 } =>
        "step '{key}' moved to {to} (was {was})", "步骤「{key}」已移到第 {to} 位（原为第 {was} 位）";

    // Templates.
    NotATemplateName { name: &'a str } =>
        "'{name}' cannot be a template name; use letters, digits, - and _ (at most 40)",
        "「{name}」不能用作模板名；请用字母、数字、- 和 _（最多 40 个字符）";
    NotAStepKey { key: &'a str } =>
        "'{key}' cannot be a step key; use one word of letters, digits, - and _ that is not a number (a number means a position)",
        "「{key}」不能用作步骤键；请用由字母、数字、- 和 _ 组成的一个词，且不能是纯数字（纯数字表示位置）";
    TemplateUnreadable { path: &'a str, error: &'a str } =>
        "cannot read the template file {path}: {error}", "无法读取模板文件 {path}：{error}";
    TemplateReplaces { name: &'a str } => "; in your templates folder it replaces the built-in '{name}'",
        "；放在你的模板文件夹中时，它会取代内置模板「{name}」";
    TemplateValid { path: &'a str, name: &'a str, steps: usize, also: &'a str } =>
        "{path}: template '{name}' is valid ({steps} steps){also}", "{path}：模板「{name}」有效（{steps} 步）{also}";
    OneProblem => "a problem", "1 个问题";
    Problems { count: usize } => "{count} problems", "{count} 个问题";
    TemplateInvalid { path: &'a str, count: &'a str, lines: Lines<'a> } =>
        "{path} is not a valid template ({count}):\n{lines}", "{path} 不是有效的模板（{count}）：\n{lines}";
    NoConfigFolder => "cannot find your config folder (no home folder); set XDG_CONFIG_HOME or HOME",
        "找不到配置文件夹（没有主目录）；请设置 XDG_CONFIG_HOME 或 HOME";
    TemplateYoursExists { name: &'a str, path: &'a str } =>
        "your template '{name}' is in {path} already; edit that file", "你的模板「{name}」已在 {path}；请编辑该文件";
    CopyOfBuiltIn { name: &'a str } => "a copy of the built-in '{name}', which it now replaces",
        "内置模板「{name}」的副本，会取代原来的内置模板";
    StartingPoint => "a commented starting point", "带注释的起始模板";
    WroteTemplate { path: &'a str, what: &'a str } => "wrote {path} ({what})", "已写入 {path}（{what}）";
    EditThenCheck { path: &'a str } => "edit it, then run: closeout template check {path}",
        "编辑好后运行：closeout template check {path}";
    CannotCreateFolder { path: &'a str, error: &'a str } =>
        "cannot create the folder {path}: {error}", "无法创建文件夹 {path}：{error}";
    ExistsAlready { path: &'a str } => "{path} exists already; edit it, or remove it to start again",
        "{path} 已存在；请编辑它，或删除后重新开始";
    CannotWriteWhy { path: &'a str, error: &'a str } => "cannot write {path}: {error}", "无法写入 {path}：{error}";
    BuiltInBroken { name: &'a str, problem: &'a str } =>
        "the built-in template '{name}' is broken: {problem}", "内置模板「{name}」已损坏：{problem}";
    TemplateSkipped { path: &'a str, why: &'a str } =>
        "skipped the template file {path}: {why}", "已跳过模板文件 {path}：{why}";
    AndMoreProblems { count: usize } => " (and {count} more)", "（另有 {count} 个）";
    SeeTemplateCheck { problem: &'a str, more: &'a str, path: &'a str } =>
        "{problem}{more}; `closeout template check {path}` shows every problem",
        "{problem}{more}；`closeout template check {path}` 可显示所有问题";
    TemplateNameTaken { name: &'a str, first: &'a str } =>
        "it names the template '{name}', which {first} already defines", "模板名「{name}」已在 {first} 中定义过";
    NoTemplate { name: &'a str, known: &'a str } =>
        "no template named '{name}'; known: {known} (`closeout templates` lists them)",
        "没有名为「{name}」的模板；已有：{known}（`closeout templates` 可列出）";
    BuiltIn => "built-in", "内置";

    // Problems in a template file (`template check`).
    TemplateNoSteps => "a template needs at least one step", "模板至少需要一个步骤";
    DuplicateKey { key: &'a str, line: usize } =>
        "duplicate step key '{key}' (first at line {line})", "步骤键「{key}」重复（首次出现在第 {line} 行）";
    TwoRules { key: &'a str } =>
        "step '{key}' has two rules; keep either before_deadline or after, not both",
        "步骤「{key}」有两条规则；before_deadline 和 after 只能二选一";
    TooManyDays { days: u32, max: u32 } =>
        "{days} days is too far; a rule reaches at most {max} days", "{days} 天太长；规则最多只能是 {max} 天";
    AfterUnknownStep { key: &'a str, other: &'a str } =>
        "step '{key}' comes after '{other}', which is not a step of this template",
        "步骤「{key}」排在「{other}」之后，但本模板没有这个步骤";
    AfterOwnSelf { name: &'a str } => "step {name} comes after itself; it could never fall due",
        "步骤{name}排在自己之后；它永远不会到期";
    Circle { names: &'a str } => "steps {names} wait for each other in a circle; none could ever fall due",
        "步骤{names}互相等待，形成循环；它们都永远不会到期";
    ProviderNoName => "a provider needs a name", "服务商需要名称";
    ProviderTwice { name: &'a str, line: usize } =>
        "provider '{name}' appears twice (first at line {line})", "服务商「{name}」出现了两次（首次出现在第 {line} 行）";
    ProviderUnknownStep { name: &'a str, key: &'a str } =>
        "provider '{name}' changes step '{key}', which is not a step of this template",
        "服务商「{name}」改写了步骤「{key}」，但本模板没有这个步骤";
    UnknownField { field: &'a str, fields: &'a str } =>
        "unknown field `{field}`, expected one of {fields}", "未知字段「{field}」；可用的字段：{fields}";
    MissingField { field: &'a str } => "missing field `{field}`", "缺少字段「{field}」";
    TomlProblem { message: &'a str } => "{message}", "TOML 格式错误：{message}";

    // `templates` and `template show`.
    HeadName => "name", "名称";
    HeadSteps => "steps", "步骤数";
    HeadSource => "source", "来源";
    HeadDescription => "description", "简介";
    ReplacesBuiltIn => " (replaces the built-in)", "（取代内置模板）";
    OneDay => "1 day", "1 天";
    NDays { count: i64 } => "{count} days", "{count} 天";
    RuleBeforeDeadline { days: &'a str } => "{days} before the deadline", "截止日期前 {days}";
    RuleAfterStep { days: &'a str, key: &'a str } => "{days} after {key}", "{key} 之后 {days}";
    WhomNone => "a case with no provider or channel (see --provider, --channel)",
        "没有服务商和办理方式的事项（见 --provider、--channel）";
    WhomProvider { name: &'a str } => "provider {name}", "服务商为 {name}";
    WhomChannel { name: &'a str } => "channel {name}", "办理方式为 {name}";
    And => " and ", "、";
    WhomCase { parts: &'a str } => "a case with {parts}", "{parts} 的事项";
    HowToAs { whom: &'a str } => "how-to as {whom}", "说明适用于：{whom}";
    Documents { docs: &'a str } => "documents: {docs}", "所需文件：{docs}";
    AsksFor { docs: &'a str } => "asks for {docs}", "需要{docs}";
    OwnHowTo { keys: &'a str } => "own how-to for {keys}", "步骤 {keys} 有专门的说明";
    ProviderSaid { name: &'a str, said: &'a str } => "provider {name}: {said}", "服务商 {name}：{said}";

    // Import, sync and files.
    ImportUnknownKind =>
        "it is neither a closeout export (a JSON object) nor a Taskwarrior export (a JSON array); `closeout export` and `task export` write them",
        "它既不是 closeout 导出文件（JSON 对象），也不是 Taskwarrior 导出文件（JSON 数组）；可用 `closeout export` 和 `task export` 生成";
    CannotImport { name: &'a str, problem: &'a str } =>
        "cannot import {name}: {problem}; nothing was imported", "无法导入 {name}：{problem}；未导入任何内容";
    CannotReadStdin => "cannot read standard input", "无法读取标准输入";
    CannotReadWhy { path: &'a str, error: &'a str } => "cannot read {path}: {error}", "无法读取 {path}：{error}";
    VerbAdded => "added", "已添加";
    VerbUpdated => "updated", "已更新";
    VerbDeleted => "deleted", "已删除";
    VerbWouldAdd => "would add", "将添加";
    VerbWouldUpdate => "would update", "将更新";
    VerbWouldDelete => "would delete", "将删除";
    ImportLine { verb: &'a str, id: i64, title: &'a str, detail: &'a str } =>
        "{verb} case #{id} {title}{detail}", "{verb}事项 #{id} {title}{detail}";
    OneStepDetail => " (1 step)", "（1 步）";
    StepsDetail { count: usize } => " ({count} steps)", "（{count} 步）";
    UpdatedDetail { what: &'a str } => ": {what}", "：{what}";
    AndMoreLines { count: usize } => "... and {count} more", "……另有 {count} 项";
    DryRun { name: &'a str } => "{name} (dry run, nothing was written)", "{name}（试运行，未写入任何内容）";
    ImportSummary { head: &'a str, ca: usize, cu: usize, cd: usize, cl: usize, sa: usize, su: usize, sl: usize, ea: usize, el: usize } =>
        "{head}: cases {ca} added, {cu} updated, {cd} deleted, {cl} left as they were; steps {sa} added, {su} updated, {sl} left; events {ea} added, {el} already here",
        "{head}：事项新增 {ca} 个、更新 {cu} 个、删除 {cd} 个、未变 {cl} 个；步骤新增 {sa} 个、更新 {su} 个、未变 {sl} 个；记录新增 {ea} 条、已有 {el} 条";
    NotASyncFolder { path: &'a str } =>
        "{path} is neither a remote nor a folder: `closeout remote list` shows the remotes; for a folder, create it (or the folder your sync tool shares) first",
        "{path} 既不是远程，也不是文件夹：`closeout remote list` 可列出远程；如果是文件夹，请先创建它（或你的同步工具共享的文件夹）";
    SyncTaskwarrior { path: &'a str } =>
        "{path} is a Taskwarrior export, not a closeout one; move it out of the sync folder (`closeout import` reads it); nothing was imported",
        "{path} 是 Taskwarrior 导出文件，不是 closeout 的；请把它移出同步文件夹（可用 `closeout import` 导入）；未导入任何内容";
    NoOtherDevice { path: &'a str } => "no other device's file in {path} yet", "{path} 中还没有其他设备的文件";
    OtherDeviceFiles { count: usize } => "{count} file(s) of other devices", "其他设备的 {count} 个文件";
    Wrote { path: &'a str } => "wrote {path}", "已写入 {path}";
    UpToDate { path: &'a str } => "{path} is up to date", "{path} 已是最新";
    CannotReadFolder { path: &'a str } => "cannot read the folder {path}", "无法读取文件夹 {path}";
    NamesNoFile { path: &'a str } => "{path} names no file", "{path} 没有指向文件";
    FolderNotFile { path: &'a str } => "{path} is a folder; name a file in it", "{path} 是文件夹；请指定其中的一个文件";
    NoSuchFolder { path: &'a str, folder: &'a str } =>
        "cannot write {path}: the folder {folder} does not exist", "无法写入 {path}：文件夹 {folder} 不存在";
    CannotCreate { path: &'a str } => "cannot create {path}", "无法创建 {path}";
    CannotWrite { path: &'a str } => "cannot write {path}", "无法写入 {path}";
    CannotReplace { path: &'a str } => "cannot replace {path}", "无法替换 {path}";
    CannotSetMode { path: &'a str } => "cannot set the mode of {path}", "无法设置 {path} 的权限";

    // Checks of an import file.
    NotJson { error: &'a str } => "it is not valid JSON: {error}", "它不是有效的 JSON：{error}";
    NotCloseoutFormat { other: &'a str, format: &'a str } =>
        "it is not a closeout export: its \"format\" is {other}, not \"{format}\"",
        "它不是 closeout 导出文件：它的 \"format\" 是 {other}，而不是 \"{format}\"";
    NoFormat { format: &'a str } => "it is not a closeout export: it has no \"format\": \"{format}\"",
        "它不是 closeout 导出文件：缺少 \"format\": \"{format}\"";
    BadVersion => "its \"version\" is missing or not a whole number from 1 up",
        "它的 \"version\" 缺失，或不是从 1 起的整数";
    NewerFormat { version: u64, latest: u64 } =>
        "it is format version {version}, newer than this closeout reads ({latest}); upgrade closeout to import it",
        "它的格式版本为 {version}，比当前版本的 closeout 能读取的（{latest}）更新；请升级 closeout 后再导入";
    NotExportShape { error: &'a str } => "it does not have the shape of a closeout export: {error}",
        "它不符合 closeout 导出文件的结构：{error}";
    AtCase { n: usize, uuid: &'a str } => "case {n} (uuid {uuid})", "第 {n} 个事项（uuid {uuid}）";
    AtStep { at: &'a str, n: usize, uuid: &'a str } => "{at}, step {n} (uuid {uuid})", "{at}，第 {n} 个步骤（uuid {uuid}）";
    UuidTwice { at: &'a str } => "{at}: its uuid appears twice in the file", "{at}：它的 uuid 在文件中出现了两次";
    ChangedUnknown { at: &'a str, name: &'a str, groups: &'a str } =>
        "{at}: \"changed\" names '{name}', which is not one of {groups}",
        "{at}：\"changed\" 中的「{name}」不是 {groups} 之一";
    KeyTwice { at: &'a str, key: &'a str } => "{at}: another step of the case has key '{key}'",
        "{at}：该事项的另一个步骤也使用步骤键「{key}」";
    PositionBelowOne { at: &'a str, position: i64 } => "{at}: position {position} is below 1", "{at}：位置 {position} 小于 1";
    KeyEmpty { at: &'a str } => "{at}: the key is empty", "{at}：步骤键为空";
    NotTaskwarrior { error: &'a str } => "it is not a Taskwarrior export (a JSON array of tasks): {error}",
        "它不是 Taskwarrior 导出文件（任务的 JSON 数组）：{error}";
    TaskStatus { n: usize, uuid: &'a str, status: &'a str } =>
        "task {n} (uuid {uuid}): status '{status}' is not one Taskwarrior writes",
        "第 {n} 个任务（uuid {uuid}）：「{status}」不是 Taskwarrior 使用的状态";
    TaskEmpty { n: usize, uuid: &'a str } => "task {n} (uuid {uuid}): the description is empty",
        "第 {n} 个任务（uuid {uuid}）：描述为空";

    // Command-line values.
    SnoozeZero => "snoozing by 0 days changes nothing; use 1d or more", "推迟 0 天等于没有推迟；请至少推迟 1d";
    OrNone => " (or none)", "（或 none）";

    // Calendar files.
    IcsDeadline { title: &'a str } => "{title}: deadline", "{title}：截止日期";
    IcsProvider { value: &'a str } => "Provider: {value}", "服务商：{value}";
    IcsNumber { value: &'a str } => "Number: {value}", "号码：{value}";
    IcsNote => "Note:", "备注：";
    IcsTomorrow { summary: &'a str } => "Tomorrow: {summary}", "明天：{summary}";

    // Files, settings and leftovers.
    SettingsHolderEmpty => "holder is empty; give a name, or remove the line to use your login name",
        "holder 为空；请填写姓名，或删除这一行以使用登录名";
    DbNotRegular { path: &'a str } =>
        "{path} is not a regular file (it is a device, a pipe or a socket); name a database file, e.g. --db ~/closeout.db",
        "{path} 不是普通文件（而是设备、管道或套接字）；请指定一个数据库文件，例如 --db ~/closeout.db";
    DbEarlierCopy { path: &'a str } =>
        "an earlier copy from before an upgrade is there too: {path} (an upgrade that did not finish leaves one); remove it when you no longer need it",
        "另有一份更早的升级前副本：{path}（未完成的升级会留下它）；不再需要时可以删除";
    // Smoothing what a newcomer runs into: dates, holders, duplicate titles, wording.
    SnoozeForms => "a number of days or weeks such as 3d, 2w, 3天 or 2周", "天数或周数，例如 3d、2w、3天 或 2周";
    DueUnchanged { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' is already due {day}; nothing changed",
        "步骤 {position}「{key}」的到期日本来就是 {day}；未作更改";
    NoDueUnchanged { position: i64, key: &'a str } =>
        "step {position} '{key}' already has no due date; nothing changed",
        "步骤 {position}「{key}」本来就没有到期日；未作更改";
    SnoozeWaits { position: i64, key: &'a str, other_position: i64, other: &'a str, id: i64 } =>
        "step {position} '{key}' waits for step {other_position} '{other}', which is still pending: it falls due once '{other}' is done, so there is nothing to snooze yet; `closeout due {id} {key} DATE` sets a date by hand",
        "步骤 {position}「{key}」要等步骤 {other_position}「{other}」完成后才有到期日，而「{other}」还没有完成，所以现在无从推迟；如需手动设定日期，可用 `closeout due {id} {key} 日期`";
    HeadFlags => "flags", "标记";
    Clauses => ", ", "，";
    CalendarStep { case: i64, title: &'a str, key: &'a str } => "#{case} {title}: {key}", "#{case} {title}：{key}";
    ItemSeparator => "; ", "、";
    TemplateHead { name: &'a str, source: &'a str } => "{name}  ({source})", "{name}（{source}）";
    LogFieldCleared { field: &'a str, was: &'a str } => "{field} cleared (was {was})", "{field}已清除（原为 {was}）";
    StepDid { key: &'a str, phrase: &'a str } => "step '{key}' {phrase}", "步骤「{key}」{phrase}";
    StepDidAt { position: i64, key: &'a str, phrase: &'a str } =>
        "step {position} '{key}' {phrase}", "步骤 {position}「{key}」{phrase}";
    DayNotStorable { day: &'a str } =>
        "the date {day} is past 9999-12-31, the last day closeout can store; nothing was changed",
        "日期 {day} 晚于 9999-12-31，超出了 closeout 能保存的范围；未作任何更改";
    DateForms => "YYYY-MM-DD, today, tomorrow, yesterday, +3d, -1d, +2w, +1m, in 3 days, in 2 weeks, in 1 month, a weekday name such as friday or next friday, 31/12, 31/12/2026, 31.12.2026 or 31-12-2026 (day first), or 今天, 明天, 后天, 周五, 下周五, 3天后, 12月20日",
        "今天、明天、后天、周五、下周五、3天后、两周后、1个月后、12月20日、2027年1月5日，或 YYYY-MM-DD、31/12、31/12/2026、31.12.2026、31-12-2026（日在前，月在后）、+3d、-1d、+2w、+1m、today、tomorrow、friday、next friday、in 3 days";
    DayFirst { swapped: &'a str } =>
        " (numeric dates are day first, as in Belgium, and one that only makes sense month first is not guessed: did you mean {swapped}?)",
        "（数字日期按比利时习惯日在前、月在后；只能理解为月在前的写法不会被猜测：是不是想写 {swapped}？）";
    CasesAndMore { cases: &'a str, more: usize } =>
        "{cases} and {more} more", "{cases}，另有 {more} 个";
    SameTitleOpen { cases: &'a str } =>
        "an open case already has this title ({cases}); a case word that matches both is ambiguous, so use the id",
        "已有同名的进行中事项（{cases}）；之后按名称指定事项会有歧义，请改用编号";
    SameTitleOpenMany { count: usize, cases: &'a str } =>
        "{count} open cases already have this title ({cases}); a case word that matches them is ambiguous, so use the id",
        "已有 {count} 个同名的进行中事项（{cases}）；之后按名称指定事项会有歧义，请改用编号";
    NoSuchHolder { name: &'a str, holders: &'a str } =>
        "no case has the holder '{name}'; the holders are: {holders}",
        "没有持有人为「{name}」的事项；现有持有人：{holders}";
    // Planning a move: templates chosen by the title, notice periods, the departure date.
    EmptyMatchWord => "a match word is empty; remove it or write the word",
        "match 中有一个空词；请删掉它或填上词语";
    ChoseByWord { template: &'a str, word: &'a str } =>
        "checklist: {template}, since the title says '{word}'; another: add --template NAME (closeout templates lists them)",
        "已选用 {template} 模板，因为标题中有「{word}」；如需换用：add --template 名称（`closeout templates` 可列出全部模板）";
    ChoseByProvider { template: &'a str, provider: &'a str } =>
        "checklist: {template}, since the {template} template knows {provider}; another: add --template NAME (closeout templates lists them)",
        "已选用 {template} 模板，因为它收录了 {provider}；如需换用：add --template 名称（`closeout templates` 可列出全部模板）";
    ChoseByProviderOfSeveral { template: &'a str, provider: &'a str, others: &'a str, usage: &'a str } =>
        "checklist: {template}, since the {template} template knows {provider}; so does {others}: to take that one instead, `closeout undo`, then `{usage}`",
        "已选用 {template} 模板，因为它收录了 {provider}；{others} 模板也有收录：如要改用，请先运行 `closeout undo`，再运行 `{usage}`";
    ChoseFallback { template: &'a str } =>
        "checklist: {template}, since the title names no kind of contract closeout knows; another: add --template NAME (closeout templates lists them)",
        "已选用 {template} 模板，因为标题中没有可识别的合同类型；如需换用：add --template 名称（`closeout templates` 可列出全部模板）";
    NoticeZero { input: &'a str } =>
        "'{input}' is no notice period: for a contract that needs none, leave --notice out (`closeout edit CASE --notice none` clears one); otherwise give the contract's period, such as 30d, 4w, 1m (or 30天, 1个月)",
        "「{input}」不能作为通知期：合同不要求提前通知时，不写 --notice 即可（已记下的通知期可用 `closeout edit 事项 --notice none` 清除）；否则请写合同规定的期限，例如 30d、4w、1m（或 30天、1个月）";
    NotANotice { input: &'a str } =>
        "'{input}' is not a notice period; use days, weeks or months such as 30d, 4w, 1m (or 30天, 1个月), or none",
        "「{input}」不是通知期；请用天数、周数或月数，例如 30d、4w、1m（或 30天、1个月），或 none";
    NoticeTooLate { id: i64, notice: i64, deadline: &'a str, earliest: &'a str } =>
        "case #{id}: with {notice} days' notice the deadline {deadline} can no longer be met; the earliest end it allows is {earliest}",
        "事项 #{id}：通知期为 {notice} 天，已赶不上截止日期 {deadline}；合同最早只能在 {earliest} 终止";
    EditNothingAsked =>
        "say what to change: --title, --provider, --channel, --number, --holder, --deadline, --note, --notice or --lang",
        "请说明要改什么：--title、--provider、--channel、--number、--holder、--deadline、--note、--notice 或 --lang";
    FieldNotice => "notice", "通知期";
    FieldLang => "checklist language", "清单语言";
    NoticeDays { days: i64 } => "{days} days", "{days} 天";
    NewText { position: i64, key: &'a str } =>
        "  step {position} '{key}': template text rewritten in the checklist's language",
        "  步骤 {position}「{key}」：模板文字已换成清单所用的语言";
    FollowsDeparture { day: &'a str } => "{day}, the departure", "{day}，即出发日期";
    NoDeparture => "no departure date is set; set one with: closeout departure DATE",
        "还没有设定出发日期；请用 `closeout departure 日期` 设定";
    NoDepartureSet => "no departure date is set (closeout departure DATE sets one)",
        "还没有设定出发日期（用 `closeout departure 日期` 设定）";
    DepartureIs { day: &'a str, when: &'a str, cases: usize } =>
        "departure: {day} ({when}); {cases} open cases follow it",
        "出发日期：{day}（{when}）；{cases} 个进行中的事项以它为截止日期";
    DashboardDeparture { day: &'a str, when: &'a str } => "Departure: {day} ({when})",
        "出发日期：{day}（{when}）";
    LogDeparture { day: &'a str, was: &'a str } => "departure {day} (was {was})",
        "出发日期改为 {day}（原为 {was}）";
    HeadingSqueezed => "No room before the deadline", "赶不上截止日期";
    TemplateWords { words: &'a str } => "chosen for titles with: {words}", "标题含有这些词时选用：{words}";
    RuleAbroad { rule: &'a str } => "{rule} (can be done from abroad)", "{rule}（可在国外完成）";
    FlagSqueezed => "no room before the deadline", "赶不上截止日期";
    ChannelNotOffered { template: &'a str, channel: &'a str, offered: &'a str } =>
        "the {template} template has no how-to for {channel}; use {offered}, or another template",
        "{template} 模板没有办理方式 {channel} 的说明；请用 {offered}，或换一个模板";
    // Sync, import and undo: checks of incoming history and ids, and the change a merge makes.
    AtEvent { n: usize, uuid: &'a str } => "event {n} (uuid {uuid})", "第 {n} 个事件（uuid {uuid}）";
    EventKindUnknown { kind: &'a str } => "'{kind}' is not a kind of change this closeout knows",
        "「{kind}」不是当前版本的 closeout 认识的变更类型";
    EventUnreadable { at: &'a str, problem: &'a str } => "{at}: {problem}", "{at}：{problem}";
    OutOfRange { at: &'a str, field: &'a str, value: i64, max: i64 } =>
        "{at}: {field} {value} is out of range (1 to {max})",
        "{at}：{field} {value} 超出范围（1 到 {max}）";
    TaskUuidTwice { n: usize, uuid: &'a str } => "task {n} (uuid {uuid}): its uuid appears twice in the file",
        "第 {n} 个任务（uuid {uuid}）：它的 uuid 在文件中出现了两次";
    MergeImport { count: usize } => "import: {count} case(s) changed", "导入：{count} 个事项有变更";
    MergeSync { count: usize } => "sync: {count} case(s) changed", "同步：{count} 个事项有变更";
    ImportStepRemoved { position: i64, key: &'a str } => "step {position} '{key}' removed", "步骤 {position}「{key}」已删除";

    // What a narrow terminal moves under a table's row.
    DoneOnDay { day: &'a str } => "done {day}", "完成于 {day}";
    DueByRule { rule: &'a str } => "due {rule}", "到期：{rule}";

    // Manual pages.
    ManCannotWrite { path: &'a str } =>
        "cannot write the manual page {path}; give a folder that exists and that you may write to",
        "无法写入手册页 {path}；请指定一个已存在且可写的文件夹";
    // Remotes: CalDAV task lists.
    RemoteUnreachable { host: &'a str } => "cannot reach {host}: no network, a wrong address, or the server is not running", "无法连接 {host}：没有网络、地址有误，或服务器没有运行";
    RemoteRefused { host: &'a str } => "cannot reach {host}: connection refused — is the server running?", "无法连接 {host}：连接被拒绝；请确认服务器正在运行";
    RemoteNoSuchHost { host: &'a str } => "cannot reach {host}: no such host — check the address", "无法连接 {host}：找不到该主机；请检查地址";
    RemoteNoRoute { host: &'a str } => "cannot reach {host}: no network route to it — check the connection", "无法连接 {host}：网络不通；请检查网络连接";
    RemoteCut { host: &'a str } => "cannot reach {host}: the connection was cut — try again", "无法连接 {host}：连接已中断；请重试";
    RemoteCertificate { host: &'a str, detail: &'a str } => "the certificate of {host} is not trusted ({detail}); if this is your own server, set SSL_CERT_FILE to a file holding its certificate", "{host} 的证书不受信任（{detail}）；如果这是你自己的服务器，请把 SSL_CERT_FILE 设为存有其证书的文件";
    RemoteTimeout { host: &'a str } => "{host} did not answer in time; try again later", "{host} 没有及时回应；请稍后再试";
    RemoteBadUrl { url: &'a str } => "'{url}' is not an address closeout can use: give one starting with https:// (or http:// for this machine)", "「{url}」不是可用的地址：请给出以 https:// 开头的地址（本机可用 http://）";
    RemoteTrouble { host: &'a str, detail: &'a str } => "talking to {host} failed: {detail}", "与 {host} 通信失败：{detail}";
    RemoteAuth { url: &'a str, status: u16 } => "the server refused the user name or password for {url} ({status}): check --user and the password", "服务器拒绝了 {url} 的用户名或密码（{status}）：请检查 --user 和密码";
    RemoteAuthNoUser { url: &'a str, status: u16 } => "{url} wants a user name and password ({status}), and no --user was given: add --user NAME", "{url} 要求用户名和密码（{status}），但没有给出 --user：请加上 --user 用户名";
    RemoteNotFound { url: &'a str } => "there is no collection at {url} (404): check the address", "{url} 上没有这个集合（404）：请检查地址";
    RemoteNotCaldav { url: &'a str } => "{url} does not answer as a CalDAV server: give the address of a task list or of your CalDAV server", "{url} 没有以 CalDAV 服务器的方式回应：请给出任务列表或 CalDAV 服务器的地址";
    RemoteEventsOnly { url: &'a str } => "{url} is a calendar that takes only events, not to-dos: give the address of a task list", "{url} 是只接受日程、不接受待办的日历：请给出任务列表的地址";
    RemoteStatus { method: &'a str, url: &'a str, status: u16 } => "the server answered {status} to {method} {url}", "服务器对 {method} {url} 的回应是 {status}";
    RemotePlainHttp { url: &'a str } => "refusing to send a password over plain http:// to {url}: use https://, or a server on this machine", "拒绝通过不加密的 http:// 向 {url} 发送密码：请使用 https://，或本机上的服务器";
    RemotePasswordCommand { command: &'a str, detail: &'a str } => "the password command `{command}` failed: {detail}", "密码命令 `{command}` 失败：{detail}";
    RemotePasswordEmpty { command: &'a str } => "the password command `{command}` printed no password", "密码命令 `{command}` 没有输出密码";
    RemoteNoPassword { user: &'a str } => "no password for {user}: give --password-command, or set CLOSEOUT_CALDAV_PASSWORD, or run closeout on a terminal", "没有 {user} 的密码：请用 --password-command，或设置 CLOSEOUT_CALDAV_PASSWORD，或在终端中运行 closeout";
    RemotePasswordPrompt { user: &'a str, url: &'a str } => "password for {user} at {url}: ", "{url} 上 {user} 的密码：";
    RemoteTaskLists { url: &'a str, lists: &'a str } => "{url} is not a task list; task lists there: {lists}; give one of these addresses, or add --create to make one named closeout", "{url} 不是任务列表；那里的任务列表有：{lists}；请给出其中一个地址，或加上 --create 新建一个名为 closeout 的列表";
    RemoteNoTaskLists { url: &'a str } => "there is no task list at {url}; add --create to make one named closeout", "{url} 没有任务列表；加上 --create 可新建一个名为 closeout 的列表";
    RemoteAdded { name: &'a str, url: &'a str } => "remote '{name}' added: {url}", "已添加远程「{name}」：{url}";
    RemoteCreatedList { url: &'a str } => "created the task list {url}", "已新建任务列表 {url}";
    RemoteExistingList { url: &'a str } => "the task list {url} is there already: using it", "任务列表 {url} 已经存在，直接使用";
    RemoteRemoved { name: &'a str } => "remote '{name}' removed (the to-dos on the server stay)", "已移除远程「{name}」（服务器上的待办仍然保留）";
    RemoteExists { name: &'a str } => "there is a remote named '{name}' already: choose another name, or remove it first", "已有名为「{name}」的远程：请换一个名字，或先将其移除";
    RemoteUnknown { name: &'a str } => "no remote named '{name}': `closeout remote list` shows them", "没有名为「{name}」的远程：`closeout remote list` 可列出全部";
    RemoteBadName { name: &'a str } => "'{name}' cannot name a remote: use letters, digits, - and _", "「{name}」不能作为远程名称：请使用字母、数字、- 和 _";
    HeadRemote => "name", "名称";
    HeadUrl => "url", "地址";
    HeadUser => "user", "用户";
    HeadLastSync => "last sync", "上次同步";
    RemoteMovedCell { head: &'a str, value: &'a str } => "{head}: {value}", "{head}：{value}";
    RemoteNone => "no remotes yet: add one with `closeout remote add NAME URL`", "还没有远程任务列表：用 `closeout remote add 名称 地址` 添加";
    RemoteNever => "never", "从未";
    RemoteSynced { name: &'a str, pushed: usize, pulled: usize, deleted: usize } => "synced '{name}': {pushed} to-do(s) sent, {pulled} taken in, {deleted} deleted there", "已同步「{name}」：发送 {pushed} 条待办，接收 {pulled} 条，在远程删除 {deleted} 条";
    RemotePulledDone { title: &'a str, day: &'a str } => "from the remote: '{title}' done on {day}", "来自远程：「{title}」于 {day} 完成";
    RemotePulledReopened { title: &'a str } => "from the remote: '{title}' is pending again", "来自远程：「{title}」已恢复为待办";
    RemotePulledDue { title: &'a str, day: &'a str } => "from the remote: '{title}' due {day}", "来自远程：「{title}」到期日改为 {day}";
    RemotePulledNoDue { title: &'a str } => "from the remote: '{title}' has no due date", "来自远程：「{title}」的到期日已清除";
    RemotePulledSkipped { title: &'a str } => "from the remote: '{title}' was deleted there, so it is skipped", "来自远程：「{title}」已在远程删除，因此标记为已跳过";
    RemoteConflict { title: &'a str } => "'{title}' changed on the server while closeout wrote it; read it again and merged", "写入时「{title}」在服务器上被改动；已重新读取并合并";
    RemoteKeepsChanging { url: &'a str } => "{url} keeps changing while closeout writes it; run sync again", "写入期间 {url} 一直在被改动；请再同步一次";
    RemotePulledAdded { title: &'a str } => "from the remote: '{title}' added as a step", "来自远程：「{title}」已添加为步骤";
    RemotePulledCancelled { title: &'a str } => "from the remote: '{title}' was cancelled there, so it is skipped", "来自远程：「{title}」已在远程取消，因此标记为已跳过";
    RemotePulledCase { title: &'a str, steps: usize } => "from the remote: case '{title}' taken in with {steps} steps", "来自远程：已接收事项「{title}」，共 {steps} 个步骤";
    RemotePulledCaseDeleted { title: &'a str } => "from the remote: case '{title}' and all its to-dos were deleted there, so it is deleted here", "来自远程：事项「{title}」及其全部待办已在远程删除，本机也已随之删除";
    RemotePulledChanged { title: &'a str, what: &'a str } => "from the remote: '{title}' changed: {what}", "来自远程：「{title}」的{what}已修改";
    RemoteBothTookThere { title: &'a str, field: &'a str } => "'{title}': {field} changed here and there since the last sync; the change there is newer and wins", "「{title}」：上次同步后，{field}在本机和远程都改过；远程的改动较新，以远程为准";
    RemoteBothKeptHere { title: &'a str, field: &'a str } => "'{title}': {field} changed here and there since the last sync; the change here is newer and stays", "「{title}」：上次同步后，{field}在本机和远程都改过；本机的改动较新，以本机为准";
    RemoteLeftAlone { summary: &'a str } => "left alone: the to-do '{summary}' on the remote belongs to no case", "未处理：远程的待办「{summary}」不属于任何事项";
    RemotePulledDeparture { day: &'a str } => "from the remote: the departure is now {day}, as another device set it", "来自远程：出发日期已改为 {day}（在另一台设备上设定）";
    RemotePulledNoDeparture => "from the remote: the departure date was cleared on another device", "来自远程：出发日期已在另一台设备上清除";
    RemoteSyncFailedWhy { name: &'a str, why: &'a str } => "sync with '{name}' stopped; what it did so far is kept, and the next sync finishes the job: {why}", "与「{name}」的同步中断了；已完成的部分会保留，下次同步时会完成剩下的部分：{why}";
    RemoteSyncStoppedWhy { name: &'a str, why: &'a str } => "sync with '{name}' stopped before anything was sent or taken in: {why}", "与「{name}」的同步中断了，还没有发送或接收任何内容：{why}";
    RemoteSyncStopped { name: &'a str } => "sync with '{name}' stopped before anything was sent or taken in", "与「{name}」的同步中断了，还没有发送或接收任何内容";
    RemoteSyncFailed { name: &'a str } => "sync with '{name}' stopped; what was sent is kept, and the next sync finishes the job", "与「{name}」的同步中断了；已发送的内容会保留，下次同步时会完成剩下的部分";

    // Read back after a newcomer's trial.
    KnownProviders { names: &'a str } =>
        "providers it knows by name: {names}", "按名称识别的服务商：{names}";
    NoticeMovesNothing { id: i64 } =>
        "case #{id}: the notice is kept, but moves no date: this checklist's submit follows another step, not the deadline; give it a date with `closeout due {id} submit DATE`",
        "事项 #{id}：通知期已记下，但不会改动任何日期：这份清单的 submit 跟在另一个步骤之后，而不是按截止日期倒推；如需指定日期，可用 `closeout due {id} submit 日期`";
    // Taskwarrior import: what it did not take, and cases it closed or opened.
    ImportCaseClosed => "every step is finished: closed", "所有步骤都已完成，已关闭";
    ImportCaseReopened => "a step is pending again: open again", "有步骤重新变为待办，已重新打开";
    ImportNotTaken { id: i64, title: &'a str, position: i64, key: &'a str, what: &'a str } =>
        "not taken from Taskwarrior, for step {position} '{key}' of case #{id} {title}: {what}",
        "事项 #{id} {title} 的步骤 {position}「{key}」在 Taskwarrior 中的{what}没有导入";
    ImportTasksLeftOut { count: usize } =>
        "{count} task(s) belong to no case here and were left out; `import FILE --all-tasks` takes them too",
        "有 {count} 个任务不属于这里的任何事项，没有导入；如需一并导入，请用 `import FILE --all-tasks`";
    ImportTasksIgnored { count: usize } =>
        "{count} deleted task(s) that closeout never had were ignored",
        "忽略了 {count} 个 closeout 里从未有过的已删除任务";
    TwListSeparator => ", ", "、";
    TwProject => "project", "项目";
    TwStart => "start", "开始时间";
    TwPriority => "priority", "优先级";
    TwScheduled => "scheduled", "计划日期";
    TwWait => "wait", "等待日期";
    TwUntil => "until", "失效日期";
    TwDepends => "depends", "依赖关系";
    TwTags => "tags", "标签";

    // The command-line mistakes clap reports, said in the catalog (in English clap says them).
    UsageChoices { values: &'a str } => "possible values: {values}", "可选：{values}";
    UsageInvalidValue { arg: &'a str, value: &'a str, reason: &'a str } =>
        "invalid value '{value}' for {arg}: {reason}", "{arg} 的值「{value}」无效：{reason}";
    UsageUnknownArgument { arg: &'a str } => "unexpected argument '{arg}'", "未知参数「{arg}」";
    UsageUnknownCommand { name: &'a str } => "unrecognized subcommand '{name}'", "未知命令「{name}」";
    UsageMissing { arg: &'a str } => "missing argument: {arg}", "缺少参数：{arg}";
    UsageArgumentTwice { arg: &'a str } =>
        "the argument '{arg}' cannot be used multiple times", "参数「{arg}」只能使用一次";
    UsageArgumentConflict { arg: &'a str, prior: &'a str } =>
        "the argument '{arg}' cannot be used with '{prior}'", "参数「{arg}」不能与「{prior}」同时使用";
    UsageUnexpectedValue { arg: &'a str, value: &'a str } =>
        "unexpected value '{value}' for '{arg}'", "参数「{arg}」不接受值「{value}」";
    UsageValueRequired { arg: &'a str } =>
        "a value is required for {arg}", "{arg} 需要一个值";
    UsageNeedsCommand { command: &'a str } =>
        "`{command}` needs one of its commands; `{command} --help` lists them",
        "`{command}` 后面需要一个子命令；`{command} --help` 可列出可用的子命令";
    UsageSeeHelp { message: &'a str } =>
        "{message}; `closeout --help` shows the usage", "{message}；`closeout --help` 可查看用法";
    // Wording: what the Chinese review found still said in English or said awkwardly.
    RuleOnDeadline => "on the deadline", "截止日期当天";
    DefaultHolder => "your login name", "你的登录名";
    DefaultLang => "CLOSEOUT_LANG, else the locale", "CLOSEOUT_LANG，否则按系统的语言环境";
    EditFieldCleared { id: i64, field: &'a str, was: &'a str } =>
        "case #{id}: {field} cleared (was {was})", "事项 #{id}：{field}已清除（原为 {was}）";
    DueCleared { position: i64, key: &'a str, was: &'a str } =>
        "step {position} '{key}' has no due date now (was {was})", "步骤 {position}「{key}」的到期日已清除（原为 {was}）";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The names inside `{…}` placeholders, ignoring `{{` escapes and format specs.
    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut rest = text.replace("{{", "").replace("}}", "");
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            let inner = &rest[start + 1..start + end];
            found.insert(inner.split(':').next().unwrap_or_default().to_string());
            rest = rest[start + end + 1..].to_string();
        }
        found
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        let mut names = BTreeSet::new();
        for (name, en, zh) in CATALOG {
            assert!(names.insert(*name), "{name} twice");
            assert!(!en.trim().is_empty(), "{name}: no English");
            assert!(!zh.trim().is_empty(), "{name}: no Chinese");
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{name}: placeholders differ"
            );
            let chinese = zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "（）「」：；、，".contains(c));
            assert!(chinese, "{name}: the Chinese text is not Chinese: {zh}");
        }
    }

    #[test]
    fn a_message_renders_its_values_in_each_language() {
        let m = Msg::DaysLate { days: 3 };
        assert_eq!(m.text(Lang::En), "3 days late");
        assert_eq!(m.text(Lang::Zh), "逾期 3 天");
        let m = Msg::NoCaseMatches { word: "gym" };
        assert!(m.text(Lang::Zh).contains("「gym」"));
    }
}
