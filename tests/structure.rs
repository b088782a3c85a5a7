//! The source tree keeps the shape the README promises: no import cycle
//! between source files, no source file over 800 lines outside its test
//! module, no function over 100 lines. Read from `src/` as text, so a
//! change that breaks one of these fails here with the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 100;

/// A source file: its module path (`["batch", "worker"]`) and its lines
/// outside the test module, comments dropped.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    lines: Vec<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The lines before the file's `#[cfg(test)] mod tests`.
fn non_test_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].starts_with("mod tests"))
        .unwrap_or(lines.len());
    lines[..end].iter().map(|l| l.to_string()).collect()
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "main.rs"))
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("read source");
            Source {
                module: module_of(&src, &f),
                path: f,
                lines: non_test_lines(&text),
            }
        })
        .collect()
}

/// Code without comments (doc links name modules too, and are not uses).
fn code(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l.as_str(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path that starts at `at` in `code`: `a::b::c`, or each member of a
/// brace group `a::{b::c, d}` (one level deep), as segments.
fn paths_at(code: &str, at: usize) -> Vec<Vec<String>> {
    let mut segs = Vec::new();
    let mut rest = &code[at..];
    loop {
        let n = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if n == 0 {
            break;
        }
        segs.push(rest[..n].to_string());
        rest = &rest[n..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![segs],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![segs];
    };
    let end = group.find('}').unwrap_or(group.len());
    group[..end]
        .split(',')
        .filter_map(|member| {
            let m = member.trim();
            let m = m.split_whitespace().next()?;
            let mut p = segs.clone();
            p.extend(
                m.split("::")
                    .filter(|s| !s.is_empty() && s.chars().all(is_ident))
                    .map(str::to_string),
            );
            Some(p)
        })
        .collect()
}

/// The file a path names: the longest prefix that is a module with a file.
fn resolve(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
}

/// The files each file uses.
fn uses(sources: &[Source]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut graph = BTreeMap::new();
    for s in sources {
        let code = code(&s.lines);
        let own_dir = s
            .path
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        let mut out = BTreeSet::new();
        let mut add = |path: Vec<String>| {
            if let Some(m) = resolve(&modules, &path)
                && m != s.module
            {
                out.insert(m);
            }
        };
        for (i, _) in code.match_indices("crate::") {
            if i > 0 && code[..i].ends_with(|c: char| is_ident(c)) {
                continue;
            }
            for p in paths_at(&code, i + "crate::".len()) {
                add(p);
            }
        }
        for (i, _) in code.match_indices("super::") {
            if i > 0 && code[..i].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            // `super` is the module's parent, whether it is a folder's
            // mod.rs or a file.
            let base = parent_of(&s.module, 1);
            for p in paths_at(&code, i + "super::".len()) {
                add(base.iter().cloned().chain(p).collect());
            }
        }
        // Child modules named by their bare name (`worker::run`) or `self::`.
        let children: Vec<&Vec<String>> = modules
            .iter()
            .filter(|m| own_dir && m.len() == s.module.len() + 1 && m.starts_with(&s.module))
            .collect();
        for child in children {
            let name = format!("{}::", child[child.len() - 1]);
            for (i, _) in code.match_indices(&name) {
                let before = code[..i].chars().next_back();
                let glued = before.is_some_and(|c| is_ident(c) || c == ':');
                let via_self = code[..i].ends_with("self::");
                if glued && !via_self {
                    continue;
                }
                for p in paths_at(&code, i) {
                    add(s.module.iter().cloned().chain(p).collect());
                }
            }
        }
        graph.insert(s.module.clone(), out);
    }
    graph
}

/// `module` less its last `n` segments.
fn parent_of(module: &[String], n: usize) -> Vec<String> {
    module[..module.len().saturating_sub(n)].to_vec()
}

fn show(m: &[String]) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// A cycle through the graph, if there is one (depth-first search).
fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<String> = stack[from..].iter().map(|n| show(n)).collect();
                    cycle.push(show(next));
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

/// The shortest path from `start` to `goal`, breadth first.
fn shortest_path(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    start: &Vec<String>,
    goal: &Vec<String>,
) -> Option<Vec<Vec<String>>> {
    let mut parent: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(n) = queue.pop_front() {
        if &n == goal {
            let mut path = vec![n.clone()];
            let mut at = n;
            while let Some(p) = parent.get(&at) {
                path.push(p.clone());
                at = p.clone();
            }
            path.reverse();
            return Some(path);
        }
        for next in graph.get(&n).into_iter().flatten() {
            if next != start && !parent.contains_key(next) {
                parent.insert(next.clone(), n.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

/// One shortest cycle through each edge that lies on one, without
/// repeats: every file to untangle, at once.
fn all_cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (from, deps) in graph {
        for to in deps {
            let Some(back) = shortest_path(graph, to, from) else {
                continue;
            };
            let mut key = back.clone();
            key.sort();
            if seen.insert(key) {
                let names: Vec<String> = std::iter::once(from)
                    .chain(&back)
                    .map(|m| show(m))
                    .collect();
                out.push(names.join(" -> "));
            }
        }
    }
    out
}

#[test]
fn no_import_cycle_between_source_files() {
    let graph = uses(&sources());
    // The lib root declares the modules and re-exports the API: it is the
    // top of the graph, not a file the stages use.
    let mut graph = graph;
    for deps in graph.values_mut() {
        deps.remove(&Vec::new());
    }
    let cycles = all_cycles(&graph);
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    let mut g = BTreeMap::new();
    g.insert(m("a"), BTreeSet::from([m("b")]));
    g.insert(m("b"), BTreeSet::from([m("c")]));
    g.insert(m("c"), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
    g.insert(m("c"), BTreeSet::from([m("a")]));
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn uses_are_read_from_use_lines_and_paths() {
    let modules: BTreeSet<Vec<String>> = [vec![], vec!["a".into()], vec!["a".into(), "b".into()]]
        .into_iter()
        .collect();
    let code = "use crate::{a::b::{X, Y}, z};";
    let paths = paths_at(code, "use crate::".len());
    assert_eq!(paths.len(), 2);
    assert_eq!(
        resolve(&modules, &paths[0]),
        Some(vec!["a".into(), "b".into()])
    );
}

#[test]
fn no_source_file_over_800_lines_outside_its_tests() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|s| s.lines.len() > MAX_FILE_LINES)
        .map(|s| format!("{}: {} lines", s.path.display(), s.lines.len()))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:#?}"
    );
}

/// Functions as (file, first line, length): from the `fn` line to the
/// closing brace at the same indentation (as rustfmt sets it).
fn functions(s: &Source) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in s.lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let t = t
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        if !t.starts_with("fn ") {
            continue;
        }
        // A declaration (`fn f();`) has no body; a body opens on the first
        // line of the signature that ends in `{`.
        let Some(open) = s.lines[i..]
            .iter()
            .position(|l| l.trim_end().ends_with(['{', ';']) || l.trim_end().ends_with("{}"))
            .map(|n| i + n)
        else {
            continue;
        };
        let opened = s.lines[open].trim_end();
        if opened.ends_with(';') || opened.ends_with("{}") {
            out.push((i + 1, open - i + 1));
            continue;
        }
        let close = format!("{}}}", " ".repeat(indent));
        if let Some(n) = s.lines[open..].iter().position(|l| l.trim_end() == close) {
            out.push((i + 1, open + n - i + 1));
        }
    }
    out
}

#[test]
fn no_function_over_100_lines() {
    let mut long = Vec::new();
    for s in sources() {
        for (line, len) in functions(&s) {
            if len > MAX_FN_LINES {
                long.push(format!("{}:{line}: {len} lines", s.path.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn function_lengths_are_measured_to_the_closing_brace() {
    let s = Source {
        path: PathBuf::from("x.rs"),
        module: vec![],
        lines: [
            "fn a() {",
            "    let x = f();",
            "}",
            "    fn b();",
            "pub fn c(",
            "    x: u8,",
            ") {",
            "    g();",
            "}",
            "fn d() {}",
        ]
        .iter()
        .map(|l| l.to_string())
        .collect(),
    };
    assert_eq!(functions(&s), vec![(1, 3), (4, 1), (5, 5), (10, 1)]);
}
