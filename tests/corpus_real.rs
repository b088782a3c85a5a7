//! Accuracy on the real tagged corpus (`tests/fixtures/real`: Ofsted
//! reports whose truth files come from their own tag trees), scored by
//! `tests/tools/score.py`, once reading the tags and once with `--no-tags`.
//! Floors are the measured figures (rounded down); they only go up.

mod common;

/// (metric, floor) reading the structure tree: the figures measured on
/// 2026-12-03 less 0.005 (headings 0.994, findings 0.996, the rest
/// 1.000).
const TAGS_FLOORS: &[(&str, f64)] = &[
    ("headings", 0.989),
    ("heading_levels", 0.995),
    ("tables", 0.995),
    ("footnotes", 0.995),
    ("refs", 0.995),
    ("judgments", 0.995),
    ("findings", 0.991),
    ("metadata", 0.995),
];

/// (metric, floor) with `--no-tags` (the layout path on the same files):
/// the figures measured on 2026-12-03 less 0.005 (headings 0.953, levels
/// 0.890, tables 0.995, footnotes 0.800, refs 1.000, judgments 1.000,
/// findings 0.996, metadata 1.000).
const LAYOUT_FLOORS: &[(&str, f64)] = &[
    ("headings", 0.948),
    ("heading_levels", 0.885),
    ("tables", 0.990),
    ("footnotes", 0.795),
    ("refs", 0.995),
    ("judgments", 0.995),
    ("findings", 0.991),
    ("metadata", 0.995),
];

/// (metric, floor) with the fallback engine first (`--engine
/// pdf-extract`, which reads no tag tree, so the layout path without font
/// weights): the figures measured on 2026-12-03 less 0.005 (headings
/// 0.674, levels 0.835, tables 0.887, footnotes 0.800, refs 1.000,
/// judgments 1.000, findings 0.949, metadata 0.922).
const FALLBACK_FLOORS: &[(&str, f64)] = &[
    ("headings", 0.669),
    ("heading_levels", 0.830),
    ("tables", 0.882),
    ("footnotes", 0.795),
    ("refs", 0.995),
    ("judgments", 0.995),
    ("findings", 0.944),
    ("metadata", 0.916),
];

/// The reports in `tests/fixtures/real`, each with its truth file.
const REAL_FILES: usize = 17;

#[test]
fn real_corpus_from_tags_meets_its_floors() {
    common::score("real", &[], REAL_FILES, TAGS_FLOORS);
}

#[test]
fn real_corpus_with_no_tags_meets_its_floors() {
    common::score("real", &["--no-tags"], REAL_FILES, LAYOUT_FLOORS);
}

#[test]
fn real_corpus_with_the_fallback_engine_meets_its_floors() {
    common::score(
        "real",
        &["--engine", "pdf-extract"],
        REAL_FILES,
        FALLBACK_FLOORS,
    );
}

/// Convert the real fixtures (reading tags) into a fresh folder.
fn convert_real(extra: &[&str]) -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tempdir");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("inspdf"))
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .args(extra)
        .arg(root.join("tests/fixtures/real"))
        .output()
        .expect("inspdf runs");
    assert!(status.status.success(), "{status:?}");
    out
}

#[test]
fn weak_tag_trees_are_read_from_layout_and_no_page_is_a_table() {
    // The area SEND reports and the 2019–2020 reports whose tree has no
    // heading element: read from layout, with a warning saying why; and on
    // no report is a page-layout box (a cell of running text) a table.
    let out = convert_real(&[]);
    let mut weak = 0;
    let mut judgement_grids = 0;
    for e in std::fs::read_dir(out.path()).expect("records") {
        let path = e.expect("entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("record");
        let rec: serde_json::Value = serde_json::from_str(&text).expect("json");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let warned = rec["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["code"] == "weak_tags");
        let expect_weak = name.starts_with("ofsted-send__")
            || name.contains("80447_cheshire_east")
            || name.contains("80494_enfield");
        assert_eq!(warned, expect_weak, "{name}: weak_tags warning");
        if warned {
            weak += 1;
            assert_eq!(rec["converter"]["structure"], "layout", "{name}");
        }
        let title = rec["report"]["title"].as_str().unwrap_or_default();
        for t in rec["tables"].as_array().expect("tables") {
            for row in t["rows"].as_array().expect("rows") {
                for cell in row.as_array().expect("cells") {
                    let cell = cell.as_str().unwrap_or_default();
                    let n = cell.chars().count();
                    assert!(n < 500, "{name}: a table cell of {n} characters");
                    // The cover block set in the rows of the page table
                    // above the judgements grid is not a table.
                    assert!(
                        n < 10 || !title.contains(cell),
                        "{name}: the title's line {cell:?} is a table cell"
                    );
                }
            }
            if warned && t["rows"].to_string().contains("Overall effectiveness") {
                judgement_grids += 1;
                assert_eq!(
                    t["header"],
                    serde_json::json!(["Judgement", "Grade"]),
                    "{name}: the judgements grid's first row is its header"
                );
            }
        }
    }
    assert_eq!(weak, 5);
    assert!(judgement_grids >= 2, "{judgement_grids} judgements grids");
}

#[test]
fn sentences_are_whole_across_page_turns_on_both_paths() {
    // `splits.py` (the shared counter) on the real fixtures: under 1% of
    // page turns cut a sentence in two.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for extra in [&[][..], &["--no-tags"][..]] {
        let out = convert_real(extra);
        let run = std::process::Command::new("python3")
            .arg(root.join("tests/tools/splits.py"))
            .arg(out.path())
            .output()
            .expect("python3 runs");
        let line = String::from_utf8_lossy(&run.stdout).into_owned();
        let nums: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let [splits, turns] = nums[..] else {
            panic!("unexpected splits.py output: {line}");
        };
        assert!(turns >= 80, "{extra:?}: only {turns} page turns judged");
        assert!(splits * 100 < turns, "{extra:?}: {line}");
    }
}

#[test]
fn a_title_in_body_type_under_a_display_name_heads_larger_sections() {
    // Wakefield 2018 sets its name at 26 pt, the title under it in 12 pt
    // bold and its sections in 14 pt bold. Read from layout, the title
    // block heads the report, as the report's own tree has it: the graded
    // sections are level 2 under it, and the name is not a heading.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tempdir");
    let pdf = root.join(
        "tests/fixtures/real/ofsted-ilacs__80451_wakefield__children_s_services_inspection_-_17_july_2018.pdf",
    );
    let run = std::process::Command::new(assert_cmd::cargo::cargo_bin("inspdf"))
        .args(["convert", "--no-progress", "--no-tags", "-o"])
        .arg(out.path())
        .arg(&pdf)
        .output()
        .expect("inspdf runs");
    assert!(run.status.success(), "{run:?}");
    let record = out
        .path()
        .join("ofsted-ilacs__80451_wakefield__children_s_services_inspection_-_17_july_2018.json");
    let rec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(record).expect("record")).expect("json");
    let sections = rec["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 1, "one level-1 section: the title's");
    assert_eq!(
        sections[0]["heading"],
        "Inspection of children’s social care services"
    );
    assert_eq!(sections[0]["level"], 1);
    let graded: Vec<&serde_json::Value> = sections[0]["sections"]
        .as_array()
        .expect("subsections")
        .iter()
        .filter(|s| {
            s["heading"]
                .as_str()
                .is_some_and(|h| h.ends_with("is inadequate"))
        })
        .collect();
    assert_eq!(graded.len(), 3, "the three graded sections under the title");
    assert!(graded.iter().all(|s| s["level"] == 2));
    assert!(
        !rec["sections"]
            .to_string()
            .contains("\"heading\":\"Wakefield District")
    );
}

#[test]
fn a_ruled_table_whose_rows_differ_keeps_every_row_on_the_layout_path() {
    // The 2014 judgements box: a row spanning the table ("The overall
    // judgement is good…"), rows of two cells, and two rows of three (an
    // empty cell before each sub-judgement), drawn row by row. Read from
    // layout, every row is kept with its own cells, as the report's tree
    // has them, and the bold date line above the box is no caption.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tempdir");
    let name = "ofsted-ilacs__80473_hartlepool__children_s_services_inspection_-_11_february_2014";
    let run = std::process::Command::new(assert_cmd::cargo::cargo_bin("inspdf"))
        .args(["convert", "--no-progress", "--no-tags", "-o"])
        .arg(out.path())
        .arg(root.join(format!("tests/fixtures/real/{name}.pdf")))
        .output()
        .expect("inspdf runs");
    assert!(run.status.success(), "{run:?}");
    let text = std::fs::read_to_string(out.path().join(format!("{name}.json"))).expect("record");
    let rec: serde_json::Value = serde_json::from_str(&text).expect("json");
    let table = &rec["tables"][0];
    assert_eq!(table["caption"], serde_json::Value::Null);
    assert_eq!(table["header"], serde_json::json!([]));
    let rows = table["rows"].as_array().expect("rows");
    let widths: Vec<usize> = rows
        .iter()
        .map(|r| r.as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(widths, [1, 2, 2, 3, 3, 2], "{rows:?}");
    assert!(
        rows[0][0]
            .as_str()
            .is_some_and(|c| c.starts_with("The overall judgement is good."))
    );
    assert_eq!(rows[3][1], "2.1 Adoption performance");
    assert_eq!(rows[3][2], "Good");
    // The date line stays body text, where the year is read from.
    assert_eq!(rec["report"]["year"], "2013");
}
