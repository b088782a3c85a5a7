//! Developer aid: print the spans and rules an engine extracts from a PDF.
//! `cargo run --release --example dump_spans -- FILE.pdf [oxide|pdf-extract] [PAGE]`

use inspdf::extract::{Engine, OxideEngine, PdfExtractEngine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: dump_spans FILE.pdf [oxide|pdf-extract] [PAGE]")?;
    let bytes = std::fs::read(path)?;
    let engine: &dyn Engine = match args.get(2).map(String::as_str) {
        Some("pdf-extract") => &PdfExtractEngine,
        _ => &OxideEngine,
    };
    let only: Option<u32> = args.get(3).and_then(|p| p.parse().ok());
    let doc = engine.extract(&bytes)?;
    println!(
        "engine={} tagged={} producer={:?} lost={:?}",
        doc.engine, doc.tagged, doc.producer, doc.lost_pages
    );
    for page in &doc.pages {
        if only.is_some_and(|n| n != page.number) {
            continue;
        }
        println!(
            "=== page {} ({} x {})",
            page.number, page.width, page.height
        );
        for s in &page.spans {
            println!(
                "{:7.1} {:7.1} w{:6.1} s{:5.1} {}{} {:?} {:?}",
                s.x,
                s.y,
                s.width,
                s.size,
                if s.bold { "B" } else { "-" },
                if s.italic { "I" } else { "-" },
                s.font.as_deref().unwrap_or(""),
                s.text
            );
        }
        for r in &page.rules {
            println!("rule {:7.1} {:7.1} {:7.1} {:7.1}", r.x0, r.y0, r.x1, r.y1);
        }
    }
    Ok(())
}
