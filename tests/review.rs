//! `inspdf review`: the page is self-contained (no URL to load, one image
//! per page), bad input gives one line, and, in a real browser (headless
//! Chromium), every kind of box is drawn in its colour with no console
//! message.

use assert_cmd::Command;
use base64::Engine as _;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

fn inspdf() -> Command {
    Command::cargo_bin("inspdf").expect("binary built")
}

/// Writes a review page and returns its text.
fn review(pdf: &Path, extra: &[&str], out: &Path) -> String {
    inspdf()
        .arg("review")
        .arg(pdf)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    std::fs::read_to_string(out).expect("the page is written")
}

/// The text of the `<script type="application/json" id=ID>` block.
fn json_block(html: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).map(|i| i + open.len()).expect("the block");
    let len = html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..start + len]).expect("JSON")
}

/// Page count by an independent path: the converted record's `source.pages`.
fn page_count(pdf: &Path) -> u64 {
    let out = inspdf()
        .args(["convert", "--in-process", "--no-progress", "--jsonl", "-"])
        .arg(pdf)
        .output()
        .expect("convert runs");
    let line: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    line.pointer("/record/source/pages")
        .or_else(|| line.pointer("/source/pages"))
        .and_then(Value::as_u64)
        .expect("source.pages")
}

#[test]
fn page_is_self_contained_with_one_image_per_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 001's footnotes hold URLs as text; ofsted is tagged.
    for name in [
        "004_a_a4_serif_justified_hyphenated.pdf",
        "001_a_a4_serif_justified_hyphenated.pdf",
        "ofsted_barnet_2024.pdf",
    ] {
        let pdf = sample(name);
        let html = review(&pdf, &[], &dir.path().join("r.html"));
        let csp_start = html
            .find("<meta http-equiv=\"Content-Security-Policy\"")
            .expect("a CSP meta");
        let csp_len = html[csp_start..].find('>').expect("closed") + 1;
        let csp = &html[csp_start..csp_start + csp_len];
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp_start < html.find("<script").expect("a script"));
        let rest = format!("{}{}", &html[..csp_start], &html[csp_start + csp_len..]);
        for scheme in ["http://", "https://", "url("] {
            let hits = rest.matches(scheme).count();
            assert_eq!(
                hits, 0,
                "{name}: {scheme} appears {hits} times outside the CSP"
            );
        }
        for tag in ["<link", "<iframe", "<object", "<embed", "src=\"http"] {
            assert!(!rest.contains(tag), "{name}: {tag}");
        }
        let images = json_block(&html, "images");
        let images = images.as_array().expect("an array");
        assert_eq!(images.len() as u64, page_count(&pdf), "{name}");
        for (i, page) in images.iter().enumerate() {
            let png = base64::engine::general_purpose::STANDARD
                .decode(page["png"].as_str().expect("base64 text"))
                .expect("base64");
            let decoder = png::Decoder::new(std::io::Cursor::new(png));
            let reader = decoder.read_info().expect("a PNG");
            let info = reader.info();
            assert_eq!(
                (Value::from(info.width), Value::from(info.height)),
                (page["width"].clone(), page["height"].clone()),
                "{name} page {}",
                i + 1
            );
        }
    }
}

#[test]
fn dpi_sets_the_image_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = sample("004_a_a4_serif_justified_hyphenated.pdf");
    let width = |dpi: &str| {
        let html = review(&pdf, &["--dpi", dpi], &dir.path().join("r.html"));
        json_block(&html, "images")[0]["width"]
            .as_u64()
            .expect("width")
    };
    // A4 is 595.3 points wide: 8.27 inches (the renderer rounds up).
    assert!((413..=414).contains(&width("50")));
    assert!((826..=827).contains(&width("100")));
    assert!((1239..=1241).contains(&width("150")));
}

/// stderr of a failed run: exactly one line, naming `name`, exit code 2.
fn fails_with_one_line(args: &[&std::ffi::OsStr], name: &str) {
    let out = inspdf().arg("review").args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(name), "{err}");
}

#[test]
fn bad_input_gives_one_line_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.pdf");
    std::fs::write(&bad, b"%PDF-1.7\nnot really\n").expect("write");
    let out = dir.path().join("r.html");
    fails_with_one_line(
        &[bad.as_os_str(), "-o".as_ref(), out.as_os_str()],
        "broken.pdf",
    );
    assert!(!out.exists(), "no page for a bad PDF");
    let missing = dir.path().join("missing.pdf");
    fails_with_one_line(
        &[missing.as_os_str(), "-o".as_ref(), out.as_os_str()],
        "missing.pdf",
    );
    let record = dir.path().join("record.json");
    std::fs::write(&record, b"{\"sections\": [").expect("write");
    let pdf = sample("004_a_a4_serif_justified_hyphenated.pdf");
    fails_with_one_line(
        &[
            pdf.as_os_str(),
            "--record".as_ref(),
            record.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        "record.json",
    );
}

// ---- In a real browser.

/// The browser must be there (CI sets `INSPDF_BROWSER=1`); elsewhere a
/// missing one is skipped with a note.
fn browser_required() -> bool {
    std::env::var_os("INSPDF_BROWSER").is_some_and(|v| v == "1")
}

/// Headless Chromium (`$CHROMIUM`, else `chromium` on the PATH), or why
/// it is not available.
/// What a browser test needs, or `None` to skip: a missing piece skips
/// the test unless [`browser_required`], when it fails it.
fn required<T>(found: Result<T, String>) -> Option<T> {
    match found {
        Ok(b) => Some(b),
        Err(why) if !browser_required() => {
            eprintln!("skipped: {why} (INSPDF_BROWSER=1 makes this a failure)");
            None
        }
        Err(why) => panic!("{why}, and INSPDF_BROWSER=1 says it must be there"),
    }
}

fn chromium() -> Result<PathBuf, String> {
    let name = std::env::var_os("CHROMIUM").unwrap_or_else(|| "chromium".into());
    let ok = std::process::Command::new(&name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok(PathBuf::from(name))
    } else {
        Err(format!(
            "no {} on this machine (Debian: apt-get install chromium)",
            Path::new(&name).display()
        ))
    }
}

/// Runs headless Chromium on `url` with a fresh profile; `what` is
/// `--screenshot=FILE` or `--dump-dom`. Returns (stdout, stderr).
fn run_chromium(browser: &Path, url: &str, size: (u32, u32), what: &str) -> (String, String) {
    let profile = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(what)
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every `--c-NAME: #rrggbb` of the page's style sheet.
fn kind_colours() -> Vec<(String, [u8; 3])> {
    let css = std::fs::read_to_string(root().join("src/review/page.css")).expect("page.css");
    css.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("--c-")?;
            let (name, value) = l.split_once(':')?;
            let hex = value.trim().strip_prefix('#')?.strip_suffix(';')?;
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            Some((name.to_string(), [byte(0)?, byte(2)?, byte(4)?]))
        })
        .collect()
}

/// The pages of the fixture record that carry boxes.
const BOXED_PAGES: &str = "3,4,6,7,8,26";

#[test]
fn browser_draws_every_kind_of_box_without_console_messages() {
    let Some(browser) = required(chromium()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("review.html");
    let fixture = root().join("tests/fixtures/review/001.record.json");
    review(
        &sample("001_a_a4_serif_justified_hyphenated.pdf"),
        &["--record", fixture.to_str().expect("utf-8 path")],
        &page,
    );
    let url = format!("file://{}", page.display());

    // The script ran to its end, drew every box, and the console is silent
    // (a script error or a blocked load would be logged there).
    let expected_boxes: usize =
        json_block(&std::fs::read_to_string(&page).expect("read"), "record")["elements"]
            .as_array()
            .expect("elements")
            .iter()
            .map(|e| e["boxes"].as_array().map_or(0, Vec::len))
            .sum();
    assert!(expected_boxes > 20, "the fixture has boxes");
    let (dom, log) = run_chromium(&browser, &url, (1200, 900), "--dump-dom");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains(&format!("data-boxes=\"{expected_boxes}\"")),
        "the script did not finish drawing {expected_boxes} boxes"
    );

    // The pages with boxes, the panel (whose legend shows every colour)
    // hidden: each kind's colour must be on screen.
    let shot = dir.path().join("shot.png");
    let (_, log) = run_chromium(
        &browser,
        &format!("{url}#nopanel&pages={BOXED_PAGES}"),
        (700, 5800),
        &format!("--screenshot={}", shot.display()),
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let file = std::fs::File::open(&shot).expect("a screenshot");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("pixels");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let colours = kind_colours();
    let names: Vec<&str> = colours.iter().map(|(n, _)| n.as_str()).collect();
    for kind in [
        "heading-1",
        "heading-2",
        "heading-3",
        "heading-4",
        "paragraph",
        "list",
        "item",
        "table",
        "footnote",
        "mark",
        "judgment",
        "finding",
    ] {
        assert!(names.contains(&kind), "page.css has no --c-{kind}");
    }
    let mut missing = Vec::new();
    for (name, rgb) in &colours {
        let n = buf[..info.buffer_size()]
            .chunks_exact(channels)
            .filter(|p| p[..3] == rgb[..])
            .count();
        if n < 12 {
            missing.push(format!("{name} ({n} pixels)"));
        }
    }
    assert!(
        missing.is_empty(),
        "boxes not drawn: {}",
        missing.join(", ")
    );
}

#[test]
fn a_record_of_another_pdf_is_drawn_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = root().join("tests/fixtures/review/001.record.json");
    let out = inspdf()
        .arg("review")
        .arg(sample("004_a_a4_serif_justified_hyphenated.pdf"))
        .arg("--record")
        .arg(&fixture)
        .arg("-o")
        .arg(dir.path().join("r.html"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("sha256") && err.contains("001.record.json"),
        "{err}"
    );
}

/// Runs `tests/browser/interact.mjs` (puppeteer-core over the DevTools
/// protocol, installed by `npm ci --prefix tests/browser`): hover and focus
/// tooltips, mark and side-panel jumps, the size menu, and lazy images on a
/// 112-page report made here from samples/001 with `pdfunite`.
#[test]
fn browser_interaction_tooltips_jumps_size_and_lazy_images() {
    let script = root().join("tests/browser/interact.mjs");
    let ready = root().join("tests/browser/node_modules/puppeteer-core");
    let found = chromium().and_then(|b| {
        if ready.is_dir() {
            Ok(b)
        } else {
            Err("no tests/browser/node_modules (npm ci --prefix tests/browser)".into())
        }
    });
    let Some(browser) = required(found) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let boxed = dir.path().join("boxed.html");
    let fixture = root().join("tests/fixtures/review/001.record.json");
    let one = sample("001_a_a4_serif_justified_hyphenated.pdf");
    review(
        &one,
        &["--record", fixture.to_str().expect("utf-8 path")],
        &boxed,
    );
    let long_pdf = dir.path().join("long.pdf");
    let unite = std::process::Command::new("pdfunite")
        .args([&one, &one, &one, &one])
        .arg(&long_pdf)
        .output()
        .expect("pdfunite (poppler-utils) runs");
    assert!(unite.status.success(), "pdfunite failed");
    let long = dir.path().join("long.html");
    review(&long_pdf, &["--dpi", "30"], &long);
    // Chromium's path as the OS finds it (puppeteer wants a path).
    let which = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v '{}'", browser.display()))
        .output()
        .expect("sh runs");
    let path = String::from_utf8_lossy(&which.stdout).trim().to_string();
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(&path)
        .arg(&boxed)
        .arg(&long)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

// ---- Rotated pages.

/// The first paragraph's box in the converted record, and pdftotext's box
/// of that paragraph's first word on the same page: the review page draws
/// record boxes in the page's frame as displayed (the renderer draws
/// /Rotate), which is also pdftotext's.
fn first_word_and_its_box(pdf: &Path) -> Option<([f64; 4], [f64; 4])> {
    let out = inspdf()
        .args(["convert", "--in-process", "--no-progress", "--jsonl", "-"])
        .arg(pdf)
        .output()
        .expect("convert runs");
    let line: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    let record = line.get("record").unwrap_or(&line);
    let para = record["preamble"]
        .as_array()?
        .iter()
        .find(|b| b["type"] == "paragraph" && b["bbox"].is_array())?;
    let four = |v: &Value| -> Option<[f64; 4]> {
        let a = v.as_array()?;
        Some([
            a[0].as_f64()?,
            a[1].as_f64()?,
            a[2].as_f64()?,
            a[3].as_f64()?,
        ])
    };
    let bbox = four(&para["bbox"])?;
    let page = para["page"].as_u64()?.to_string();
    let first = para["text"]
        .as_str()?
        .split_whitespace()
        .next()?
        .to_string();
    let xml = std::process::Command::new("pdftotext")
        .args(["-bbox-layout", "-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let xml = String::from_utf8_lossy(&xml.stdout);
    let tag = xml
        .lines()
        .find(|l| l.contains("<word") && l.contains(&format!(">{first}</word>")))?;
    let attr = |name: &str| -> Option<f64> {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        tag[at..].split('"').next()?.parse().ok()
    };
    let word = [attr("xMin")?, attr("yMin")?, attr("xMax")?, attr("yMax")?];
    Some((word, bbox))
}

/// The word's box lies in the paragraph's (2 points of slack).
fn check_rotated(name: &str) {
    let pdf = root().join("tests/fixtures/review").join(name);
    let (word, para) = first_word_and_its_box(&pdf).expect("a boxed paragraph and its word");
    let inside = word[0] >= para[0] - 2.0
        && word[1] >= para[1] - 2.0
        && word[2] <= para[2] + 2.0
        && word[3] <= para[3] + 2.0;
    assert!(
        inside,
        "{name}: pdftotext's word at {word:?}, the record's paragraph at {para:?}"
    );
}

#[test]
fn boxes_are_where_pdftotext_puts_the_words_on_an_unrotated_page() {
    check_rotated("rotated-0.pdf");
}

#[test]
fn boxes_are_where_pdftotext_puts_the_words_on_a_page_turned_a_quarter() {
    check_rotated("rotated-90.pdf");
}

#[test]
#[ignore = "at /Rotate 180 pdf_oxide gives the spans already turned, upside \
            down, so the page's reading order is reversed and the first \
            paragraph is another one; at 270 pdftotext's own word boxes are \
            scrambled, so it is no reference (the boxes there are turned by \
            the same rule as at 90, src/place/rotate.rs)"]
fn boxes_are_where_pdftotext_puts_the_words_on_a_page_turned_180_or_270() {
    for r in [180, 270] {
        check_rotated(&format!("rotated-{r}.pdf"));
    }
}
