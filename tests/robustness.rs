//! Hostile input end to end: every file gives a record or a classified
//! failure, no file's failure affects another, a killed batch resumes
//! without partial records, and hand-edited records are never overwritten.

#[path = "common/both.rs"]
mod both;
#[path = "common/pdf.rs"]
mod pdf;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
#[cfg(feature = "fault-injection")]
use std::time::{Duration, Instant};

const CLASSES: &[&str] = &[
    "empty",
    "not_pdf",
    "encrypted",
    "damaged",
    "no_text",
    "engine_crash",
    "time_limit",
    "memory_limit",
    "limit",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

fn inspdf() -> Command {
    Command::cargo_bin("inspdf").expect("binary built")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `_failed.jsonl` as file name → class.
fn failures(out: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(out.join("_failed.jsonl")).expect("_failed.jsonl");
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let file = Path::new(v["file"].as_str().expect("file"))
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "{l}");
            (file, v["class"].as_str().expect("class").to_string())
        })
        .collect()
}

/// Every input is a record that parses or a failure of a known class, and
/// never both.
fn assert_accounted(inputs: &Path, out: &Path) -> (usize, usize) {
    let failed = failures(out);
    let (mut records, mut fails) = (0, 0);
    for entry in std::fs::read_dir(inputs).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let record = out.join(path.with_extension("json").file_name().expect("name"));
        match (record.is_file(), failed.get(&name)) {
            (true, None) => {
                let v = read_json(&record);
                assert_eq!(v["source"]["file"], name.as_str());
                records += 1;
            }
            (false, Some(class)) => {
                assert!(CLASSES.contains(&class.as_str()), "{name}: class {class}");
                fails += 1;
            }
            (r, f) => panic!("{name}: record {r}, failure {f:?}"),
        }
    }
    (records, fails)
}

#[test]
fn hostile_fixtures_each_give_their_class_or_a_record() {
    let fixtures = root().join("tests/fixtures/robustness");
    let out = tempfile::tempdir().expect("tempdir");
    let run = inspdf()
        .args(["convert", "--no-progress", "--jobs", "2", "-o"])
        .arg(out.path())
        .arg(&fixtures)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let expected: &[(&str, &str)] = &[
        (
            "ofsted-ilacs__80429_birmingham__children_s_services_inspection_-_19_october_2012.html-not-pdf.pdf",
            "not_pdf",
        ),
        ("qpdf__bad-direct-root.pdf", "not_pdf"),
        ("pdfjs__bug1538111.pdf", "no_text"),
        ("pdfjs__issue14267.pdf", "no_text"),
        ("pdfminer__issue_1165_linewidth.pdf", "no_text"),
        ("qpdf__damaged-inline-image.pdf", "no_text"),
        ("pdfjs__issue19484_2.pdf", "encrypted"),
        ("pdfminer__aes-256-m.pdf", "encrypted"),
        ("pypdf__r4-aes-user-password.pdf", "encrypted"),
        ("pypdf__r6-both-passwords.pdf", "encrypted"),
        ("qpdf__c-r5-in.pdf", "encrypted"),
        ("qpdf__enc-R2,V1,U=view,O=view.pdf", "encrypted"),
        ("qpdf__issue-119.pdf", "damaged"),
    ];
    let failed = failures(out.path());
    for (name, class) in expected {
        assert_eq!(
            failed.get(*name).map(String::as_str),
            Some(*class),
            "{name}"
        );
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name} in {stderr}"));
        assert!(line.starts_with("FAIL"), "{line}");
    }
    // The bomb, the xref loop, a bad encryption length, an empty-password
    // encryption: records.
    for name in [
        "pdfjs__bomb_giant",
        "qpdf__append-xref-loop",
        "qpdf__bad-encryption-length",
        "qpdf__bad5",
        "pypdf__crazyones",
        "camelot__china",
        "camelot__labor",
        "pdfjs__issue5238",
        "pdfjs__scan-bad",
    ] {
        read_json(&out.path().join(format!("{name}.json")));
    }
    let (records, fails) = assert_accounted(&fixtures, out.path());
    assert_eq!((records, fails), (9, 13));
    assert!(
        stderr.contains("9 converted, 0 rejected, 13 failed"),
        "{stderr}"
    );
    assert!(stderr.contains("encrypted 6"), "{stderr}");
}

/// Deterministic damage: truncations and flipped bytes of a real report.
fn damaged_variants(dir: &Path) {
    let good = std::fs::read(sample("004_a_a4_serif_justified_hyphenated.pdf")).expect("sample");
    for (i, frac) in [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]
        .iter()
        .enumerate()
    {
        let cut = (good.len() as f64 * frac) as usize;
        std::fs::write(dir.join(format!("trunc-{i}.pdf")), &good[..cut]).expect("write");
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..16 {
        let mut bad = good.clone();
        let flips = 1 + (next() % 200) as usize;
        for _ in 0..flips {
            let at = (next() as usize) % bad.len();
            bad[at] = next() as u8;
        }
        std::fs::write(dir.join(format!("flip-{i}.pdf")), &bad).expect("write");
    }
    // The header and nothing else; the xref table zeroed.
    std::fs::write(dir.join("header-only.pdf"), b"%PDF-1.7\n").expect("write");
    let mut noxref = good.clone();
    if let Some(at) = noxref.windows(4).rposition(|w| w == b"xref") {
        for b in &mut noxref[at..] {
            *b = b'0';
        }
    }
    std::fs::write(dir.join("no-xref.pdf"), &noxref).expect("write");
    nested_variants(dir);
}

/// A one-page PDF with `objects` (numbered from 4) after the catalog, the
/// page tree and a page whose contents and resources are given, and a
/// correct cross-reference table.
fn build_pdf(content: &str, resources: &str, objects: &[String]) -> Vec<u8> {
    let mut bodies = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents {} 0 R >>",
            4 + objects.len()
        ),
    ];
    bodies.extend(objects.iter().cloned());
    bodies.push(pdf::stream(content));
    pdf::pdf(&bodies)
}

/// Deep nesting, the kind that overflows a recursive parser's stack:
/// arrays and dictionaries 100,000 deep, in an object and in the content
/// stream, and a Form XObject that draws itself.
fn nested_variants(dir: &Path) {
    const DEPTH: usize = 100_000;
    let text = "BT /F1 12 Tf 72 720 Td (Nested) Tj ET";
    let font = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>";
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let dicts = format!("{}{}", "<< /A ".repeat(DEPTH), ">>".repeat(DEPTH));
    let write = |name: &str, pdf: Vec<u8>| std::fs::write(dir.join(name), pdf).expect("write");
    write(
        "nested-arrays.pdf",
        build_pdf(text, font, std::slice::from_ref(&arrays)),
    );
    write("nested-dicts.pdf", build_pdf(text, font, &[dicts]));
    write(
        "nested-content.pdf",
        build_pdf(&format!("{text} {arrays} pop"), font, &[]),
    );
    let form = "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >> /Length 6 >>\nstream\n/X Do\nendstream";
    write(
        "self-drawing-form.pdf",
        build_pdf(
            &format!("{text} /X Do"),
            "<< /XObject << /X 4 0 R >> /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>",
            &[form.to_string()],
        ),
    );
}

#[test]
fn generated_damage_never_crashes_the_batch() {
    let inputs = tempfile::tempdir().expect("tempdir");
    damaged_variants(inputs.path());
    let out = tempfile::tempdir().expect("tempdir");
    let run = inspdf()
        .args([
            "convert",
            "--no-progress",
            "--jobs",
            "2",
            "--time-limit",
            "15",
            "-o",
        ])
        .arg(out.path())
        .arg(inputs.path())
        .assert();
    assert_eq!(run.get_output().status.code(), Some(1), "failures: exit 1");
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let (records, fails) = assert_accounted(inputs.path(), out.path());
    assert_eq!((records, fails), (8, 22), "{stderr}");
    assert!(
        stderr.contains("8 converted, 0 rejected, 22 failed"),
        "{stderr}"
    );
    // The damage is deterministic, and so is each file's class: the empty
    // cut, the cuts and the lone header that leave no page tree, flips that
    // hide the text or break the file, one that crashes the engine.
    let expected: BTreeMap<String, String> = [
        ("trunc-0", "empty"),
        ("trunc-1", "damaged"),
        ("trunc-2", "damaged"),
        ("trunc-3", "damaged"),
        ("trunc-4", "damaged"),
        ("trunc-5", "damaged"),
        ("trunc-6", "damaged"),
        ("header-only", "damaged"),
        ("flip-0", "no_text"),
        ("flip-1", "no_text"),
        ("flip-2", "no_text"),
        ("flip-3", "no_text"),
        ("flip-4", "engine_crash"),
        ("flip-6", "no_text"),
        ("flip-7", "damaged"),
        ("flip-8", "no_text"),
        ("flip-9", "no_text"),
        ("flip-11", "no_text"),
        ("flip-12", "damaged"),
        ("flip-13", "no_text"),
        ("flip-14", "no_text"),
        ("flip-15", "damaged"),
    ]
    .into_iter()
    .map(|(f, c)| (format!("{f}.pdf"), c.to_string()))
    .collect();
    assert_eq!(failures(out.path()), expected);
    // Deep nesting and a form drawing itself are read. 100,000 nested
    // arrays in the content stream used to overflow pdf_oxide's parser on
    // the 8 MiB main stack (engine_crash); conversions now run on a deeper
    // stack.
    for readable in [
        "nested-arrays",
        "nested-dicts",
        "nested-content",
        "self-drawing-form",
    ] {
        let record = out.path().join(format!("{readable}.json"));
        assert!(record.is_file(), "{readable}: no record");
    }
}

/// Input limits end to end, with worker processes and in process: a
/// document over `--max-pages` and a file over `--max-file-mib` each fail
/// with class `limit`, and a file within both limits is converted.
#[test]
fn files_over_an_input_limit_fail_with_class_limit() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        sample("004_a_a4_serif_justified_hyphenated.pdf"),
        inputs.path().join("two-pages.pdf"),
    )
    .expect("copy");
    std::fs::copy(
        sample("ofsted_barnet_2024.pdf"),
        inputs.path().join("twelve-pages.pdf"),
    )
    .expect("copy");
    // Two pages, padded past 1 MiB after its end (still a readable PDF).
    let mut big = std::fs::read(sample("004_a_a4_serif_justified_hyphenated.pdf")).expect("read");
    big.extend(std::iter::repeat_n(b'\n', 1_200_000));
    std::fs::write(inputs.path().join("big.pdf"), big).expect("write");
    for extra in [&[][..], &["--in-process"][..]] {
        let out = tempfile::tempdir().expect("tempdir");
        let run = inspdf()
            .args(["convert", "--no-progress", "--max-pages", "10"])
            .args(["--max-file-mib", "1"])
            .args(extra)
            .arg("-o")
            .arg(out.path())
            .arg(inputs.path())
            .assert()
            .code(1);
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(
            stderr.contains("1 converted, 0 rejected, 2 failed"),
            "{extra:?}: {stderr}"
        );
        assert!(stderr.contains("limit 2"), "{extra:?}: {stderr}");
        let failed = failures(out.path());
        let want: BTreeMap<String, String> = [("big.pdf", "limit"), ("twelve-pages.pdf", "limit")]
            .into_iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(failed, want, "{extra:?}");
        read_json(&out.path().join("two-pages.json"));
        assert_accounted(inputs.path(), out.path());
        // The reasons name the limits.
        let log = std::fs::read_to_string(out.path().join("_failed.jsonl")).expect("log");
        assert!(
            log.contains("--max-pages") && log.contains("--max-file-mib"),
            "{log}"
        );
    }
}

#[cfg(feature = "fault-injection")]
/// A good file and a file whose worker misbehaves as `fault` says.
fn fault_batch(fault: &str, extra: &[&str]) -> (tempfile::TempDir, tempfile::TempDir, String) {
    let inputs = tempfile::tempdir().expect("tempdir");
    let src = sample("004_a_a4_serif_justified_hyphenated.pdf");
    std::fs::copy(&src, inputs.path().join("good.pdf")).expect("copy");
    std::fs::copy(&src, inputs.path().join("bad-inspdf-fault.pdf")).expect("copy");
    let out = tempfile::tempdir().expect("tempdir");
    let run = inspdf()
        .env("INSPDF_TEST_WORKER_FAULT", fault)
        .args(["convert", "--no-progress", "--jobs", "2"])
        .args(extra)
        .arg("-o")
        .arg(out.path())
        .arg(inputs.path())
        .assert();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    (inputs, out, stderr)
}

#[cfg(feature = "fault-injection")]
#[test]
fn aborts_overflows_hangs_and_memory_hogs_are_classified() {
    for (fault, extra, class) in [
        ("abort", &[][..], "engine_crash"),
        ("stack", &[][..], "engine_crash"),
        ("exit", &[][..], "engine_crash"),
        // The limit applies to the good file too, which converts in about
        // 0.1 s: 5 s leaves it a wide margin on a loaded machine.
        (
            "hang",
            &["--time-limit", "5", "--time-per-page", "0"][..],
            "time_limit",
        ),
        ("oom", &["--memory-limit-mib", "256"][..], "memory_limit"),
    ] {
        fails_alone(fault, extra, class);
    }
}

#[cfg(feature = "fault-injection")]
/// Run `fault` on one file beside a good one: the good file converts, the
/// faulty one fails alone with `class`, and every input is accounted for.
/// Returns the output folder.
fn fails_alone(fault: &str, extra: &[&str], class: &str) -> tempfile::TempDir {
    let (inputs, out, stderr) = fault_batch(fault, extra);
    assert!(out.path().join("good.json").is_file(), "{fault}: {stderr}");
    assert_eq!(
        failures(out.path())
            .get("bad-inspdf-fault.pdf")
            .map(String::as_str),
        Some(class),
        "{fault}: {stderr}"
    );
    assert!(
        stderr.contains("1 converted, 0 rejected, 1 failed"),
        "{fault}: {stderr}"
    );
    assert_accounted(inputs.path(), out.path());
    out
}

#[cfg(feature = "fault-injection")]
#[test]
fn faults_inside_the_engine_mid_extraction_are_classified_and_fall_back() {
    // `engine-KIND` fires from pdf_oxide's page loop, with the document
    // parsed and its first page read: the worker dies in the middle of
    // the engine's work, not before the PDF is read.
    for (fault, extra, class) in [
        ("engine-abort", &[][..], "engine_crash"),
        ("engine-stack", &[][..], "engine_crash"),
        (
            "engine-hang",
            &["--time-limit", "5", "--time-per-page", "0"][..],
            "time_limit",
        ),
        (
            "engine-oom",
            &["--memory-limit-mib", "256"][..],
            "memory_limit",
        ),
    ] {
        let out = fails_alone(fault, extra, class);
        if fault == "engine-abort" {
            let failed =
                std::fs::read_to_string(out.path().join("_failed.jsonl")).expect("_failed.jsonl");
            assert!(
                failed.contains("inside the engine, after page 1"),
                "the worker died where the fault is placed: {failed}"
            );
        }
    }
    // pdf_oxide crashing mid-document: the file is read again with
    // pdf-extract, in a new worker.
    let (_inputs, out, stderr) = fault_batch("engine-abort@pdf_oxide", &[]);
    assert!(
        stderr.contains("2 converted, 0 rejected, 0 failed"),
        "{stderr}"
    );
    let rec = read_json(&out.path().join("bad-inspdf-fault.json"));
    assert_eq!(rec["converter"]["engine"], "pdf-extract");
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_crashing_first_engine_falls_back_to_the_second() {
    let (_inputs, out, stderr) = fault_batch("abort@pdf_oxide", &[]);
    assert!(
        stderr.contains("2 converted, 0 rejected, 0 failed"),
        "{stderr}"
    );
    let rec = read_json(&out.path().join("bad-inspdf-fault.json"));
    assert_eq!(rec["converter"]["engine"], "pdf-extract");
    let codes: Vec<&str> = rec["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"engine_fallback"), "{codes:?}");
}

#[cfg(feature = "fault-injection")]
/// Convert `inputs` with `--jobs 1` (one worker takes the files in turn),
/// the worker fault `fault` set or not: the records folder's files, name →
/// bytes, and the failures.
fn one_worker_batch(
    inputs: &Path,
    fault: Option<&str>,
    extra: &[&str],
) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, String>, String) {
    let out = tempfile::tempdir().expect("tempdir");
    let mut cmd = inspdf();
    if let Some(fault) = fault {
        cmd.env("INSPDF_TEST_WORKER_FAULT", fault);
    }
    let run = cmd
        .args(["convert", "--no-progress", "--jobs", "1"])
        .args(extra)
        .arg("-o")
        .arg(out.path())
        .arg(inputs)
        .assert();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let mut records = BTreeMap::new();
    for entry in std::fs::read_dir(out.path()).expect("list") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if path.is_file() && name.ends_with(".json") {
            records.insert(name, std::fs::read(&path).expect("read"));
        }
    }
    (records, failures(out.path()), stderr)
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_worker_that_dies_mid_batch_fails_only_its_file() {
    // With --jobs 1 one worker takes the files in name order: two before
    // the faulty one, two after it.
    let inputs = tempfile::tempdir().expect("tempdir");
    let names = [
        ("1-a.pdf", "001_a_a4_serif_justified_hyphenated.pdf"),
        ("2-b.pdf", "ofsted_barnet_2024.pdf"),
        (
            "3-inspdf-fault.pdf",
            "004_a_a4_serif_justified_hyphenated.pdf",
        ),
        ("4-c.pdf", "003_a_a4_serif_justified_hyphenated.pdf"),
        ("5-d.pdf", "004_a_a4_serif_justified_hyphenated.pdf"),
    ];
    for (name, src) in names {
        std::fs::copy(sample(src), inputs.path().join(name)).expect("copy");
    }
    let (clean, clean_failed, stderr) = one_worker_batch(inputs.path(), None, &[]);
    assert!(clean_failed.is_empty(), "{stderr}");
    assert_eq!(clean.len(), names.len(), "{stderr}");
    for (fault, extra, class) in [
        ("abort", &[][..], "engine_crash"),
        ("stack", &[][..], "engine_crash"),
        ("oom", &["--memory-limit-mib", "256"][..], "memory_limit"),
        // Every file has 5 s, the good ones need about 0.1 s each.
        (
            "hang",
            &["--time-limit", "5", "--time-per-page", "0"][..],
            "time_limit",
        ),
    ] {
        let (records, failed, stderr) = one_worker_batch(inputs.path(), Some(fault), extra);
        let expected: BTreeMap<String, String> =
            [("3-inspdf-fault.pdf".to_string(), class.to_string())].into();
        assert_eq!(failed, expected, "{fault}: {stderr}");
        let mut others = clean.clone();
        others.remove("3-inspdf-fault.json");
        assert_eq!(
            records.keys().collect::<Vec<_>>(),
            others.keys().collect::<Vec<_>>(),
            "{fault}: {stderr}"
        );
        for (name, bytes) in &others {
            assert!(
                records.get(name) == Some(bytes),
                "{fault}: {name} differs from a batch without the fault"
            );
        }
        assert!(
            stderr.contains("4 converted, 0 rejected, 1 failed"),
            "{fault}: {stderr}"
        );
    }
    // A worker that dies on its first engine: the retry gets a worker of
    // its own, and the files after it still convert as without the fault.
    let (records, failed, stderr) = one_worker_batch(inputs.path(), Some("abort@pdf_oxide"), &[]);
    assert!(failed.is_empty(), "{stderr}");
    for (name, bytes) in &clean {
        if name != "3-inspdf-fault.json" {
            assert!(records.get(name) == Some(bytes), "{name}: {stderr}");
        }
    }
}

#[cfg(feature = "fault-injection")]
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_killed_batch_leaves_whole_records_and_resumes() {
    let inputs = tempfile::tempdir().expect("tempdir");
    let src = sample("004_a_a4_serif_justified_hyphenated.pdf");
    for i in 0..12 {
        std::fs::copy(&src, inputs.path().join(format!("r{i:02}.pdf"))).expect("copy");
    }
    // The last file hangs its worker, so the batch is surely still running
    // when it is killed.
    std::fs::copy(&src, inputs.path().join("z-inspdf-fault.pdf")).expect("copy");
    let out = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("inspdf");
    let mut child = std::process::Command::new(&bin)
        .env("INSPDF_TEST_WORKER_FAULT", "hang")
        .args(["convert", "--no-progress", "--jobs", "2"])
        .args(["--time-limit", "3", "--time-per-page", "0", "-o"])
        .arg(out.path())
        .arg(inputs.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start batch");
    let started = Instant::now();
    while !out.path().join("r05.json").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill -9");
    let _ = child.wait();

    let mut found = Vec::new();
    json_files(out.path(), &mut found);
    for path in &found {
        let name = path.file_name().expect("name").to_string_lossy();
        if name.ends_with(".json") {
            read_json(path);
        }
    }

    let run = inspdf()
        .args(["convert", "--no-progress", "--jobs", "2", "-o"])
        .arg(out.path())
        .arg(inputs.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains(" skipped (already up to date)"), "{stderr}");
    assert!(
        !stderr.contains("KEPT"),
        "no record mistaken for a hand edit: {stderr}"
    );
    let mut found = Vec::new();
    json_files(out.path(), &mut found);
    assert!(
        !found.iter().any(|p| p.to_string_lossy().ends_with(".tmp")),
        "{found:?}"
    );
    for i in 0..12 {
        read_json(&out.path().join(format!("r{i:02}.json")));
    }
    read_json(&out.path().join("z-inspdf-fault.json"));
}

#[test]
fn hand_edited_records_are_never_overwritten() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        sample("004_a_a4_serif_justified_hyphenated.pdf"),
        inputs.path().join("report.pdf"),
    )
    .expect("copy");
    let out = tempfile::tempdir().expect("tempdir");
    let convert = |extra: &[&str]| {
        let run = inspdf()
            .args(["convert", "--no-progress"])
            .args(extra)
            .arg("-o")
            .arg(out.path())
            .arg(inputs.path())
            .assert()
            .success();
        String::from_utf8_lossy(&run.get_output().stderr).into_owned()
    };
    convert(&[]);
    let record = out.path().join("report.json");
    let stderr = convert(&[]);
    assert!(stderr.contains("1 skipped"), "{stderr}");

    let mut v = read_json(&record);
    v["report"]["title"] = Value::String("Corrected by hand".into());
    let edited = serde_json::to_vec_pretty(&v).expect("json");
    std::fs::write(&record, &edited).expect("edit");

    let stderr = convert(&[]);
    assert!(stderr.contains("1 skipped"), "{stderr}");
    assert!(stderr.contains("edited by hand"), "{stderr}");
    let stderr = convert(&["--force"]);
    assert!(stderr.contains("KEPT"), "{stderr}");
    assert!(stderr.contains("1 hand-edited record(s) kept"), "{stderr}");
    assert_eq!(std::fs::read(&record).expect("read"), edited);
    let new = read_json(&out.path().join("_new/report.json"));
    assert_ne!(new["report"]["title"], "Corrected by hand");
}

#[test]
fn files_from_and_jsonl_stream_in_input_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.pdf"), "not a PDF\n").expect("write");
    let list = format!(
        "{}\n{}\n\n{}\n{}\n",
        sample("004_a_a4_serif_justified_hyphenated.pdf").display(),
        dir.path().join("notes.pdf").display(),
        sample("001_a_a4_serif_justified_hyphenated.pdf").display(),
        sample("003_a_a4_serif_justified_hyphenated.pdf").display(),
    );
    let stream = |extra: &[&str]| {
        let run = inspdf()
            .current_dir(dir.path())
            .args([
                "convert",
                "--no-progress",
                "--files-from",
                "-",
                "--jsonl",
                "-",
            ])
            .args(extra)
            .write_stdin(list.clone())
            .assert()
            .code(1);
        run.get_output().stdout.clone()
    };
    let two = stream(&["--jobs", "2"]);
    let text = String::from_utf8(two.clone()).expect("utf-8");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let order: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            let file = l["file"].as_str().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or_default();
            (name, l["status"].as_str().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        order,
        [
            ("004_a_a4_serif_justified_hyphenated.pdf", "converted"),
            ("notes.pdf", "failed"),
            ("001_a_a4_serif_justified_hyphenated.pdf", "converted"),
            ("003_a_a4_serif_justified_hyphenated.pdf", "converted"),
        ]
    );
    assert_eq!(lines[1]["class"], "not_pdf");
    assert_eq!(
        lines[2]["record"]["report"]["force"],
        "Leicestershire Police"
    );
    // No records folder without -o; same bytes whatever the job count and
    // with or without worker processes.
    assert!(!dir.path().join("records").exists());
    assert_eq!(stream(&["--jobs", "1"]), two);
    assert_eq!(stream(&["--jobs", "2", "--in-process"]), two);
}

/// The map step of bench/parallel-recipe.sh without GNU parallel: the list
/// cut into chunks, each converted by its own `convert --files-from -
/// --jsonl -` process, gives, concatenated, the bytes of one run.
#[test]
fn chunks_converted_apart_concatenate_to_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("empty.pdf"), "").expect("write");
    let paths = [
        sample("004_a_a4_serif_justified_hyphenated.pdf"),
        dir.path().join("empty.pdf"),
        sample("001_a_a4_serif_justified_hyphenated.pdf"),
        root().join("tests/fixtures/robustness/pypdf__crazyones.pdf"),
        sample("003_a_a4_serif_justified_hyphenated.pdf"),
    ];
    let lines: Vec<String> = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    let convert = |list: String| {
        let out = inspdf()
            .current_dir(dir.path())
            .args([
                "convert",
                "--no-progress",
                "--jobs",
                "1",
                "--files-from",
                "-",
                "--jsonl",
                "-",
            ])
            .write_stdin(list)
            .output()
            .expect("run inspdf");
        assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
        out.stdout
    };
    let whole = convert(lines.concat());
    assert_eq!(whole.iter().filter(|&&b| b == b'\n').count(), paths.len());
    let mut mapped = Vec::new();
    for chunk in lines.chunks(2) {
        mapped.extend(convert(chunk.concat()));
    }
    assert_eq!(
        String::from_utf8_lossy(&mapped),
        String::from_utf8_lossy(&whole)
    );
    assert!(!dir.path().join("records").exists());
}

/// A word for the text-kept check: letters and digits, lower case.
fn words_of(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let text = text.replace('\u{ad}', "").replace("-\n", "");
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *out.entry(w.to_lowercase()).or_default() += 1;
    }
    out
}

/// Every string of a record but its `source` and `converter`.
fn record_strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) => a.iter().for_each(|x| record_strings(x, out)),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| *k != "source" && *k != "converter")
            .for_each(|(_, x)| record_strings(x, out)),
        _ => {}
    }
}

#[test]
fn no_text_that_pdftotext_reads_is_lost_furniture_included() {
    // Each hostile fixture pdftotext reads (within 10 s): at least 99% of
    // its words are somewhere in the record, page furniture included. One
    // of them prints "Potato 0" … "Potato 29", a line that would be taken
    // for a running footer on every page: it is the document's content.
    let dir = root().join("tests/fixtures/robustness");
    let out = tempfile::tempdir().expect("tempdir");
    inspdf()
        .arg("convert")
        .arg(&dir)
        .arg("-o")
        .arg(out.path())
        .arg("--no-progress")
        .assert()
        .code(1);
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let run = std::process::Command::new("timeout")
            .args(["10", "pdftotext", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let want = words_of(&String::from_utf8_lossy(&run.stdout));
        if !run.status.success() || want.is_empty() {
            continue;
        }
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let record = out.path().join(format!("{stem}.json"));
        assert!(record.exists(), "{stem}: pdftotext reads it but no record");
        let mut text = String::new();
        record_strings(&read_json(&record), &mut text);
        let have = words_of(&text);
        let total: usize = want.values().sum();
        let found: usize = want
            .iter()
            .map(|(w, n)| (*n).min(have.get(w).copied().unwrap_or(0)))
            .sum();
        let share = found as f64 / total as f64;
        assert!(share >= 0.99, "{stem}: {found} of {total} words kept");
        checked.push(stem);
    }
    assert!(
        checked.iter().any(|s| s == "qpdf__append-xref-loop"),
        "{checked:?}"
    );
    assert!(checked.len() >= 5, "{checked:?}");
}

/// A page of a book made from a print master: the compositor's slug line
/// and the proof's line numbers lie on the medium but outside the CropBox,
/// so no reader shows them. They are not body, but they are in the text
/// layer (pdftotext prints them): the record keeps them as furniture, on
/// the page they are on, and the body keeps only what the page shows.
#[test]
fn text_the_crop_box_hides_is_furniture_neither_body_nor_lost() {
    let text =
        |size: u32, x: u32, y: u32, s: &str| format!("BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n");
    let body = "The body of this page is all that a reader shows of it.";
    let content = [
        text(8, 20, 775, "14773_05_r9jm.qxd 2/10/04 3:46 PM Page 7"),
        text(18, 100, 700, "A Chapter Title"),
        text(11, 100, 660, body),
        text(8, 20, 660, "12"),
        text(8, 20, 640, "13"),
    ]
    .concat();
    let objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /CropBox [61.2 28.8 550.8 763.2] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        pdf::stream(&content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("print_master.pdf");
    std::fs::write(&file, pdf::pdf(&objects)).expect("fixture written");
    for record in both::records(&file, dir.path()) {
        let furniture: Vec<(u64, &str)> = record["furniture"]
            .as_array()
            .expect("furniture")
            .iter()
            .map(|f| {
                (
                    f["page"].as_u64().expect("page"),
                    f["text"].as_str().expect("text"),
                )
            })
            .collect();
        assert_eq!(
            furniture,
            [
                (1, "14773_05_r9jm.qxd 2/10/04 3:46 PM Page 7"),
                (1, "12"),
                (1, "13")
            ],
            "{record:#}"
        );
        let mut shown = String::new();
        for key in ["report", "preamble", "sections", "back_matter"] {
            record_strings(&record[key], &mut shown);
        }
        assert!(shown.contains(body), "{record:#}");
        assert!(!shown.contains("qxd") && !shown.contains("13"), "{shown}");
    }
}
