//! The SQLite output of `export`: one database file with every table of
//! [`super::tables::TABLES`], each child table's `record` a foreign key to
//! `records`, each primary key (record first) an index. The database is
//! built in a temp file beside the target, in one transaction with no
//! journal, synced, then renamed over the target: a failed export leaves
//! the old file (or none), never half a database. SQLite is compiled into
//! inspdf (rusqlite's bundled build), so no system library is needed.

use super::error::{Error, parent_dir};
use super::tables::{Kind, Rows, TableDef, Value};
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use std::path::Path;

/// Layout version of the database, in `PRAGMA user_version`; bumped when
/// a table or column changes.
pub const LAYOUT_VERSION: i64 = 1;

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(*n),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

/// `"name"`, for SQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The `CREATE TABLE` statement of a table.
pub fn create_statement(def: &TableDef) -> String {
    let mut parts: Vec<String> = def
        .columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                Kind::Integer => "INTEGER",
                Kind::Text => "TEXT",
            };
            let null = if c.nullable { "" } else { " NOT NULL" };
            format!("{} {kind}{null}", quoted(c.name))
        })
        .collect();
    let key = def
        .key
        .iter()
        .map(|k| quoted(k))
        .collect::<Vec<_>>()
        .join(", ");
    parts.push(format!("PRIMARY KEY ({key})"));
    if def.name != super::tables::RECORDS.name {
        parts.push(format!(
            "FOREIGN KEY (\"record\") REFERENCES {} (\"record\")",
            quoted(super::tables::RECORDS.name)
        ));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        quoted(def.name),
        parts.join(",\n  ")
    )
}

/// Fill a new database at `conn` with `tables`.
fn fill(conn: &mut rusqlite::Connection, tables: &[Rows]) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA user_version = {LAYOUT_VERSION};"
    ))?;
    let tx = conn.transaction()?;
    for table in tables {
        tx.execute(&create_statement(table.def), [])?;
        let names = table
            .def
            .columns
            .iter()
            .map(|c| quoted(c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = vec!["?"; table.def.columns.len()].join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} ({names}) VALUES ({marks})",
            quoted(table.def.name)
        ))?;
        for row in &table.rows {
            insert.execute(rusqlite::params_from_iter(row.iter()))?;
        }
    }
    tx.commit()
}

/// Write `tables` as an SQLite database at `path`, atomically.
pub fn write(path: &Path, tables: &[Rows]) -> Result<(), Error> {
    let dir = parent_dir(path);
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(crate::output::TEMP_PREFIX)
        .suffix(crate::output::TEMP_SUFFIX);
    #[cfg(unix)]
    {
        // The mode a new file gets from the umask, as `cp` gives.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(io)?;
    let sqlite = |source| Error::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let mut conn = rusqlite::Connection::open(tmp.path()).map_err(sqlite)?;
    fill(&mut conn, tables).map_err(sqlite)?;
    conn.close().map_err(|(_, e)| sqlite(e))?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_tables_have_a_foreign_key_and_records_none() {
        let records = create_statement(&super::super::tables::RECORDS);
        assert!(!records.contains("FOREIGN KEY"), "{records}");
        let j = create_statement(&super::super::tables::JUDGMENTS);
        assert!(j.contains("FOREIGN KEY (\"record\") REFERENCES \"records\""));
        assert!(j.contains("PRIMARY KEY (\"record\", \"ordinal\")"), "{j}");
        assert!(j.contains("\"judged_in\" TEXT,"), "{j}");
        assert!(j.contains("\"page\" INTEGER NOT NULL"), "{j}");
    }
}
