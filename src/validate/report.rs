//! What `inspdf validate` says about each file, and the three ways of
//! saying it: `text` for people, `json` for tools, `github` for workflow
//! annotations.

use super::diagnostic::Diagnostic;
use crate::term;
use serde::Serialize;
use std::fmt::Write as _;

/// Everything found in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The file as given or found ("-" input is called `<stdin>`).
    pub file: String,
    /// True when the file was read and has no errors.
    pub valid: bool,
    /// Its errors, by position.
    pub errors: Vec<Diagnostic>,
    /// Why the file could not be read, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io_error: Option<String>,
}

impl FileReport {
    /// A report for a file that was read and checked.
    pub fn checked(file: String, mut errors: Vec<Diagnostic>) -> Self {
        errors.sort();
        errors.dedup();
        Self {
            file,
            valid: errors.is_empty(),
            errors,
            io_error: None,
        }
    }

    /// A report for a file that could not be read.
    pub fn unreadable(file: String, why: String) -> Self {
        Self {
            file,
            valid: false,
            errors: Vec::new(),
            io_error: Some(why),
        }
    }
}

/// Totals over all files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files without errors.
    pub valid: usize,
    /// Files with errors.
    pub invalid: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Errors over all files.
    pub errors: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Summary {
    /// Totals of `reports`, taking `seconds`.
    pub fn of(reports: &[FileReport], seconds: f64) -> Self {
        let mut s = Self {
            files: reports.len(),
            seconds,
            ..Self::default()
        };
        for r in reports {
            if r.io_error.is_some() {
                s.unreadable += 1;
            } else if r.valid {
                s.valid += 1;
            } else {
                s.invalid += 1;
            }
            s.errors += r.errors.len();
        }
        s
    }

    /// The closing line.
    pub fn line(&self) -> String {
        let rate = if self.seconds > 0.0 {
            format!(", {:.0} files/s", self.files as f64 / self.seconds)
        } else {
            String::new()
        };
        format!(
            "{} file{} checked: {} valid, {} invalid ({} error{}), {} unreadable in {:.2} s{rate}",
            self.files,
            plural(self.files),
            self.valid,
            self.invalid,
            self.errors,
            plural(self.errors),
            self.unreadable,
            self.seconds
        )
    }

    /// The exit code: 0 all valid, 1 some invalid, 2 some unreadable.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else if self.invalid > 0 {
            1
        } else {
            0
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `file:line:col: error[rule]: /pointer: message`, one line per
    /// error; nothing for a valid file.
    #[default]
    Text,
    /// One JSON object per file and line (JSON Lines), valid files
    /// included.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`),
    /// which show as annotations on the changed lines.
    Github,
}

/// The lines to print for one file (empty for a valid file in the text and
/// github formats), each ending in a newline.
pub fn render(report: &FileReport, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Text => {
            // For a terminal: file names, pointers (JSON keys) and messages
            // (values) get their control characters spelled out, so each
            // error stays one line and nothing in a record drives the
            // terminal.
            let file = term::escape(&report.file);
            if let Some(why) = &report.io_error {
                let _ = writeln!(out, "{file}: error[io]: {}", term::escape(why));
            }
            for d in &report.errors {
                let at = d
                    .position
                    .map(|p| format!(":{}:{}", p.line, p.column))
                    .unwrap_or_default();
                let _ = write!(out, "{file}{at}: error[{}]: ", d.rule);
                if !d.pointer.is_empty() {
                    let _ = write!(out, "{}: ", term::escape(&d.pointer));
                }
                let _ = writeln!(out, "{}", term::escape(&d.message));
            }
        }
        Format::Json => {
            // Serialising these plain structs cannot fail; fall back to a
            // minimal object rather than panic.
            let line = serde_json::to_string(report)
                .unwrap_or_else(|_| format!("{{\"file\":{:?},\"valid\":false}}", report.file));
            out.push_str(&line);
            out.push('\n');
        }
        Format::Github => {
            if let Some(why) = &report.io_error {
                let _ = writeln!(
                    out,
                    "::error file={},title=inspdf validate [io]::{}",
                    property(&report.file),
                    data(why)
                );
            }
            for d in &report.errors {
                let at = if d.pointer.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", d.pointer)
                };
                let line = d
                    .position
                    .map(|p| format!("line={},col={},", p.line, p.column))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "::error file={},{line}title={}::{}",
                    property(&report.file),
                    property(&format!("inspdf validate [{}]", d.rule)),
                    data(&format!("{at}{}", d.message))
                );
            }
        }
    }
    out
}

/// Write the reports in `format` (see [`render`]).
pub fn write_all(
    reports: &[FileReport],
    format: Format,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for r in reports {
        let text = render(r, format);
        if !text.is_empty() {
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}

/// Escape a workflow-command message: `%`, CR and LF as the runner
/// decodes them, then every other control character spelled out (the
/// annotation is also shown raw in the job's log).
fn data(s: &str) -> String {
    let encoded = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    term::escape(&encoded).into_owned()
}

/// Escape a workflow-command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::locate::Position;

    fn sample() -> FileReport {
        FileReport::checked(
            "dir/a, b.json".into(),
            vec![
                Diagnostic::new(
                    "/sections/0/level",
                    "maximum",
                    "7 is greater than the maximum of 6".into(),
                )
                .with_value(Some("7".into()))
                .at(Position { line: 9, column: 3 }),
                Diagnostic::new("", "bom", "100% bad\nreally\x1b[2J".into())
                    .at(Position { line: 2, column: 1 }),
            ],
        )
    }

    #[test]
    fn text_sorts_by_position() {
        assert_eq!(
            render(&sample(), Format::Text),
            "dir/a, b.json:2:1: error[bom]: 100% bad\\nreally\\x1b[2J\n\
             dir/a, b.json:9:3: error[maximum]: /sections/0/level: 7 is greater than the maximum of 6\n"
        );
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let out = render(&sample(), Format::Github);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=dir/a%2C b.json,line=2,col=1,title=inspdf validate [bom]::100%25 bad%0Areally\\x1b[2J",
                "::error file=dir/a%2C b.json,line=9,col=3,title=inspdf validate [maximum]::/sections/0/level: 7 is greater than the maximum of 6",
            ]
        );
    }

    #[test]
    fn json_is_one_object_per_file() {
        let out = render(&sample(), Format::Json);
        assert_eq!(out.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["valid"], false);
        assert_eq!(v["errors"][1]["pointer"], "/sections/0/level");
        assert_eq!(v["errors"][1]["value"], "7");
        assert!(v.get("io_error").is_none());
    }

    #[test]
    fn valid_files_are_silent_except_in_json() {
        let ok = FileReport::checked("a.json".into(), vec![]);
        assert_eq!(render(&ok, Format::Text), "");
        assert_eq!(render(&ok, Format::Github), "");
        assert_eq!(
            render(&ok, Format::Json),
            "{\"file\":\"a.json\",\"valid\":true,\"errors\":[]}\n"
        );
    }

    #[test]
    fn summary_and_exit_codes() {
        let reports = [
            FileReport::checked("a".into(), vec![]),
            sample(),
            FileReport::unreadable("c".into(), "No such file".into()),
        ];
        let s = Summary::of(&reports, 0.0);
        assert_eq!(
            s.line(),
            "3 files checked: 1 valid, 1 invalid (2 errors), 1 unreadable in 0.00 s"
        );
        assert_eq!(s.exit_code(), 2);
        assert_eq!(Summary::of(&reports[..2], 0.0).exit_code(), 1);
        assert_eq!(Summary::of(&reports[..1], 0.0).exit_code(), 0);
    }

    #[test]
    fn a_diagnostic_without_position_is_still_reported() {
        let r = FileReport::checked(
            "a.json".into(),
            vec![Diagnostic::new("/x", "type", "wrong".into())],
        );
        assert_eq!(render(&r, Format::Text), "a.json: error[type]: /x: wrong\n");
        assert_eq!(
            render(&r, Format::Github),
            "::error file=a.json,title=inspdf validate [type]::/x: wrong\n"
        );
    }
}
