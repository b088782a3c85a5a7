//! Must-not-panic properties for everything that eats untrusted text: the
//! nom parsers of `parse::text`, hyphenation (`layout::hyphen`), the
//! footnote and contents parsers, the whole layout → parse → findings
//! chain on arbitrary spans and lines, and the tag-tree reader on arbitrary
//! structure trees. Run longer with
//! `PROPTEST_CASES=100000 cargo test --release --test parsers_proptest`.

use inspdf::extract::tags::PageCover;
use inspdf::extract::{Document, Page, Rule, Span, TagKid, TagNode, TagText, TagTree};
use inspdf::layout::{self, Layout, Line, MARK_CLOSE, MARK_OPEN, PageLines, hyphen};
use inspdf::parse::{self, contents, footnotes, text};
use inspdf::{convert, findings};
use proptest::prelude::*;

/// Text that looks like report lines: digits, punctuation the parsers key
/// on, markers, soft hyphens, URLs, non-ASCII; plus anything at all.
fn line_text() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("1".to_string()),
            Just("12.".to_string()),
            Just("3.4.5".to_string()),
            Just("(a)".to_string()),
            Just("iv)".to_string()),
            Just("•".to_string()),
            Just("–".to_string()),
            Just("-".to_string()),
            Just("\u{ad}".to_string()),
            Just(MARK_OPEN.to_string()),
            Just(MARK_CLOSE.to_string()),
            Just(",".to_string()),
            Just(" ".to_string()),
            Just("....".to_string()),
            Just("https://".to_string()),
            Just("www.".to_string()),
            Just("Figure".to_string()),
            Just("Table".to_string()),
            Just("Good".to_string()),
            Just("requires improvement".to_string()),
            "[a-zA-Z]{1,8}",
            "[0-9]{1,6}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.concat());
    prop_oneof![4 => pieces, 1 => any::<String>()]
}

fn suffix_of(input: &str, rest: &str) -> bool {
    rest.len() <= input.len() && input.ends_with(rest)
}

proptest! {
    #[test]
    fn nom_parsers_never_panic_and_leave_a_suffix(s in line_text()) {
        if let Ok((rest, _)) = text::footnote_number(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::marker(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::bullet(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::item_number(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::heading_number(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::caption_label(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::contents_entry(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::list_label(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::page_number(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::contents_title(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::footnote_opening(&s) { prop_assert!(suffix_of(&s, rest)); }
        if let Ok((rest, _)) = text::url(&s) { prop_assert!(suffix_of(&s, rest)); }
        let _ = text::urls(&s);
        let (plain, _) = text::lift_markers(&s);
        prop_assert!(plain.len() <= s.len());
        let _ = layout::strip_markers(&s);
        let _ = layout::is_marker_text(&s);
        let _ = parse::collapse(&s);
    }

    #[test]
    fn hyphen_joining_never_panics(lines in prop::collection::vec(line_text(), 0..8)) {
        let lex = hyphen::Lexicon::from_texts(lines.iter().map(String::as_str));
        let joined = hyphen::join(&lines, &lex);
        // Joining only removes hyphens and whitespace, and adds single spaces.
        let budget: usize = lines.iter().map(|l| l.len() + 1).sum();
        prop_assert!(joined.len() <= budget);
        for l in &lines {
            let _ = hyphen::is_url(l);
        }
    }

    #[test]
    fn parse_and_findings_never_panic_on_arbitrary_lines(
        raw in prop::collection::vec(
            (line_text(), 0.0f32..700.0, 0.0f32..900.0, 4.0f32..30.0, any::<bool>(), 1u32..4),
            0..40,
        ),
    ) {
        let mut pages: Vec<PageLines> = (1..4)
            .map(|n| PageLines { number: n, width: 595.0, height: 842.0, ..PageLines::default() })
            .collect();
        for (text, x, y, size, bold, page) in raw {
            let line = Line {
                page,
                x0: x,
                x1: x + 6.0 * text.chars().count() as f32,
                y,
                size,
                bold,
                cells: vec![layout::Cell { x0: x, x1: x + 50.0, text: text.clone() }],
                text,
                ..Line::default()
            };
            pages[(page - 1) as usize].lines.push(line);
        }
        for p in &mut pages {
            p.lines.sort_by(|a, b| a.y.total_cmp(&b.y));
            p.rules.push(Rule { x0: 50.0, y0: 700.0, x1: 200.0, y1: 700.5 });
            let _ = contents::entries(p);
            let cut = footnotes::split(p, 11.0);
            let _ = footnotes::collect(&[(p.number, cut.notes)], &hyphen::Lexicon::default());
        }
        let laid = Layout {
            pages,
            body_size: 11.0,
            ..Layout::default()
        };
        let parsed = parse::assemble(parse::parse(&laid));
        let _ = findings::read(&parsed, &findings::metadata::DocInfo::default());
    }

    #[test]
    fn layout_to_record_never_panics_on_arbitrary_spans(
        raw in prop::collection::vec(
            (line_text(), -50.0f32..700.0, -50.0f32..900.0, 0.0f32..40.0, 0.0f32..300.0, any::<bool>()),
            0..60,
        ),
    ) {
        let spans: Vec<Span> = raw
            .into_iter()
            .map(|(text, x, y, size, width, bold)| Span {
                text, x, y, width, size, font: None, bold, italic: false,
            })
            .collect();
        let half = spans.len() / 2;
        let doc = Document {
            pages: vec![
                Page { number: 1, width: 595.0, height: 842.0, spans: spans[..half].to_vec(), rules: vec![] },
                Page { number: 2, width: 595.0, height: 842.0, spans: spans[half..].to_vec(), rules: vec![] },
            ],
            engine: "test",
            ..Document::default()
        };
        let laid = layout::lay_out(&doc);
        let parsed = parse::assemble(parse::parse(&laid));
        let _ = findings::read(&parsed, &findings::metadata::DocInfo::default());
    }

    #[test]
    fn layout_survives_nan_and_infinite_geometry(
        raw in prop::collection::vec(
            (line_text(), any::<f32>(), any::<f32>(), any::<f32>(), any::<f32>()),
            0..30,
        ),
        page in (any::<f32>(), any::<f32>()),
    ) {
        let spans: Vec<Span> = raw
            .into_iter()
            .map(|(text, x, y, size, width)| Span {
                text, x, y, width, size, font: None, bold: false, italic: false,
            })
            .collect();
        let doc = Document {
            pages: vec![Page { number: 1, width: page.0, height: page.1, spans, rules: vec![] }],
            engine: "test",
            ..Document::default()
        };
        let laid = layout::lay_out(&doc);
        let parsed = parse::assemble(parse::parse(&laid));
        let _ = findings::read(&parsed, &findings::metadata::DocInfo::default());
    }

    #[test]
    fn whole_converter_never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        header in any::<bool>(),
    ) {
        let mut input = if header { b"%PDF-1.7\n".to_vec() } else { Vec::new() };
        input.extend(bytes);
        let _ = convert::convert_bytes(&input, "fuzz.pdf", &convert::Options::default());
    }
}

/// Structure-tree roles the tagged reader knows, and some it does not.
fn role() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Document"),
        Just("Part"),
        Just("Sect"),
        Just("Div"),
        Just("H"),
        Just("H1"),
        Just("H2"),
        Just("H3"),
        Just("H4"),
        Just("H5"),
        Just("H6"),
        Just("P"),
        Just("L"),
        Just("LI"),
        Just("Lbl"),
        Just("LBody"),
        Just("Table"),
        Just("THead"),
        Just("TBody"),
        Just("TR"),
        Just("TH"),
        Just("TD"),
        Just("Note"),
        Just("Reference"),
        Just("Figure"),
        Just("Caption"),
        Just("Span"),
        Just("Link"),
        Just("TOC"),
        Just("TOCI"),
        Just("BlockQuote"),
        Just("Title"),
        Just("Artifact"),
        Just("Custom"),
    ]
    .prop_map(str::to_string)
}

/// Arbitrary structure trees: any nesting of those roles, marked text
/// anywhere (report-like or not), on pages 1–3, with or without
/// `/ActualText`, `/Alt` and list numbering.
fn tag_kid() -> impl Strategy<Value = TagKid> {
    let leaf = (line_text(), 1u32..4, 0.0f32..30.0)
        .prop_map(|(text, page, size)| TagKid::Text(TagText { text, page, size }));
    leaf.prop_recursive(6, 120, 8, |inner| {
        (
            role(),
            prop::collection::vec(inner, 0..8),
            prop::option::of(line_text()),
            prop::option::of(line_text()),
            prop::option::of(prop_oneof![Just("Decimal"), Just("Disc"), Just("None")]),
            prop::option::of(1u32..4),
        )
            .prop_map(|(role, children, actual_text, alt, numbering, page)| {
                let mut node = TagNode::new(&role, children);
                node.actual_text = actual_text;
                node.alt = alt;
                node.list_numbering = numbering.map(str::to_string);
                node.page = page;
                TagKid::Node(node)
            })
    })
}

proptest! {
    #[test]
    fn tagged_reader_never_panics_on_arbitrary_trees(
        kids in prop::collection::vec(tag_kid(), 0..6),
        covered in any::<bool>(),
        truncated in any::<bool>(),
    ) {
        let roots: Vec<TagNode> = kids
            .into_iter()
            .map(|k| match k {
                TagKid::Node(n) => n,
                TagKid::Text(t) => TagNode::new("P", vec![TagKid::Text(t)]),
            })
            .collect();
        let pages = (1..4)
            .map(|page| PageCover { page, chars: 100, tagged: if covered { 100 } else { 10 } })
            .collect();
        let tree = TagTree { roots, pages, role_map: vec![], truncated };
        let doc = Document {
            pages: (1..4)
                .map(|number| Page { number, width: 595.0, height: 842.0, spans: vec![], rules: vec![] })
                .collect(),
            tags: Some(tree.clone()),
            engine: "test",
            ..Document::default()
        };
        let _ = parse::tagged::parse(&tree);
        let parsed = parse::structure(&doc, true).parsed;
        let _ = findings::read(&parsed, &findings::metadata::DocInfo::default());
    }
}
