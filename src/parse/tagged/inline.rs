//! Inline content: the text below a node.
//!
//! In: a node. Out: its text as [`Inline`] (notes met inline recorded as
//! footnotes and cited, their marks taken out of the text; link URLs
//! kept), with the nodes a reader wants to read itself set aside.

use super::builder::{Builder, Inline};
use super::notes::trailing_number;
use super::roles::{is_block_role, is_note};
use crate::extract::{TagKid, TagNode};
use crate::parse::text::collapse;

impl Builder {
    /// Gather the text below `n`; notes met inline become footnotes cited
    /// here, and nodes for which `defer` holds are set aside, not read.
    pub(super) fn gather<'t>(
        &mut self,
        n: &'t TagNode,
        acc: &mut Inline,
        defer: &dyn Fn(&TagNode) -> bool,
        deferred: &mut Vec<&'t TagNode>,
    ) {
        for u in &n.urls {
            if !acc.urls.contains(u) {
                acc.urls.push(u.clone());
            }
        }
        if let Some(t) = &n.actual_text {
            acc.text.push_str(t);
            acc.region.extend(&n.region());
            return;
        }
        for kid in &n.children {
            match kid {
                TagKid::Text(t) => {
                    acc.text.push_str(&t.text);
                    acc.region.extend(&t.region);
                }
                TagKid::Node(c) if is_note(&c.role) => {
                    let mark = trailing_number(&acc.text);
                    let number = self.note(c, mark.map(|(n, _)| n));
                    if let Some((n, at)) = mark
                        && n == number
                    {
                        acc.text.truncate(at);
                    }
                    acc.text.push(' ');
                    acc.refs.push(number);
                }
                TagKid::Node(c) if c.role == "Artifact" => {}
                TagKid::Node(c) if defer(c) => {
                    acc.text.push(' ');
                    deferred.push(c);
                }
                TagKid::Node(c) => {
                    if is_block_role(&c.role) || matches!(c.role.as_str(), "TD" | "TH" | "LI") {
                        acc.text.push(' ');
                    }
                    self.gather(c, acc, defer, deferred);
                }
            }
        }
    }

    /// Gather all text below `n`.
    pub(super) fn gather_all(&mut self, n: &TagNode) -> Inline {
        let mut acc = Inline::default();
        let mut none = Vec::new();
        self.gather(n, &mut acc, &|_| false, &mut none);
        acc.text = collapse(&acc.text);
        acc
    }
}
