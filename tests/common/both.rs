//! Convert one PDF both ways a batch can: in a worker process (the
//! default) and in process with pdf_oxide; each record, read back.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The records of `file` converted into `dir/out0` (isolated, default
/// flags) and `dir/out3` (`--engine oxide --in-process`).
pub fn records(file: &Path, dir: &Path) -> Vec<Value> {
    let stem = file.file_stem().expect("a file name").to_string_lossy();
    [&[][..], &["--engine", "oxide", "--in-process"][..]]
        .iter()
        .map(|flags| {
            let out = dir.join(format!("out{}", flags.len()));
            Command::cargo_bin("inspdf")
                .expect("binary built")
                .arg("convert")
                .arg(file)
                .arg("-o")
                .arg(&out)
                .arg("--no-progress")
                .args(*flags)
                .assert()
                .success();
            let path = out.join(format!("{stem}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}
