//! Boxed panels: findings are often set in drawn boxes.
//!
//! In: the body lines in reading order (contents pages, footnote areas and
//! the cover title already set aside), each marked by the layout stage as
//! inside a panel or not, with the body's line pitch. Out: the [`Panel`]s,
//! each as its paragraphs with their weight. A paragraph ends where the
//! weight or size changes or the leading opens; boxes one after another
//! are separated by white space; a panel broken by a page turn continues on
//! the next page's first lines.

use super::text;
use crate::layout::Line;
use crate::layout::hyphen::{Lexicon, join};

/// A boxed panel's paragraphs, with their weight: a panel titled "Areas for
/// improvement" lists its items as bold paragraphs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    /// Paragraphs in order.
    pub paragraphs: Vec<PanelParagraph>,
}

/// One paragraph of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelParagraph {
    /// Text, markers lifted.
    pub text: String,
    /// Set in bold.
    pub bold: bool,
    /// Page.
    pub page: u32,
}

/// Group the boxed lines of the body into panels and their paragraphs.
pub fn group(body: &[&Line], pitch: f32, lexicon: &Lexicon) -> Vec<Panel> {
    let mut out: Vec<Panel> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut current: Vec<Vec<&Line>> = Vec::new();
    for &line in body {
        if !line.panel {
            // Furniture and footnotes are already gone, so a panel broken by
            // a page turn continues on the next page's first lines.
            if prev.is_some_and(|p| p.page == line.page) || prev.is_none() {
                finish(&mut current, &mut out, lexicon);
            }
            prev = None;
            continue;
        }
        // Boxes one after another are separated by white space.
        if prev.is_some_and(|p| p.page == line.page && line.y - p.y > pitch * 2.2) {
            finish(&mut current, &mut out, lexicon);
        }
        let joins = prev.is_some_and(|p| {
            p.page == line.page
                && p.bold == line.bold
                && (p.size - line.size).abs() < 0.3
                && line.y - p.y <= pitch * 1.25
        });
        match current.last_mut() {
            Some(par) if joins => par.push(line),
            _ => current.push(vec![line]),
        }
        prev = Some(line);
    }
    finish(&mut current, &mut out, lexicon);
    out
}

/// Close the panel whose paragraphs (as lines) are in `current`.
fn finish(current: &mut Vec<Vec<&Line>>, out: &mut Vec<Panel>, lexicon: &Lexicon) {
    if current.is_empty() {
        return;
    }
    let paragraphs = current
        .drain(..)
        .map(|lines| {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            let (joined, _) = text::lift_markers(&join(&texts, lexicon));
            PanelParagraph {
                text: text::collapse(&joined),
                bold: lines[0].bold,
                page: lines[0].page,
            }
        })
        .collect();
    out.push(Panel { paragraphs });
}
