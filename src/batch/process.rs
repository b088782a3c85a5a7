//! One input through the batch: read it, ask the records folder whether it
//! needs converting, convert it where the isolation says, validate the
//! record, and hand back a [`Finished`] item for the outputs. Nothing is
//! written here: the outputs write.

use super::discover::Job;
use super::isolate::{Isolation, convert_in};
use super::outcome::{Finished, Outcome};
use super::pool::Pool;
use super::resume::Decision;
use crate::convert::{self, sha256_hex};
use crate::error::{ExtractError, Failure, FailureClass};
use crate::output::folder::RecordsFolder;
use crate::output::to_pretty_json;
use crate::record::Record;
use crate::timings::{StageTimings, lap};
use crate::validate::Validator;
use std::time::Instant;

/// Read, convert and validate input `index`.
pub(super) fn process(
    index: usize,
    job: &Job,
    folder: Option<&RecordsFolder>,
    validator: &Validator,
    opts: &convert::Options,
    isolation: &Isolation,
    pool: &Pool,
) -> Finished {
    let file = job.input.as_path();
    let mut clock = Instant::now();
    let bytes = match read(file, opts) {
        Ok(b) => b,
        Err(f) => return Finished::failed(index, job, None, f),
    };
    let sha = sha256_hex(&bytes);
    let mut timings = StageTimings {
        read: lap(&mut clock),
        ..StageTimings::default()
    };
    let done = |outcome, record, pretty, timings| Finished {
        index,
        job: job.clone(),
        outcome,
        sha256: Some(sha.clone()),
        record,
        pretty,
        timings,
    };
    let failed = |f| Outcome::failed(file, Some(&sha), f);
    let plan = match folder.map(|f| f.plan(job, &sha)).transpose() {
        Ok(plan) => plan,
        Err(e) => return done(failed(Failure::from(&e)), None, None, timings),
    };
    let (target, protected) = match plan {
        Some(Decision::Skip { record, edited }) => {
            let outcome = Outcome::Skipped {
                file: file.to_path_buf(),
                record,
                edited,
            };
            return done(outcome, None, None, timings);
        }
        Some(Decision::Convert { target, protected }) => (Some(target), protected),
        None => (None, false),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let record = match convert_in(&bytes, &name, opts, isolation, pool) {
        Ok((record, ct)) => {
            timings.add(&ct);
            record
        }
        Err(f) => return done(failed(f), None, None, timings),
    };
    match check(&record, validator, opts, &mut timings) {
        Ok((pretty, errors)) => {
            let outcome = if errors.is_empty() {
                Outcome::Converted {
                    file: file.to_path_buf(),
                    record: target,
                    pages: record.source.pages,
                    protected,
                }
            } else {
                Outcome::Rejected {
                    file: file.to_path_buf(),
                    errors,
                }
            };
            done(outcome, Some(record), Some(pretty), timings)
        }
        Err(f) => done(failed(f), None, None, timings),
    }
}

/// The input's bytes, within the file-size limit: a regular file only (a
/// FIFO or a device named `*.pdf` is a failure, not a hang), its stated
/// size checked first for a plain message, then read by a reader that
/// itself stops past the limit.
fn read(file: &std::path::Path, opts: &convert::Options) -> Result<Vec<u8>, Failure> {
    use crate::files::{self, ReadError};
    let limit = opts.limits.max_file_bytes;
    let fail = |e: ReadError| match e {
        ReadError::TooLarge { .. } => Failure::from(&ExtractError::Limit {
            what: format!("file is more than {limit} bytes, the limit (--max-file-mib)"),
        }),
        e => Failure::new(FailureClass::Io, e.to_string(), None),
    };
    let f = files::open_regular(file).map_err(fail)?;
    let size = f.metadata().map_err(|e| fail(e.into()))?.len();
    opts.limits
        .check_file_size(size)
        .map_err(|e| Failure::from(&e))?;
    let mut bytes = Vec::new();
    files::read_to_limit(f, limit, &mut bytes).map_err(fail)?;
    Ok(bytes)
}

/// Validate a record and serialise it as it will be written, within the
/// record-size limit: its bytes and its validation errors (none when it
/// is valid).
fn check(
    record: &Record,
    validator: &Validator,
    opts: &convert::Options,
    t: &mut StageTimings,
) -> Result<(Vec<u8>, Vec<crate::validate::Diagnostic>), Failure> {
    let mut clock = Instant::now();
    let value = serde_json::to_value(record)
        .map_err(|e| Failure::new(FailureClass::Internal, e.to_string(), None))?;
    let errors = validator.check_record(&value);
    drop(value);
    t.validate = lap(&mut clock);
    let pretty = to_pretty_json(record).map_err(|e| Failure::from(&e))?;
    opts.limits
        .check_record_size(pretty.len())
        .map_err(|e| Failure::from(&e))?;
    Ok((pretty, errors))
}
