//! The walk over the tree at block level.
//!
//! In: a node met at block level and the number of `Sect`s around it. Out:
//! the node read into the [`Builder`]: grouping elements are walked into,
//! loose text under them becomes a paragraph, and each block role goes to
//! its reader ([`super::blocks`], [`super::tables`], [`super::notes`]).

use super::builder::Builder;
use super::roles::{has_block_kids, heading_level, is_grouping, is_note, is_skipped};
use crate::extract::{TagKid, TagNode};

impl Builder {
    /// A node met at block level. `sects` counts the `Sect`s around it.
    pub(super) fn block(&mut self, n: &TagNode, sects: u8) {
        let role = n.role.as_str();
        if is_skipped(role) {
            return;
        }
        if is_note(role) {
            self.flush_loose();
            self.block_note(n);
            return;
        }
        if let Some(level) = heading_level(role) {
            self.flush_loose();
            self.heading(n, level);
            return;
        }
        match role {
            "H" => {
                self.flush_loose();
                self.heading(n, sects.clamp(1, 6));
            }
            "L" => {
                self.flush_loose();
                self.list(n);
            }
            "Table" => {
                self.flush_loose();
                self.table(n);
            }
            _ if is_grouping(role) || (has_block_kids(n) && role != "Title") => {
                let depth = if role == "Sect" {
                    sects.saturating_add(1)
                } else {
                    sects
                };
                for kid in &n.children {
                    match kid {
                        TagKid::Node(c) => self.block(c, depth),
                        TagKid::Text(t) => self.push_loose(t),
                    }
                }
                self.flush_loose();
            }
            _ => {
                self.flush_loose();
                self.paragraph(n);
            }
        }
    }
}
