//! Links and figures the tree marks, for the record as they stand.
//!
//! In: the [`TagTree`]. Out: every `Link` element's URIs with its text and
//! page ([`Link`]), and every `Figure` element's alternative text and page
//! ([`Figure`]), in the tree's (reading) order. A link without a URI (a
//! footnote mark's jump to its note, a contents entry) is not a web link
//! and is left out. This is what a tree says well even when its headings
//! or tables are weak, so it is read whatever path gives the structure.

use super::roles::is_note;
use crate::extract::{TagKid, TagNode, TagTree};
use crate::parse::text::collapse;
use crate::record::{Figure, Link};

/// Deepest nesting followed (the tree reader bounds it too).
const MAX_DEPTH: usize = 200;

/// The links and figures of `tree`, in reading order.
pub fn read(tree: &TagTree) -> (Vec<Link>, Vec<Figure>) {
    let mut links = Vec::new();
    let mut figures = Vec::new();
    for root in &tree.roots {
        walk(root, 0, &mut links, &mut figures);
    }
    (links, figures)
}

fn walk(n: &TagNode, depth: usize, links: &mut Vec<Link>, figures: &mut Vec<Figure>) {
    if depth > MAX_DEPTH {
        return;
    }
    match n.role.as_str() {
        "Link" => {
            let mut text = String::new();
            let mut uris = Vec::new();
            outside_notes(n, 0, &mut text, &mut uris);
            let text = collapse(&text);
            for uri in uris {
                let uri = uri.trim().to_string();
                if uri.is_empty() || links.iter().any(|l| l.uri == uri && l.text == text) {
                    continue;
                }
                links.push(Link {
                    text: text.clone(),
                    uri,
                    page: n.first_page(),
                });
            }
            return;
        }
        "Figure" => {
            let alt = n
                .alt
                .as_deref()
                .map(collapse)
                .filter(|a| !a.is_empty());
            figures.push(Figure {
                alt,
                page: n.first_page(),
            });
        }
        _ => {}
    }
    for c in n.nodes() {
        walk(c, depth + 1, links, figures);
    }
}

/// The text and URIs of `n` and below, leaving out notes (Word wraps a
/// footnote's mark and its whole note in one `Link`; the note's own links
/// are the footnote's `urls`).
fn outside_notes(n: &TagNode, depth: usize, text: &mut String, uris: &mut Vec<String>) {
    if depth > MAX_DEPTH || is_note(&n.role) {
        return;
    }
    for u in &n.urls {
        if !uris.contains(u) {
            uris.push(u.clone());
        }
    }
    if let Some(t) = &n.actual_text {
        text.push_str(t);
        return;
    }
    for kid in &n.children {
        match kid {
            TagKid::Text(t) => text.push_str(&t.text),
            TagKid::Node(c) => outside_notes(c, depth + 1, text, uris),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tagged::fixtures::{node, t, tree};

    fn link(text: &str, uri: Option<&str>) -> TagKid {
        let TagKid::Node(mut n) = node("Link", vec![t(text)]) else {
            unreachable!("node() makes a node")
        };
        n.urls = uri.map(|u| vec![u.to_string()]).unwrap_or_default();
        TagKid::Node(n)
    }

    #[test]
    fn web_links_and_figures_are_read_in_order() {
        let TagKid::Node(mut fig) = node("Figure", vec![]) else {
            unreachable!("node() makes a node")
        };
        fig.alt = Some("  Chart of  referrals ".into());
        // Word's footnote link: the mark and the whole note, whose own web
        // link is the footnote's, not the body's.
        let note = link("2 Read the framework.", Some("https://note.example/"));
        let TagKid::Node(mut note) = note else {
            unreachable!("link() makes a node")
        };
        note.role = "Note".into();
        let note = TagKid::Node(note);
        let tr = tree(vec![
            node(
                "P",
                vec![
                    t("See "),
                    link("the  guidance", Some("https://www.gov.uk/x")),
                    t(" and note "),
                    link("1", None),
                    node("Link", vec![t("2"), note]),
                ],
            ),
            TagKid::Node(fig),
            node("Figure", vec![]),
        ]);
        let (links, figures) = read(&tr);
        assert_eq!(
            links,
            vec![Link {
                text: "the guidance".into(),
                uri: "https://www.gov.uk/x".into(),
                page: Some(1),
            }]
        );
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].alt.as_deref(), Some("Chart of referrals"));
        assert_eq!(figures[1].alt, None, "a figure with no alt text is kept, without one");
    }
}
