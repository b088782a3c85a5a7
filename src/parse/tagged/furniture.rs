//! Page furniture tagged as content.
//!
//! In: the events of the walk. Out: the same events without the running
//! heads, footers and page numbers the tree tagged as paragraphs (they
//! should be artifacts), those paragraphs as page furniture, and a warning
//! saying how many left.

use super::builder::Builder;
use crate::parse::event::Event;
use crate::record::{Block, Furniture, Warning, WarningCode};
use std::collections::{HashMap, HashSet};

impl Builder {
    /// Running heads, footers and page numbers tagged as paragraphs (they
    /// should be artifacts): a bare page number, or a short paragraph
    /// repeated at the top or foot of three pages or more (the first or
    /// last block of each), leaves the body with a warning and is returned
    /// as furniture. A short paragraph repeated inside the pages (a grade
    /// under each chapter's summary heading) is content.
    pub(super) fn drop_furniture(&mut self) -> Vec<Furniture> {
        let mut pages: HashMap<String, HashSet<u32>> = HashMap::new();
        // Page numbers aside, so a running head just above one is still at
        // the foot of its page.
        let kept: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| !matches!(e, Event::Block(Block::Paragraph { text, .. }) if is_page_number(text)))
            .collect();
        for (i, e) in kept.iter().enumerate() {
            let page = e.page();
            let first = i == 0 || kept[i - 1].page() != page;
            let last = kept.get(i + 1).is_none_or(|n| n.page() != page);
            if let Event::Block(Block::Paragraph { text, page, .. }) = e
                && text.chars().count() <= 80
                && (first || last)
            {
                pages.entry(text.clone()).or_default().insert(*page);
            }
        }
        let furniture = |e: &Event| match e {
            Event::Block(Block::Paragraph { text, .. }) => {
                is_page_number(text) || pages.get(text).is_some_and(|p| p.len() >= 3)
            }
            _ => false,
        };
        let dropped = self.events.iter().filter(|e| furniture(e)).count();
        if dropped == self.events.len() {
            // Nothing but furniture: it is the content after all.
            return Vec::new();
        }
        let mut taken = Vec::new();
        self.events.retain(|e| match e {
            Event::Block(Block::Paragraph { text, page, .. }) if furniture(e) => {
                taken.push(Furniture {
                    page: *page,
                    text: text.clone(),
                });
                false
            }
            _ => true,
        });
        if dropped > 0 {
            self.warnings.push(Warning {
                code: WarningCode::TagArtifact,
                message: format!(
                    "{dropped} paragraph(s) tagged as content look like page furniture (page numbers, running heads); moved to furniture"
                ),
                page: None,
            });
        }
        taken
    }
}

/// "7", "Page 7", "Page 7 of 32", "7 of 32".
fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix("Page ").unwrap_or(t);
    let mut parts = t.split(" of ");
    let first = parts.next().unwrap_or_default();
    let second = parts.next();
    let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    parts.next().is_none() && num(first) && second.is_none_or(num)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{TagKid, TagText};
    use crate::parse::tagged::fixtures::{big, node, tree};
    use crate::parse::tagged::tree::parse;

    #[test]
    fn page_furniture_tagged_as_content_is_left_out() {
        let mut kids = vec![node("H1", vec![big("Title")])];
        for page in 1..=3 {
            let on = |s: &str| {
                TagKid::Text(TagText {
                    text: s.into(),
                    page,
                    size: 9.0,
                    region: Default::default(),
                })
            };
            kids.push(node(
                "P",
                vec![
                    on("Body text that is not repeated on page"),
                    on(&format!(" {page}")),
                ],
            ));
            kids.push(node("H2", vec![on("Summary of findings")]));
            kids.push(node("P", vec![on("Good")]));
            kids.push(node("P", vec![on("More body text under the summary.")]));
            kids.push(node("P", vec![on("Ofsted report: Somewhere")]));
            kids.push(node("P", vec![on(&format!("Page {page} of 3"))]));
        }
        let p = parse(&tree(kids)).expect("usable").stream;
        let all = format!("{:?}", p.events);
        assert!(
            !all.contains("Ofsted report") && !all.contains("Page 2 of 3"),
            "{all}"
        );
        assert!(all.contains("repeated on page 2"), "{all}");
        // A grade repeated under a heading inside each page is content.
        assert_eq!(all.matches("\"Good\"").count(), 3, "{all}");
        assert!(p.warnings.iter().any(|w| w.code == WarningCode::TagArtifact));
        assert!(
            is_page_number("12")
                && is_page_number("Page 3 of 10")
                && !is_page_number("2023 report")
        );
    }
}
