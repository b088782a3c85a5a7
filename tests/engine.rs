//! The extraction stage end to end: what pdf_oxide's post-processing adds
//! that the fast path must keep (annotation text), and what the fast path
//! reads better (marked content in its content-stream order).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Convert one PDF in process and return its record as JSON text.
fn record_text(pdf: &Path) -> String {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("inspdf")
        .expect("binary built")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .arg(pdf)
        .assert()
        .success();
    let stem = pdf.file_stem().and_then(|s| s.to_str()).expect("stem");
    let text = std::fs::read_to_string(out.path().join(format!("{stem}.json"))).expect("record");
    let _: Value = serde_json::from_str(&text).expect("record is JSON");
    text
}

#[test]
fn a_text_annotation_reaches_the_record() {
    // The page's only large text is a FreeText/Text annotation ("Text"),
    // which is not in the content stream: the record's title is read from it.
    let text = record_text(&fixture("engine/camelot__offense.pdf"));
    let record: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        record["report"]["title"],
        "Text",
        "{}",
        &text[..text.len().min(600)]
    );
}

#[test]
fn marked_content_keeps_its_content_order_on_the_tag_path() {
    // Lancashire 2025: a recommendation whose words pdf_oxide's reading-order
    // sort used to scramble ("neurodivergent pathway Leaders from … within
    // the current . This is …").
    let text = record_text(&fixture(
        "real/ofsted-send__80480_lancashire__area_send_full_inspection_-_12_february_2025.pdf",
    ));
    assert!(
        text.contains("within the current neurodivergent pathway. This is to meet"),
        "the recommendation reads in order"
    );
    assert!(!text.contains("neurodivergent pathway Leaders"));
}

#[test]
fn an_absurd_media_box_does_not_merge_the_page_into_one_line() {
    let text = record_text(&fixture("engine/huge-media-box.pdf"));
    for k in 0..29 {
        let joined = format!("for testing. This is line {} of", k + 1);
        assert!(
            text.contains(&joined),
            "line {} follows line {k} as its own line",
            k + 1
        );
    }
    assert!(!text.contains("testing.This"));
}
