//! The CSV output of `export`: one file per table (`records.csv`,
//! `judgments.csv`, …) in a folder, each with a header row of the same
//! columns as the database, NULL as an empty field, numbers in decimal.
//! Each file is written atomically; the bytes depend only on the records.

use super::error::Error;
use super::tables::{Rows, Value};
use std::path::{Path, PathBuf};

/// The file a table goes to in `dir`.
pub fn file_for(dir: &Path, table: &str) -> PathBuf {
    dir.join(format!("{table}.csv"))
}

/// `dir` may be used when absent or a folder, and each CSV in it when
/// absent or a regular file.
pub fn check_target(dir: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::NotReplaceable {
                path: dir.to_path_buf(),
                wanted: "folder",
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source: e,
            });
        }
    }
    for def in super::tables::TABLES {
        super::error::check_replaceable_file(&file_for(dir, def.name))?;
    }
    Ok(())
}

/// One table as CSV bytes.
pub fn to_bytes(table: &Rows) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(table.def.columns.iter().map(|c| c.name))?;
    let mut fields: Vec<String> = Vec::new();
    for row in &table.rows {
        fields.clear();
        fields.extend(row.iter().map(|v| match v {
            Value::Null => String::new(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) => s.clone(),
        }));
        w.write_record(&fields)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Write every table into `dir` (created if missing).
pub fn write(dir: &Path, tables: &[Rows]) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for table in tables {
        let path = file_for(dir, table.def.name);
        let bytes = to_bytes(table).map_err(|e| Error::Csv {
            path: path.clone(),
            source: e,
        })?;
        crate::output::write_atomic(&path, &bytes).map_err(Error::Write)?;
    }
    Ok(())
}
