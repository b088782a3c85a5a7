//! Finding input files in folders, shared by `convert` (`*.pdf`) and
//! `validate` (`*.json`).

use std::path::{Path, PathBuf};

/// Which sub-folders a search enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Enter every sub-folder.
    Enter,
    /// Skip sub-folders whose name starts with a dot (`.git`).
    Skip,
}

/// Every file below `dir` whose extension is `ext` (any case), sorted.
/// Symbolic links are not followed.
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
