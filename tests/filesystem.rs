//! A hostile file system loses nothing (issue 16): hand edits survive name
//! collisions and `--force`, links and special files planted in the output
//! folder are never written through, two runs into one folder do not break
//! each other, bytes from PDFs and file names never reach the terminal raw,
//! FIFOs and devices named `*.pdf` or `*.json` neither hang nor exhaust
//! memory, and `validate` stays linear on a flood of duplicate keys.
//!
//! Unix only: the attacks are symlinks, FIFOs and devices.
#![cfg(unix)]

#[path = "common/reject.rs"]
mod reject;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// A small text PDF from the samples.
fn pdf() -> PathBuf {
    sample("004_a_a4_serif_justified_hyphenated.pdf")
}

/// Another one, for "the source changed".
fn other_pdf() -> PathBuf {
    sample("003_a_a4_serif_justified_hyphenated.pdf")
}

/// The command, with a generous timeout so a hang fails the test instead
/// of stalling the suite.
fn inspdf() -> Command {
    let mut c = Command::cargo_bin("inspdf").expect("binary built");
    c.timeout(Duration::from_secs(120));
    c
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Run `convert` (in process: faster, and the file handling is the same)
/// and give back exit code and stderr.
fn convert(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = inspdf()
        .args(["convert", "--no-progress", "--in-process"])
        .args(args)
        .output()
        .expect("inspdf runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

// 6. validate is linear on duplicate keys --------------------------------

#[test]
fn validate_reports_a_bounded_number_of_duplicate_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("dups.json");
    let n = 100_000;
    let body: Vec<&str> = vec!["  \"schema_version\": \"1.0.0\""; n];
    std::fs::write(&file, format!("{{\n{}\n}}\n", body.join(",\n"))).expect("write");
    let out = inspdf()
        .arg("validate")
        .arg(&file)
        .output()
        .expect("validate runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let dups = text.matches("error[duplicate-key]").count();
    assert_eq!(dups, 1000, "duplicates reported up to the cap");
    // The last one reported names its first occurrence, line 2.
    assert!(text.contains("(first at 2:3)"), "{text:.300}");
    let more = format!("{} more syntax problem(s) not shown", n - 1 - 1000);
    assert!(text.contains(&more), "the rest are counted: {text:.300}");
}

// 4. Terminal escapes --------------------------------------------------------

/// No byte of a terminal command in `text`, and `lines` lines.
fn assert_inert(text: &[u8], what: &str) {
    let controls: Vec<u8> = text
        .iter()
        .copied()
        .filter(|&b| b < 0x20 && b != b'\n')
        .collect();
    assert!(controls.is_empty(), "{what}: raw controls {controls:?}");
    let s = String::from_utf8_lossy(text);
    assert!(
        !s.contains('\u{9b}') && !s.contains('\u{202e}'),
        "{what}: {s}"
    );
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    use std::os::unix::ffi::OsStrExt;
    let inputs = tempfile::tempdir().expect("tempdir");
    let name = std::ffi::OsStr::from_bytes(b"evil\x1bc\rline\nbreak\xc2\x9b\xe2\x80\xae.pdf");
    std::fs::write(inputs.path().join(name), b"not a PDF \x1bc\n").expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    let run = inspdf()
        .args(["convert", "--no-progress", "--in-process", "-o"])
        .arg(out.path())
        .arg(inputs.path())
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1));
    assert_inert(&run.stderr, "convert");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let fail: Vec<&str> = stderr.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(fail.len(), 1, "one line for one failure: {stderr}");
    assert!(
        fail[0].contains("evil\\x1bc\\rline\\nbreak\\u{9b}\\u{202e}.pdf"),
        "{stderr}"
    );
    // The machine outputs keep the name exactly, in JSON's own escaping.
    let log = std::fs::read_to_string(out.path().join("_failed.jsonl")).expect("log");
    let line: Value = serde_json::from_str(log.trim_end()).expect("one JSON line");
    let file = line["file"].as_str().expect("file");
    assert!(
        file.ends_with("evil\u{1b}c\rline\nbreak\u{9b}\u{202e}.pdf"),
        "{file}"
    );

    // validate: a file name and a JSON key with controls.
    let records = tempfile::tempdir().expect("tempdir");
    let bad = records.path().join("r\x1b[2J.json");
    std::fs::write(
        &bad,
        "{\"schema_version\": \"1.0.0\", \"k\\u001b]0;x\\u0007\\n\": 1}",
    )
    .expect("write");
    for format in ["text", "github"] {
        let run = inspdf()
            .args(["validate", "--format", format])
            .arg(&bad)
            .output()
            .expect("runs");
        assert_eq!(run.status.code(), Some(1), "{format}");
        assert_inert(&run.stdout, format);
        let text = String::from_utf8_lossy(&run.stdout);
        assert!(text.contains("r\\x1b[2J.json"), "{format}: {text}");
        // A newline in a key: spelled out for people, %0A for the runner.
        let newline = if format == "text" { "\\n" } else { "%0A" };
        let key = format!("k\\x1b]0;x\\x07{newline}");
        assert!(text.contains(&key), "{format}: {text}");
    }
    // --format json keeps the key as JSON.
    let run = inspdf()
        .args(["validate", "--format", "json"])
        .arg(&bad)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&run.stdout).expect("json");
    assert!(
        v["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("r\u{1b}[2J.json"))
    );
}

// 5. FIFOs and devices named like inputs ------------------------------------

/// `_failed.jsonl` as (file name, class, reason).
fn failures(out: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(out.join("_failed.jsonl")).expect("_failed.jsonl");
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let file = Path::new(v["file"].as_str().expect("file"))
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let class = v["class"].as_str().expect("class").to_string();
            (
                file,
                class,
                v["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

#[test]
fn fifos_and_devices_are_classified_failures_not_hangs() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(pdf(), inputs.path().join("good.pdf")).expect("copy");
    mkfifo(&inputs.path().join("stuck.pdf"));
    let links = tempfile::tempdir().expect("tempdir");
    let zero = links.path().join("zero.pdf");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let out = tempfile::tempdir().expect("tempdir");
    for isolation in [&["--in-process"][..], &[]] {
        let run = inspdf()
            .args(["convert", "--no-progress", "--force"])
            .args(isolation)
            .arg("-o")
            .arg(out.path())
            .arg(inputs.path())
            .arg(&zero)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert!(out.path().join("good.json").is_file(), "{stderr}");
        let mut found = failures(out.path());
        found.sort();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1.as_str()),
            ("stuck.pdf", "io")
        );
        assert!(
            found[0].2.contains("not a regular file (a FIFO)"),
            "{found:?}"
        );
        assert_eq!(
            (found[1].0.as_str(), found[1].1.as_str()),
            ("zero.pdf", "io")
        );
        assert!(found[1].2.contains("character device"), "{found:?}");
    }
}

#[test]
fn validate_reads_regular_files_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    mkfifo(&dir.path().join("stuck.json"));
    let zero = dir.path().join("zero-link");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let run = inspdf()
        .arg("validate")
        .arg(dir.path())
        .arg(&zero)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains("stuck.json: error[io]: not a regular file (a FIFO)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("zero-link: error[io]: not a regular file (a character device)"),
        "{stdout}"
    );
    assert!(stderr.contains("2 unreadable"), "{stderr}");
}

// 7. Links met in a folder walk are not followed ----------------------------

#[test]
fn links_inside_walked_folders_are_not_followed() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret.json");
    std::fs::write(&secret, "{\"password\": 1}").expect("write");
    std::fs::copy(pdf(), outside.path().join("theirs.pdf")).expect("copy");
    let records = tempfile::tempdir().expect("tempdir");
    std::fs::write(records.path().join("ok.json"), "{}").expect("write");
    std::os::unix::fs::symlink(&secret, records.path().join("link.json")).expect("symlink");
    std::os::unix::fs::symlink(outside.path(), records.path().join("dir")).expect("symlink");
    let run = inspdf()
        .arg("validate")
        .arg(records.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        !stdout.contains("link.json") && !stdout.contains("secret"),
        "{stdout}"
    );
    assert!(stdout.contains("ok.json"), "{stdout}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.starts_with("1 file checked"), "{stderr}");
    // Named on the command line, a link is followed.
    let run = inspdf()
        .arg("validate")
        .arg(records.path().join("link.json"))
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&run.stdout).contains("password"));

    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(pdf(), inputs.path().join("mine.pdf")).expect("copy");
    std::os::unix::fs::symlink(
        outside.path().join("theirs.pdf"),
        inputs.path().join("l.pdf"),
    )
    .expect("symlink");
    let out = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = convert(&[os(Path::new("-o")), os(out.path()), os(inputs.path())]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.path().join("mine.json").is_file());
    assert!(!out.path().join("l.json").exists(), "{stderr}");
}

// 1. Hand edits survive name collisions and --force --------------------------

/// Pretty JSON of `v`, as a person's editor would save it.
fn edit(path: &Path, title: &str) -> Vec<u8> {
    let mut v = read_json(path);
    v["report"]["title"] = Value::String(title.into());
    let bytes = serde_json::to_vec_pretty(&v).expect("json");
    std::fs::write(path, &bytes).expect("edit");
    bytes
}

#[test]
fn hand_edits_are_kept_whatever_the_names_and_flags() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(pdf(), inputs.path().join("x.pdf")).expect("copy");
    std::fs::copy(pdf(), inputs.path().join("x.new.pdf")).expect("copy");
    let out = tempfile::tempdir().expect("tempdir");
    let run = |extra: &[&str]| {
        let mut args = vec![os(Path::new("-o")), os(out.path()), os(inputs.path())];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        convert(&args)
    };
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    let x = out.path().join("x.json");
    let x_new = out.path().join("x.new.json");
    let edited_x = edit(&x, "x by hand");
    let edited_x_new = edit(&x_new, "x.new by hand");
    // The source of x changes; no --force.
    std::fs::copy(other_pdf(), inputs.path().join("x.pdf")).expect("change");
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("KEPT"), "{stderr}");
    assert_eq!(std::fs::read(&x).expect("x"), edited_x, "x.json kept");
    assert_eq!(
        std::fs::read(&x_new).expect("x.new"),
        edited_x_new,
        "x.new.json kept"
    );
    // The new conversion equals a fresh one of the changed input.
    let fresh = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = convert(&[
        os(Path::new("-o")),
        os(fresh.path()),
        os(&inputs.path().join("x.pdf")),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let new_conversion = out.path().join("_new/x.json");
    assert_eq!(
        std::fs::read(&new_conversion).expect("new conversion"),
        std::fs::read(fresh.path().join("x.json")).expect("fresh")
    );

    // --force: the hand edits stay, and so does a hand edit of the new
    // conversion, with a one-line refusal naming it.
    let edited_new_conversion = edit(&new_conversion, "new conversion by hand");
    let (code, stderr) = run(&["--force"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(std::fs::read(&x).expect("x"), edited_x);
    assert_eq!(std::fs::read(&x_new).expect("x.new"), edited_x_new);
    assert_eq!(
        std::fs::read(&new_conversion).expect("new conversion"),
        edited_new_conversion
    );
    let refusal: Vec<&str> = stderr.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(refusal.len(), 1, "{stderr}");
    assert!(
        refusal[0].contains("_new/x.json: refused: edited by hand"),
        "{stderr}"
    );
    // x.new.pdf's record, edited, got its own new conversion, not x's.
    let theirs = read_json(&out.path().join("_new/x.new.json"));
    assert_eq!(theirs["source"]["file"], "x.new.pdf");
}

#[test]
fn input_folders_named_like_the_converters_own_stay_apart() {
    let inputs = tempfile::tempdir().expect("tempdir");
    for f in ["a.pdf", "_new/a.pdf", "_state/a.pdf", "_rejected/a.pdf"] {
        let path = inputs.path().join(f);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::copy(pdf(), path).expect("copy");
    }
    let out = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = convert(&[os(Path::new("-o")), os(out.path()), os(inputs.path())]);
    assert_eq!(code, Some(0), "{stderr}");
    for rel in [
        "a.json",
        "__new/a.json",
        "__state/a.json",
        "__rejected/a.json",
    ] {
        assert!(out.path().join(rel).is_file(), "{rel}: {stderr}");
    }
    assert!(!out.path().join("_new").exists());
    assert!(!out.path().join("_rejected").exists());
    // A second run finds them all up to date, none taken for a hand edit.
    let (code, stderr) = convert(&[os(Path::new("-o")), os(out.path()), os(inputs.path())]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("4 skipped"), "{stderr}");
    assert!(!stderr.contains("edited by hand"), "{stderr}");
}

// 2. Links and special files planted in the output folder --------------------

#[test]
fn planted_links_and_fifos_are_never_written_through() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(inputs.path().join("sub")).expect("mkdir");
    std::fs::copy(pdf(), inputs.path().join("a.pdf")).expect("copy");
    std::fs::copy(pdf(), inputs.path().join("sub/b.pdf")).expect("copy");
    std::fs::write(inputs.path().join("bad.pdf"), b"not a PDF").expect("write");
    let outside = tempfile::tempdir().expect("tempdir");
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, b"precious").expect("write");
    let state_elsewhere = outside.path().join("state");
    let sub_elsewhere = outside.path().join("sub");
    std::fs::create_dir(&state_elsewhere).expect("mkdir");
    std::fs::create_dir(&sub_elsewhere).expect("mkdir");

    let out = tempfile::tempdir().expect("tempdir");
    let o = out.path();
    std::os::unix::fs::symlink(&victim, o.join("_failed.jsonl")).expect("symlink");
    std::os::unix::fs::symlink(&sub_elsewhere, o.join("sub")).expect("symlink");
    mkfifo(&o.join("a.json"));
    let (code, stderr) = convert(&[os(Path::new("-o")), os(o), os(inputs.path())]);
    // bad.pdf fails, sub/b.pdf is refused, a.pdf is written over the FIFO.
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
    assert!(
        std::fs::read_dir(&sub_elsewhere)
            .expect("list")
            .next()
            .is_none()
    );
    let log = std::fs::symlink_metadata(o.join("_failed.jsonl")).expect("log");
    assert!(log.is_file(), "the link was replaced by the log itself");
    let found = failures(o);
    assert_eq!(found.len(), 2, "{found:?}");
    let refused = found.iter().find(|f| f.0 == "b.pdf").expect("b.pdf failed");
    assert_eq!(refused.1, "io");
    assert!(
        refused
            .2
            .contains("sub: refused: a symbolic link, not a folder"),
        "{refused:?}"
    );
    assert!(
        std::fs::symlink_metadata(o.join("a.json"))
            .expect("a")
            .is_file()
    );
    read_json(&o.join("a.json"));

    // _state a link: refused for every record, nothing written there.
    let out = tempfile::tempdir().expect("tempdir");
    let o = out.path();
    std::os::unix::fs::symlink(&state_elsewhere, o.join("_state")).expect("symlink");
    let (code, stderr) = convert(&[os(Path::new("-o")), os(o), os(&inputs.path().join("a.pdf"))]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("_state: refused: a symbolic link"),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(&state_elsewhere)
            .expect("list")
            .next()
            .is_none()
    );
    assert!(!o.join("a.json").exists());
}

// 3. Two runs into one folder ---------------------------------------------

#[test]
fn a_second_run_into_a_busy_folder_stops_and_touches_nothing() {
    let inputs = tempfile::tempdir().expect("tempdir");
    std::fs::copy(pdf(), inputs.path().join("a.pdf")).expect("copy");
    let out = tempfile::tempdir().expect("tempdir");
    let o = out.path();
    // Another run's temp file, in flight.
    std::fs::write(o.join(".inspdf-other.tmp"), b"half").expect("write");
    let lock = std::fs::File::create(o.join("_lock")).expect("lock file");
    lock.lock().expect("hold the lock as a running batch does");
    let (code, stderr) = convert(&[os(Path::new("-o")), os(o), os(inputs.path())]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("is in use by another inspdf convert"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        o.join(".inspdf-other.tmp").exists(),
        "the other run's temp file kept"
    );
    assert!(!o.join("a.json").exists() && !o.join("_failed.jsonl").exists());
    drop(lock);
    // Once it is free, a run proceeds (and clears the killed run's temp).
    let (code, stderr) = convert(&[os(Path::new("-o")), os(o), os(inputs.path())]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(o.join("a.json").is_file());
    assert!(!o.join(".inspdf-other.tmp").exists());
}

#[test]
fn validate_skips_what_convert_writes_for_itself() {
    // A batch with a rejected record: `_rejected/` holds the record that
    // failed and its errors, `_state/` the sidecars. `validate` on the
    // records folder checks the records only, and goes green.
    let rejected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/robustness/camelot__labor.pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let schema = reject::schema_rejecting("camelot__labor", dir.path());
    let run = inspdf()
        .env("INSPDF_TEST_SCHEMA", &schema)
        .args(["convert", "--no-progress", "--in-process"])
        .args([os(&pdf()), os(&rejected), "-o".as_ref(), os(&out)])
        .output()
        .expect("inspdf runs");
    let (code, err) = (run.status.code(), String::from_utf8_lossy(&run.stderr));
    assert_eq!(code, Some(1), "{err}");
    assert!(out.join("_rejected/camelot__labor.json").is_file());
    assert!(out.join("_rejected/camelot__labor.errors.json").is_file());
    let v = inspdf()
        .args(["validate", "--format", "json"])
        .arg(&out)
        .output()
        .expect("validate runs");
    let stdout = String::from_utf8_lossy(&v.stdout);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&v.stderr)
    );
    let checked: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per file"))
        .collect();
    assert_eq!(checked.len(), 1, "{stdout}");
    assert!(stdout.contains("004_a_a4_serif_justified_hyphenated.json"));
    // Named directly, a rejected record is still checked, and fails
    // (against the schema that rejected it).
    inspdf()
        .arg("validate")
        .arg("--schema")
        .arg(&schema)
        .arg(out.join("_rejected/camelot__labor.json"))
        .assert()
        .code(1);
}
