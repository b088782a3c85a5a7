//! The findings a label announces, read from the units that follow it.
//!
//! In: the [`Unit`]s after a label (up to the end of its section) and the
//! [`Vocabulary`]. Out: [`Item`]s. Which units are the findings depends on
//! what comes first:
//!
//! - bullets: each bullet of the first run is one finding (a run ends where
//!   the list changes between numbered and not, or at any other unit);
//! - a paragraph ending in a colon, then bullets, then the end: the
//!   paragraph introduces the list, whose bullets are the findings;
//! - a paragraph standing as a heading: titled findings, each such
//!   paragraph a title and the paragraphs after it its text;
//! - other paragraphs: each is one finding, with the bullets after it when
//!   it ends in a colon, joined to the next when cut short at a page turn;
//!   a paragraph standing as a heading ends them;
//! - a grid: nothing here; a grid of findings is read where it stands
//!   (see [`super::grid`]), labelled by its own column heading.
//!
//! Paragraphs repeating the label (a boxed grid's own title) are passed
//! over first.

use super::labels::{label, reads_as_heading};
use super::units::{Unit, without_glyphs};
use crate::inspectorates::{FindingKind as Kind, Vocabulary};

/// One finding as read, before it is filed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// Its title, for a titled finding.
    pub title: Option<String>,
    /// Its text.
    pub text: String,
    /// Pages it is on, first first.
    pub pages: Vec<u32>,
    /// The body responsible for it, where the report names one.
    pub responsible_body: Option<String>,
}

impl Item {
    /// An untitled finding on one page.
    pub fn new(text: &str, page: u32) -> Self {
        Self {
            text: without_glyphs(text),
            pages: vec![page],
            ..Self::default()
        }
    }

    /// Add more text, from `page`.
    pub fn extend(&mut self, text: &str, page: u32) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(&without_glyphs(text));
        if !self.pages.contains(&page) {
            self.pages.push(page);
        }
    }
}

/// The findings of kind `kind` among `units`, which follow its label.
pub fn after_label(units: &[Unit<'_>], kind: Kind, vocab: &Vocabulary) -> Vec<Item> {
    let start = units
        .iter()
        .position(|u| !is_label_of(u, kind, vocab))
        .unwrap_or(units.len());
    let units = &units[start..];
    match units.first() {
        None => Vec::new(),
        Some(Unit::Grid { .. }) => Vec::new(),
        Some(Unit::Bullet { .. }) => bullets(units),
        Some(Unit::Para { .. }) if introduces_list(units) => bullets(&units[1..]),
        Some(Unit::Para { text, .. }) if reads_as_heading(text, vocab) => titled(units, vocab),
        Some(Unit::Para { .. }) => paragraphs(units, vocab),
    }
}

/// `u` is a paragraph holding a label of `kind`.
fn is_label_of(u: &Unit<'_>, kind: Kind, vocab: &Vocabulary) -> bool {
    matches!(u, Unit::Para { text, .. } if label(text, vocab).is_ok_and(|(_, k)| k == kind))
}

/// The first unit is a paragraph ending in a colon, followed by bullets
/// that run to the end.
fn introduces_list(units: &[Unit<'_>]) -> bool {
    let Some(Unit::Para { text, .. }) = units.first() else {
        return false;
    };
    let run = bullet_run(&units[1..]);
    text.trim_end().ends_with(':') && run > 0 && run + 1 == units.len()
}

/// How many units open `units` as one run of bullets.
fn bullet_run(units: &[Unit<'_>]) -> usize {
    let ordered = match units.first() {
        Some(Unit::Bullet { ordered, .. }) => *ordered,
        _ => return 0,
    };
    units
        .iter()
        .take_while(|u| matches!(u, Unit::Bullet { ordered: o, .. } if *o == ordered))
        .count()
}

/// Each bullet of the first run, one finding.
fn bullets(units: &[Unit<'_>]) -> Vec<Item> {
    units[..bullet_run(units)]
        .iter()
        .filter_map(|u| match u {
            Unit::Bullet { text, page, .. } => Some(Item::new(text, *page)),
            _ => None,
        })
        .collect()
}

/// A text cut short: it ends without closing punctuation.
fn cut_short(text: &str) -> bool {
    !crate::parse::text::closes(text)
}

/// Paragraphs, each one finding, up to one standing as a heading.
fn paragraphs(units: &[Unit<'_>], vocab: &Vocabulary) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    // The last item is taking the bullets after its colon.
    let mut taking_bullets = false;
    for u in units {
        match (u, out.last_mut()) {
            (Unit::Para { text, page }, Some(last))
                if cut_short(&last.text) && text.starts_with(char::is_lowercase) =>
            {
                last.extend(text, *page);
            }
            (Unit::Para { text, .. }, _) if reads_as_heading(text, vocab) => break,
            (Unit::Para { text, page }, _) => {
                out.push(Item::new(text, *page));
                taking_bullets = false;
            }
            (Unit::Bullet { text, page, .. }, Some(last))
                if taking_bullets || last.text.trim_end().ends_with(':') =>
            {
                last.extend(text, *page);
                taking_bullets = true;
            }
            (Unit::Bullet { text, page, .. }, _) => out.push(Item::new(text, *page)),
            (Unit::Grid { .. }, _) => break,
        }
    }
    out
}

/// Titled findings: a paragraph standing as a heading is a title, the
/// paragraphs and bullets after it its text; a label ends them.
fn titled(units: &[Unit<'_>], vocab: &Vocabulary) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for u in units {
        match u {
            Unit::Para { text, .. } if label(text, vocab).is_ok() => break,
            Unit::Para { text, page } if reads_as_heading(text, vocab) => out.push(Item {
                title: Some(text.clone()),
                pages: vec![*page],
                ..Item::default()
            }),
            Unit::Para { text, page } | Unit::Bullet { text, page, .. } => {
                if let Some(last) = out.last_mut() {
                    last.extend(text, *page);
                }
            }
            Unit::Grid { .. } => break,
        }
    }
    untitle_bare(&mut out);
    out
}

/// A title with no text under it is the finding's text.
pub fn untitle_bare(items: &mut [Item]) {
    for item in items {
        if item.text.is_empty() {
            item.text = item.title.take().unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    fn p(text: &str, page: u32) -> Unit<'static> {
        Unit::Para {
            text: text.into(),
            page,
        }
    }

    fn b(text: &str, ordered: bool) -> Unit<'static> {
        Unit::Bullet {
            text: text.into(),
            page: 2,
            ordered,
        }
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.text.as_str()).collect()
    }

    const AFI: Kind = Kind::AreaForImprovement;

    #[test]
    fn the_first_run_of_bullets() {
        let units = [
            b("The quality of plans.", false),
            b("Return home interviews.", false),
            p("The experiences and progress of children in care: good", 2),
            b("Children are well cared for.", true),
        ];
        let got = after_label(&units, AFI, embedded());
        assert_eq!(texts(&got), ["The quality of plans.", "Return home interviews."]);
        let units = [b("One.", false), b("1. Two.", true)];
        assert_eq!(texts(&after_label(&units, AFI, embedded())), ["One."]);
    }

    #[test]
    fn an_introduction_then_its_list() {
        let units = [p("We recommend that the force:", 4), b("vet its staff.", false)];
        assert_eq!(texts(&after_label(&units, AFI, embedded())), ["vet its staff."]);
    }

    #[test]
    fn paragraphs_take_their_bullets_and_their_ends() {
        let units = [
            p("Areas for improvement", 7),
            p("Leaders should improve the support by ensuring:", 7),
            b("all children receive checks; and", false),
            b("all young people benefit.", false),
            p("Leaders should address long waiting times for", 7),
            p("children requesting support.", 8),
            p("Leaders must train practitioners.", 8),
            p("Local area partnership details", 9),
            p("Deb Austin, Executive Director.", 9),
        ];
        let got = after_label(&units, AFI, embedded());
        assert_eq!(
            texts(&got),
            [
                "Leaders should improve the support by ensuring: all children receive checks; and all young people benefit.",
                "Leaders should address long waiting times for children requesting support.",
                "Leaders must train practitioners.",
            ]
        );
        assert_eq!(got[1].pages, [7, 8]);
    }

    #[test]
    fn titles_and_their_text() {
        let units = [
            p("Important lines of inquiry are sometimes not completed", 17),
            p("On some occasions, lines of inquiry aren’t completed.", 17),
            p("The force doesn’t always comply with the Code", 17),
            p("Victim needs assessments aren’t always completed.", 18),
            p("Innovative practice", 18),
            p("Investigations are more efficient", 18),
        ];
        let got = after_label(&units, AFI, embedded());
        assert_eq!(got.len(), 2);
        let bare = [p("Health information for care leavers", 2), p("Timeliness of help", 2)];
        let untitled = after_label(&bare, AFI, embedded());
        assert_eq!(texts(&untitled), ["Health information for care leavers", "Timeliness of help"]);
        assert!(untitled.iter().all(|i| i.title.is_none()));
        assert_eq!(
            got[0].title.as_deref(),
            Some("Important lines of inquiry are sometimes not completed")
        );
        assert_eq!(got[0].text, "On some occasions, lines of inquiry aren’t completed.");
        assert_eq!(got[1].pages, [17, 18]);
    }

    #[test]
    fn nothing_after_the_label() {
        assert!(after_label(&[p("Areas for improvement", 1)], AFI, embedded()).is_empty());
        assert!(after_label(&[], AFI, embedded()).is_empty());
    }
}
