//! Bounds on untrusted input: how big a file, how many pages, how large a
//! record, how long and how much memory one conversion may take.
//!
//! File size is checked before the file is read; the time and memory limits
//! are enforced on the worker process ([`crate::worker`]) — a hostile file
//! that decompresses into gigabytes, recurses without end or loops forever
//! is stopped there, since neither engine offers its own bound on stream
//! size or nesting depth; page count and record size are checked on the
//! result, before anything is written.

use crate::error::ExtractError;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Limits applied to every input file. [`Limits::default`] gives the
/// documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest input file accepted, bytes.
    pub max_file_bytes: u64,
    /// Most pages a document may have.
    pub max_pages: u32,
    /// Largest record (pretty JSON) written, bytes.
    pub max_record_bytes: u64,
    /// Wall time allowed to every worker, whatever its size.
    pub time_base: Duration,
    /// Extra wall time per (estimated) page.
    pub time_per_page: Duration,
    /// Ceiling of the wall-time limit, whatever the page estimate says.
    pub time_max: Duration,
    /// Address-space limit of a worker process, MiB (0 = none).
    pub memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 512 * 1024 * 1024,
            max_pages: 5_000,
            max_record_bytes: 64 * 1024 * 1024,
            time_base: Duration::from_secs(20),
            time_per_page: Duration::from_millis(100),
            time_max: Duration::from_secs(600),
            memory_mib: 2048,
        }
    }
}

impl Limits {
    /// Wall-time limit for a file of `bytes`: base + per page × estimated
    /// pages, capped at [`Limits::time_max`].
    pub fn time_limit(&self, bytes: &[u8]) -> Duration {
        let pages = u32::try_from(estimate_pages(bytes)).unwrap_or(u32::MAX);
        (self.time_base + self.time_per_page.saturating_mul(pages)).min(self.time_max)
    }

    /// Refuse a file larger than [`Limits::max_file_bytes`].
    pub fn check_file_size(&self, len: u64) -> Result<(), ExtractError> {
        if len > self.max_file_bytes {
            return Err(ExtractError::Limit {
                what: format!(
                    "file is {len} bytes, more than the limit of {} (--max-file-mib)",
                    self.max_file_bytes
                ),
            });
        }
        Ok(())
    }

    /// Refuse a document with more than [`Limits::max_pages`] pages.
    pub fn check_pages(&self, pages: usize) -> Result<(), ExtractError> {
        if pages > self.max_pages as usize {
            return Err(ExtractError::Limit {
                what: format!(
                    "{pages} pages, more than the limit of {} (--max-pages)",
                    self.max_pages
                ),
            });
        }
        Ok(())
    }

    /// Refuse a record larger than [`Limits::max_record_bytes`].
    pub fn check_record_size(&self, len: usize) -> Result<(), ExtractError> {
        if len as u64 > self.max_record_bytes {
            return Err(ExtractError::Limit {
                what: format!(
                    "record is {len} bytes, more than the limit of {} (--max-record-mib)",
                    self.max_record_bytes
                ),
            });
        }
        Ok(())
    }
}

/// Rough page count without parsing: the number of `/Type /Page` objects
/// (not `/Pages`) in the raw bytes, at least 1. Pages inside compressed
/// object streams are not seen, so this under-counts; it only scales the
/// time limit, which has a generous base.
pub fn estimate_pages(bytes: &[u8]) -> usize {
    let mut count = 0usize;
    let mut i = 0usize;
    let finder = memchr::memmem::Finder::new(b"/Type");
    while let Some(pos) = finder.find(&bytes[i..]) {
        let mut j = i + pos + 5;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\r' | b'\n' | b'\t') {
            j += 1;
        }
        if bytes[j..].starts_with(b"/Page") && !bytes[j + 5..].starts_with(b"s") {
            count += 1;
        }
        i = j;
    }
    count.max(1)
}

/// Turn transparent huge pages off for this process and the workers it
/// starts (the flag is inherited over `fork` and kept over `execve`).
///
/// The allocator asks for huge pages on its arenas (the kernel's `madvise`
/// mode), so the first touch of fresh memory clears 2 MiB at a time, and a
/// batch reads every input into a fresh buffer: `perf record` on a `--jobs 2`
/// batch of the renderings put 4.5 % of all cycles in the parent's
/// `clear_page_erms` under huge-page faults, and `--in-process` runs took
/// 0.41 s or, now and then, 0.51 s with 0.12 s in the kernel. Records are
/// trees of small allocations that gain nothing from huge pages. A kernel
/// that refuses the call leaves them on, which changes speed only.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        let _ = nix::sys::prctl::set_thp_disable(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_estimate_counts_page_objects_only() {
        let pdf = b"<< /Type /Pages /Kids [] >> << /Type /Page >> <</Type/Page/X 1>> /Type";
        assert_eq!(estimate_pages(pdf), 2);
        assert_eq!(estimate_pages(b""), 1);
        // A `/Type` cut off at the end, or right after another one.
        assert_eq!(estimate_pages(b"/Type/Type /Page /Type /Page"), 2);
        assert_eq!(estimate_pages(b"/Type /Page /Type"), 1);
        assert_eq!(estimate_pages(b"/Type /Pag"), 1);
    }

    #[test]
    fn time_limit_grows_with_pages_and_is_capped() {
        let l = Limits::default();
        let one = l.time_limit(b"/Type /Page");
        assert_eq!(one, Duration::from_millis(20_100));
        let many = "/Type /Page ".repeat(100_000);
        assert_eq!(l.time_limit(many.as_bytes()), l.time_max);
    }

    #[test]
    fn limits_give_limit_errors() {
        let l = Limits {
            max_file_bytes: 10,
            max_pages: 2,
            max_record_bytes: 5,
            ..Limits::default()
        };
        assert!(l.check_file_size(10).is_ok());
        assert_eq!(
            l.check_file_size(11).map_err(|e| e.class()),
            Err(crate::error::FailureClass::Limit)
        );
        assert!(l.check_pages(3).is_err());
        assert!(l.check_record_size(6).is_err());
    }
}
