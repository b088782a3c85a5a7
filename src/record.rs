//! Stage 3 — the record types. These serde + schemars types *are* the
//! published schema (`schemas/inspection-report.schema.json`): the doc
//! comment on each type and field becomes its description there. Change a
//! field here and the schema drift test tells you to regenerate.
//!
//! Field order is the serialisation order, so records are byte-stable.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the record schema, semver. A breaking change (removed or
/// renamed field, narrowed type, new required field) bumps the major.
pub const SCHEMA_VERSION: &str = "1.7.0";

/// Stable identifier of the current major version of the schema.
pub const SCHEMA_ID: &str = "https://inspdf.github.io/schemas/inspection-report/v1.schema.json";

/// A box on a page: `[x0, top, x1, bottom]` in PDF points, measured from
/// the top-left corner of the page (pdfplumber's convention: `x` grows to
/// the right, `top` and `bottom` grow downwards), rounded to 0.1 pt.
pub type BBox = [f32; 4];

/// A box on a given page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageBox {
    /// The page (1-based).
    #[schemars(range(min = 1))]
    pub page: u32,
    /// The box on that page: `[x0, top, x1, bottom]` in PDF points from
    /// the page's top-left corner.
    pub bbox: BBox,
}

/// A structured record of one published inspection report, converted from
/// its PDF by inspdf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Inspection report record")]
pub struct Record {
    /// Version of the schema this record follows (semver).
    #[schemars(regex(pattern = r"^\d+\.\d+\.\d+$"))]
    pub schema_version: String,
    /// The program and engine that produced the record.
    pub converter: Converter,
    /// The PDF the record was made from.
    pub source: Source,
    /// What the report is: title, inspected body, year, programme.
    pub report: Report,
    /// Blocks that come before the first heading (cover text, preamble).
    #[serde(default)]
    pub preamble: Vec<Block>,
    /// The section tree: each heading with the blocks under it and its
    /// sub-sections, in document order.
    pub sections: Vec<Section>,
    /// Every table in the report, in document order. Blocks refer to them by
    /// index.
    pub tables: Vec<Table>,
    /// Every footnote, in document order.
    pub footnotes: Vec<Footnote>,
    /// Graded judgments the report makes.
    pub judgments: Vec<Judgment>,
    /// Findings other than grades.
    pub findings: Findings,
    /// The publisher's closing page (the inspectorate's address, the
    /// licence, the copyright line), kept out of the last section.
    #[serde(default)]
    pub back_matter: Vec<Block>,
    /// Page furniture: running heads and footers and page numbers, and
    /// text the page's crop box hides (a print master's slug line and
    /// proof marks), kept apart from the body so that no text of the page
    /// is lost. In page order, each line as printed.
    #[serde(default)]
    pub furniture: Vec<Furniture>,
    /// What the converter was unsure of.
    pub warnings: Vec<Warning>,
    /// Web links the document's structure tree marks (`Link` elements with
    /// a URI), in reading order. Tagged PDFs only, on either path (a weak
    /// tree still says its links well); untagged PDFs and `--no-tags` give
    /// none. A footnote's links are also in its `urls`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Figures the document's structure tree marks (`Figure` elements),
    /// with their alternative text, in reading order. Tagged PDFs only, on
    /// either path; untagged PDFs and `--no-tags` give none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
}

/// A web link marked in the structure tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The linked text as the reader sees it (may be empty for an image
    /// link), spaces collapsed.
    pub text: String,
    /// The URI the link opens.
    pub uri: String,
    /// Page the link is on (1-based), when the tree says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub page: Option<u32>,
}

/// A figure marked in the structure tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Its alternative text (`/Alt`), absent when the author gave none
    /// (an accessibility gap worth knowing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Page the figure is on (1-based), when the tree says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub page: Option<u32>,
}

/// The program that wrote the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Converter {
    /// Program name, "inspdf".
    pub name: String,
    /// Program version (semver).
    pub version: String,
    /// PDF engine that extracted the text ("pdf_oxide" or "pdf-extract").
    pub engine: String,
    /// How the structure was recovered: from the PDF's tag tree ("tags") or
    /// from layout alone ("layout").
    pub structure: StructureSource,
}

/// Where the structure of a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StructureSource {
    /// The document's own structure tree (tagged PDF).
    Tags,
    /// Font sizes, positions and rules (untagged PDF, or `--no-tags`).
    Layout,
}

/// The source PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name of the PDF (no directory).
    pub file: String,
    /// SHA-256 of the PDF's bytes, lowercase hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Number of pages.
    #[schemars(range(min = 0))]
    pub pages: u32,
    /// The PDF's `/Producer`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// True when the PDF carries a structure tree (tagged PDF).
    pub tagged: bool,
}

/// What the report is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Title as on the cover or first heading; a subtitle is joined with " – ".
    pub title: String,
    /// The police force inspected ("Leicestershire Police"), when the report
    /// is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<String>,
    /// The body inspected, for inspectorates other than policing (a local
    /// authority, a school).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspected_body: Option<String>,
    /// Year as the report states it ("2016", "2021/22").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Inspection programme ("PEEL").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// Pillar or theme of the programme (legitimacy, effectiveness,
    /// efficiency), when the report is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The inspectorate ("HMIC", "HMICFRS", "Ofsted").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspectorate: Option<String>,
    /// Publication date as the report states it ("December 2016").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The grade scale the report's judgments use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_scale: Option<String>,
}

/// A heading with the blocks under it and its sub-sections.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading text, footnote markers removed.
    pub heading: String,
    /// Heading level, 1 (top) to 6.
    #[schemars(range(min = 1, max = 6))]
    pub level: u8,
    /// Page the heading is on (1-based).
    #[schemars(range(min = 1))]
    pub page: u32,
    /// Where the heading is printed on `page` (its first line's part, when
    /// it wraps over a column or page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where each part of the heading is printed, when it wraps over a
    /// column break or a page turn; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
    /// Footnotes cited in the heading itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnote_refs: Vec<u32>,
    /// Numbering run of the footnotes cited here (`footnotes[].run`):
    /// reference `n` means the footnote with `number` n in this run.
    /// Absent for the first run (0), so it only appears where numbering
    /// restarts (per chapter).
    #[serde(default, skip_serializing_if = "is_first_run")]
    pub footnote_run: u32,
    /// Paragraphs, lists and table references directly under the heading.
    pub blocks: Vec<Block>,
    /// Sub-sections (headings of a deeper level).
    pub sections: Vec<Section>,
}

/// A unit of body content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of running text.
    Paragraph {
        /// Text, lines joined, hyphenation undone, footnote markers removed.
        text: String,
        /// Page the paragraph starts on.
        #[schemars(range(min = 1))]
        page: u32,
        /// Every page the paragraph is printed on, when it runs over a page
        /// turn; absent when it stays on one page.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pages: Vec<u32>,
        /// Numbers of the footnotes the paragraph cites, in order.
        footnote_refs: Vec<u32>,
        /// Numbering run of the footnotes cited here (`footnotes[].run`):
        /// reference `n` means the footnote with `number` n in this run.
        /// Absent for the first run (0), so it only appears where numbering
        /// restarts (per chapter).
        #[serde(default, skip_serializing_if = "is_first_run")]
        footnote_run: u32,
        /// Where it is printed on `page` (its first part, when it has
        /// several).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bbox: Option<BBox>,
        /// Where each part is printed, one box per page and column, when it
        /// runs over a column break or a page turn; absent otherwise.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        boxes: Vec<PageBox>,
    },
    /// A bulleted or numbered list.
    List {
        /// True for numbered lists.
        ordered: bool,
        /// The items, each one wrapped item joined into one.
        items: Vec<ListItem>,
        /// Page the list starts on.
        #[schemars(range(min = 1))]
        page: u32,
        /// Every page the list is printed on, when it runs over a page
        /// turn; absent when it stays on one page.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pages: Vec<u32>,
        /// Numbers of the footnotes cited anywhere in the list.
        footnote_refs: Vec<u32>,
        /// Numbering run of the footnotes cited here (`footnotes[].run`):
        /// reference `n` means the footnote with `number` n in this run.
        /// Absent for the first run (0), so it only appears where numbering
        /// restarts (per chapter).
        #[serde(default, skip_serializing_if = "is_first_run")]
        footnote_run: u32,
        /// Where it is printed on `page` (its first part, when it has
        /// several).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bbox: Option<BBox>,
        /// Where each part is printed, one box per page and column, when it
        /// runs over a column break or a page turn; absent otherwise.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        boxes: Vec<PageBox>,
    },
    /// A reference to a table in the record's `tables`.
    Table {
        /// Index into `tables` (0-based).
        table: usize,
        /// Page the table starts on.
        #[schemars(range(min = 1))]
        page: u32,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// Item text without its bullet or number.
    pub text: String,
    /// Footnotes cited in the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnote_refs: Vec<u32>,
    /// Numbering run of the footnotes cited here (`footnotes[].run`):
    /// reference `n` means the footnote with `number` n in this run.
    /// Absent for the first run (0), so it only appears where numbering
    /// restarts (per chapter).
    #[serde(default, skip_serializing_if = "is_first_run")]
    pub footnote_run: u32,
    /// Page the item starts on (1-based), when it was found in print.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub page: Option<u32>,
    /// Where it is printed on `page` (its first part, when it has several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where each part is printed, one box per page and column, in order,
    /// when it is printed in more than one part (over a column break or a
    /// page turn); absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
}

/// A table as rows of cell strings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Caption ("Figure 2: …" or the bold line above), when there is one.
    pub caption: Option<String>,
    /// Page the table starts on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// Every page the table covers, when it runs over a page break.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
    /// Header cells (may be empty when the table has no header row).
    pub header: Vec<String>,
    /// Body rows, each a list of cell strings (empty string for an empty
    /// cell).
    pub rows: Vec<Vec<String>>,
    /// Footnotes cited inside the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnote_refs: Vec<u32>,
    /// Numbering run of the footnotes cited here (`footnotes[].run`):
    /// reference `n` means the footnote with `number` n in this run.
    /// Absent for the first run (0), so it only appears where numbering
    /// restarts (per chapter).
    #[serde(default, skip_serializing_if = "is_first_run")]
    pub footnote_run: u32,
    /// Where it is printed on `page` (its first part, when it has several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where each part is printed, one box per page and column, in order,
    /// when it is printed in more than one part (over a column break or a
    /// page turn); absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
    /// Where each header cell is printed, one entry per cell of `header`
    /// in its order; `null` for a cell with no text or one not found on
    /// the page. Absent when no header cell was placed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header_boxes: Vec<Option<PageBox>>,
    /// Where each body cell is printed: one list per row of `rows`, one
    /// entry per cell in its order, `null` for a cell with no text or one
    /// not found on the page. A cell's box holds its lines within its
    /// column, not the whole row. Absent when no body cell was placed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_boxes: Vec<Vec<Option<PageBox>>>,
}

/// A footnote or endnote.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Its number as printed.
    #[schemars(range(min = 1))]
    pub number: u32,
    /// Its text, continuation lines joined.
    pub text: String,
    /// Page the footnote body starts on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// URLs in the text.
    pub urls: Vec<String>,
    /// Numbering run (0 for the first; numbering that restarts — per chapter —
    /// starts a new run). A reference names its run in the citing
    /// element's `footnote_run`.
    #[serde(default)]
    pub run: u32,
    /// Where the note's body is printed on `page` (its first part, when it
    /// has several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where each part of the body is printed, one box per page and
    /// column, in order, when it is printed in more than one part (a note
    /// that goes on at the foot of the next page); absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
    /// Where each reference mark citing this note is printed in the body
    /// text, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<PageBox>,
}

/// A graded judgment: an area and the grade given to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judgment {
    /// What was judged ("treating the public fairly", "Overall effectiveness").
    pub area: String,
    /// The grade, lower case, from the judgment's `scale`.
    pub grade: crate::inspectorates::Grade,
    /// The grade scale the grade belongs to.
    pub scale: String,
    /// Page the judgment is stated on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// Year the judgment was made when the report carries it over from an
    /// earlier inspection ("2017").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The sentence, heading or table row the judgment was read from.
    pub evidence: String,
    /// Where the evidence is printed on `page`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

/// Findings of each kind, in document order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    /// Areas for improvement.
    pub areas_for_improvement: Vec<Finding>,
    /// Causes of concern, each with the recommendations made under it.
    pub causes_of_concern: Vec<Finding>,
    /// Recommendations (including those under a cause of concern).
    pub recommendations: Vec<Finding>,
    /// Innovative or promising practice.
    pub innovative_practice: Vec<Finding>,
}

impl Findings {
    /// Every finding of the four kinds, in the record's order (areas for
    /// improvement, causes of concern, recommendations, innovative
    /// practice), to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        self.areas_for_improvement
            .iter_mut()
            .chain(self.causes_of_concern.iter_mut())
            .chain(self.recommendations.iter_mut())
            .chain(self.innovative_practice.iter_mut())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The finding's text; for a titled finding, the text under its title.
    pub text: String,
    /// Its title, for findings set out under a title of their own (a bold
    /// line in a panel, as PEEL 2021 reports set them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The area (section heading) it belongs to. Absent when the finding
    /// stands for the report as a whole (its list sits under the report's
    /// title only, as Ofsted's "What needs to improve?" does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The body the report holds responsible for acting on it, where the
    /// report names one (an area SEND report's "Responsible body" column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_body: Option<String>,
    /// Page it first appears on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// Every page it appears on (a finding repeated in a summary appears
    /// once, with all its pages).
    pub pages: Vec<u32>,
    /// For a cause of concern: the recommendations made under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<String>,
    /// Where it is printed on `page` (its first part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where each part is printed, one box per page and column, on every
    /// page it appears on, when there is more than one part; absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
}

/// One line of page furniture: a running head or footer, a page number, or
/// a line the page's crop box hides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Furniture {
    /// Page the line is printed on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// The line's text.
    pub text: String,
}

/// Something the converter was unsure of or could not do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// What kind of warning it is, a stable `snake_case` code: `page_lost`,
    /// `no_title`, `engine_fallback`, `heading_styles`, `tag_fallback`,
    /// `tag_truncated`, `tag_artifact`, `footnote_ref_guessed`,
    /// `note_holds_several`, `unlinked_footnote_ref`, `page_furniture`,
    /// `weak_tags`, `unresolved_footnote_ref`. Later versions may add codes.
    #[schemars(with = "String")]
    pub code: WarningCode,
    /// What happened, in a sentence.
    pub message: String,
    /// Page concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// The kinds of [`Warning`], written in `snake_case` in records
/// (`page_lost`, `tag_fallback`, …). The schema keeps the code an open
/// string, so a record of a later version with a new code still validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A page could not be read; the rest of the document was.
    PageLost,
    /// No title was found.
    NoTitle,
    /// The first engine stopped its worker; the other engine read the file.
    EngineFallback,
    /// Heading levels were guessed from type styles, with no contents page to confirm them.
    HeadingStyles,
    /// The structure tree was not used (for the whole document, or for the page given): read from layout.
    TagFallback,
    /// The structure tree is cyclic or too deep; its reading stopped early.
    TagTruncated,
    /// Text the structure tree marks as body was taken as page furniture.
    TagArtifact,
    /// A footnote's reference mark was found by its number near the note, not by a link.
    FootnoteRefGuessed,
    /// One tagged note held several footnotes; they were split.
    NoteHoldsSeveral,
    /// A footnote whose reference mark was not found in the text.
    UnlinkedFootnoteRef,
    /// Most of the page's text was taken as page furniture (see the
    /// record's `furniture`), not body.
    PageFurniture,
    /// The structure tree reaches the text but says little of its structure (no heading elements, or running text in page-layout tables): the structure was read from layout.
    WeakTags,
    /// A reference mark named no footnote of the report (none of that number in its numbering run): the mark was dropped, its text kept.
    UnresolvedFootnoteRef,
}

impl WarningCode {
    /// Every code.
    pub const ALL: [Self; 13] = [
        Self::PageLost,
        Self::NoTitle,
        Self::EngineFallback,
        Self::HeadingStyles,
        Self::TagFallback,
        Self::TagTruncated,
        Self::TagArtifact,
        Self::FootnoteRefGuessed,
        Self::NoteHoldsSeveral,
        Self::UnlinkedFootnoteRef,
        Self::PageFurniture,
        Self::WeakTags,
        Self::UnresolvedFootnoteRef,
    ];

    /// The code as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PageLost => "page_lost",
            Self::NoTitle => "no_title",
            Self::EngineFallback => "engine_fallback",
            Self::HeadingStyles => "heading_styles",
            Self::TagFallback => "tag_fallback",
            Self::TagTruncated => "tag_truncated",
            Self::TagArtifact => "tag_artifact",
            Self::FootnoteRefGuessed => "footnote_ref_guessed",
            Self::NoteHoldsSeveral => "note_holds_several",
            Self::UnlinkedFootnoteRef => "unlinked_footnote_ref",
            Self::PageFurniture => "page_furniture",
            Self::WeakTags => "weak_tags",
            Self::UnresolvedFootnoteRef => "unresolved_footnote_ref",
        }
    }
}

impl std::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Warning {
    /// A warning with a page.
    pub fn on_page(code: WarningCode, page: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            page: Some(page),
        }
    }
}

/// Whether a record of this `schema_version` names the numbering run of
/// its footnote references (`footnote_run`, from 1.4.0 on). Older records
/// say only the number, which may then be in any run.
pub fn names_footnote_runs(schema_version: &str) -> bool {
    let mut parts = schema_version.split('.').map(|p| p.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (1, 4),
        _ => false,
    }
}

/// Serde's test for leaving `footnote_run` out: the first run is the default.
fn is_first_run(run: &u32) -> bool {
    *run == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_codes_are_snake_case_serde_names_listed_in_the_schema() {
        let schema = crate::schema::generate_pretty();
        for code in WarningCode::ALL {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert!(
                schema.contains(&format!("`{code}`")),
                "{code} not in the schema"
            );
        }
    }
}
