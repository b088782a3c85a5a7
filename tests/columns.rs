//! Two-column pages: a line that the engine runs across the gutter (the
//! left column's line and the right column's, shown by one text operator
//! with a small gap) is read back as two lines, one in each column, and the
//! words hyphenated at the line ends around it are joined again.

#[path = "common/both.rs"]
mod both;
#[path = "common/pdf.rs"]
mod pdf;

use serde_json::Value;

/// Courier at 11 pt: every character is 6.6 pt wide.
const ADVANCE: f32 = 6.6;
const LEFT: f32 = 72.0;
/// The right column's edge: a 32-character measure and a 3.3 pt gutter.
const RIGHT: f32 = LEFT + 32.0 * ADVANCE + 3.3;

const LEFT_LINES: [&str; 8] = [
    "Inspectors found that the force",
    "had made good progress since",
    "the last inspection, and most",
    "of its officers and staff knew",
    "what was asked of them. An in-",
    "crease in the victims who were",
    "satisfied was the result, as",
    "the last report had asked.",
];
const RIGHT_LINES: [&str; 8] = [
    "The force should now make sure",
    "that its plans for the year are",
    "funded and that its leaders",
    "check progress against them",
    "each quarter. Its areas, ex-",
    "cluding the two custody suites",
    "closed for repair, improved",
    "their handling of calls.",
];
/// The line shown by one `TJ` across both columns.
const MERGED: usize = 5;

fn two_columns() -> Vec<u8> {
    let mut content = String::new();
    for (i, (l, r)) in LEFT_LINES.iter().zip(RIGHT_LINES).enumerate() {
        let y = 700 - 13 * i as i32;
        if i == MERGED {
            // The left line padded to the measure, then a kern of 0.3 em
            // that puts the right line at the right column's edge.
            content.push_str(&format!(
                "BT /F1 11 Tf {LEFT} {y} Td [({l:<32}) -300 ({r})] TJ ET\n"
            ));
        } else {
            content.push_str(&format!("BT /F1 11 Tf {LEFT} {y} Td ({l}) Tj ET\n"));
            content.push_str(&format!("BT /F1 11 Tf {RIGHT:.1} {y} Td ({r}) Tj ET\n"));
        }
    }
    let objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        pdf::stream(&content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>".into(),
    ];
    pdf::pdf(&objects)
}

/// Every `text` of the record's body, in order.
fn texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(t)) = o.get("text") {
                out.push(t.clone());
            }
            o.values().for_each(|x| texts(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        _ => {}
    }
}

#[test]
fn a_line_run_across_the_gutter_is_read_as_two_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("two_columns.pdf");
    std::fs::write(&file, two_columns()).expect("fixture written");
    let left = "Inspectors found that the force had made good progress since the last \
                inspection, and most of its officers and staff knew what was asked of them. \
                An increase in the victims who were satisfied was the result, as the last \
                report had asked.";
    let right = "The force should now make sure that its plans for the year are funded and \
                 that its leaders check progress against them each quarter. Its areas, \
                 excluding the two custody suites closed for repair, improved their handling \
                 of calls.";
    for record in both::records(&file, dir.path()) {
        let mut body = Vec::new();
        for key in ["report", "preamble", "sections", "back_matter"] {
            texts(&record[key], &mut body);
        }
        assert!(body.iter().any(|t| t == left), "{body:#?}");
        assert!(body.iter().any(|t| t == right), "{body:#?}");
    }
}
