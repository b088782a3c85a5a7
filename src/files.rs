//! Finding input files in folders, shared by `convert` (`*.pdf`) and
//! `validate` (`*.json`), and reading one safely: a regular file only (a
//! FIFO would block for good, a device such as `/dev/zero` never ends),
//! opened without blocking and read by a reader that stops at the size
//! limit itself, whatever the file's metadata claims.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Not a regular file (only regular files are read).
    #[error("not a regular file (a {0}): only regular files are read")]
    NotRegular(&'static str),
    /// More bytes than the limit.
    #[error("more than {limit} bytes")]
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
}

/// What kind of file, for a message.
pub fn kind_name(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "FIFO"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_socket() {
        "socket"
    } else if t.is_symlink() {
        "symbolic link"
    } else if t.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// Open `path` (a link named is followed) for reading if it is a regular
/// file. The open does not block (`O_NONBLOCK`), so a FIFO put in the
/// file's place is refused by the check on the open handle, not waited on.
pub fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(ReadError::NotRegular(kind_name(t)));
    }
    Ok(file)
}

/// Read the regular file at `path` whole, appending to `buf`, refusing it
/// once more than `limit` bytes have been read (the read itself stops:
/// the file's stated size is not trusted). Returns the bytes read.
pub fn read_regular_into(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<usize, ReadError> {
    read_to_limit(open_regular(path)?, limit, buf)
}

/// Read `file` to its end, appending to `buf`, or refuse it past `limit`
/// bytes (`buf` then as it was).
pub fn read_to_limit(file: std::fs::File, limit: u64, buf: &mut Vec<u8>) -> Result<usize, ReadError> {
    let start = buf.len();
    let n = file.take(limit.saturating_add(1)).read_to_end(buf)?;
    if n as u64 > limit {
        buf.truncate(start);
        return Err(ReadError::TooLarge { limit });
    }
    Ok(n)
}

/// [`read_regular`], but a link at `path` is not followed (`O_NOFOLLOW`:
/// the open fails): for files inside the records folder.
pub fn read_regular_nofollow(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(ReadError::NotRegular(kind_name(t)));
    }
    let mut buf = Vec::new();
    read_to_limit(file, limit, &mut buf)?;
    Ok(buf)
}

/// [`read_regular_into`] a new buffer.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    read_regular_into(path, limit, &mut buf)?;
    Ok(buf)
}

/// Which sub-folders a search enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Enter every sub-folder.
    Enter,
    /// Skip sub-folders whose name starts with a dot (`.git`).
    Skip,
}

/// Every file below `dir` whose extension is `ext` (any case), sorted.
/// Symbolic links met on the way are not followed, neither to folders nor
/// to files: a link in a folder of records must not make the tool read
/// `/etc/passwd`. (`dir` itself, named by the caller, is followed.)
pub fn find(dir: &Path, ext: &str, hidden: Hidden) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(dir, ext, hidden, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, ext: &str, hidden: Hidden, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            let dot = entry.file_name().to_string_lossy().starts_with('.');
            if !(dot && hidden == Hidden::Skip) {
                walk(&path, ext, hidden, out)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_only_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a.pdf");
        std::fs::write(&f, b"12345").expect("write");
        assert_eq!(read_regular(&f, 5).expect("read"), b"12345");
        assert!(matches!(
            read_regular(&f, 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular("character device"))
        ));
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(ReadError::NotRegular("folder")) | Err(ReadError::Io(_))
        ));
    }

    #[test]
    fn finds_by_extension_any_case_sorted_and_hidden_as_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.git")).expect("mkdir");
        for f in ["b/z.PDF", "a.pdf", "b/.git/h.pdf", "notes.txt"] {
            std::fs::write(root.join(f), b"x").expect("write");
        }
        let all = find(root, "pdf", Hidden::Enter).expect("find");
        assert_eq!(
            all,
            [
                root.join("a.pdf"),
                root.join("b/.git/h.pdf"),
                root.join("b/z.PDF")
            ]
        );
        let shown = find(root, "pdf", Hidden::Skip).expect("find");
        assert_eq!(shown, [root.join("a.pdf"), root.join("b/z.PDF")]);
    }
}
