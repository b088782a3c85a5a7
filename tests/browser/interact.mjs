// The review page's interaction, in Debian's headless Chromium driven by
// puppeteer-core over the DevTools protocol. Run by tests/review.rs:
//   node interact.mjs CHROMIUM BOXED.html LONG.html
// BOXED is a page with every kind of box; LONG one of about 100 pages.
// Prints one line per check and "N passed, N failed"; exits 1 on a failure.
import puppeteer from "puppeteer-core";

const [browserPath, boxedPage, longPage] = process.argv.slice(2);
let passed = 0;
const failed = [];
function check(name, ok, detail) {
  if (ok) { passed++; console.log("ok   " + name); }
  else { failed.push(name); console.log("FAIL " + name + (detail ? ": " + detail : "")); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await puppeteer.launch({
  executablePath: browserPath,
  headless: true,
  pipe: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const errors = [];
  page.on("console", (m) => errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("file://" + boxedPage, { waitUntil: "load" });
  await page.waitForSelector("body[data-boxes]");
  const elements = await page.evaluate(
    () => JSON.parse(document.getElementById("record").textContent).elements);
  const first = (kind) => elements.find((e) => e.kind === kind && e.boxes.length);

  // Tooltip: hovering a box shows its record lines, with the field named.
  const tipText = () => page.$eval("#tip", (t) => (t.hidden ? "" : t.innerText));
  const wants = { heading: ["level"], footnote: ["footnote", "cited at"],
    judgment: ["judgment", "grade"], finding: ["finding", "area"] };
  for (const [kind, fields] of Object.entries(wants)) {
    const e = first(kind);
    if (!e) { check("hover " + kind, false, "the fixture has no boxed " + kind); continue; }
    const sel = `.box[data-id="${e.id}"]`;
    await page.$eval(sel, (b) => b.scrollIntoView({ block: "center" }));
    await page.hover(sel);
    const text = await tipText();
    const lines = e.lines.filter(([k]) => fields.includes(k));
    const missing = lines.filter(([k, v]) => !text.includes(k) || !text.includes(v.slice(0, 40)));
    check("hover " + kind + " shows " + fields.join(", "),
      lines.length === fields.length && missing.length === 0,
      JSON.stringify({ text: text.slice(0, 200), missing }));
  }
  // Focusing a box (keyboard) shows its tooltip too.
  await page.mouse.move(0, 0);
  const h = first("heading");
  await page.$eval(`.box[data-id="${h.id}"]`, (b) => b.focus());
  const focused = await tipText();
  check("focus shows the tooltip", focused.includes(h.lines[0][1].slice(0, 40)), focused.slice(0, 120));

  // A footnote mark goes to its note (in view, focused, flashed).
  const inView = (id) => page.$eval("#" + id, (b) => {
    const r = b.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && document.activeElement === b;
  });
  const mark = elements.find((e) => e.kind === "mark" && e.boxes.length && e.link);
  if (mark) {
    await page.$eval(`.box[data-id="${mark.id}"]`, (b) => b.scrollIntoView({ block: "center" }));
    await page.click(`.box[data-id="${mark.id}"]`);
    await sleep(300);
    check("a mark goes to its footnote", await inView(mark.link));
  } else {
    check("a mark goes to its footnote", false, "no boxed mark with a link");
  }

  // A side-panel entry scrolls to its element's page and highlights it.
  for (const kind of ["judgment", "finding"]) {
    const e = first(kind);
    await page.evaluate(() => window.scrollTo(0, 0));
    const buttons = await page.$$("#panel li button");
    let button = null;
    for (const b of buttons) {
      if ((await b.evaluate((n) => n.title)) === e.label) { button = b; break; }
    }
    if (!button) { check("panel " + kind, false, "no entry titled " + e.label); continue; }
    await button.click();
    await sleep(300);
    const flashed = await page.$eval("#" + e.id, (b) => b.classList.contains("flash"));
    check("panel entry goes to its " + kind + " and highlights it",
      (await inView(e.id)) && flashed);
  }

  // The size menu sets the drawn page width.
  const widths = async () => page.$eval("#p1", (p) => [p.getBoundingClientRect().width,
    Number(p.dataset.w), document.getElementById("pages").clientWidth]);
  await page.select("#size", "100");
  let [w, px] = await widths();
  check("size 100% draws the image at its pixel width", Math.abs(w - px) < 1, `${w} vs ${px}`);
  await page.select("#size", "150");
  [w, px] = await widths();
  check("size 150% draws it half as big again", Math.abs(w - 1.5 * px) < 1, `${w} vs ${1.5 * px}`);
  await page.select("#size", "fit");
  let room;
  [w, px, room] = await widths();
  check("fit width fits the pages' column", w <= room && w < 1.5 * px, `${w} in ${room}`);
  check("no console message", errors.length === 0, errors.join(" | "));

  // Lazy loading: on a long report only pages near the view have an image.
  const long = await browser.newPage();
  await long.setViewport({ width: 1200, height: 900 });
  await long.goto("file://" + longPage, { waitUntil: "load" });
  await long.waitForSelector("body[data-boxes]");
  // Waits (not a fixed sleep: the machine may be busy) for the first
  // images, then a moment more for any others the observer would set.
  await long.waitForFunction(() => document.querySelector("#p1 img").getAttribute("src"),
    { timeout: 15000 }).catch(() => {});
  await sleep(500);
  const loaded = () => long.$$eval(".page img", (imgs) =>
    imgs.map((img, i) => (img.getAttribute("src") ? i + 1 : 0)).filter(Boolean));
  const total = await long.$$eval(".page", (p) => p.length);
  const atStart = await loaded();
  check("a long report loads few images at first",
    total >= 100 && atStart.length > 0 && atStart.length <= 10 && atStart.includes(1),
    `${atStart.length} of ${total}: ${atStart}`);
  await long.$eval("#p60", (p) => p.scrollIntoView({ block: "start" }));
  await long.waitForFunction(() => document.querySelector("#p60 img").getAttribute("src")
    && !document.querySelector("#p1 img").getAttribute("src"), { timeout: 15000 }).catch(() => {});
  await sleep(300);
  const later = await loaded();
  check("scrolling loads the pages reached (and drops far ones)",
    later.includes(60) && !later.includes(1) && later.length <= 10, `${later}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
