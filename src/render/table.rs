//! Aligned plain-text tables, measured by display width so that Chinese text keeps columns straight.
//!
//! Column widths depend on every row, so a table must see all its rows before it prints one. To keep
//! a 100,000-row table small in memory, each distinct cell text is stored once (an id, a title, a
//! date repeat across rows) and a row is only a list of small indexes into those texts.

use super::inert::inert;
use super::{Tone, View};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Spaces between columns.
const GAP: usize = 2;

/// FNV-1a over a cell's bytes: cell texts are short and not chosen by an adversary.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Passes a precomputed hash through: the map's keys already are hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// FxHash's step, for map keys made of closeout's own small numbers (ids, positions): SipHash
/// guards against keys an adversary chooses, and costs several times more.
#[derive(Default)]
pub struct Mixed(u64);

impl Mixed {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Mixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n.cast_unsigned());
    }
}

/// A map keyed by closeout's own small numbers (see `Mixed`).
pub type NumberMap<K, V> = HashMap<K, V, BuildHasherDefault<Mixed>>;

/// Display width as printed: of the text shown inert (see `inert`), with a fast path for
/// printable ASCII (most cells: ids, dates, keys, Latin titles).
pub fn width(text: &str) -> usize {
    super::inert::width(text)
}

fn pad(line: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        line.push_str(&SPACES[..take]);
        left -= take;
    }
}

/// Column widths and the way a row is laid out in them: rows are measured first (`measure`), then
/// laid out with `line` once every width is known.
pub struct Columns {
    header: Vec<String>,
    right: Vec<bool>,
    widths: Vec<usize>,
    /// The widths the cells asked for, before `fit`.
    natural: Vec<usize>,
    /// Columns that give up width when the table must fit a narrow terminal (titles).
    flexible: Vec<usize>,
    /// Columns left out, in this order, when cutting the flexible ones is not enough.
    droppable: Vec<usize>,
    /// Columns never cut (dates, numbers): a cut date or number would be wrong, not short.
    fixed: Vec<usize>,
    /// Whether each column is printed (false once dropped to fit).
    shown: Vec<bool>,
}

/// The narrowest a flexible column is cut to before a droppable column is left out: a title cut
/// shorter than this says too little to be worth the columns it keeps.
const COMFORTABLE: usize = 12;

/// The narrowest a flexible column is cut to once every droppable column is left out.
const MIN_FLEXIBLE: usize = 6;

/// The narrowest any other cuttable column is cut to, when nothing else is left to give.
const MIN_LAST_RESORT: usize = 2;

/// `text` cut to `max` display columns with a final `…`, never through a wide character.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        cut.push(c);
        used += w;
    }
    if max > 0 {
        cut.push('…');
    }
    cut.into()
}

impl Columns {
    /// `right` lists the columns whose cells align right (numbers).
    pub fn new<S: AsRef<str>>(header: &[S], right: &[usize]) -> Columns {
        Columns {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            right: (0..header.len()).map(|i| right.contains(&i)).collect(),
            widths: header.iter().map(|h| width(h.as_ref())).collect(),
            natural: header.iter().map(|h| width(h.as_ref())).collect(),
            flexible: Vec::new(),
            droppable: Vec::new(),
            fixed: Vec::new(),
            shown: vec![true; header.len()],
        }
    }

    /// Names the columns that may be cut to fit a width (titles).
    pub fn flexible(mut self, columns: &[usize]) -> Columns {
        self.flexible = columns.to_vec();
        self
    }

    /// Names the columns that may be left out to fit a width, the first to go first.
    pub fn droppable(mut self, columns: &[usize]) -> Columns {
        self.droppable = columns.to_vec();
        self
    }

    /// Names the columns that are never cut (dates, numbers).
    pub fn fixed(mut self, columns: &[usize]) -> Columns {
        self.fixed = columns.to_vec();
        self
    }

    /// Whether `column` is printed: false once it was left out to fit.
    pub fn shown(&self, column: usize) -> bool {
        self.shown.get(column).copied().unwrap_or(false)
    }

    fn total(&self) -> usize {
        let shown = self.shown.iter().filter(|s| **s).count();
        let cells: usize = (self.widths.iter().zip(&self.shown))
            .filter(|(_, s)| **s)
            .map(|(w, _)| *w)
            .sum();
        cells + GAP * shown.saturating_sub(1)
    }

    /// Fits the table into `max` columns: first the flexible columns (titles) give up width,
    /// widest first, down to a comfortable width; if that is not enough, the droppable columns
    /// are left out one by one (the titles get their width back each time); then the titles go
    /// down to their minimum; as a last resort any column that is not fixed is cut too. Cells
    /// wider than their column are then cut with `…`. Fitting again to the same width changes
    /// nothing.
    pub fn fit(&mut self, max: Option<usize>) {
        let Some(max) = max else { return };
        for dropped in 0..=self.droppable.len() {
            self.widths.clone_from(&self.natural);
            for (col, shown) in self.shown.iter_mut().enumerate() {
                *shown = !self.droppable[..dropped].contains(&col);
            }
            let flexible = self.flexible.clone();
            self.narrow(&flexible, COMFORTABLE, max);
            if self.total() <= max {
                return;
            }
        }
        let flexible = self.flexible.clone();
        self.narrow(&flexible, MIN_FLEXIBLE, max);
        let cuttable: Vec<usize> = (0..self.widths.len())
            .filter(|c| !self.fixed.contains(c) && self.shown[*c])
            .collect();
        self.narrow(&cuttable, MIN_LAST_RESORT, max);
    }

    /// Narrows `columns`, widest first, until the table fits `max` or they are all at `min`.
    fn narrow(&mut self, columns: &[usize], min: usize, max: usize) {
        let mut over = self.total().saturating_sub(max);
        let shown: Vec<usize> = columns.iter().copied().filter(|&c| self.shown(c)).collect();
        while over > 0 {
            let widest = shown
                .iter()
                .copied()
                .filter(|&c| self.widths.get(c).is_some_and(|w| *w > min))
                .max_by_key(|&c| self.widths[c]);
            let Some(col) = widest else { break };
            let second = shown
                .iter()
                .filter(|&&c| c != col)
                .map(|&c| self.widths.get(c).copied().unwrap_or(0))
                .max()
                .unwrap_or(0)
                .max(min);
            let cut = over.min(self.widths[col].saturating_sub(second)).max(1);
            self.widths[col] -= cut;
            over -= cut;
        }
    }

    /// Widens the columns to fit a row; missing cells are empty, extra cells are ignored.
    pub fn measure<S: AsRef<str>>(&mut self, cells: &[S]) {
        for (col, cell) in cells.iter().enumerate() {
            self.widen(col, width(cell.as_ref()));
        }
    }

    /// Widens the columns to fit cells of these display widths.
    pub fn measure_widths(&mut self, widths: &[usize]) {
        for (col, w) in widths.iter().enumerate() {
            self.widen(col, *w);
        }
    }

    /// Widens `col` to at least `w`; a column that does not exist is ignored.
    fn widen(&mut self, col: usize, w: usize) {
        if let (Some(natural), Some(shown)) = (self.natural.get_mut(col), self.widths.get_mut(col))
        {
            *natural = (*natural).max(w);
            *shown = (*shown).max(w);
        }
    }

    pub fn header_line(&self) -> String {
        self.layout(self.header.iter().map(|h| (h.as_str(), width(h))))
    }

    /// A row laid out in the measured widths, without trailing spaces.
    pub fn line<S: AsRef<str>>(&self, cells: &[S]) -> String {
        self.layout(cells.iter().map(|c| (c.as_ref(), width(c.as_ref()))))
    }

    /// A row of texts whose display widths are known (see `Texts`), laid out like `line`.
    pub fn line_measured<'a>(&self, cells: impl Iterator<Item = (&'a str, usize)>) -> String {
        self.layout(cells)
    }

    fn layout<'a>(&self, cells: impl Iterator<Item = (&'a str, usize)>) -> String {
        let mut line = String::with_capacity(self.widths.iter().sum::<usize>() + 16);
        self.lay_out(&mut line, cells, true);
        line
    }

    /// `line_measured` into `line` (cleared first), for texts that are already shown inert: those
    /// `Texts` keeps, and closeout's own numbers, dates and words. A table of many rows reuses one
    /// line and checks each distinct text once instead of each cell.
    pub fn line_of_inert_into<'a>(
        &self,
        line: &mut String,
        cells: impl Iterator<Item = (&'a str, usize)>,
    ) {
        line.clear();
        self.lay_out(line, cells, false);
    }

    fn lay_out<'a>(
        &self,
        line: &mut String,
        cells: impl Iterator<Item = (&'a str, usize)>,
        make_inert: bool,
    ) {
        let mut first = true;
        for (col, (text, text_width)) in cells.enumerate().take(self.widths.len()) {
            if !self.shown[col] {
                continue;
            }
            if !first {
                pad(line, GAP);
            }
            first = false;
            // Every cell is shown inert: a control character can neither reach the terminal nor
            // break a line or a column. `text_width` is already the width of this form.
            let text = if make_inert { inert(text) } else { text.into() };
            let text = text.as_ref();
            let (text, text_width) = if text_width > self.widths[col] {
                let cut = truncate(text, self.widths[col]);
                let w = width(&cut);
                (cut, w)
            } else {
                (text.into(), text_width)
            };
            let room = self.widths[col].saturating_sub(text_width);
            if self.right[col] {
                pad(line, room);
                line.push_str(&text);
            } else {
                line.push_str(&text);
                pad(line, room);
            }
        }
        line.truncate(line.trim_end().len());
    }
}

/// Distinct texts stored once, back to back in one string, each known by a small id with its
/// display width: what keeps a table of 100,000 rows within a few megabytes.
#[derive(Default)]
pub struct Texts {
    /// Every distinct text, back to back.
    arena: String,
    /// Start, length and display width of each distinct text in `arena`.
    spans: Vec<[u32; 3]>,
    /// Text hash to text id; on the rare collision the newer text is simply not shared.
    ids: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
}

impl Texts {
    /// The id of `text` as shown (inert), storing it if it is new.
    pub fn intern(&mut self, text: &str) -> u32 {
        // A text seen before that needs nothing made inert (nearly all) is found as it is: the
        // stored form is inert, so equal to it means inert already.
        let hash = fnv(text);
        if let Some(id) = self
            .ids
            .get(&hash)
            .copied()
            .filter(|&id| self.get(id).0 == text)
        {
            return id;
        }
        let text = &*inert(text);
        let hash = fnv(text);
        let known = self.ids.get(&hash).copied();
        if let Some(id) = known.filter(|&id| self.get(id).0 == text) {
            return id;
        }
        let id = self.push(text);
        if known.is_none() {
            self.ids.insert(hash, id);
        }
        id
    }

    /// Stores `text` as shown (inert) without looking for an equal one: for texts that seldom
    /// repeat, where the lookup would cost more memory than it saves.
    pub fn push(&mut self, text: &str) -> u32 {
        let text = &*inert(text);
        let id = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        let start = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let text_width = u32::try_from(width(text)).unwrap_or(u32::MAX);
        self.arena.push_str(text);
        self.spans.push([start, len, text_width]);
        id
    }

    /// A stored text and its display width.
    pub fn get(&self, id: u32) -> (&str, usize) {
        let [start, len, width] = self.spans[id as usize];
        let start = start as usize;
        (&self.arena[start..start + len as usize], width as usize)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// A table that keeps its rows until printed: each distinct cell text is stored once, in one
/// string, and a row is a list of small indexes.
pub struct Table {
    columns: Columns,
    texts: Texts,
    /// Row-major cell text ids, one per column per row.
    cells: Vec<u32>,
    /// How each row is coloured.
    tones: Vec<Tone>,
    /// Columns whose texts seldom repeat (ids, titles): stored without looking for an equal
    /// text, whose lookup table would take more memory than sharing saves.
    unique: Vec<usize>,
}

impl Table {
    /// A borderless table; `right` lists the columns whose cells align right (numbers).
    pub fn new<S: AsRef<str>>(header: &[S], right: &[usize]) -> Table {
        Table {
            columns: Columns::new(header, right),
            texts: Texts::default(),
            cells: Vec::new(),
            tones: Vec::new(),
            unique: Vec::new(),
        }
    }

    /// Names the columns whose texts are seldom the same from row to row (ids, titles).
    pub fn unique(mut self, columns: &[usize]) -> Table {
        self.unique = columns.to_vec();
        self
    }

    /// Names the columns that may be cut to fit a narrow terminal.
    pub fn flexible(mut self, columns: &[usize]) -> Table {
        self.columns = self.columns.flexible(columns);
        self
    }

    /// Names the columns that may be left out to fit, the first to go first.
    pub fn droppable(mut self, columns: &[usize]) -> Table {
        self.columns = self.columns.droppable(columns);
        self
    }

    /// Names the columns that are never cut (dates, numbers).
    pub fn fixed(mut self, columns: &[usize]) -> Table {
        self.columns = self.columns.fixed(columns);
        self
    }

    /// Fits the table to `width` less the indent its lines get (see `Columns::fit`).
    pub fn fit(&mut self, width: Option<usize>, indent: &str) {
        self.columns
            .fit(width.map(|w| w.saturating_sub(super::table::width(indent))));
    }

    /// Whether `column` is printed: false once `fit` left it out.
    pub fn shown(&self, column: usize) -> bool {
        self.columns.shown(column)
    }

    /// Adds a row coloured with `tone`.
    pub fn row_toned<S: AsRef<str>>(&mut self, cells: &[S], tone: Tone) {
        self.row(cells);
        if let Some(last) = self.tones.last_mut() {
            *last = tone;
        }
    }

    fn columns_count(&self) -> usize {
        self.columns.widths.len().max(1)
    }

    /// Adds a row; missing cells are empty, extra cells are ignored.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        for col in 0..self.columns.widths.len() {
            let text = cells.get(col).map_or("", |c| c.as_ref());
            let id = if self.unique.contains(&col) {
                self.texts.push(text)
            } else {
                self.texts.intern(text)
            };
            let width = self.texts.get(id).1;
            self.columns.widen(col, width);
            self.cells.push(id);
        }
        self.tones.push(Tone::Plain);
    }

    fn text(&self, id: u32) -> (&str, usize) {
        self.texts.get(id)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn len(&self) -> usize {
        self.cells.len() / self.columns_count()
    }

    /// The header line, then one line per row, without trailing spaces.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        let rows = self
            .cells
            .chunks(self.columns_count())
            .map(|row| self.columns.layout(row.iter().map(|&id| self.text(id))));
        std::iter::once(self.columns.header_line()).chain(rows)
    }

    /// Fits the table to the view's width, then writes the rows coloured by their tone (and the
    /// header first unless `header` is false), each line after `indent`.
    pub fn write(
        self,
        out: &mut dyn std::io::Write,
        view: &View,
        header: bool,
        indent: &str,
    ) -> std::io::Result<()> {
        self.write_rows(out, view, header, indent, |out, _, line| {
            writeln!(out, "{line}")
        })
    }

    /// Like `write`, but each row's finished line is handed to `row` with the row's index, to
    /// write it with whatever goes before or after it (a heading, the lines under a step). The
    /// header line, when written, is written as it is.
    pub fn write_rows(
        mut self,
        out: &mut dyn std::io::Write,
        view: &View,
        header: bool,
        indent: &str,
        mut row: impl FnMut(&mut dyn std::io::Write, usize, &str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.fit(view.width, indent);
        for (i, line) in self.lines().enumerate() {
            if i == 0 {
                if header {
                    writeln!(out, "{indent}{line}")?;
                }
                continue;
            }
            let line = format!("{indent}{}", view.paint(self.tones[i - 1], &line));
            row(out, i - 1, &line)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_text_interned_again_is_the_same_and_shown_inert_either_way() {
        let mut texts = Texts::default();
        let plain = texts.intern("Unbind services");
        assert_eq!(texts.intern("Unbind services"), plain);
        let odd = texts.intern("bell\x07here");
        assert_eq!(texts.intern("bell\x07here"), odd);
        assert_ne!(odd, plain);
        assert_eq!(texts.get(odd).0, inert("bell\x07here"));
        assert_ne!(texts.get(odd).0, "bell\x07here");
    }

    #[test]
    fn inert_cells_lay_out_as_any_cells_do() {
        let mut columns = Columns::new(&["a".to_string(), "b".to_string()], &[0]);
        columns.measure_widths(&[3, 5]);
        columns.fit(None);
        let mut line = String::from("old");
        columns.line_of_inert_into(&mut line, [("7", 1), ("x", 1)].into_iter());
        assert_eq!(line, columns.line(&["7", "x"]));
    }

    /// The display column where `needle` starts.
    fn column(line: &str, needle: &str) -> usize {
        let at = line.find(needle).expect("needle");
        line[..at].width()
    }

    #[test]
    fn columns_align_by_display_width() {
        let mut t = Table::new(&["id", "title", "due"], &[0]);
        t.row(&["1", "Proximus", "2026-12-01"]);
        t.row(&["12", "注销手机卡", "2026-12-02"]);
        t.row(&["3", "emoji 📱", "2026-12-03"]);
        let lines: Vec<String> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        let due: Vec<usize> = lines[1..].iter().map(|l| column(l, "2026-")).collect();
        assert!(due.iter().all(|c| *c == due[0]), "{lines:#?}");
        assert_eq!(column(&lines[0], "due"), due[0], "{lines:#?}");
        assert!(
            lines[1].starts_with(" 1  Proximus"),
            "right-aligned id: {lines:#?}"
        );
        assert!(lines[2].starts_with("12  注销手机卡"), "{lines:#?}");
    }

    #[test]
    fn no_trailing_spaces_and_missing_cells_are_empty() {
        let mut t = Table::new(&["a", "b", "c"], &[]);
        t.row(&["x"]);
        t.row(&["longer", "y", ""]);
        let lines: Vec<String> = t.lines().collect();
        assert_eq!(lines, ["a       b  c", "x", "longer  y"]);
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn columns_measured_first_lay_out_rows_like_a_table() {
        let rows = [
            ["1", "Proximus", "2026-12-01"],
            ["12", "注销手机卡", "2026-12-02"],
        ];
        let mut columns = Columns::new(&["id", "title", "due"], &[0]);
        let mut table = Table::new(&["id", "title", "due"], &[0]);
        for row in &rows {
            columns.measure(row);
            table.row(row);
        }
        let streamed: Vec<String> = std::iter::once(columns.header_line())
            .chain(rows.iter().map(|r| columns.line(r)))
            .collect();
        assert_eq!(streamed, table.lines().collect::<Vec<_>>());
    }

    #[test]
    fn truncation_counts_display_width_and_never_splits_a_character() {
        assert_eq!(truncate("Proximus", 8), "Proximus");
        assert_eq!(truncate("Proximus SIM", 8), "Proximu…");
        // Each Chinese character is two columns: 3 fit before the ellipsis in 8, not 3.5.
        assert_eq!(truncate("注销比利时手机卡", 8), "注销比…");
        assert_eq!(width(&truncate("注销比利时手机卡", 8)), 7);
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fitting_narrows_the_widest_flexible_column_first() {
        let mut c = Columns::new(&["id", "title", "note"], &[]).flexible(&[1, 2]);
        c.measure(&["1", "a very long title indeed", "short note"]);
        assert_eq!(c.widths, [2, 24, 10]);
        c.fit(Some(30));
        assert_eq!(c.total(), 30);
        assert_eq!(c.widths, [2, 14, 10]);
        c.fit(Some(18));
        assert_eq!(c.widths, [2, 6, 6], "both at their minimum, and it fits");
        let line = c.line(&["1", "a very long title indeed", "short note"]);
        assert_eq!(line, "1   a ver…  short…");
        c.fit(None);
        assert_eq!(c.widths, [2, 6, 6]);
    }

    #[test]
    fn columns_are_left_out_when_cutting_titles_is_not_enough() {
        let header = ["id", "title", "due", "deadline"];
        let row = [
            "12",
            "Telenet internet and television",
            "2026-12-01",
            "2026-12-20",
        ];
        let mut c = Columns::new(&header, &[0])
            .flexible(&[1])
            .droppable(&[3])
            .fixed(&[0, 2, 3]);
        c.measure(&row);
        c.fit(Some(40));
        assert!(c.shown(3), "it fits with the title cut");
        assert_eq!(c.line(&row), "12  Telenet int…  2026-12-01  2026-12-20");
        c.fit(Some(30));
        assert!(!c.shown(3));
        assert_eq!(c.line(&row), "12  Telenet inter…  2026-12-01");
        assert_eq!(c.header_line(), "id  title           due");
        c.fit(Some(30));
        assert_eq!(
            c.line(&row),
            "12  Telenet inter…  2026-12-01",
            "fitting twice"
        );
        // Nothing left to drop: the title goes down to the last-resort minimum, dates stay.
        c.fit(Some(20));
        assert_eq!(c.line(&row), "12  Tel…  2026-12-01");
        assert_eq!(width(&c.line(&row)), 20);
    }

    #[test]
    fn texts_of_unique_columns_are_stored_without_lookup() {
        let mut t = Table::new(&["id", "due"], &[0]).unique(&[0]);
        for id in 0..1000 {
            t.row(&[id.to_string().as_str(), "2026-12-01"]);
        }
        t.row(&["7", "2026-12-01"]);
        assert_eq!(t.texts.len(), 1002);
        assert_eq!(t.texts.ids.len(), 1, "only the dates are looked up");
        let lines: Vec<String> = t.lines().collect();
        assert_eq!(lines[1001], "  7  2026-12-01");
        assert_eq!(lines[8], "  7  2026-12-01");
    }

    #[test]
    fn repeated_texts_are_stored_once() {
        let mut t = Table::new(&["title", "due"], &[]);
        for _ in 0..1000 {
            t.row(&["Proximus", "2026-12-01"]);
        }
        assert_eq!(t.texts.len(), 2);
        assert_eq!(t.len(), 1000);
    }
}
