// inspdf review page: builds the pages, boxes, tooltip and side panel from
// the two JSON blocks. Record text only ever goes in through textContent.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("record").textContent);
  const images = JSON.parse(document.getElementById("images").textContent);
  const pagesEl = document.getElementById("pages");
  const panel = document.getElementById("panel");
  const tip = document.getElementById("tip");
  const byId = new Map(data.elements.map((e) => [e.id, e]));
  const kinds = ["heading", "paragraph", "list", "item", "table", "cell",
    "footnote", "mark", "judgment", "finding"];
  const names = { heading: "Heading (colour by level)", paragraph: "Paragraph",
    list: "List", item: "List item", table: "Table", cell: "Table cell",
    footnote: "Footnote",
    mark: "Footnote mark", judgment: "Judgment", finding: "Finding" };

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function kindClass(e) {
    let c = "k-" + e.kind;
    if (e.kind === "heading") c += " l" + Math.min(Math.max(e.level || 1, 1), 4);
    return c;
  }

  // Pages: a sized frame each, the image set only near the viewport.
  const pageEls = [];
  images.forEach((p, i) => {
    const page = el("div", "page");
    page.id = "p" + (i + 1);
    page.dataset.w = p.width;
    page.style.aspectRatio = p.width + " / " + p.height;
    const img = el("img");
    img.alt = "page " + (i + 1);
    img.decoding = "async";
    page.append(img, el("span", "num", String(i + 1)), el("div", "overlay"));
    pagesEl.append(page);
    pageEls.push(page);
  });
  const observer = new IntersectionObserver((entries) => {
    for (const en of entries) {
      const img = en.target.querySelector("img");
      const i = pageEls.indexOf(en.target);
      if (en.isIntersecting) {
        if (!img.src) img.src = "data:image/png;base64," + images[i].png;
      } else if (img.src) {
        img.removeAttribute("src");
      }
    }
  }, { rootMargin: "150% 0px" });
  pageEls.forEach((p) => observer.observe(p));

  // Boxes.
  const firstBox = new Map();
  let drawn = 0;
  for (const e of data.elements) {
    for (const b of e.boxes) {
      const page = pageEls[b.page - 1];
      if (!page) continue;
      const p = images[b.page - 1];
      const [x0, top, x1, bottom] = b.bbox;
      const box = el(e.link ? "a" : "div", "box " + kindClass(e));
      if (e.link) box.href = "#" + e.link;
      box.tabIndex = 0;
      box.dataset.id = e.id;
      box.style.left = (100 * x0 / p.width_pt) + "%";
      box.style.top = (100 * top / p.height_pt) + "%";
      box.style.width = (100 * Math.max(x1 - x0, 0) / p.width_pt) + "%";
      box.style.height = (100 * Math.max(bottom - top, 0) / p.height_pt) + "%";
      box.setAttribute("aria-label", e.label);
      if (!firstBox.has(e.id)) { firstBox.set(e.id, box); box.id = e.id; }
      page.querySelector(".overlay").append(box);
      drawn++;
    }
  }

  // Going to an element: its first box (flashed), else its page.
  function go(id) {
    const e = byId.get(id);
    if (!e) return;
    const box = firstBox.get(id);
    if (box) {
      box.scrollIntoView({ block: "center" });
      box.classList.add("flash");
      box.focus({ preventScroll: true });
      setTimeout(() => box.classList.remove("flash"), 1500);
    } else if (e.page && pageEls[e.page - 1]) {
      pageEls[e.page - 1].scrollIntoView({ block: "start" });
    }
  }
  pagesEl.addEventListener("click", (ev) => {
    const a = ev.target.closest("a.box");
    if (!a) return;
    ev.preventDefault();
    go(byId.get(a.dataset.id).link);
  });

  // Tooltip: what the record says of the box pointed at or focused.
  function show(box, x, y) {
    const e = byId.get(box.dataset.id);
    tip.replaceChildren();
    tip.style.setProperty("--c", getComputedStyle(box).getPropertyValue("--c"));
    const dl = el("dl");
    for (const [k, v] of e.lines) { dl.append(el("dt", null, k), el("dd", null, v)); }
    tip.append(dl);
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    const left = Math.min(x + 14, window.innerWidth - r.width - 8);
    const top = y + 14 + r.height > window.innerHeight ? y - r.height - 14 : y + 14;
    tip.style.left = Math.max(left, 4) + "px";
    tip.style.top = Math.max(top, 4) + "px";
  }
  pagesEl.addEventListener("mousemove", (ev) => {
    const box = ev.target.closest(".box");
    if (box) show(box, ev.clientX, ev.clientY); else tip.hidden = true;
  });
  pagesEl.addEventListener("mouseleave", () => { tip.hidden = true; });
  pagesEl.addEventListener("focusin", (ev) => {
    const box = ev.target.closest(".box");
    if (!box) return;
    const r = box.getBoundingClientRect();
    show(box, r.left, r.bottom);
  });
  pagesEl.addEventListener("focusout", () => { tip.hidden = true; });

  // Side panel: legend (with show/hide per kind), judgments, findings,
  // and the elements the record gives no box.
  const count = {};
  for (const e of data.elements) count[e.kind] = (count[e.kind] || 0) + e.boxes.length;
  panel.append(el("h2", null, "Legend"));
  const legend = el("ul", "legend");
  for (const k of kinds) {
    const li = el("li");
    const label = el("label");
    const cb = el("input");
    cb.type = "checkbox";
    cb.checked = true;
    cb.addEventListener("change", () => pagesEl.classList.toggle("hide-" + k, !cb.checked));
    const sw = el("span", "swatch k-" + k + (k === "heading" ? " l1" : ""));
    label.append(cb, sw, el("span", null, names[k]), el("span", "count", String(count[k] || 0)));
    li.append(label);
    if (k === "heading") {
      const levels = el("div");
      for (let l = 1; l <= 4; l++) {
        const s = el("span", "swatch k-heading l" + l);
        s.title = "level " + l + (l === 4 ? " and deeper" : "");
        levels.append(s, document.createTextNode(" " + l + (l === 4 ? "+ " : " ")));
      }
      li.append(levels);
    }
    legend.append(li);
  }
  panel.append(legend);
  const PANEL_CUT = 120;
  function cut(text) {
    const chars = Array.from(text);
    if (chars.length <= PANEL_CUT) return text;
    const head = chars.slice(0, PANEL_CUT).join("");
    const space = head.lastIndexOf(" ");
    return (space > PANEL_CUT / 2 ? head.slice(0, space) : head) + "…";
  }
  // A list of elements, each a button that goes to it.
  function entries(items) {
    const ul = el("ul");
    for (const e of items) {
      const li = el("li");
      // Cut at a word near PANEL_CUT characters; the full label is the
      // button's title (shown on hover).
      const b = el("button", kindClass(e), (e.page ? "p. " + e.page + " · " : "") + cut(e.label));
      b.title = e.label;
      b.type = "button";
      b.addEventListener("click", () => go(e.id));
      li.append(b);
      ul.append(li);
    }
    return ul;
  }
  function list(title, items, empty) {
    panel.append(el("h2", null, title + " (" + items.length + ")"));
    if (!items.length) { panel.append(el("p", "none", empty)); return; }
    panel.append(entries(items));
  }
  list("Judgments", data.elements.filter((e) => e.kind === "judgment"), "none in the record");
  list("Findings", data.elements.filter((e) => e.kind === "finding"), "none in the record");
  const unboxed = data.elements.filter((e) => !e.boxes.length);
  const details = el("details");
  details.append(el("summary", null, "Without a box in the record (" + unboxed.length + ")"));
  panel.append(details);
  details.append(entries(unboxed));

  // Image size: fit the width, or the rendered size, or half as big again.
  const size = document.getElementById("size");
  function resize() {
    for (const p of pageEls) {
      p.style.width = size.value === "fit" ? "100%" : (p.dataset.w * size.value / 100) + "px";
      p.style.maxWidth = size.value === "fit" ? (p.dataset.w * 1.5) + "px" : "none";
    }
  }
  size.addEventListener("change", resize);
  resize();
  document.getElementById("toggle").addEventListener("click", () => {
    document.body.classList.toggle("nopanel");
  });

  // The address's fragment: #nopanel hides the panel, #pages=3-5,9 shows
  // only those pages, #p=N opens page N.
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has("nopanel")) document.body.classList.add("nopanel");
  if (hash.get("pages")) {
    const shown = new Set();
    for (const part of hash.get("pages").split(",")) {
      const [a, b] = part.split("-").map(Number);
      for (let n = a; n <= (b || a) && n <= pageEls.length; n++) shown.add(n);
    }
    pageEls.forEach((p, i) => { if (!shown.has(i + 1)) p.hidden = true; });
  }
  const start = Number(hash.get("p"));
  if (start && pageEls[start - 1]) pageEls[start - 1].scrollIntoView({ block: "start" });
  document.body.dataset.boxes = String(drawn);
})();
