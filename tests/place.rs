//! Provenance boxes (issue 17): a record's headings and footnotes have a
//! box that holds their words where an independent reader of the PDF,
//! poppler's `pdftotext -bbox-layout`, puts them.
//!
//! For each heading and footnote of a record, its words are looked up in
//! pdftotext's words from its page on (the same folding to lower-case
//! letters and digits on both sides); it passes when the centre of every
//! word lies inside one of its boxes (`bbox`, `boxes`; 2 pt of room). At
//! least 95% must pass on every file, on both paths. An element whose
//! words pdftotext does not give is not judged, and at most 10% may be
//! unjudged, so the figure cannot stand on a few elements.
//!
//! Table cells too: at least 90% of the cells with text have a box, 95% of
//! those hold their words, and no two boxes of a row overlap across.
//!
//! pdftotext (poppler-utils) is installed by `.ci/run`, which sets
//! `INSPDF_CI=1`; elsewhere, when it is missing, the test says so and
//! passes.

#[path = "common/pdf.rs"]
mod pdf;

use assert_cmd::Command;
use pdf::{pdf, stream};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Share of judged elements whose box must hold their words.
const FLOOR: f64 = 0.95;
/// Largest share of elements pdftotext's words cannot be matched to.
const UNJUDGED: f64 = 0.10;
/// Room around a box, points.
const ROOM: f64 = 2.0;
/// Share of a file's table cells with text that must have a box.
const CELL_COVERAGE: f64 = 0.90;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One word as pdftotext places it.
struct Word {
    page: u32,
    folded: String,
    cx: f64,
    cy: f64,
}

fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<f64> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')? + at;
    tag[at..end].parse().ok()
}

/// pdftotext's words of `pdf`, pages in order; `None` when pdftotext is
/// not installed.
fn pdftotext_words(pdf: &Path) -> Option<Vec<Word>> {
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut words = Vec::new();
    for (n, page) in xml.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            let Some(close) = w.find('>') else { continue };
            let tag = &w[..close];
            let text = w[close + 1..].split("</word>").next().unwrap_or("");
            let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
                attr(&format!(" {tag}"), "xMin"),
                attr(&format!(" {tag}"), "yMin"),
                attr(&format!(" {tag}"), "xMax"),
                attr(&format!(" {tag}"), "yMax"),
            ) else {
                continue;
            };
            let folded = fold(&unescape(text));
            if folded.is_empty() {
                continue;
            }
            words.push(Word {
                page: n as u32 + 1,
                folded,
                cx: (x0 + x1) / 2.0,
                cy: (y0 + y1) / 2.0,
            });
        }
    }
    Some(words)
}

/// The words spelling `needle` (folded), starting on `page`: every run of
/// consecutive words whose folded text is exactly the needle. With
/// `digits` false, digits are ignored on both sides (a footnote mark glued
/// to a word, which the record lifts out).
fn runs<'a>(words: &'a [Word], needle: &str, page: u32, digits: bool) -> Vec<&'a [Word]> {
    let keep = |s: &str| -> String {
        if digits {
            s.to_string()
        } else {
            s.chars().filter(|c| !c.is_ascii_digit()).collect()
        }
    };
    let needle = keep(needle);
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.page != page {
            continue;
        }
        let mut spelt = String::new();
        for (j, v) in words[i..].iter().enumerate() {
            spelt.push_str(&keep(&v.folded));
            if spelt.len() >= needle.len() || !needle.starts_with(&spelt) {
                if spelt == needle {
                    out.push(&words[i..=i + j]);
                }
                break;
            }
        }
    }
    out
}

/// An element to check: its text, page and boxes `(page, [x0, top, x1,
/// bottom])`.
struct Element {
    what: String,
    text: String,
    page: u32,
    boxes: Vec<(u32, [f64; 4])>,
}

fn boxes_of(v: &Value, page: u32) -> Vec<(u32, [f64; 4])> {
    let rect = |b: &Value| -> Option<[f64; 4]> {
        let a = b.as_array()?;
        Some([
            a.first()?.as_f64()?,
            a.get(1)?.as_f64()?,
            a.get(2)?.as_f64()?,
            a.get(3)?.as_f64()?,
        ])
    };
    let mut out: Vec<(u32, [f64; 4])> = v["bbox"].as_array().map_or(vec![], |_| {
        rect(&v["bbox"]).map(|r| (page, r)).into_iter().collect()
    });
    for p in v["boxes"].as_array().into_iter().flatten() {
        if let (Some(n), Some(r)) = (p["page"].as_u64(), rect(&p["bbox"])) {
            out.push((n as u32, r));
        }
    }
    out
}

fn elements(record: &Value) -> Vec<Element> {
    fn sections(list: &Value, out: &mut Vec<Element>) {
        for s in list.as_array().into_iter().flatten() {
            let page = s["page"].as_u64().unwrap_or(0) as u32;
            out.push(Element {
                what: "heading".into(),
                text: s["heading"].as_str().unwrap_or("").into(),
                page,
                boxes: boxes_of(s, page),
            });
            sections(&s["sections"], out);
        }
    }
    let mut out = Vec::new();
    sections(&record["sections"], &mut out);
    for f in record["footnotes"].as_array().into_iter().flatten() {
        let page = f["page"].as_u64().unwrap_or(0) as u32;
        out.push(Element {
            what: format!("footnote {}", f["number"]),
            text: f["text"].as_str().unwrap_or("").into(),
            page,
            boxes: boxes_of(f, page),
        });
    }
    out
}

fn holds(boxes: &[(u32, [f64; 4])], w: &Word) -> bool {
    boxes.iter().any(|&(page, b)| {
        page == w.page
            && w.cx >= b[0] - ROOM
            && w.cx <= b[2] + ROOM
            && w.cy >= b[1] - ROOM
            && w.cy <= b[3] + ROOM
    })
}

fn convert(pdf: &Path, extra: &[&str]) -> Value {
    let out = tempfile::tempdir().expect("tempdir");
    let run = Command::cargo_bin("inspdf")
        .expect("binary")
        .args(["convert", "--no-progress", "--in-process", "-o"])
        .arg(out.path())
        .args(extra)
        .arg(pdf)
        .output()
        .expect("inspdf runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "convert {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let stem = pdf.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let json = std::fs::read_to_string(out.path().join(format!("{stem}.json"))).expect("record");
    serde_json::from_str(&json).expect("record is JSON")
}

/// Files and the flags they are converted with: an untagged report
/// (layout path), tagged ones on the tag path, and a tagged one with
/// `--no-tags`.
fn cases() -> Vec<(PathBuf, &'static [&'static str])> {
    vec![
        (
            root().join("samples/001_a_a4_serif_justified_hyphenated.pdf"),
            &[],
        ),
        (root().join("samples/ofsted_barnet_2024.pdf"), &[]),
        (
            root().join("tests/fixtures/rendered/001_t_a4_serif_tagged.pdf"),
            &[],
        ),
        (
            root().join("tests/fixtures/rendered/001_t_a4_serif_tagged.pdf"),
            &["--no-tags"],
        ),
    ]
}

/// pdftotext's words of `pdf`; `None` (the test then passes with a note)
/// when pdftotext is not installed, which `INSPDF_CI=1` makes a failure.
fn words_or_skip(pdf: &Path) -> Option<Vec<Word>> {
    let words = pdftotext_words(pdf);
    if words.is_none() {
        let required = std::env::var_os("INSPDF_CI").is_some_and(|v| v == "1");
        assert!(!required, "pdftotext is not installed and INSPDF_CI=1");
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
    }
    words
}

#[test]
fn headings_and_footnotes_have_boxes_holding_their_words() {
    let mut failures = Vec::new();
    for (pdf, flags) in cases() {
        let Some(words) = words_or_skip(&pdf) else {
            return;
        };
        let record = convert(&pdf, flags);
        let structure = record["converter"]["structure"].as_str().unwrap_or("");
        let all = elements(&record);
        let (mut judged, mut held, mut unjudged) = (0usize, 0usize, 0usize);
        let (mut headings, mut notes) = ((0, 0), (0, 0));
        let mut misses = Vec::new();
        for e in &all {
            let needle = fold(&e.text);
            let mut found = runs(&words, &needle, e.page, true);
            if found.is_empty() {
                found = runs(&words, &needle, e.page, false);
            }
            if found.is_empty() {
                unjudged += 1;
                continue;
            }
            judged += 1;
            let ok = found
                .iter()
                .any(|run| run.iter().all(|w| holds(&e.boxes, w)));
            let tally = if e.what == "heading" {
                &mut headings
            } else {
                &mut notes
            };
            tally.0 += 1;
            if ok {
                held += 1;
                tally.1 += 1;
            } else {
                misses.push(format!("{} p{} {:?} {:?}", e.what, e.page, e.text, e.boxes));
            }
        }
        let name = pdf.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let share = held as f64 / judged.max(1) as f64;
        eprintln!(
            "{name} ({structure}): {held}/{judged} held ({:.1}%): headings {}/{}, footnotes {}/{}; {unjudged} of {} not found in pdftotext's words",
            100.0 * share,
            headings.1,
            headings.0,
            notes.1,
            notes.0,
            all.len()
        );
        for m in misses.iter().take(5) {
            eprintln!("  miss: {m}");
        }
        if judged == 0 || share < FLOOR {
            failures.push(format!("{name} ({structure}): {:.1}% held", 100.0 * share));
        }
        if unjudged as f64 > UNJUDGED * all.len() as f64 {
            failures.push(format!(
                "{name} ({structure}): {unjudged} of {} elements not found in pdftotext's words",
                all.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A box on a page: `(page, [x0, top, x1, bottom])`.
type PlacedBox = (u32, [f64; 4]);

/// Every table cell with text: `(row label, its text, its box)`, the
/// header first; the box as [`boxes_of`] gives it (none when the record
/// has `null`).
fn cells(record: &Value) -> Vec<(String, String, Option<PlacedBox>)> {
    let mut out = Vec::new();
    for (t, table) in record["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let header = table["header"].as_array().cloned().unwrap_or_default();
        let rows = table["rows"].as_array().cloned().unwrap_or_default();
        let header_boxes = table["header_boxes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let cell_boxes = table["cell_boxes"].as_array().cloned().unwrap_or_default();
        let mut lines = vec![(format!("table {t} header"), header, header_boxes)];
        for (r, row) in rows.iter().enumerate() {
            let boxes = cell_boxes
                .get(r)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            lines.push((
                format!("table {t} row {r}"),
                row.as_array().cloned().unwrap_or_default(),
                boxes,
            ));
        }
        for (label, texts, boxes) in lines {
            assert!(
                boxes.is_empty() || boxes.len() == texts.len(),
                "{label}: {} boxes for {} cells",
                boxes.len(),
                texts.len()
            );
            for (i, text) in texts.iter().enumerate() {
                let text = text.as_str().unwrap_or("").to_string();
                if fold(&text).is_empty() {
                    continue;
                }
                let b = boxes.get(i).filter(|b| !b.is_null()).and_then(|b| {
                    let page = b["page"].as_u64()? as u32;
                    boxes_of(b, page).first().copied()
                });
                out.push((label.clone(), text, b));
            }
        }
    }
    out
}

#[test]
fn table_cells_have_boxes_holding_their_words_within_their_column() {
    let mut failures = Vec::new();
    for (pdf, flags) in cases() {
        let Some(words) = words_or_skip(&pdf) else {
            return;
        };
        let record = convert(&pdf, flags);
        let name = pdf.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let all = cells(&record);
        let boxed: Vec<_> = all.iter().filter(|c| c.2.is_some()).collect();
        let (mut judged, mut held) = (0usize, 0usize);
        let mut misses = Vec::new();
        for (label, text, b) in &boxed {
            let Some((page, rect)) = *b else { continue };
            let needle = fold(text);
            let found = runs(&words, &needle, page, true);
            if found.is_empty() {
                continue;
            }
            judged += 1;
            if found
                .iter()
                .any(|run| run.iter().all(|w| holds(&[(page, rect)], w)))
            {
                held += 1;
            } else {
                misses.push(format!("{label} {text:?} p{page} {rect:?}"));
            }
        }
        // Side by side in a row, cells' boxes do not overlap: each is its
        // own column, not the whole row.
        let mut overlapping = Vec::new();
        let mut by_row: std::collections::BTreeMap<&str, Vec<(u32, [f64; 4])>> = Default::default();
        for (label, _, b) in &boxed {
            by_row.entry(label.as_str()).or_default().extend(*b);
        }
        for (label, mut row) in by_row {
            row.sort_by(|a, b| a.1[0].total_cmp(&b.1[0]));
            let overlap = row.windows(2).any(|w| {
                let (a, b) = (w[0], w[1]);
                a.0 == b.0 && a.1[2] > b.1[0] + ROOM && a.1[1] < b.1[3] && b.1[1] < a.1[3]
            });
            if overlap {
                overlapping.push(format!("{label}: {row:?}"));
            }
        }
        let coverage = boxed.len() as f64 / all.len().max(1) as f64;
        let share = held as f64 / judged.max(1) as f64;
        eprintln!(
            "{name} {flags:?}: {} of {} cells boxed ({:.1}%); {held}/{judged} boxes hold their words ({:.1}%); {} rows overlap",
            boxed.len(),
            all.len(),
            100.0 * coverage,
            100.0 * share,
            overlapping.len()
        );
        for m in misses.iter().chain(&overlapping).take(5) {
            eprintln!("  miss: {m}");
        }
        if all.is_empty() || coverage < CELL_COVERAGE {
            failures.push(format!(
                "{name} {flags:?}: {:.1}% of cells boxed",
                100.0 * coverage
            ));
        }
        if judged == 0 || share < FLOOR {
            failures.push(format!("{name} {flags:?}: {:.1}% held", 100.0 * share));
        }
        if !overlapping.is_empty() {
            failures.push(format!("{name} {flags:?}: {overlapping:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// On the tag path an element's box is where its marked content is
/// printed, not where its text first occurs on the page: here the heading
/// "Summary of findings" is drawn at 600 pt up the page, and the paragraph
/// tagged after it, drawn above it, opens with the same words (text
/// matching, which takes the first place the words occur, would box the
/// paragraph's line). The paragraph's marked content runs over the page
/// turn, so it is boxed once on each page.
#[test]
fn tag_path_boxes_come_from_the_marked_content() {
    let line = |mcid: u32, size: u32, y: u32, text: &str| {
        format!("/P <</MCID {mcid}>> BDC BT /F1 {size} Tf 72 {y} Td ({text}) Tj ET EMC\n")
    };
    let body = "Summary of findings opens this paragraph, which the tree puts after the heading.";
    let page1 = [
        line(0, 20, 740, "Inspection of a test authority"),
        line(2, 11, 680, body),
        line(1, 14, 600, "Summary of findings"),
    ]
    .concat();
    let page2 = line(
        0,
        11,
        700,
        "and it goes on over the page turn to its end here.",
    );
    let objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 7 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 12 0 R >> >> /StructParents 0 >>".into(),
        stream(&page1),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 12 0 R >> >> /StructParents 1 >>".into(),
        stream(&page2),
        "<< /Type /StructTreeRoot /K [8 0 R] >>".into(),
        "<< /Type /StructElem /S /Document /P 7 0 R /K [9 0 R 10 0 R 11 0 R] >>".into(),
        "<< /Type /StructElem /S /P /P 8 0 R /Pg 3 0 R /K 0 >>".into(),
        "<< /Type /StructElem /S /H2 /P 8 0 R /Pg 3 0 R /K 1 >>".into(),
        "<< /Type /StructElem /S /P /P 8 0 R /Pg 3 0 R /K [2 << /Type /MCR /Pg 5 0 R /MCID 0 >>] >>".into(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tagged_twice.pdf");
    std::fs::write(&file, pdf(&objects)).expect("fixture written");
    let record = convert(&file, &[]);
    assert_eq!(record["converter"]["structure"], "tags", "{record:#}");
    let section = &record["sections"][0];
    assert_eq!(section["heading"], "Summary of findings");
    // The heading's line: baseline 792 - 600 = 192, 14 pt type.
    let b = boxes_of(section, 1);
    assert_eq!(b.len(), 1, "{b:?}");
    let (page, [x0, top, _, bottom]) = b[0];
    assert_eq!(page, 1);
    assert!((x0 - 72.0).abs() < 0.5, "{b:?}");
    assert!((top - (192.0 - 0.8 * 14.0)).abs() < 0.5, "{b:?}");
    assert!((bottom - (192.0 + 0.25 * 14.0)).abs() < 0.5, "{b:?}");
    // The paragraph: its line on page 1 (baseline 112) and on page 2
    // (baseline 92).
    let paragraph = &section["blocks"][0];
    let parts = boxes_of(paragraph, 1);
    let lines: Vec<(u32, i64)> = parts
        .iter()
        .skip(1)
        .map(|&(page, b)| (page, (b[3] - 0.25 * 11.0).round() as i64))
        .collect();
    assert_eq!(lines, vec![(1, 112), (2, 92)], "{parts:?}");
}
