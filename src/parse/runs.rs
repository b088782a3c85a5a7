//! Which numbering run each footnote reference is to.
//!
//! In: the [`Parsed`] document, its footnotes numbered in runs (a report
//! whose numbering restarts per chapter has one run per chapter). Out: the
//! same document with `footnote_run` set on every element that cites
//! footnotes, so that a reference `n` names exactly one footnote: the one
//! with `number` n in that run.
//!
//! When a number exists in one run only, that run is the answer. Otherwise
//! two things settle it, in order:
//! 1. **The page.** A note printed at the foot of the page that cites it (or
//!    of the next page, where a note carries over) is the one meant.
//! 2. **Reading order.** Elements are visited in reading order; the run
//!    stays where it is while numbers keep rising in it, and moves to the
//!    next run that has the number when a number comes round again (chapter
//!    endnotes, where the notes are not beside their marks).
//!
//! Then every reference is checked against the footnotes: a mark that names
//! no footnote of its run (a superscript figure read as a mark, or a note
//! whose body was not found) is dropped from `footnote_refs`, with an
//! `unresolved_footnote_ref` warning on its page, so a stray digit never
//! makes the whole record fail validation.

use super::assemble::Parsed;
use crate::record::{Block, Section, Warning, WarningCode};
use std::collections::{BTreeMap, HashSet};

/// Set `footnote_run` on every citing element of `parsed`, then drop the
/// references that name no footnote (with a warning each).
pub fn link(parsed: &mut Parsed) {
    assign(parsed);
    drop_unresolved(parsed);
}

/// Set `footnote_run` on every citing element of `parsed`.
fn assign(parsed: &mut Parsed) {
    let mut notes: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
    for f in &parsed.footnotes {
        notes.entry(f.number).or_default().push((f.run, f.page));
    }
    if !notes.values().any(|runs| runs.len() > 1) {
        return; // one run (or none): every reference is already unambiguous
    }
    let mut walk = Walk {
        notes,
        current: 0,
        highest: BTreeMap::new(),
        tables: parsed
            .tables
            .iter()
            .map(|t| (t.footnote_refs.clone(), t.page))
            .collect(),
        table_runs: vec![None; parsed.tables.len()],
    };
    for b in &mut parsed.preamble {
        walk.block(b);
    }
    for s in &mut parsed.sections {
        walk.section(s);
    }
    for b in &mut parsed.back_matter {
        walk.block(b);
    }
    for (i, t) in parsed.tables.iter_mut().enumerate() {
        t.footnote_run = match walk.table_runs[i] {
            Some(run) => run,
            // A table no block places: read where its page puts it.
            None => walk.choose(&t.footnote_refs, t.page).unwrap_or(0),
        };
    }
}

/// The state of one walk through the document.
struct Walk {
    /// Every footnote number → the (run, page) of each footnote with it.
    notes: BTreeMap<u32, Vec<(u32, u32)>>,
    /// The run the last reference was to.
    current: u32,
    /// Per run, the highest number cited so far.
    highest: BTreeMap<u32, u32>,
    /// Each table's references and page.
    tables: Vec<(Vec<u32>, u32)>,
    /// The run worked out for each table, by where its block stands.
    table_runs: Vec<Option<u32>>,
}

impl Walk {
    fn section(&mut self, s: &mut Section) {
        s.footnote_run = self.choose(&s.footnote_refs, s.page).unwrap_or(0);
        for b in &mut s.blocks {
            self.block(b);
        }
        for sub in &mut s.sections {
            self.section(sub);
        }
    }

    fn block(&mut self, b: &mut Block) {
        match b {
            Block::Paragraph {
                footnote_run,
                footnote_refs,
                page,
                ..
            } => *footnote_run = self.choose(footnote_refs, *page).unwrap_or(0),
            Block::List {
                footnote_run,
                footnote_refs,
                items,
                page,
                ..
            } => {
                // The list's own refs are its items' refs gathered; read the
                // items, in order, so each mark is seen once.
                let mut first = None;
                for item in items.iter_mut() {
                    let run = self.choose(&item.footnote_refs, *page);
                    item.footnote_run = run.unwrap_or(0);
                    first = first.or(run);
                }
                *footnote_run = match first {
                    Some(run) => run,
                    None => self.choose(footnote_refs, *page).unwrap_or(0),
                };
            }
            Block::Table { table, .. } => {
                // The table's references are read where the table stands.
                if self.table_runs.get(*table) == Some(&None)
                    && let Some((refs, page)) = self.tables.get(*table).cloned()
                {
                    self.table_runs[*table] = Some(self.choose(&refs, page).unwrap_or(0));
                }
            }
        }
    }

    /// The run the references `refs` of an element on `page` are to, or
    /// `None` when it cites nothing (or nothing that exists).
    fn choose(&mut self, refs: &[u32], page: u32) -> Option<u32> {
        let first = *refs.first()?;
        let runs_of = |n: u32| -> Vec<u32> {
            self.notes
                .get(&n)
                .map(|v| v.iter().map(|(run, _)| *run).collect())
                .unwrap_or_default()
        };
        // Runs holding every number cited here; failing that, the first's.
        let mut candidates: Vec<u32> = runs_of(first)
            .into_iter()
            .filter(|run| refs.iter().all(|n| runs_of(*n).contains(run)))
            .collect();
        if candidates.is_empty() {
            candidates = runs_of(first);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let at = self.current;
        let chosen = match candidates.as_slice() {
            [] => return None,
            [only] => *only,
            _ => {
                let beside: Vec<u32> = self.notes[&first]
                    .iter()
                    .filter(|(run, p)| candidates.contains(run) && (*p == page || *p == page + 1))
                    .map(|(run, _)| *run)
                    .collect();
                if !beside.is_empty() {
                    nearest_from(&beside, at)
                } else {
                    let highest = self.highest.get(&at).copied().unwrap_or(0);
                    let later = candidates.iter().copied().find(|run| *run > at);
                    if candidates.contains(&at) && first > highest {
                        at
                    } else if let Some(next) = later.filter(|_| first <= highest) {
                        next
                    } else if candidates.contains(&at) {
                        at
                    } else {
                        nearest_from(&candidates, at)
                    }
                }
            }
        };
        self.current = chosen;
        let top = self.highest.entry(chosen).or_insert(0);
        *top = (*top).max(refs.iter().copied().max().unwrap_or(0));
        Some(chosen)
    }
}

/// Drop from every element the references that name no footnote of the
/// element's run; one warning per element that lost any.
fn drop_unresolved(parsed: &mut Parsed) {
    let notes: HashSet<(u32, u32)> = parsed.footnotes.iter().map(|f| (f.run, f.number)).collect();
    let mut warnings = Vec::new();
    let mut keep = |refs: &mut Vec<u32>, run: u32, page: u32, what: &str| {
        let before = refs.len();
        let mut gone = Vec::new();
        refs.retain(|n| {
            let ok = notes.contains(&(run, *n));
            if !ok {
                gone.push(n.to_string());
            }
            ok
        });
        if refs.len() < before && what != "list" {
            let run_note = if run > 0 {
                format!(" in numbering run {run}")
            } else {
                String::new()
            };
            warnings.push(Warning::on_page(
                WarningCode::UnresolvedFootnoteRef,
                page,
                format!(
                    "{what}: reference mark {} names no footnote{run_note}; dropped",
                    gone.join(", ")
                ),
            ));
        }
    };
    fn blocks(blocks: &mut [Block], keep: &mut impl FnMut(&mut Vec<u32>, u32, u32, &str)) {
        for b in blocks {
            match b {
                Block::Paragraph {
                    footnote_refs,
                    footnote_run,
                    page,
                    ..
                } => keep(footnote_refs, *footnote_run, *page, "paragraph"),
                Block::List {
                    footnote_refs,
                    footnote_run,
                    items,
                    page,
                    ..
                } => {
                    for i in items.iter_mut() {
                        keep(&mut i.footnote_refs, i.footnote_run, *page, "list item");
                    }
                    keep(footnote_refs, *footnote_run, *page, "list");
                }
                Block::Table { .. } => {}
            }
        }
    }
    fn sections(list: &mut [Section], keep: &mut impl FnMut(&mut Vec<u32>, u32, u32, &str)) {
        for s in list {
            keep(&mut s.footnote_refs, s.footnote_run, s.page, "heading");
            blocks(&mut s.blocks, keep);
            sections(&mut s.sections, keep);
        }
    }
    blocks(&mut parsed.preamble, &mut keep);
    sections(&mut parsed.sections, &mut keep);
    blocks(&mut parsed.back_matter, &mut keep);
    for t in &mut parsed.tables {
        keep(&mut t.footnote_refs, t.footnote_run, t.page, "table");
    }
    parsed.warnings.extend(warnings);
}

/// The first run at or after `at` among `runs` (sorted), else the last.
fn nearest_from(runs: &[u32], at: u32) -> u32 {
    let mut sorted = runs.to_vec();
    sorted.sort_unstable();
    sorted
        .iter()
        .copied()
        .find(|run| *run >= at)
        .or_else(|| sorted.last().copied())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Footnote, ListItem, Table};

    fn note(number: u32, run: u32, page: u32) -> Footnote {
        Footnote {
            number,
            text: format!("note {number} of run {run}"),
            page,
            urls: vec![],
            run, bbox: None, boxes: Vec::new(), marks: Vec::new(),
        }
    }

    fn para(page: u32, refs: &[u32]) -> Block {
        Block::Paragraph {
            footnote_run: 0,
            text: "text".into(),
            page,
            pages: vec![],
            footnote_refs: refs.to_vec(), bbox: None, boxes: Vec::new(),
        }
    }

    fn section(page: u32, blocks: Vec<Block>) -> Section {
        Section {
            footnote_run: 0,
            heading: format!("Chapter on page {page}"),
            level: 1,
            page,
            footnote_refs: vec![],
            blocks,
            sections: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn runs(parsed: &Parsed) -> Vec<(u32, Vec<u32>)> {
        let mut out = Vec::new();
        for s in &parsed.sections {
            for b in &s.blocks {
                match b {
                    Block::Paragraph {
                        footnote_run,
                        footnote_refs,
                        ..
                    } if !footnote_refs.is_empty() => {
                        out.push((*footnote_run, footnote_refs.clone()))
                    }
                    Block::List { items, .. } => {
                        for i in items.iter().filter(|i| !i.footnote_refs.is_empty()) {
                            out.push((i.footnote_run, i.footnote_refs.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn page_footnotes_restarting_per_chapter_follow_their_page() {
        let mut parsed = Parsed {
            sections: vec![
                section(2, vec![para(2, &[1]), para(3, &[2])]),
                section(5, vec![para(5, &[1, 2]), para(6, &[3])]),
                section(8, vec![para(8, &[1])]),
            ],
            footnotes: vec![
                note(1, 0, 2),
                note(2, 0, 3),
                note(1, 1, 5),
                note(2, 1, 5),
                note(3, 1, 6),
                note(1, 2, 8),
            ],
            ..Parsed::default()
        };
        link(&mut parsed);
        assert_eq!(
            runs(&parsed),
            vec![
                (0, vec![1]),
                (0, vec![2]),
                (1, vec![1, 2]),
                (1, vec![3]),
                (2, vec![1])
            ]
        );
    }

    #[test]
    fn chapter_endnotes_advance_when_the_numbering_comes_round() {
        // Every note is printed at the end (page 20), far from its mark.
        let mut parsed = Parsed {
            sections: vec![
                section(2, vec![para(2, &[1]), para(3, &[2]), para(4, &[3])]),
                section(6, vec![para(6, &[1]), para(7, &[2])]),
            ],
            footnotes: vec![
                note(1, 0, 20),
                note(2, 0, 20),
                note(3, 0, 20),
                note(1, 1, 20),
                note(2, 1, 21),
            ],
            ..Parsed::default()
        };
        link(&mut parsed);
        let got: Vec<u32> = runs(&parsed).into_iter().map(|(r, _)| r).collect();
        assert_eq!(got, vec![0, 0, 0, 1, 1]);
    }

    #[test]
    fn a_number_only_one_run_has_is_that_run() {
        let mut parsed = Parsed {
            sections: vec![section(
                2,
                vec![Block::List {
                    footnote_run: 0,
                    ordered: false,
                    items: vec![
                        ListItem {
                            footnote_run: 0,
                            text: "a".into(),
                            footnote_refs: vec![1], bbox: None, boxes: Vec::new(), page: None,
                        },
                        ListItem {
                            footnote_run: 0,
                            text: "b".into(),
                            footnote_refs: vec![4], bbox: None, boxes: Vec::new(), page: None,
                        },
                    ],
                    page: 9,
                    pages: vec![],
                    footnote_refs: vec![1, 4], bbox: None, boxes: Vec::new(),
                }],
            )],
            footnotes: vec![note(1, 0, 2), note(1, 1, 9), note(4, 1, 9)],
            ..Parsed::default()
        };
        link(&mut parsed);
        assert_eq!(runs(&parsed), vec![(1, vec![1]), (1, vec![4])]);
        let Block::List { footnote_run, .. } = &parsed.sections[0].blocks[0] else {
            unreachable!("the fixture is a list")
        };
        assert_eq!(*footnote_run, 1, "the list names its items' run");
    }

    #[test]
    fn a_mark_naming_no_footnote_is_dropped_with_a_warning() {
        let mut parsed = Parsed {
            sections: vec![section(2, vec![para(2, &[1, 7]), para(3, &[2])])],
            footnotes: vec![note(1, 0, 2), note(1, 1, 9)],
            ..Parsed::default()
        };
        link(&mut parsed);
        assert_eq!(runs(&parsed), vec![(0, vec![1])], "7 and 2 name no footnote");
        let messages: Vec<(WarningCode, Option<u32>, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.code, w.page, w.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            vec![
                (
                    WarningCode::UnresolvedFootnoteRef,
                    Some(2),
                    "paragraph: reference mark 7 names no footnote; dropped"
                ),
                (
                    WarningCode::UnresolvedFootnoteRef,
                    Some(3),
                    "paragraph: reference mark 2 names no footnote; dropped"
                ),
            ]
        );
        // With no footnotes at all, every mark goes.
        let mut bare = Parsed {
            sections: vec![section(2, vec![para(2, &[3])])],
            ..Parsed::default()
        };
        link(&mut bare);
        assert!(runs(&bare).is_empty());
        assert_eq!(bare.warnings.len(), 1);
    }

    #[test]
    fn one_run_leaves_everything_at_run_zero() {
        let mut parsed = Parsed {
            sections: vec![section(2, vec![para(2, &[1]), para(3, &[1, 2])])],
            footnotes: vec![note(1, 0, 2), note(2, 0, 3)],
            tables: vec![Table {
                footnote_run: 0,
                caption: None,
                page: 3,
                pages: vec![],
                header: vec![],
                rows: vec![],
                footnote_refs: vec![2], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
            }],
            ..Parsed::default()
        };
        let before = parsed.clone();
        link(&mut parsed);
        assert_eq!(parsed, before);
    }
}
