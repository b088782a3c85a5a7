//! Benchmark aid: is the text side of the pipeline linear in the length of
//! the report? Extracts one PDF once, then lays out, parses and reads
//! findings from the same document repeated 1, 2, 4 and 8 times (pages
//! renumbered), best of several runs each, and prints the time per page and
//! the ratio to the previous size (≈ 2.0 when linear). For a tagged PDF the
//! structure tree is repeated too and the tag-tree path
//! (`parse::structure` with tags) is timed as well.
//!
//! `cargo run --release --example parse_linearity -- FILE.pdf [BASE_COPIES] [RUNS]`
//!
//! `bench/convert.sh` runs it; the ratio is reported, not asserted (speed is
//! checked by the bench only).

use inspdf::extract::tags::PageCover;
use inspdf::extract::{self, Document, EngineChoice, TagKid, TagNode, TagText, TagTree};
use inspdf::{findings, layout, parse};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: parse_linearity FILE.pdf [BASE_COPIES] [RUNS]")?;
    let base: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(4);
    let runs: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let bytes = std::fs::read(path)?;
    let doc = extract::extract_with(&bytes, EngineChoice::Oxide, true)?;
    println!(
        "{} ({} pages), base = {base} copies, best of {runs} runs",
        path,
        doc.pages.len()
    );
    println!(
        "{:>6} {:>6} {:>8} {:>11} {:>11} {:>11} {:>9} {:>7} {:>11} {:>7}",
        "copies",
        "pages",
        "lines",
        "layout ms",
        "parse ms",
        "findings ms",
        "parse µs/p",
        "ratio",
        "tagged ms",
        "ratio"
    );
    let mut previous: Option<f64> = None;
    let mut previous_tag: Option<f64> = None;
    for factor in [1, 2, 4, 8] {
        let copies = base * factor;
        let big = repeat(&doc, copies);
        let (mut lay_best, mut parse_best, mut find_best) = (f64::MAX, f64::MAX, f64::MAX);
        let mut tag_best = f64::MAX;
        let mut lines = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let laid = layout::lay_out(&big);
            let t1 = Instant::now();
            let parsed = parse::assemble(parse::parse(&laid));
            let t2 = Instant::now();
            if big.tags.is_some() {
                let tagged = parse::structure(&big, true);
                tag_best = tag_best.min(t2.elapsed().as_secs_f64());
                std::hint::black_box(&tagged);
            }
            let t2 = Instant::now();
            let read = findings::read(&parsed, &findings::metadata::DocInfo::default());
            let t3 = Instant::now();
            std::hint::black_box(&read);
            lines = laid.lines().count();
            lay_best = lay_best.min((t1 - t0).as_secs_f64());
            parse_best = parse_best.min((t2 - t1).as_secs_f64());
            find_best = find_best.min((t3 - t2).as_secs_f64());
        }
        let ratio = previous.map_or(String::from("-"), |p| format!("{:.2}", parse_best / p));
        let tag_ratio = previous_tag.map_or(String::from("-"), |p| format!("{:.2}", tag_best / p));
        let tag_ms = if tag_best < f64::MAX {
            format!("{:.2}", tag_best * 1e3)
        } else {
            String::from("-")
        };
        println!(
            "{copies:>6} {:>6} {lines:>8} {:>11.2} {:>11.2} {:>11.2} {:>9.1} {ratio:>7} {tag_ms:>11} {tag_ratio:>7}",
            big.pages.len(),
            lay_best * 1e3,
            parse_best * 1e3,
            find_best * 1e3,
            parse_best * 1e6 / big.pages.len() as f64,
        );
        previous = Some(parse_best);
        previous_tag = Some(tag_best).filter(|&t| t < f64::MAX);
    }
    Ok(())
}

/// The document's pages `copies` times over, numbered 1, 2, 3, …, and its
/// structure tree (when tagged) repeated the same way.
fn repeat(doc: &Document, copies: usize) -> Document {
    let n = u32::try_from(doc.pages.len()).unwrap_or(u32::MAX);
    let mut out = doc.clone();
    out.pages = (0..copies)
        .flat_map(|_| doc.pages.iter().cloned())
        .enumerate()
        .map(|(i, mut p)| {
            p.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            p
        })
        .collect();
    if let Some(tree) = &doc.tags {
        let mut big = TagTree {
            roots: Vec::new(),
            pages: Vec::new(),
            ..tree.clone()
        };
        for c in 0..copies {
            let shift = n.saturating_mul(u32::try_from(c).unwrap_or(u32::MAX));
            big.roots
                .extend(tree.roots.iter().map(|r| shifted(r, shift)));
            big.pages.extend(tree.pages.iter().map(|p| PageCover {
                page: p.page + shift,
                ..*p
            }));
        }
        out.tags = Some(big);
    }
    out
}

/// A structure element with every page number moved by `shift`.
fn shifted(node: &TagNode, shift: u32) -> TagNode {
    let mut out = node.clone();
    out.page = node.page.map(|p| p + shift);
    out.children = node
        .children
        .iter()
        .map(|k| match k {
            TagKid::Node(n) => TagKid::Node(shifted(n, shift)),
            TagKid::Text(t) => TagKid::Text(TagText {
                page: t.page + shift,
                ..t.clone()
            }),
        })
        .collect();
    out
}
