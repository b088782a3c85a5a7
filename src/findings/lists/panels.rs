//! Findings in boxed panels: a label paragraph ("Area for improvement")
//! opens a kind, and the paragraphs after it, up to the next label, are its
//! findings.
//!
//! In: a [`Panel`] and the [`Vocabulary`]. Out: `(kind, item)` pairs. When
//! some of those paragraphs are bold, each bold one is a finding's title
//! and the plain ones after it its text (PEEL 2021 sets findings so);
//! otherwise they are read as any paragraphs after a label are
//! ([`super::items::after_label`]).

use super::items::{Item, after_label, untitle_bare};
use super::labels::label;
use super::units::{Unit, bulleted};
use crate::inspectorates::{FindingKind as Kind, Vocabulary};
use crate::parse::{Panel, PanelParagraph};

/// Every finding of the panel, with its kind. The paragraphs before the
/// panel's first label are of kind `lead`, when the label stands just
/// before the panel, outside it; without one they are no findings.
pub fn findings(panel: &Panel, lead: Option<Kind>, vocab: &Vocabulary) -> Vec<(Kind, Item)> {
    let paras = &panel.paragraphs;
    let labels: Vec<(usize, Kind)> = paras
        .iter()
        .enumerate()
        .filter_map(|(i, p)| label(&p.text, vocab).ok().map(|(_, k)| (i, k)))
        .collect();
    let mut runs: Vec<(Kind, &[PanelParagraph])> = Vec::new();
    let first = labels.first().map_or(paras.len(), |&(i, _)| i);
    if let Some(kind) = lead {
        runs.push((kind, &paras[..first]));
    }
    for (n, &(i, kind)) in labels.iter().enumerate() {
        let end = labels.get(n + 1).map_or(paras.len(), |&(j, _)| j);
        runs.push((kind, &paras[i + 1..end]));
    }
    let mut out = Vec::new();
    for (kind, body) in runs {
        let items = if body.iter().any(|p| p.bold) {
            titled(body)
        } else {
            after_label(&as_units(body), kind, vocab)
        };
        out.extend(items.into_iter().map(|i| (kind, i)));
    }
    out
}

/// Bold paragraphs are titles, the plain ones after each its text. A title
/// with no text is the finding's text.
fn titled(body: &[PanelParagraph]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for p in body {
        if p.bold {
            out.push(Item {
                title: Some(p.text.clone()),
                pages: vec![p.page],
                ..Item::default()
            });
        } else if let Some(last) = out.last_mut() {
            last.extend(&p.text, p.page);
        }
    }
    untitle_bare(&mut out);
    out
}

/// Panel paragraphs as units: bulleted ones as bullets.
fn as_units(body: &[PanelParagraph]) -> Vec<Unit<'static>> {
    body.iter()
        .map(|p| match bulleted(&p.text) {
            Some(rest) => Unit::Bullet {
                text: rest.to_string(),
                page: p.page,
                ordered: false,
            },
            None => Unit::Para {
                text: p.text.clone(),
                page: p.page,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    fn para(text: &str, bold: bool, page: u32) -> PanelParagraph {
        PanelParagraph {
            text: text.into(),
            bold,
            page,
        }
    }

    #[test]
    fn bold_titles_with_their_text() {
        let panel = Panel {
            paragraphs: vec![
                para("Area for improvement", true, 17),
                para("Important lines of inquiry are sometimes not completed", true, 17),
                para("On some occasions, lines of inquiry aren’t completed.", false, 17),
                para("The force doesn’t always identify repeat callers", true, 17),
                para("Innovative practice", true, 17),
                para("Investigations are more efficient", true, 17),
            ],
        };
        let got = findings(&panel, None, embedded());
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, Kind::AreaForImprovement);
        assert_eq!(
            got[0].1.title.as_deref(),
            Some("Important lines of inquiry are sometimes not completed")
        );
        assert_eq!(got[0].1.text, "On some occasions, lines of inquiry aren’t completed.");
        assert_eq!(got[1].1.title, None);
        assert_eq!(got[1].1.text, "The force doesn’t always identify repeat callers");
        assert_eq!(got[2].0, Kind::InnovativePractice);
    }

    #[test]
    fn a_label_before_the_panel() {
        let panel = Panel {
            paragraphs: vec![para("Leaders should improve.", false, 5)],
        };
        assert!(findings(&panel, None, embedded()).is_empty());
        let got = findings(&panel, Some(Kind::AreaForImprovement), embedded());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.text, "Leaders should improve.");
    }

    #[test]
    fn plain_paragraphs_each_a_finding() {
        let panel = Panel {
            paragraphs: vec![
                para("Areas for improvement", true, 7),
                para("Leaders should improve the support by ensuring:", false, 7),
                para("◼ all children receive checks; and", false, 7),
                para("◼ all young people benefit.", false, 7),
                para("Leaders should address waiting times for", false, 7),
                para("children requesting support.", false, 8),
            ],
        };
        let got: Vec<String> = findings(&panel, None, embedded())
            .into_iter()
            .map(|(_, i)| i.text)
            .collect();
        assert_eq!(
            got,
            [
                "Leaders should improve the support by ensuring: all children receive checks; and all young people benefit.",
                "Leaders should address waiting times for children requesting support.",
            ]
        );
    }
}
