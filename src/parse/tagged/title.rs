//! The title, from the first page's blocks.
//!
//! In: the title candidates the [`Builder`] gathered (headings and
//! paragraphs with their largest type). Out: the title lines; a paragraph
//! taken as the title leaves the events.

use super::builder::{Builder, Cover};

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
        if paragraph && event < self.events.len() {
            self.events.remove(event);
        }
        vec![text]
    }
}

/// A short line of capitalised words ("London Borough of Barking and
/// Dagenham"): a name, not a sentence or a title.
fn is_name_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && !text.trim_end().ends_with(['.', ':', '?', '!'])
        && words.iter().enumerate().all(|(i, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (i > 0 && matches!(*w, "of" | "and" | "the" | "for" | "&" | "upon" | "on"))
        })
}
