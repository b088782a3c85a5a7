//! What a font's name says of the text set in it: the name without its
//! subset prefix, and its weight and slant for engines that report neither.

/// Font names carry a subset prefix ("ABCDEF+Name"); drop it.
pub(crate) fn clean_font_name(name: &str) -> String {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest.to_string()
        }
        _ => name.to_string(),
    }
}

/// Bold from a font name, for engines that do not report weight.
pub(crate) fn name_is_bold(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Italic from a font name.
pub(crate) fn name_is_italic(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("italic") || lower.contains("oblique")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_names() {
        assert_eq!(
            clean_font_name("BAAAAA+LiberationSerif-Bold"),
            "LiberationSerif-Bold"
        );
        assert_eq!(clean_font_name("Arial+X"), "Arial+X");
        assert!(name_is_bold("LiberationSerif-Bold"));
        assert!(!name_is_bold("LiberationSerif"));
        assert!(name_is_italic("DejaVuSans-Oblique"));
    }
}
