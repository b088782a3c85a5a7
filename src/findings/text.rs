//! The unit the findings readers take in: a piece of running text with its
//! page and the headings above it.

/// A piece of running text with the page it is on and the heading path
/// above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'a> {
    /// The text.
    pub text: &'a str,
    /// Its page.
    pub page: u32,
    /// Headings of the sections it is in, outermost first.
    pub path: Vec<&'a str>,
}
