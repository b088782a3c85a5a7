//! Dump a tagged PDF's tree as inspdf reads it (development aid).
use inspdf::extract::{self, EngineChoice, TagKid, TagNode};

fn show(n: &TagNode, depth: usize, max: usize) {
    if depth > max {
        return;
    }
    let text = n.text();
    let text: String = text.chars().take(70).collect();
    println!(
        "{}{}{} p{:?} size {:.1} urls {:?} | {}",
        "  ".repeat(depth),
        n.role,
        n.source_role
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default(),
        n.first_page(),
        n.max_size(),
        n.urls,
        text
    );
    for k in &n.children {
        if let TagKid::Node(c) = k {
            show(c, depth + 1, max);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else { return };
    let max: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let Ok(doc) = extract::extract(&bytes, EngineChoice::Oxide) else {
        return;
    };
    let Some(tree) = &doc.tags else {
        println!("no tags");
        return;
    };
    println!("role map: {:?}", tree.role_map);
    println!("cover: {:?}", tree.pages);
    for r in &tree.roots {
        show(r, 0, max);
    }
}
