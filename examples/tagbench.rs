//! Time the ways of reading a structure tree (development aid).
use std::time::Instant;

fn main() {
    let mut t_oxide_open = 0.0;
    let mut t_spans = 0.0;
    let mut t_tree_oxide = 0.0;
    let mut t_lopdf = 0.0;
    let mut t_extract = 0.0;
    let mut t_own = 0.0;
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let t = Instant::now();
        let Ok(doc) = pdf_oxide::PdfDocument::from_bytes(bytes.clone()) else {
            continue;
        };
        t_oxide_open += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for i in 0..doc.page_count().unwrap_or(0) {
            let _ = doc.extract_spans(i);
        }
        t_spans += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let tree = doc.structure_tree();
        t_tree_oxide += t.elapsed().as_secs_f64();
        drop(tree);
        let t = Instant::now();
        let n = doc.page_count().unwrap_or(0) as u32;
        let own =
            inspdf::extract::tags::read(&doc, &inspdf::extract::tags::MarkedIndex::default(), n);
        t_own += t.elapsed().as_secs_f64();
        drop(own);
        let t = Instant::now();
        let l = pdf_extract::Document::load_mem(&bytes);
        t_lopdf += t.elapsed().as_secs_f64();
        drop(l);
        let t = Instant::now();
        let d = inspdf::extract::extract(&bytes, inspdf::extract::EngineChoice::Oxide);
        t_extract += t.elapsed().as_secs_f64();
        drop(d);
    }
    println!(
        "oxide open {t_oxide_open:.3}s  spans {t_spans:.3}s  oxide structure_tree {t_tree_oxide:.3}s  own walk {t_own:.3}s  lopdf load {t_lopdf:.3}s  inspdf extract (spans + own tree walk) {t_extract:.3}s"
    );
}
