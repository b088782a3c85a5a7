#!/usr/bin/env python3
"""Share of pdftotext's words that a record holds, per file.

usage: words.py PDF_DIR RECORDS_DIR [--min R]

For every PDF_DIR/NAME.pdf that pdftotext reads (exit 0, at least one word,
60 s at most) and that has a record RECORDS_DIR/NAME.json, the words of
`pdftotext -enc UTF-8` are counted (a multiset), and so are the words of every
string in the record except its `source` and `converter` (so headings,
blocks, tables, footnotes, findings and `furniture` all count, and so do
footnote numbers and reference marks, which the record keeps as numbers); a record
convert rejected is read from `_rejected/`. A word is a
run of letters and digits, lower-cased, NFKC-folded; soft hyphens go, and a
word split by a hyphen at a line end counts once joined. The figure per file
is found/total over pdftotext's words; the last line is the lowest figure.
With --min R the exit status is 1 when any file is below R.
"""
import collections, json, os, re, subprocess, sys, unicodedata

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text):
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return collections.Counter(w.lower() for w in WORD.findall(text))


def strings(node, out, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("source", "converter"):
                strings(v, out, k)
    elif isinstance(node, list):
        for v in node:
            strings(v, out, key)
    elif isinstance(node, str):
        out.append(node)
    elif isinstance(node, int) and key in ("number", "footnote_refs"):
        # A footnote's number and its reference marks are text of the page
        # that the record keeps as numbers.
        out.append(str(node))
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    floor = None
    if "--min" in argv:
        floor = float(argv[argv.index("--min") + 1])
        args = [a for a in args if a != argv[argv.index("--min") + 1]]
    pdf_dir, rec_dir = args[0], args[1]
    lowest, rows = 1.0, 0
    for name in sorted(os.listdir(pdf_dir)):
        if not name.endswith(".pdf"):
            continue
        stem = name[:-4]
        rec_path = os.path.join(rec_dir, stem + ".json")
        if not os.path.exists(rec_path):
            # A record convert refused to write (failing the schema) still
            # says what text was read.
            rec_path = os.path.join(rec_dir, "_rejected", stem + ".json")
        try:
            out = subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(pdf_dir, name), "-"],
                                 capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            continue
        if out.returncode != 0:
            continue
        want = words(out.stdout.decode("utf-8", "replace"))
        if not want:
            continue
        if not os.path.exists(rec_path):
            print(f"{stem}: no record")
            lowest = 0.0
            continue
        with open(rec_path, encoding="utf-8") as fh:
            rec = json.load(fh)
        have = words("\n".join(strings(rec, [])))
        got = sum((want & have).values())
        share = got / sum(want.values())
        missing = (want - have).most_common(8)
        print(f"{share:.4f} {stem}  missing: {' '.join(f'{w}x{n}' for w, n in missing)}")
        lowest = min(lowest, share)
        rows += 1
    print(f"files: {rows}; lowest share of pdftotext words found: {lowest:.4f}")
    return 1 if floor is not None and lowest < floor else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
