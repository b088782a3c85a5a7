//! What the tree's roles mean here.
//!
//! In: a role name (after the role map) or a node. Out: whether it groups
//! blocks, is a block, a heading of a level, a note, or content that is not
//! body text.

use crate::extract::TagNode;

/// Roles that group blocks and have no meaning of their own here.
pub(super) fn is_grouping(role: &str) -> bool {
    matches!(
        role,
        "Document"
            | "DocumentFragment"
            | "Part"
            | "Art"
            | "Sect"
            | "Div"
            | "NonStruct"
            | "Private"
            | "Aside"
            | "BlockQuote"
            | "Index"
    )
}

/// Roles that are blocks in their own right.
pub(super) fn is_block_role(role: &str) -> bool {
    is_grouping(role)
        || heading_level(role).is_some()
        || matches!(role, "P" | "L" | "Table" | "TOC" | "Title")
}

/// Level of a numbered heading role.
pub(super) fn heading_level(role: &str) -> Option<u8> {
    match role {
        "H1" => Some(1),
        "H2" => Some(2),
        "H3" => Some(3),
        "H4" => Some(4),
        "H5" => Some(5),
        "H6" => Some(6),
        _ => None,
    }
}

/// Roles of footnotes and endnotes.
pub(super) fn is_note(role: &str) -> bool {
    matches!(role, "Note" | "FENote")
}

/// Roles whose content is not body text.
pub(super) fn is_skipped(role: &str) -> bool {
    matches!(
        role,
        "Artifact" | "Figure" | "Form" | "Annot" | "TOC" | "TOCI" | "Formula"
    )
}
/// True when a kid of `n` is a block (so `n` is a container, not a
/// paragraph).
pub(super) fn has_block_kids(n: &TagNode) -> bool {
    n.nodes()
        .any(|c| is_block_role(&c.role) || matches!(c.role.as_str(), "L" | "Table"))
}
