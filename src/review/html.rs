//! Stage 3 of a review page: the HTML file. Everything is inline: the
//! style, the script (allowed by its hash in the Content-Security-Policy,
//! which forbids every other load but `data:` images), the overlay and the
//! page images as JSON data blocks.

use super::overlay::Overlay;
use super::render::PageImage;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The page's style.
const CSS: &str = include_str!("page.css");
/// The page's script.
const JS: &str = include_str!("page.js");

/// One page as the script reads it.
#[derive(Serialize)]
struct PageData<'a> {
    width: u32,
    height: u32,
    width_pt: f64,
    height_pt: f64,
    png: &'a str,
}

/// The Content-Security-Policy: nothing from anywhere, except `data:`
/// images, the inline style and this script.
pub fn csp() -> String {
    let hash = STANDARD.encode(Sha256::digest(JS.as_bytes()));
    format!(
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
         script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'"
    )
}

/// JSON safe inside a `<script type="application/json">` element: no `<`,
/// `>` or `&` (so no `</script>`), and `/` escaped so that a URL in the
/// record's text is not written as one.
fn json_block<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '/' => out.push_str("\\/"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text escaped for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole review page.
pub fn write(title: &str, overlay: &Overlay, pages: &[PageImage]) -> String {
    let encoded: Vec<String> = pages.iter().map(|p| STANDARD.encode(&p.png)).collect();
    let data: Vec<PageData> = pages
        .iter()
        .zip(&encoded)
        .map(|(p, png)| PageData {
            width: p.width,
            height: p.height,
            width_pt: p.width_pt,
            height_pt: p.height_pt,
            png,
        })
        .collect();
    let images = json_block(&data);
    let record = json_block(overlay);
    let title = escape(title);
    let csp = escape(&csp());
    let mut out = String::with_capacity(images.len() + record.len() + CSS.len() + JS.len() + 2048);
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Review: {title}</title>\n<style>\n{CSS}</style>\n</head>\n"
    ));
    out.push_str("<body>\n<div id=\"bar\"><h1>");
    out.push_str(&title);
    out.push_str(
        "</h1><label>Size <select id=\"size\"><option value=\"fit\">fit width</option>\
         <option value=\"100\">100%</option><option value=\"150\">150%</option></select></label>\
         <button type=\"button\" id=\"toggle\">Panel</button></div>\n\
         <div id=\"wrap\"><main id=\"pages\"></main><aside id=\"panel\"></aside></div>\n\
         <div id=\"tip\" role=\"tooltip\" hidden></div>\n",
    );
    out.push_str("<script type=\"application/json\" id=\"record\">");
    out.push_str(&record);
    out.push_str("</script>\n<script type=\"application/json\" id=\"images\">");
    out.push_str(&images);
    out.push_str("</script>\n<script>");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_blocks_cannot_close_the_script_or_spell_a_url() {
        let s = json_block(&"</script><b>&http://x.org/");
        assert!(!s.contains('<') && !s.contains("://"));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><b>&http://x.org/");
    }
}
