//! Tagged PDFs end to end: the CLI reads real reports' own structure trees
//! (`tests/fixtures/real`), and `--no-tags` forces the layout path.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn real(stem: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(format!("{stem}.pdf"))
}

const BARNSLEY: &str =
    "ofsted-ilacs__80426_barnsley__children_s_services_inspection_-_27_october_2023";
const GLOUCESTERSHIRE: &str =
    "ofsted-ilacs__80470_gloucestershire__children_s_services_inspection_-_01_april_2022";
const SUNDERLAND: &str =
    "ofsted-ilacs__80566_sunderland__children_s_services_inspection_-_11_march_2025";

/// Convert one real fixture and return its record.
fn convert(stem: &str, extra: &[&str]) -> Value {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("inspdf")
        .expect("binary built")
        .args(["convert", "--no-progress", "-o"])
        .arg(out.path())
        .args(extra)
        .arg(real(stem))
        .assert()
        .success();
    let path = out.path().join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every section, flattened in document order.
fn sections(v: &Value) -> Vec<&Value> {
    fn walk<'a>(secs: &'a Value, out: &mut Vec<&'a Value>) {
        for s in secs.as_array().into_iter().flatten() {
            out.push(s);
            walk(&s["sections"], out);
        }
    }
    let mut out = Vec::new();
    walk(&v["sections"], &mut out);
    out
}

/// Every block, flattened in document order.
fn blocks(v: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = v["preamble"].as_array().into_iter().flatten().collect();
    for s in sections(v) {
        out.extend(s["blocks"].as_array().into_iter().flatten());
    }
    out
}

#[test]
fn barnsley_headings_and_table_come_from_tags() {
    let v = convert(BARNSLEY, &[]);
    assert_eq!(v["converter"]["structure"], "tags");
    assert_eq!(v["source"]["tagged"], true);
    assert_eq!(
        v["report"]["title"],
        "Inspection of Barnsley local authority children’s services"
    );
    assert_eq!(v["report"]["inspected_body"], "Barnsley");
    let care_leavers = sections(&v)
        .into_iter()
        .find(|s| s["heading"] == "The experiences and progress of care leavers: good")
        .expect("H2 heading present");
    assert_eq!(care_leavers["level"], 2);
    let table = &v["tables"][0];
    assert_eq!(table["header"], serde_json::json!(["Judgement", "Grade"]));
    let rows = table["rows"].as_array().expect("rows");
    assert!(rows.contains(&serde_json::json!([
        "The experiences and progress of children who need help and protection",
        "Requires improvement to be good"
    ])));
}

#[test]
fn gloucestershire_footnote_is_linked_to_the_item_citing_it() {
    let v = convert(GLOUCESTERSHIRE, &[]);
    let note = &v["footnotes"][0];
    assert_eq!(note["number"], 1);
    assert!(
        note["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Instead of the term ‘care leavers’"))
    );
    let item = blocks(&v)
        .into_iter()
        .filter_map(|b| b["items"].as_array())
        .flatten()
        .find(|i| i["footnote_refs"] == serde_json::json!([1]))
        .expect("a list item cites footnote 1");
    let text = item["text"].as_str().unwrap_or_default();
    // The reference mark is out of the text.
    assert!(
        text.contains("care experienced young people until"),
        "{text}"
    );
}

#[test]
fn sunderland_note_inside_a_heading_keeps_its_link_url() {
    let v = convert(SUNDERLAND, &[]);
    let heading = sections(&v)
        .into_iter()
        .find(|s| s["heading"] == "What needs to improve?")
        .expect("heading without its mark");
    assert_eq!(heading["footnote_refs"], serde_json::json!([1]));
    let urls = v["footnotes"][0]["urls"].as_array().expect("urls");
    assert!(
        urls.iter()
            .any(|u| u.as_str().is_some_and(|u| u.contains("gov.uk"))),
        "{urls:?}"
    );
}

#[test]
fn no_tags_forces_the_layout_path() {
    let v = convert(BARNSLEY, &["--no-tags"]);
    assert_eq!(v["converter"]["structure"], "layout");
    assert_eq!(v["source"]["tagged"], true);
}

const HARTLEPOOL: &str =
    "ofsted-ilacs__80473_hartlepool__children_s_services_inspection_-_11_february_2014";

#[test]
fn the_tree_s_links_and_figures_are_kept_on_either_path_and_dropped_with_no_tags() {
    // Barnsley's tree marks its back page's web and mail links; Hartlepool
    // marks its logos as figures with alternative text; Cheshire East's
    // tree is weak (structure from layout) and still gives its links.
    let barnsley = convert(BARNSLEY, &[]);
    let links = barnsley["links"].as_array().expect("links");
    assert!(
        links
            .iter()
            .any(|l| l["uri"] == "mailto:enquiries@ofsted.gov.uk"
                && l["text"] == "enquiries@ofsted.gov.uk"
                && l["page"].as_u64().is_some()),
        "{links:?}"
    );
    let hartlepool = convert(HARTLEPOOL, &[]);
    let figures = hartlepool["figures"].as_array().expect("figures");
    assert!(!figures.is_empty());
    assert!(
        figures
            .iter()
            .all(|f| f["alt"].as_str().is_some_and(|a| !a.is_empty())),
        "{figures:?}"
    );
    let weak = convert(
        "ofsted-ilacs__80447_cheshire_east__children_s_services_inspection_-_09_january_2020",
        &[],
    );
    assert_eq!(weak["converter"]["structure"], "layout");
    assert!(!weak["links"].as_array().expect("links").is_empty());
    let plain = convert(BARNSLEY, &["--no-tags"]);
    assert!(plain.get("links").is_none() && plain.get("figures").is_none());
}
