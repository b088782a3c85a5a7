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
    /// Placing the record's elements on their pages (their boxes).
    #[serde(default)]
    pub place: f64,
    /// Schema validation.
    pub validate: f64,
    /// Serialising and writing records.
    pub write: f64,
    /// Worker process overhead: spawn, transfer, record (de)serialisation —
    /// the worker's round trip minus the stages it ran.
    pub worker: f64,
    /// Peak resident memory of the worker process, KiB (0 when converted
    /// in process). Not a time: [`add`](Self::add) keeps the largest.
    #[serde(default)]
    pub peak_rss_kib: u64,
}

impl StageTimings {
    /// Add another file's times to these.
    pub fn add(&mut self, other: &Self) {
        self.read += other.read;
        self.extract += other.extract;
        self.layout += other.layout;
        self.parse += other.parse;
        self.findings += other.findings;
        self.place += other.place;
        self.validate += other.validate;
        self.write += other.write;
        self.worker += other.worker;
        self.peak_rss_kib = self.peak_rss_kib.max(other.peak_rss_kib);
    }

    /// Stages run inside the converter proper (extract to place).
    pub fn convert_total(&self) -> f64 {
        self.extract + self.layout + self.parse + self.findings + self.place
    }

    /// Sum over all stages.
    pub fn total(&self) -> f64 {
        self.read + self.convert_total() + self.validate + self.write + self.worker
    }

    /// (name, seconds) in pipeline order.
    pub fn stages(&self) -> [(&'static str, f64); 9] {
        [
            ("read", self.read),
            ("extract", self.extract),
            ("layout", self.layout),
            ("parse", self.parse),
            ("findings", self.findings),
            ("place", self.place),
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

/// This process's peak resident set size so far (`VmHWM`), KiB; `None`
/// where `/proc/self/status` cannot be read (not Linux).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    vm_hwm_kib(&status)
}

/// The `VmHWM:` field of a `/proc/<pid>/status` text, KiB.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
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

    #[test]
    fn peak_memory_is_the_largest_not_a_sum() {
        let mut a = StageTimings {
            peak_rss_kib: 40_000,
            ..StageTimings::default()
        };
        a.add(&StageTimings {
            peak_rss_kib: 90_000,
            ..StageTimings::default()
        });
        a.add(&StageTimings {
            peak_rss_kib: 50_000,
            ..StageTimings::default()
        });
        assert_eq!(a.peak_rss_kib, 90_000);
    }

    #[test]
    fn reads_vm_hwm() {
        let status = "Name:\tinspdf\nVmPeak:\t  200 kB\nVmHWM:\t   51234 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(51234));
        assert_eq!(vm_hwm_kib("Name: x\n"), None);
        assert!(peak_rss_kib().is_some_and(|k| k > 0));
    }
}
