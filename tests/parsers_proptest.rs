//! Must-not-panic properties for everything that eats untrusted text: the
//! nom parsers of `parse::text`, hyphenation (`layout::hyphen`), the
//! footnote and contents parsers, the whole layout → parse → findings
//! chain on arbitrary spans and lines, and the tag-tree reader on arbitrary
//! structure trees. Beyond not panicking: a record the converter returns,
//! from arbitrary bytes or from a generated PDF of report-like lines,
//! passes the published schema and the cross-field checks (what `convert`
//! would otherwise reject), and an error is one of the classes a file can
//! fail with, the one the bytes call for. Fixed seed and a committed
//! regressions file (`proptest-regressions/parsers_proptest.txt`). Run
//! longer with
//! `PROPTEST_CASES=100000 cargo test --release --all-features --test parsers_proptest`.

#[path = "common/pdf.rs"]
mod pdf;

use inspdf::error::{Error, ExtractError};
use inspdf::extract::tags::PageCover;
use inspdf::extract::{Document, Page, Rule, Span, TagKid, TagNode, TagText, TagTree};
use inspdf::layout::{self, Layout, Line, MARK_CLOSE, MARK_OPEN, PageLines, hyphen};
use inspdf::parse::{self, contents, footnotes, text};
use inspdf::validate::checker::Checker;
use inspdf::{convert, findings};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
use std::sync::OnceLock;

/// A fixed seed (a run is repeatable) and the committed regressions file
/// (a failure once found is tried first ever after); `PROPTEST_CASES`
/// still sets the number of cases.
fn config() -> Config {
    Config {
        rng_seed: RngSeed::Fixed(0x1b5b_df00_2026),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/parsers_proptest.txt"
        )))),
        ..Config::default()
    }
}

/// `inspdf validate`'s checker (every known schema, chosen by the
/// record's `schema_version`, and the cross-field rules), built once.
fn checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(|| Checker::known().expect("the built-in schemas compile"))
}

/// What `convert` checks before writing: the schema and the cross-field
/// rules. Empty when the record would be written. (A small figure set above
/// a heading used to be read as a reference to a footnote that does not
/// exist, and the record rejected; such marks are now dropped with an
/// `unresolved_footnote_ref` warning. The case stays in the regressions
/// file.)
fn rejections(record: &inspdf::record::Record) -> Vec<String> {
    let text = serde_json::to_vec_pretty(record).expect("a record serialises");
    checker()
        .diagnostics(&text)
        .iter()
        .map(|d| format!("{} {}: {}", d.rule, d.pointer, d.message))
        .collect()
}

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
    #![proptest_config(config())]

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
            let cut = footnotes::split(p, 11.0, true);
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
                Page { number: 1, width: 595.0, height: 842.0, spans: spans[..half].to_vec(), rules: vec![], rotation: 0, cropped: vec![] },
                Page { number: 2, width: 595.0, height: 842.0, spans: spans[half..].to_vec(), rules: vec![], rotation: 0, cropped: vec![] },
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
            pages: vec![Page { number: 1, width: page.0, height: page.1, spans, rules: vec![], rotation: 0, cropped: vec![] }],
            engine: "test",
            ..Document::default()
        };
        let laid = layout::lay_out(&doc);
        let parsed = parse::assemble(parse::parse(&laid));
        let _ = findings::read(&parsed, &findings::metadata::DocInfo::default());
    }

    #[test]
    fn whole_converter_gives_a_valid_record_or_a_known_class_on_arbitrary_bytes(
        bytes in prop_oneof![
            1 => Just(Vec::new()),
            9 => prop::collection::vec(any::<u8>(), 0..2048),
        ],
        header in any::<bool>(),
    ) {
        let mut input = if header { b"%PDF-1.7\n".to_vec() } else { Vec::new() };
        input.extend(bytes);
        let has_header = input[..input.len().min(1024)].windows(5).any(|w| w == b"%PDF-");
        match convert::convert_bytes(&input, "fuzz.pdf", &convert::Options::default()) {
            Ok(record) => {
                let bad = rejections(&record);
                prop_assert!(bad.is_empty(), "{:?}", bad);
            }
            Err(Error::Extract(e)) => match e {
                ExtractError::Empty => prop_assert!(input.is_empty()),
                ExtractError::NotPdf => prop_assert!(!input.is_empty() && !has_header),
                ExtractError::Encrypted
                | ExtractError::Damaged { .. }
                | ExtractError::NoText { .. }
                | ExtractError::EngineCrash { .. } => prop_assert!(has_header, "{}", e),
                other => prop_assert!(false, "not a class of a small file: {other}"),
            },
            Err(other) => prop_assert!(false, "not a failure class: {other}"),
        }
    }

    #[test]
    fn a_generated_report_pdf_gives_a_record_convert_would_write_with_every_rule(
        pages in report_pages(),
    ) {
        generated_report_is_written(&pages)?;
    }
}

/// Pages of (line, font size, bold, indent).
type Pages = Vec<Vec<(String, u8, bool, u16)>>;

fn report_pages() -> impl Strategy<Value = Pages> {
    prop::collection::vec(
        prop::collection::vec((pdf_line(), 8u8..24, any::<bool>(), 0u16..200), 0..25),
        1..4,
    )
}

/// The property of a generated report: converted, its record passes every
/// rule; or no text when nothing visible was set.
fn generated_report_is_written(pages: &Pages) -> Result<(), TestCaseError> {
    let pdf = report_pdf(pages);
    let visible = pages.iter().flatten().any(|(t, ..)| {
        t.replace("\\225", "")
            .replace("\\226", "")
            .chars()
            .any(char::is_alphanumeric)
    });
    match convert::convert_bytes(&pdf, "generated.pdf", &convert::Options::default()) {
        Ok(record) => {
            prop_assert_eq!(record.source.pages as usize, pages.len());
            let bad = rejections(&record);
            prop_assert!(bad.is_empty(), "{:?}", bad);
        }
        Err(Error::Extract(ExtractError::NoText { .. })) => prop_assert!(!visible),
        Err(e) => prop_assert!(false, "{}", e),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]
}

/// A line a report might print, in the PDF's WinAnsi encoding: headings,
/// numbered paragraphs, footnote marks and notes, grades, bullets (`\225`)
/// and en dashes (`\226`), table-like runs of figures.
fn pdf_line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("Introduction".to_string()),
            Just("Summary of findings".to_string()),
            Just("Areas for improvement".to_string()),
            Just("The force should".to_string()),
            Just("Good".to_string()),
            Just("Requires improvement".to_string()),
            Just("Inadequate".to_string()),
            Just("Leicestershire Police".to_string()),
            Just("PEEL 2016".to_string()),
            Just("1.".to_string()),
            Just("2".to_string()),
            Just("12".to_string()),
            Just("(a)".to_string()),
            Just("\\225".to_string()),
            Just("\\226".to_string()),
            Just("9.0%".to_string()),
            Just("www.example.org/a".to_string()),
            Just("Page 3".to_string()),
            "[a-z]{1,9}",
            "[0-9]{1,4}",
        ],
        0..8,
    )
    .prop_map(|v| v.join(" "))
}

/// A PDF of `pages`, each a list of (line, font size, bold, indent), set
/// top down in Helvetica (bold: Helvetica-Bold), with a correct
/// cross-reference table.
fn report_pdf(pages: &[Vec<(String, u8, bool, u16)>]) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 page tree, 3 and 4 the fonts, then per page
    // its page object and its content stream.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut bodies = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::new();
        let mut y = 800.0f32;
        for (text, size, bold, indent) in lines {
            let text = text.replace('(', "\\(").replace(')', "\\)");
            content.push_str(&format!(
                "BT /{} {size} Tf {} {y:.1} Td ({text}) Tj ET\n",
                if *bold { "F2" } else { "F1" },
                50 + indent
            ));
            y -= f32::from(*size) * 1.3;
            if y < 40.0 {
                break;
            }
        }
        bodies.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            6 + 2 * i
        ));
        bodies.push(pdf::stream(&content));
    }
    pdf::pdf(&bodies)
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
    let leaf = (line_text(), 1u32..4, 0.0f32..30.0).prop_map(|(text, page, size)| {
        TagKid::Text(TagText {
            text,
            page,
            size,
            region: Default::default(),
        })
    });
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
    #![proptest_config(config())]

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
                .map(|number| Page { number, width: 595.0, height: 842.0, spans: vec![], rules: vec![], rotation: 0, cropped: vec![] })
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
