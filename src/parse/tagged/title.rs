//! The title, from the first page's blocks.
//!
//! In: the title candidates the [`Builder`] gathered (headings and
//! paragraphs with their largest type). Out: the title lines; a paragraph
//! taken as the title leaves the events.

use super::builder::{Builder, Cover};
use crate::parse::text::is_name_line;
use crate::extract::{TagKid, TagNode};
use std::collections::HashMap;

/// Longest text (bytes) taken as a title.
const MAX_TITLE: usize = 250;

impl Builder {
    /// The title, read from the blocks of the first page with text:
    /// - an element tagged `Title` (anywhere) is the title;
    /// - a level-1 heading among its first three blocks is the title (the
    ///   author said so);
    /// - else the first block in the largest type, unless that block is a
    ///   name set above the title (a short line of capitalised words such
    ///   as "Hartlepool Borough Council"), when the title is the next
    ///   block in the largest type after it.
    ///
    /// A paragraph taken as the title leaves the body (headings stay).
    pub(super) fn take_title(&mut self) -> Vec<String> {
        let Some(first_page) = self.cover.iter().map(|c| c.page).min() else {
            return Vec::new();
        };
        // A title is a line or two, not a paragraph of text.
        let on_page: Vec<&Cover> = self
            .cover
            .iter()
            .filter(|c| {
                c.page == first_page
                    && c.text.len() <= MAX_TITLE
                    && c.text.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
            })
            .collect();
        let declared = self.cover.iter().find(|c| c.declared);
        let first_h1 = on_page
            .iter()
            .take(3)
            .find(|c| c.heading == Some(1))
            .copied();
        let chosen = match declared.or(first_h1) {
            Some(h) => Some(h),
            None => {
                let largest = |from: &[&Cover]| -> Option<usize> {
                    let max = from.iter().map(|c| c.size).reduce(f32::max)?;
                    from.iter()
                        .position(|c| (c.size - max).abs() <= 0.5 && max > 0.0)
                };
                match largest(&on_page) {
                    Some(i) if is_name_line(&on_page[i].text) && i + 1 < on_page.len() => {
                        largest(&on_page[i + 1..]).map(|j| on_page[i + 1 + j])
                    }
                    Some(i) => Some(on_page[i]),
                    None => None,
                }
            }
        };
        let Some(chosen) = chosen else {
            return Vec::new();
        };
        let (event, text, paragraph) =
            (chosen.event, chosen.text.clone(), chosen.heading.is_none());
        let subtitle = self.subtitle(chosen).map(|c| (c.event, c.text.clone()));
        let mut lines = vec![text];
        let mut leaving = Vec::new();
        if paragraph {
            leaving.push(event);
        }
        if let Some((sub_event, sub_text)) = subtitle {
            leaving.push(sub_event);
            lines.push(sub_text);
        }
        // Later events first, so the earlier index still holds.
        leaving.sort_unstable_by(|a, b| b.cmp(a));
        for i in leaving {
            if i < self.events.len() {
                self.events.remove(i);
            }
        }
        lines
    }

    /// The subtitle under `title`, as the layout path takes it: the next
    /// paragraph on the title's page, when that page is a cover (no running
    /// text at body size), the paragraph is set larger than the body but
    /// smaller than the title, and its size appears nowhere after that page.
    fn subtitle(&self, title: &Cover) -> Option<&Cover> {
        let body = self.body_size;
        let at = self.cover.iter().position(|c| c.event == title.event)?;
        let next = self.cover.get(at + 1)?;
        let prose = self
            .cover
            .iter()
            .filter(|c| {
                c.page == title.page
                    && (c.size - body).abs() < 0.6
                    && c.text.split_whitespace().count() >= 6
            })
            .count();
        let elsewhere = self
            .cover
            .iter()
            .any(|c| c.page > title.page && (c.size - next.size).abs() < 0.25);
        let fits = body > 0.0
            && next.page == title.page
            && next.heading.is_none()
            && !next.declared
            && next.event == title.event + 1
            && next.text.len() <= MAX_TITLE
            && next.size > body * 1.05
            && next.size < title.size - 0.5;
        (fits && prose < 2 && !elsewhere).then_some(next)
    }
}

/// The size most of the text below `roots` is set in (0 when none).
pub(super) fn body_size(roots: &[TagNode]) -> f32 {
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    let mut stack: Vec<&TagNode> = roots.iter().collect();
    while let Some(n) = stack.pop() {
        for kid in &n.children {
            match kid {
                TagKid::Node(c) => stack.push(c),
                TagKid::Text(t) => {
                    let chars = t.text.trim().chars().count();
                    *by_size.entry((t.size * 2.0).round() as i32).or_default() += chars;
                }
            }
        }
    }
    by_size
        .into_iter()
        .max_by_key(|&(k, n)| (n, k))
        .map_or(0.0, |(k, _)| k as f32 / 2.0)
}

