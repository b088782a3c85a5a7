//! Joining lines into running text, undoing end-of-line hyphenation.
//!
//! A line that ends in a letter and a hyphen, followed by a line that starts
//! with a lower-case letter, was hyphenated by the typesetter — unless the
//! document itself writes the joined word with a hyphen elsewhere
//! ("anti-social" mid-line), or the part before the hyphen is a prefix that
//! English hyphenates ("well-", "self-", "anti-", "non-", "cross-"). "ex-"
//! is not one of them: at a line end it is far more often the first
//! syllable of a word ("ex-/pected", "ex-/cluding") than the prefix of a
//! compound ("ex-wives"), which the document's own mid-line use still
//! keeps. A soft
//! hyphen (U+00AD) is always removed. URLs broken at a line end are glued
//! back without a space.

use std::collections::HashSet;

/// Prefixes English writes with a hyphen; a break after them keeps it.
const HYPHENATED_PREFIXES: &[&str] = &[
    "well", "self", "anti", "non", "cross", "all", "co", "cyber", "multi",
];

/// Words the document writes with an inner hyphen, mid-line, lower case.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    hyphenated: HashSet<String>,
}

impl Lexicon {
    /// Collect every hyphenated word that is not at a line end.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut hyphenated = HashSet::new();
        for text in texts {
            let words: Vec<&str> = text.split_whitespace().collect();
            let inner = words.len().saturating_sub(1);
            for w in &words[..inner] {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if w.contains('-')
                    && w.split('-')
                        .all(|p| p.chars().all(char::is_alphabetic) && !p.is_empty())
                {
                    hyphenated.insert(w.to_lowercase());
                }
            }
        }
        Self { hyphenated }
    }
}

/// Join lines into one string with single spaces, undoing hyphenation.
pub fn join<S: AsRef<str>>(lines: &[S], lex: &Lexicon) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        match glue(&out, line, lex) {
            Glue::DropHyphen => {
                out.pop();
                if out.ends_with('\u{ad}') {
                    out.pop();
                }
            }
            Glue::Direct => {}
            Glue::Space => out.push(' '),
        }
        out.push_str(line);
    }
    out.replace('\u{ad}', "")
}

#[derive(Debug, PartialEq)]
enum Glue {
    DropHyphen,
    Direct,
    Space,
}

fn glue(prev: &str, next: &str, lex: &Lexicon) -> Glue {
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    if prev.ends_with('\u{ad}') {
        return Glue::DropHyphen;
    }
    if is_url(last_word) && last_word.ends_with(['/', '-', '_', '=', '?', '&', '#', '%']) {
        return Glue::Direct;
    }
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    let Some(stem) = last_word.strip_suffix('-') else {
        return Glue::Space;
    };
    let fragment: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if fragment.is_empty() || !starts_lower {
        return if fragment.is_empty() {
            Glue::Space
        } else {
            Glue::Direct
        };
    }
    let first: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    let compound = format!("{}-{}", fragment.to_lowercase(), first.to_lowercase());
    let keeps = lex.hyphenated.contains(&compound)
        || HYPHENATED_PREFIXES.contains(&fragment.to_lowercase().as_str());
    if keeps {
        Glue::Direct
    } else {
        Glue::DropHyphen
    }
}

/// A token that is a web address.
pub fn is_url(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '[', '<', '"', '\'']);
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typesetter_hyphen_is_removed() {
        assert_eq!(
            join(&["police le-", "gitimacy matters"], &Lexicon::default()),
            "police legitimacy matters"
        );
    }

    #[test]
    fn real_compound_keeps_hyphen() {
        let lex = Lexicon::from_texts(["tackling anti-social behaviour here"]);
        assert_eq!(
            join(&["tackling anti-", "social behaviour"], &lex),
            "tackling anti-social behaviour"
        );
        assert_eq!(
            join(&["staff well-", "being"], &Lexicon::default()),
            "staff well-being"
        );
    }

    #[test]
    fn a_break_after_ex_is_a_syllable_unless_the_document_writes_the_compound() {
        let none = Lexicon::default();
        assert_eq!(join(&["sectors, ex-", "cluding farms"], &none), "sectors, excluding farms");
        let lex = Lexicon::from_texts(["their ex-wives, in particular"]);
        assert_eq!(join(&["and their ex-", "wives agreed"], &lex), "and their ex-wives agreed");
    }

    #[test]
    fn capital_after_hyphen_keeps_it() {
        assert_eq!(
            join(&["non-", "Home Office"], &Lexicon::default()),
            "non-Home Office"
        );
    }

    #[test]
    fn urls_are_glued() {
        let text = join(
            &["see http://example.org/Research/", "Documents/a.pdf now"],
            &Lexicon::default(),
        );
        assert_eq!(text, "see http://example.org/Research/Documents/a.pdf now");
    }

    #[test]
    fn soft_hyphen_is_dropped() {
        assert_eq!(
            join(&["legiti\u{ad}", "macy"], &Lexicon::default()),
            "legitimacy"
        );
    }

    #[test]
    fn dash_between_words_is_spaced() {
        assert_eq!(
            join(&["legitimacy –", "a concept"], &Lexicon::default()),
            "legitimacy – a concept"
        );
    }
}
