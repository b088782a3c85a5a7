//! Cross-field checks: rules a JSON Schema cannot express because they
//! relate one part of a record to another.
//!
//! - `footnote-ref`: every number in a `footnote_refs` array names a
//!   footnote in `footnotes` of the numbering run the citing element gives
//!   in `footnote_run` (0 when absent). Records of schema versions before
//!   1.4.0 do not name the run, so there a number may be in any run.
//! - `footnote-duplicate`: no two footnotes share a number within one
//!   numbering run (`footnotes[].run`, 0 when absent).
//! - `grade-scale`: `report.grade_scale` and every `judgments[].scale` name a
//!   known scale (`src/inspectorates/inspectorates.json`); every grade belongs to its
//!   judgment's scale; and a judgment not carried over from an earlier
//!   inspection (no `year`) uses the report's scale.
//! - `page-range`: every `page` and `pages` entry is within `source.pages`.
//! - `table-ref`: a table block's `table` index names an entry of `tables`.
//!
//! The checks read the record as a plain [`Value`] and are lenient: a part
//! with the wrong shape is skipped here (the schema reports it), so they run
//! on records that fail the schema too.

use super::diagnostic::Diagnostic;
use crate::inspectorates::scales;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Run every check on a record; one [`Diagnostic`] (no position, no value)
/// per failure, in the order of the checks (`inspdf validate` sorts them by
/// position).
pub fn run(record: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    footnotes(record, &mut out);
    grades(record, &mut out);
    pages_and_refs(record, &mut out);
    out
}

fn push(out: &mut Vec<Diagnostic>, pointer: String, rule: &'static str, message: String) {
    out.push(Diagnostic::new(pointer, rule, message));
}

fn footnotes(record: &Value, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(u64, u64), usize> = HashMap::new();
    for (i, f) in record["footnotes"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(number) = f["number"].as_u64() else {
            continue;
        };
        let run = f.get("run").and_then(Value::as_u64).unwrap_or(0);
        if let Some(first) = seen.get(&(run, number)) {
            push(
                out,
                format!("/footnotes/{i}/number"),
                "footnote-duplicate",
                format!(
                    "footnote {number} appears twice in numbering run {run} (first at /footnotes/{first}); \
                     a restarted numbering needs a new \"run\""
                ),
            );
        } else {
            seen.insert((run, number), i);
        }
    }
}

fn grades(record: &Value, out: &mut Vec<Diagnostic>) {
    let known = || {
        scales::all()
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let report_scale = record["report"]["grade_scale"].as_str();
    if let Some(id) = report_scale
        && scales::by_id(id).is_none()
    {
        push(
            out,
            "/report/grade_scale".into(),
            "grade-scale",
            format!("unknown grade scale \"{id}\" (known: {})", known()),
        );
    }
    for (i, j) in record["judgments"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(id) = j["scale"].as_str() else {
            continue;
        };
        let Some(scale) = scales::by_id(id) else {
            push(
                out,
                format!("/judgments/{i}/scale"),
                "grade-scale",
                format!("unknown grade scale \"{id}\" (known: {})", known()),
            );
            continue;
        };
        if let Some(grade) = j["grade"].as_str()
            && !scale.grades.iter().any(|g| g == grade)
        {
            push(
                out,
                format!("/judgments/{i}/grade"),
                "grade-scale",
                format!(
                    "\"{grade}\" is not a grade of scale {id} ({})",
                    scale.grades.join(", ")
                ),
            );
        }
        if let Some(report_id) = report_scale
            && report_id != id
            && scales::by_id(report_id).is_some()
            && j.get("year").is_none_or(Value::is_null)
        {
            push(
                out,
                format!("/judgments/{i}/scale"),
                "grade-scale",
                format!(
                    "judgment uses scale \"{id}\" but the report's grade_scale is \"{report_id}\" \
                     (a judgment carried over from an earlier inspection gives its \"year\")"
                ),
            );
        }
    }
}

/// Walk the whole record once for `footnote_refs`, `page`/`pages` and table
/// blocks.
fn pages_and_refs(record: &Value, out: &mut Vec<Diagnostic>) {
    let runs_known = record["schema_version"]
        .as_str()
        .is_some_and(crate::record::names_footnote_runs);
    let numbers: HashSet<(u64, u64)> = record["footnotes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let run = f.get("run").and_then(Value::as_u64).unwrap_or(0);
            Some((
                if runs_known { run } else { ANY_RUN },
                f["number"].as_u64()?,
            ))
        })
        .collect();
    let ctx = Ctx {
        numbers,
        runs_known,
        last_page: record["source"]["pages"].as_u64(),
        tables: record["tables"].as_array().map(Vec::len),
    };
    let mut path = Vec::new();
    if let Some(map) = record.as_object() {
        for (k, v) in map {
            if k == "source" {
                continue; // source.pages is the bound itself
            }
            path.push(Seg::Key(k));
            ctx.visit(k, v, 0, &mut path, out);
            path.pop();
        }
    }
}

/// The run key of every footnote when the record does not name runs.
const ANY_RUN: u64 = u64::MAX;

/// One step of the path to the value being visited; the pointer string is
/// built only for a violation, so a valid record costs no formatting.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                s.push('/');
                s.push_str(&k.replace('~', "~0").replace('/', "~1"));
            }
            Seg::Index(i) => {
                let _ = write!(s, "/{i}");
            }
        }
    }
    s
}

struct Ctx {
    /// (run, number) of every footnote; run is [`ANY_RUN`] when the record
    /// does not name runs.
    numbers: HashSet<(u64, u64)>,
    runs_known: bool,
    last_page: Option<u64>,
    tables: Option<usize>,
}

impl Ctx {
    fn visit<'a>(
        &self,
        key: &str,
        v: &'a Value,
        run: u64,
        path: &mut Vec<Seg<'a>>,
        out: &mut Vec<Diagnostic>,
    ) {
        match (key, v) {
            ("footnote_refs", Value::Array(refs)) => {
                let run = if self.runs_known { run } else { ANY_RUN };
                for (i, r) in refs.iter().enumerate() {
                    if let Some(n) = r.as_u64()
                        && !self.numbers.contains(&(run, n))
                    {
                        push(
                            out,
                            format!("{}/{i}", pointer_of(path)),
                            "footnote-ref",
                            format!(
                                "footnote reference {n} points at no footnote{}",
                                self.have(run)
                            ),
                        );
                    }
                }
                return;
            }
            ("page", Value::Number(n)) => {
                self.page(n.as_u64(), path, None, out);
                return;
            }
            ("pages", Value::Array(pages)) => {
                for (i, p) in pages.iter().enumerate() {
                    self.page(p.as_u64(), path, Some(i), out);
                }
                return;
            }
            (_, Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)) => return,
            _ => {}
        }
        match v {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("table")
                    && let (Some(n), Some(count)) =
                        (map.get("table").and_then(Value::as_u64), self.tables)
                    && n >= count as u64
                {
                    push(
                        out,
                        format!("{}/table", pointer_of(path)),
                        "table-ref",
                        format!(
                            "table {n} does not exist (the record has {count} table{}, numbered from 0)",
                            if count == 1 { "" } else { "s" }
                        ),
                    );
                }
                // The run a `footnote_refs` beside it is to.
                let run = map.get("footnote_run").and_then(Value::as_u64).unwrap_or(0);
                for (k, child) in map {
                    path.push(Seg::Key(k));
                    self.visit(k, child, run, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    self.visit("", child, run, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// What the footnotes of `run` are, for a dangling reference's message:
    /// " (footnotes: 1–3)", " in numbering run 1 (its footnotes: 1–4)".
    fn have(&self, run: u64) -> String {
        let mut ns: Vec<u64> = self
            .numbers
            .iter()
            .filter(|(r, _)| *r == run)
            .map(|(_, n)| *n)
            .collect();
        ns.sort_unstable();
        let runs: HashSet<u64> = self.numbers.iter().map(|(r, _)| *r).collect();
        if self.numbers.is_empty() {
            " (the record has no footnotes)".to_string()
        } else if run == ANY_RUN || (run == 0 && runs.len() == 1 && runs.contains(&0)) {
            format!(" (footnotes: {})", ranges(&ns))
        } else if ns.is_empty() {
            format!(" in numbering run {run}: the record has no such run (footnote_run names it)")
        } else {
            format!(" in numbering run {run} (its footnotes: {})", ranges(&ns))
        }
    }

    fn page(
        &self,
        page: Option<u64>,
        path: &[Seg<'_>],
        index: Option<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        if let (Some(p), Some(last)) = (page, self.last_page)
            && p > last
        {
            let mut pointer = pointer_of(path);
            if let Some(i) = index {
                let _ = write!(pointer, "/{i}");
            }
            push(
                out,
                pointer,
                "page-range",
                format!("page {p} is beyond the end of the source PDF (source.pages is {last})"),
            );
        }
    }
}

/// "1–3, 5, 7–8" for sorted numbers.
fn ranges(ns: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < ns.len() {
        let mut j = i;
        while j + 1 < ns.len() && ns[j + 1] == ns[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            ns[i].to_string()
        } else {
            format!("{}–{}", ns[i], ns[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(v: &Value) -> Vec<(String, String)> {
        run(v).into_iter().map(|x| (x.pointer, x.rule)).collect()
    }

    fn base() -> Value {
        json!({
            "source": {"pages": 10},
            "report": {"grade_scale": "peel-2014"},
            "preamble": [{"type": "paragraph", "text": "", "page": 1, "footnote_refs": [1]}],
            "sections": [{
                "heading": "A", "level": 1, "page": 2, "footnote_refs": [2],
                "blocks": [
                    {"type": "list", "ordered": false, "page": 3, "footnote_refs": [],
                     "items": [{"text": "x", "footnote_refs": [1]}]},
                    {"type": "table", "table": 0, "page": 3}
                ],
                "sections": []
            }],
            "tables": [{"caption": null, "page": 3, "pages": [3, 4], "header": [], "rows": []}],
            "footnotes": [
                {"number": 1, "text": "", "page": 9, "urls": []},
                {"number": 2, "text": "", "page": 10, "urls": [], "run": 0},
                {"number": 1, "text": "", "page": 10, "urls": [], "run": 1}
            ],
            "judgments": [
                {"area": "x", "grade": "good", "scale": "peel-2014", "page": 1, "evidence": ""},
                {"area": "y", "grade": "adequate", "scale": "peel-2021", "page": 1, "evidence": "", "year": "2022"}
            ],
            "findings": {"areas_for_improvement": [{"text": "", "page": 5, "pages": [5, 6]}]},
            "warnings": [{"code": "x", "message": "", "page": 2}]
        })
    }

    #[test]
    fn a_consistent_record_passes() {
        assert_eq!(rules(&base()), []);
    }

    #[test]
    fn footnote_refs_must_name_a_footnote() {
        let mut v = base();
        v["sections"][0]["blocks"][0]["items"][0]["footnote_refs"] = json!([1, 7]);
        v["tables"][0]["footnote_refs"] = json!([3]);
        let found = run(&v);
        assert_eq!(
            found
                .iter()
                .map(|x| (x.pointer.as_str(), x.rule.as_str()))
                .collect::<Vec<_>>(),
            [
                (
                    "/sections/0/blocks/0/items/0/footnote_refs/1",
                    "footnote-ref"
                ),
                ("/tables/0/footnote_refs/0", "footnote-ref"),
            ]
        );
        assert_eq!(
            found[0].message,
            "footnote reference 7 points at no footnote (footnotes: 1–2)"
        );
    }

    #[test]
    fn from_1_4_0_a_reference_is_checked_within_its_run() {
        // base() has 1 in runs 0 and 1, and 2 in run 0 only.
        let mut v = base();
        v["schema_version"] = json!("1.4.0");
        assert_eq!(rules(&v), [], "run 0 holds 1 and 2");
        v["sections"][0]["footnote_run"] = json!(1);
        let found = run(&v);
        assert_eq!(
            found
                .iter()
                .map(|x| (x.pointer.as_str(), x.rule.as_str()))
                .collect::<Vec<_>>(),
            [("/sections/0/footnote_refs/0", "footnote-ref")],
            "2 exists only in run 0; the list below keeps run 0"
        );
        assert_eq!(
            found[0].message,
            "footnote reference 2 points at no footnote in numbering run 1 (its footnotes: 1)"
        );
        v["sections"][0]["blocks"][0]["items"][0]["footnote_run"] = json!(4);
        let item = run(&v)
            .into_iter()
            .find(|d| d.pointer == "/sections/0/blocks/0/items/0/footnote_refs/0")
            .map(|d| d.message);
        assert_eq!(
            item.as_deref().unwrap_or("no diagnostic for the item"),
            "footnote reference 1 points at no footnote in numbering run 4: \
             the record has no such run (footnote_run names it)"
        );
    }

    #[test]
    fn before_1_4_0_a_reference_may_be_to_any_run() {
        let mut v = base();
        v["schema_version"] = json!("1.3.0");
        v["sections"][0]["footnote_run"] = json!(1);
        v["preamble"][0]["footnote_refs"] = json!([1, 2]);
        assert_eq!(rules(&v), []);
    }

    #[test]
    fn duplicate_numbers_within_a_run_only() {
        let mut v = base();
        v["footnotes"][2]["run"] = json!(0);
        let found = run(&v);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/footnotes/2/number");
        assert_eq!(found[0].rule, "footnote-duplicate");
        assert!(found[0].message.contains("first at /footnotes/0"));
    }

    #[test]
    fn grades_must_belong_to_the_scale() {
        let mut v = base();
        v["judgments"][0]["grade"] = json!("adequate");
        v["judgments"][1]["year"] = Value::Null;
        v["report"]["grade_scale"] = json!("peel-2014");
        v["judgments"].as_array_mut().expect("array").push(
            json!({"area": "z", "grade": "good", "scale": "peel-1999", "page": 1, "evidence": ""}),
        );
        assert_eq!(
            rules(&v),
            [
                ("/judgments/0/grade".to_string(), "grade-scale".to_string()),
                ("/judgments/1/scale".to_string(), "grade-scale".to_string()),
                ("/judgments/2/scale".to_string(), "grade-scale".to_string()),
            ]
        );
        v["report"]["grade_scale"] = json!("nope");
        assert!(
            rules(&v).contains(&("/report/grade_scale".to_string(), "grade-scale".to_string()))
        );
    }

    #[test]
    fn pages_beyond_the_source_anywhere() {
        let mut v = base();
        v["source"]["pages"] = json!(5);
        assert_eq!(
            rules(&v),
            [
                (
                    "/findings/areas_for_improvement/0/pages/1".to_string(),
                    "page-range".to_string()
                ),
                ("/footnotes/0/page".to_string(), "page-range".to_string()),
                ("/footnotes/1/page".to_string(), "page-range".to_string()),
                ("/footnotes/2/page".to_string(), "page-range".to_string()),
            ]
        );
    }

    #[test]
    fn table_blocks_must_name_a_table() {
        let mut v = base();
        v["sections"][0]["blocks"][1]["table"] = json!(1);
        assert_eq!(
            rules(&v),
            [(
                "/sections/0/blocks/1/table".to_string(),
                "table-ref".to_string()
            )]
        );
    }

    #[test]
    fn wrong_shapes_are_left_to_the_schema() {
        assert_eq!(rules(&json!(null)), []);
        assert_eq!(
            rules(&json!({"footnotes": 3, "judgments": {}, "source": []})),
            []
        );
    }

    #[test]
    fn ranges_compress() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
    }
}
