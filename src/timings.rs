//! Where the time goes: seconds spent in each pipeline stage, per file and
//! summed over a batch (`convert --timings`).
//!
//! Stage times are CPU-side wall times measured around each stage; summed
//! over a parallel batch they can exceed the batch's wall time.

use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Seconds spent per stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimings {
    /// Reading the input and hashing it.
    pub read: f64,
    /// PDF → positioned text (both engines when the first fails).
    pub extract: f64,
    /// Lines, columns, furniture, hyphenation.
    pub layout: f64,
    /// Headings, blocks, tables, footnotes.
    pub parse: f64,
    /// Metadata, judgments, findings.
    pub findings: f64,
    /// Schema validation.
    pub validate: f64,
    /// Serialising and writing records.
    pub write: f64,
    /// Worker process overhead: spawn, transfer, record (de)serialisation —
    /// the worker's round trip minus the stages it ran.
    pub worker: f64,
}

impl StageTimings {
    /// Add another file's times to these.
    pub fn add(&mut self, other: &Self) {
        self.read += other.read;
        self.extract += other.extract;
        self.layout += other.layout;
        self.parse += other.parse;
        self.findings += other.findings;
        self.validate += other.validate;
        self.write += other.write;
        self.worker += other.worker;
    }

    /// Stages run inside the converter proper (extract to findings).
    pub fn convert_total(&self) -> f64 {
        self.extract + self.layout + self.parse + self.findings
    }

    /// Sum over all stages.
    pub fn total(&self) -> f64 {
        self.read + self.convert_total() + self.validate + self.write + self.worker
    }

    /// (name, seconds) in pipeline order.
    pub fn stages(&self) -> [(&'static str, f64); 8] {
        [
            ("read", self.read),
            ("extract", self.extract),
            ("layout", self.layout),
            ("parse", self.parse),
            ("findings", self.findings),
            ("validate", self.validate),
            ("write", self.write),
            ("worker", self.worker),
        ]
    }

    /// A small table, one stage a line: `stage  seconds  share`.
    pub fn table(&self) -> String {
        let total = self.total().max(f64::MIN_POSITIVE);
        let mut out = String::from("stage        seconds   share\n");
        for (name, secs) in self.stages() {
            out.push_str(&format!(
                "{name:<10} {secs:>9.3} {:>6.1}%\n",
                100.0 * secs / total
            ));
        }
        out.push_str(&format!("{:<10} {:>9.3}\n", "total", self.total()));
        out
    }
}

/// Seconds since `start`, and restart the clock.
pub fn lap(start: &mut Instant) -> f64 {
    let now = Instant::now();
    let secs = now.duration_since(*start).as_secs_f64();
    *start = now;
    secs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_table() {
        let mut a = StageTimings {
            extract: 1.0,
            parse: 0.5,
            ..StageTimings::default()
        };
        a.add(&a.clone());
        assert_eq!(a.extract, 2.0);
        assert_eq!(a.total(), 3.0);
        let t = a.table();
        assert!(t.contains("extract") && t.contains("66.7%"), "{t}");
    }
}
