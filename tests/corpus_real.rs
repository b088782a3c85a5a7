//! Accuracy on the real tagged corpus (`tests/fixtures/real`: Ofsted
//! reports whose truth files come from their own tag trees), scored by
//! `tests/tools/score.py`, once reading the tags and once with `--no-tags`.
//! Floors are the measured figures (rounded down); they only go up.

mod common;

/// (metric, floor) reading the structure tree. Issue 4 targets: headings,
/// heading levels, tables and footnotes ≥ 0.95.
const TAGS_FLOORS: &[(&str, f64)] = &[
    ("headings", 0.99),
    ("heading_levels", 0.99),
    ("tables", 0.99),
    ("footnotes", 0.99),
    ("refs", 0.99),
    ("judgments", 0.89),
    ("metadata", 0.99),
];

/// (metric, floor) with `--no-tags` (the layout path on the same files;
/// no target, it shows how good the fallback is).
const LAYOUT_FLOORS: &[(&str, f64)] = &[
    ("headings", 0.92),
    ("heading_levels", 0.71),
    ("tables", 0.97),
    ("footnotes", 0.80),
    ("judgments", 0.87),
    ("metadata", 0.88),
];

#[test]
fn real_corpus_from_tags_meets_its_floors() {
    common::score("real", &[], TAGS_FLOORS);
}

#[test]
fn real_corpus_with_no_tags_meets_its_floors() {
    common::score("real", &["--no-tags"], LAYOUT_FLOORS);
}
