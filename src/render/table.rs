//! Aligned plain-text tables, measured by display width so that Chinese text keeps columns straight.

use comfy_table::{CellAlignment, ContentArrangement, Table as Comfy, presets};

pub struct Table {
    inner: Comfy,
}

impl Table {
    /// A borderless table with two spaces between columns; `right` lists the columns whose
    /// cells align right (numbers).
    pub fn new(header: &[&str], right: &[usize]) -> Table {
        let mut inner = Comfy::new();
        inner
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(header.to_vec());
        for (i, column) in inner.column_iter_mut().enumerate() {
            column.set_padding((0, 2));
            if right.contains(&i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        Table { inner }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.inner.add_row(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The lines of the table, header first, without trailing spaces.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.inner.lines().map(|l| l.trim_end().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn columns_align_by_display_width() {
        let mut t = Table::new(&["id", "title", "due"], &[0]);
        t.row(vec!["1".into(), "Proximus".into(), "2026-12-01".into()]);
        t.row(vec!["12".into(), "注销手机卡".into(), "2026-12-02".into()]);
        let lines: Vec<String> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        let due_col: Vec<usize> = lines
            .iter()
            .map(|l| {
                let at = l
                    .find("due")
                    .or_else(|| l.find("2026-"))
                    .expect("due column");
                l[..at].width()
            })
            .collect();
        assert!(due_col.windows(2).all(|w| w[0] == w[1]), "{lines:#?}");
        assert!(lines[2].starts_with("12"), "{lines:#?}");
        assert!(lines[1].starts_with(" 1"), "right-aligned id: {lines:#?}");
    }
}
