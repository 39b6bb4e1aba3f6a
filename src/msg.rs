//! Every sentence closeout says, in English and Simplified Chinese, side by side.
//!
//! A message is a variant of `Msg` with its two texts; the `catalog!` macro will not accept one
//! without the other, so a missing translation does not compile. The tests check that both texts
//! use the same placeholders. JSON output and exit codes never go through here.

use crate::i18n::Lang;
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
                    $( Msg::$name $( { $($field),* } )? => match lang {
                        Lang::En => format!($en),
                        Lang::Zh => format!($zh),
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
    FieldChannel => "channel", "方式";
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
        "还没有事项；添加一个：closeout add Proximus --deadline +3w";
    NoOpenCases => "no open cases; `closeout list --all` shows closed ones, `closeout add TITLE` starts one",
        "没有进行中的事项；`closeout list --all` 显示已关闭的，`closeout add 标题` 添加新的";
    NoChanges => "no changes recorded yet", "还没有任何更改记录";
    StartGuide => "No cancellations yet. Start one with its deadline:\n  closeout add Proximus --deadline 2026-12-20 --channel online\nThen `closeout pending` shows what to do next, and `closeout guide` explains the steps.",
        "还没有注销事项。添加一个并设定截止日期：\n  closeout add Proximus --deadline 2026-12-20 --channel online\n然后用 `closeout pending` 查看下一步，用 `closeout guide` 了解注销步骤。";

    // Dashboard and calendar.
    OpenCases => "Open cases", "进行中的注销事项";
    Overdue => "Overdue", "已逾期";
    DueToday => "Due today", "今天到期";
    TodayHeading => "Today", "今天";
    Soon => "Soon", "即将到期";
    NextDeadline { day: &'a str, case: i64, title: &'a str, when: &'a str } =>
        "Next deadline: {day} #{case} {title} ({when})", "下一个截止日期：{day} #{case} {title}（{when}）";
    CalendarLegend => "* steps due   ! overdue   D deadline", "* 有步骤到期   ! 已逾期   D 截止日期";
    CalendarDeadline { case: i64, title: &'a str } => "#{case} {title} deadline", "#{case} {title} 截止";
    CalendarMore { count: usize } => "{count} more", "另有 {count} 项";
    CaseDeadline => "Case deadline", "事项截止日期";
    MonthNames => "January February March April May June July August September October November December",
        "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月";
    MonthTitle { name: &'a str, year: i32 } => "{name} {year}", "{year}年{name}";
    WeekdayNames => "Mo Tu We Th Fr Sa Su", "一 二 三 四 五 六 日";
    DeadlineRow => "deadline", "截止";

    // What write commands say.
    CaseAdded { id: i64, title: &'a str, template: &'a str, steps: usize } =>
        "added case #{id} {title} ({template} template, {steps} steps)",
        "已添加事项 #{id} {title}（{template} 模板，{steps} 步）";
    StepMarked { position: i64, key: &'a str, status: &'a str } =>
        "step {position} '{key}' {status}", "步骤 {position}「{key}」{status}";
    StepDoneOn { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' done on {day}", "步骤 {position}「{key}」已于 {day} 完成";
    StepSkipped { position: i64, key: &'a str } =>
        "step {position} '{key}' skipped", "步骤 {position}「{key}」已跳过";
    StepAlready { position: i64, key: &'a str, status: &'a str, when: &'a str } =>
        "step {position} '{key}' is already {status}{when}; nothing changed",
        "步骤 {position}「{key}」已经是{status}{when}；未作更改";
    StepPendingAgain { position: i64, key: &'a str } =>
        "step {position} '{key}' is pending again", "步骤 {position}「{key}」已恢复为待办";
    CaseAutoClosed { id: i64, title: &'a str } =>
        "every step is finished: case #{id} {title} is closed", "所有步骤都已完成：事项 #{id} {title} 已关闭";
    CaseOpenAgain { id: i64, title: &'a str } => "case #{id} {title} is open again", "事项 #{id} {title} 已重新打开";
    CaseAlreadyOpen { id: i64, title: &'a str } =>
        "case #{id} {title} is already open; nothing changed", "事项 #{id} {title} 已经是进行中；未作更改";
    CaseAlreadyClosed { id: i64, title: &'a str } =>
        "case #{id} {title} is already closed; nothing changed", "事项 #{id} {title} 已经关闭；未作更改";
    CaseClosed { id: i64, title: &'a str } => "case #{id} {title} is closed", "事项 #{id} {title} 已关闭";
    CaseDeleted { id: i64, title: &'a str } => "case #{id} {title} deleted", "事项 #{id} {title} 已删除";
    StepDue { position: i64, key: &'a str, day: &'a str } =>
        "step {position} '{key}' is due {day}", "步骤 {position}「{key}」的到期日为 {day}";
    StepNoDue { position: i64, key: &'a str } =>
        "step {position} '{key}' has no due date now", "步骤 {position}「{key}」现在没有到期日";
    NoteAddedStep { position: i64, key: &'a str } =>
        "note added to step {position} '{key}'", "已为步骤 {position}「{key}」添加备注";
    NoteAddedCase { id: i64 } => "note added to case #{id}", "已为事项 #{id} 添加备注";
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
    CaseAmbiguous { word: &'a str, count: usize, names: &'a str } =>
        "'{word}' matches {count} cases: {names}; use the case id",
        "「{word}」匹配到 {count} 个事项：{names}；请使用事项编号";
    NoStep { id: i64, word: &'a str, count: usize, keys: &'a str } =>
        "case #{id} has no step '{word}'; its steps are 1..{count}: {keys}",
        "事项 #{id} 没有步骤「{word}」；它的步骤是 1..{count}：{keys}";
    StepAmbiguous { word: &'a str, keys: &'a str } =>
        "'{word}' could be {keys}; type more of the key", "「{word}」可能是 {keys}；请多输入几个字母";
    Or => " or ", " 或 ";
    CaseVanished { id: i64 } => "case #{id} disappeared while it was being changed; try again",
        "事项 #{id} 在修改过程中消失了；请重试";
    CloseRefused { id: i64, count: usize, keys: &'a str } =>
        "case #{id} still has {count} pending step(s): {keys}; finish or skip them, or use --force",
        "事项 #{id} 还有 {count} 个待办步骤：{keys}；请完成或跳过它们，或使用 --force";
    DeleteUnconfirmed { id: i64, title: &'a str, steps: usize } =>
        "this deletes case #{id} {title} and its {steps} steps; add --yes to confirm",
        "这将删除事项 #{id} {title} 及其 {steps} 个步骤；加上 --yes 以确认";

    NotPrinted { error: &'a str } => "cannot print the output ({error}); nothing was changed",
        "无法输出结果（{error}）；未作任何更改";
    SavedNotPrinted { error: &'a str } => "done and saved, but the output could not be printed: {error}",
        "已完成并保存，但无法输出结果：{error}";
    CannotPrint { error: &'a str } => "cannot print the output: {error}", "无法输出结果：{error}";

    NothingToSnooze { position: i64, key: &'a str, status: &'a str, id: i64 } =>
        "step {position} '{key}' is {status}, so there is nothing to snooze; `closeout reopen {id} {key}` makes it pending again",
        "步骤 {position}「{key}」{status}，无需推迟；`closeout reopen {id} {key}` 可恢复为待办";
    PastCalendarEnd { from: &'a str, by: &'a str } =>
        "{from} plus {by} is past the end of the calendar", "{from} 加上 {by} 超出了日历范围";
    Snoozed { position: i64, key: &'a str, due: &'a str, was: &'a str } =>
        "step {position} '{key}' snoozed to {due} (was {was})", "步骤 {position}「{key}」推迟到 {due}（原为 {was}）";
    NoDate => "no date", "无日期";
    WithinTooFar { within: &'a str } =>
        "--within {within} reaches past the end of the calendar", "--within {within} 超出了日历范围";

    EditField { id: i64, field: &'a str, value: &'a str, was: &'a str } =>
        "case #{id}: {field} {value} (was {was})", "事项 #{id}：{field} 改为 {value}（原为 {was}）";
    EditNote { id: i64 } => "case #{id}: note added", "事项 #{id}：已添加备注";
    EditNothing { id: i64, title: &'a str } =>
        "case #{id} {title} already has these values; nothing changed", "事项 #{id} {title} 已经是这些值；未作更改";
    NewHow { position: i64, key: &'a str } =>
        "step {position} '{key}' has a new how-to", "步骤 {position}「{key}」的说明已更新";
    DueMoved { position: i64, key: &'a str, due: &'a str, was: &'a str } =>
        "step {position} '{key}' due {due} (was {was})", "步骤 {position}「{key}」到期日改为 {due}（原为 {was}）";
    DueKept { position: i64, key: &'a str, due: &'a str } =>
        "step {position} '{key}' keeps its date set by hand, {due}", "步骤 {position}「{key}」保留手动设置的日期 {due}";
    EmptyNewTitle => "the new title is empty; say what is being cancelled", "新标题为空；请写明要注销什么";
    EmptyHolder => "the new holder is empty; give a name", "新的持有人为空；请给出姓名";

    // Usage errors (exit 2).
    EmptyTitle => "the title is empty; say what is being cancelled, e.g. `closeout add Proximus`",
        "标题为空；请写明要注销什么，例如 `closeout add Proximus`";
    OutsideCalendar { value: &'a str } => "the date '{value}' is outside the calendar", "日期「{value}」超出了日历范围";
    NoteWords => "use `closeout note CASE TEXT` or `closeout note CASE STEP TEXT` (quote the text)",
        "用法：`closeout note 事项 文字` 或 `closeout note 事项 步骤 文字`（文字请加引号）";
    EmptyNote => "the note is empty; nothing to add", "备注为空；没有可添加的内容";
    NotADate { input: &'a str, reason: &'a str, forms: &'a str } =>
        "'{input}' is not a date{reason}; use {forms}", "「{input}」不是日期{reason}；可用格式：{forms}";
    NoSuchDay => " (no such day in the calendar)", "（日历上没有这一天）";
    NotADuration { input: &'a str, reason: &'a str, forms: &'a str } =>
        "'{input}' is not a duration{reason}; use {forms}", "「{input}」不是时长{reason}；可用格式：{forms}";
    SpanForms => "a number of days or weeks such as 3d, 2w or 0d", "天数或周数，例如 3d、2w 或 0d";
    SpanNegative => " (it cannot be negative)", "（不能为负数）";
    SpanTooLong => " (at most 100 years)", "（最长 100 年）";
    NorNone => " (nor 'none')", "（也不是 none）";
    NotAChannel { input: &'a str } => "'{input}' is not a channel; use online, phone or shop",
        "「{input}」不是办理方式；可用 online（网上）、phone（电话）或 shop（门店）";
    NotAMonth { input: &'a str } => "'{input}' is not a month; use YYYY-MM, a month number 1-12, or next",
        "「{input}」不是月份；可用 YYYY-MM、1-12 的月份数字或 next";
    NotATopic { input: &'a str } => "no guide topic '{input}'; topics: why, steps, operators, faq",
        "没有指南主题「{input}」；可选主题：why、steps、operators、faq";
    NotALanguage { input: &'a str } => "'{input}' is not a language; use en or zh", "「{input}」不是语言；可用 en 或 zh";
    MonthOutside => "that month is outside the calendar", "该月份超出了日历范围";
    BadClock { value: &'a str } =>
        "CLOSEOUT_NOW='{value}' is not a time; use RFC 3339 (2026-11-30T09:00:00+01:00) or YYYY-MM-DD",
        "CLOSEOUT_NOW='{value}' 不是时间；请用 RFC 3339（2026-11-30T09:00:00+01:00）或 YYYY-MM-DD";
    NeedTitle => "add needs a TITLE (e.g. `closeout add Proximus`); it asks for one only on a terminal",
        "add 需要一个标题（例如 `closeout add Proximus`）；只有在终端上才会询问";
    NoAnswer => "no answer; nothing was added", "没有回答；未添加任何内容";

    // Questions of `add` without a title.
    AskTitle => "What are you cancelling (e.g. Proximus)", "要注销什么（例如 Proximus）";
    AskProvider => "Provider", "服务商";
    AskChannel => "Channel: online, phone or shop", "方式：online（网上）、phone（电话）或 shop（门店）";
    AskDeadline => "Deadline (e.g. 2026-12-20, +3w, friday)", "截止日期（例如 2026-12-20、+3w、12月20日）";
    AskNumber => "Phone, customer or contract number", "号码或合同号";

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
    LogStepDone { key: &'a str, day: &'a str } => "step '{key}' done on {day}", "步骤「{key}」于 {day} 完成";
    LogStepSkipped { key: &'a str } => "step '{key}' skipped", "步骤「{key}」已跳过";
    LogStepReopened { key: &'a str } => "step '{key}' reopened", "步骤「{key}」已恢复为待办";
    LogStepSnoozed { key: &'a str, due: &'a str, was: &'a str } =>
        "step '{key}' snoozed to {due} (was {was})", "步骤「{key}」推迟到 {due}（原为 {was}）";
    LogStepDue { key: &'a str, due: &'a str, was: &'a str } =>
        "step '{key}' due {due} (was {was})", "步骤「{key}」到期日改为 {due}（原为 {was}）";
    LogStepNote { key: &'a str } => "step '{key}' note added", "为步骤「{key}」添加了备注";
    LogStepHow { key: &'a str } => "step '{key}' how-to updated", "步骤「{key}」的说明已更新";
    LogCaseEdited { changes: &'a str } => "case edited: {changes}", "修改事项：{changes}";
    LogFieldChange { field: &'a str, value: &'a str, was: &'a str } =>
        "{field} {value} (was {was})", "{field} 改为 {value}（原为 {was}）";
    LogNoteAdded => "note added", "添加了备注";
    LogNone => "none", "无";
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
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "（）「」：；".contains(c));
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
