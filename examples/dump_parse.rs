//! Print what the parse stage sees: contents entries, body size, and every
//! line with its style, page and column. For tuning the parser by eye.
//!
//! `cargo run --release --example dump_parse -- FILE.pdf [PAGE]`

use inspdf::extract::{EngineChoice, extract};
use inspdf::layout::lay_out;
use inspdf::parse::contents;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: dump_parse FILE.pdf [PAGE]")?;
    let only: Option<u32> = args.get(2).and_then(|p| p.parse().ok());
    let doc = extract(&std::fs::read(path)?, EngineChoice::Oxide)?;
    let layout = lay_out(&doc);
    println!("body size {}", layout.body_size);
    for page in &layout.pages {
        if let Some(entries) = contents::entries(page) {
            for e in entries {
                println!("contents p{} L{} {:?}", e.page, e.level, e.text);
            }
        }
        if only.is_some_and(|p| p != page.number) {
            continue;
        }
        for l in &page.lines {
            println!(
                "p{} c{} y{:6.1} x{:5.1}-{:5.1} s{:4.1}{}{} cells{} {:?}",
                l.page,
                l.column,
                l.y,
                l.x0,
                l.x1,
                l.size,
                if l.bold { "B" } else { "-" },
                if l.italic { "I" } else { "-" },
                l.cells.len(),
                l.text
            );
            if std::env::var_os("DUMP_CELLS").is_some() {
                for c in &l.cells {
                    println!("      cell {:5.1}-{:5.1} {:?}", c.x0, c.x1, c.text);
                }
            }
        }
    }
    let parsed = inspdf::parse::parse(&layout);
    for panel in &parsed.panels {
        println!("panel:");
        for p in &panel.paragraphs {
            println!(
                "   p{} {} {:?}",
                p.page,
                if p.bold { "B" } else { "-" },
                p.text
            );
        }
    }
    Ok(())
}
