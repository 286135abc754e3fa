#!/usr/bin/env python3
"""Hostile pass over the paperwork inputs (issue 10): feeds `guichet` invalid or absurd
data and counts, per class, how each case ended. Prints a Markdown table (the one in
docs/hostile-paperwork.md) and writes every case's output under OUT/.

    python3 scripts/hostile-paperwork.py [target/debug/guichet] [OUT]

A case is:
  ok-accepted   exit 0 (a valid but odd input the tool should take: a BOM, `,`…)
  fr-error      exit 1 or 2 with a French message on stderr and no raw English/Rust text
  raw-error     exit 1 or 2 but the message leaks English or Rust text
  crash         any other exit (a panic is 101), a signal
  hang          more than the case's time limit
Each case also states what it expects (`accept` or `refuse`); `wrong` counts the cases
whose outcome differs (an absurd value imported, a good file refused).
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/guichet")
OUT = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="hostile-")
NOW = "2026-06-01T10:00:00Z"
RAW = re.compile(
    r"panicked|RUST_BACKTRACE|called `|Error\(|error:|invalid |expected |unexpected |"
    r"failed to|No such file|UUID|serde|sqlite|SQLite error|Utf8Error|stream did not|"
    r"Zip error|zip|\bat line\b|not a |missing field|thread '",
    re.IGNORECASE,
)
# French words whose spelling contains one of the patterns above.
ALLOWED = re.compile(r"SQLite \(|zip\)|« zip »|archive zip", re.IGNORECASE)

results = {}  # class -> list of (name, expect, outcome, seconds)


def run(args, data, timeout=60, stdin=None):
    env = dict(os.environ, GUICHET_NOW=NOW, GUICHET_LANG="fr", LANG="C.UTF-8")
    start = time.time()
    try:
        p = subprocess.run(
            [BIN, "--data-dir", data] + args,
            capture_output=True,
            timeout=timeout,
            env=env,
            input=stdin,
        )
    except subprocess.TimeoutExpired:
        return None, b"", b"", time.time() - start
    return p.returncode, p.stdout, p.stderr, time.time() - start


def classify(code, err):
    if code is None:
        return "hang"
    if code == 0:
        return "ok-accepted"
    if code in (1, 2):
        text = err.decode("utf-8", "replace")
        cleaned = ALLOWED.sub("", text)
        if text.strip() and not RAW.search(cleaned):
            return "fr-error"
        return "raw-error"
    return "crash"


def report_outcome(out):
    """An import's report (exit 0): every row refused with a French reason counts as a
    clear French refusal; a row imported (or that would be) as accepted."""
    try:
        report = json.loads(out)
    except ValueError:
        return "raw-error"
    if report.get("imported", 0) > 0 or report.get("already", 0) > 0:
        return "ok-accepted"
    reasons = [r.get("reason") or "" for r in report.get("rows", [])]
    if reasons and all(r and not RAW.search(ALLOWED.sub("", r)) for r in reasons):
        return "fr-error"
    if not reasons:
        return "ok-accepted"
    return "raw-error"


def case(klass, name, args, data, expect, timeout=60, stdin=None, report=False):
    code, out, err, secs = run(args, data, timeout, stdin)
    outcome = classify(code, err)
    if report and code == 0:
        outcome = report_outcome(out)
    results.setdefault(klass, []).append((name, expect, outcome, secs, code))
    folder = os.path.join(OUT, klass)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, re.sub(r"[^\w.-]", "_", name) + ".txt"), "wb") as f:
        f.write(b"args: " + " ".join(args).encode() + b"\n")
        f.write(b"exit: %s (%.2fs)\n--- stdout\n" % (str(code).encode(), secs))
        f.write(out[:4000] + b"\n--- stderr\n" + err[:4000])
    return code, out, err


def xlsx(rows, sheet_xml=None):
    """A minimal XLSX workbook (inline strings) holding `rows`."""
    def cell(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<c t="n"><v>{value}</v></c>'
        v = str(value).replace("&", "&amp;").replace("<", "&lt;")
        return f'<c t="inlineStr"><is><t>{v}</t></is></c>'

    body = sheet_xml or (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join("<row>" + "".join(cell(v) for v in r) + "</row>" for r in rows)
        + "</sheetData></worksheet>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", body)
    return buf.getvalue()


def bomb_xlsx(megabytes):
    """An XLSX whose one sheet inflates to `megabytes` MB of rows (a few hundred KB zipped)."""
    head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    row = '<row><c t="inlineStr"><is><t>KDO</t></is></c><c t="n"><v>10</v></c></row>'
    count = megabytes * 1024 * 1024 // len(row)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        base = zipfile.ZipFile(io.BytesIO(xlsx([["Code", "Montant"]])))
        for item in base.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item, base.read(item))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            chunk = (row * 10000).encode()
            for _ in range(count // 10000):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def main():
    root = tempfile.mkdtemp(prefix="hostile-data-")
    scratch = os.path.join(root, "fichiers")
    os.makedirs(scratch)

    def put(name, data):
        path = os.path.join(scratch, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    data = os.path.join(root, "donnees")
    code, out, _, _ = run(["--json", "units", "add", "--name", "Gîte des Lilas", "--capacity", "4"], data)
    assert code == 0, out
    unit = json.loads(out)["id"]

    # --- imports -----------------------------------------------------------------------
    headers = {
        "vouchers": ["Code", "Montant restant", "Date de fin de validité"],
        "bookings": ["Hébergement", "Date d'arrivée", "Nuits", "Nom", "E-mail", "Prix"],
        "tariffs": ["Hébergement", "Date de début", "Nuits", "Prix"],
    }
    good = {
        "vouchers": ["KDO-1", "10,00", "31/12/2026"],
        "bookings": ["Gîte des Lilas", "2026-07-04", "3", "Marie Dupont", "marie@exemple.fr", "300,00"],
        "tariffs": ["Gîte des Lilas", "2026-09-01", "1", "80,00"],
    }
    absurd_amounts = ["1e30", "-0", "-0,00", "NaN", "inf", "1,5,5", "99999999999999999999999", "0x10",
                      "1 000 000 000,00", "12,345", "−5,00", "١٠", "", "€"]
    absurd_dates = ["0000-00-00", "9999-12-31", "31/02/2026", "2026-13-01", "1e30", "-1",
                    "2026-06-01T25:00", "32/01/2026", "0", "45000", "1900-01-01"]
    serial = 0
    for kind in ["vouchers", "bookings", "tariffs"]:
        k = f"import {kind}"
        h, g = headers[kind], good[kind]

        def csv(rows, sep=";", bom=False, crlf=False):
            nl = "\r\n" if crlf else "\n"
            quote = lambda c: f'"{c}"' if sep in c else c
            text = nl.join(sep.join(quote(c) for c in r) for r in [h] + rows) + nl
            return ("\ufeff" if bom else "") + text

        def row(n, **change):
            r = list(g)
            if kind == "vouchers":
                r[0] = f"KDO-{n}"
            elif kind == "bookings":
                r[1] = f"2027-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}"
                r[3] = f"Client {n}"
            else:
                r[1] = f"2027-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}"
            for i, v in change.items():
                r[int(i[1:])] = v
            return r

        def imp(name, path, expect, timeout=60, dry=True):
            args = ["--json", "import", kind, path] + (["--dry-run"] if dry else [])
            return case(k, name, args, data, expect, timeout, report=True)

        imp("valid ;", put(f"{kind}-ok.csv", csv([row(1)])), "accept")
        imp("valid , + BOM + CRLF", put(f"{kind}-bom.csv", csv([row(2)], ",", True, True)), "accept")
        imp("valid tab", put(f"{kind}-tab.csv", csv([row(3)], "\t")), "accept")
        imp("empty file", put(f"{kind}-empty.csv", ""), "refuse")
        imp("BOM only", put(f"{kind}-bomonly.csv", "\ufeff"), "refuse")
        imp("header only", put(f"{kind}-head.csv", csv([])), "accept")
        imp("invalid UTF-8 (Latin-1)", put(f"{kind}-latin1.csv", csv([row(4)]).encode("latin-1", "replace")), "refuse")
        imp("invalid UTF-8 bytes", put(f"{kind}-bad.csv", csv([row(5)]).encode() + b"\xff\xfe\xc3\x28;\x80\n"), "refuse")
        imp("UTF-16 LE with BOM", put(f"{kind}-utf16.csv", csv([row(6)]).encode("utf-16")), "refuse")
        imp("binary", put(f"{kind}-bin.csv", bytes(range(256)) * 40), "refuse")
        imp("NUL in a cell", put(f"{kind}-nul.csv", csv([row(7, c0="A\x00B")])), "refuse")
        imp("unclosed quote", put(f"{kind}-quote.csv", csv([row(8)]) + '"KDO;10;\n'), "refuse")
        imp("wrong headers", put(f"{kind}-heads.csv", "a;b;c\n1;2;3\n"), "refuse")
        imp("duplicate header", put(f"{kind}-dup.csv", ";".join(h + [h[0]]) + "\n" + ";".join(g + [g[0]]) + "\n"), "refuse")
        imp("ragged rows", put(f"{kind}-ragged.csv", csv([row(9)[:1], row(10) + ["x", "y", "z"]])), "refuse")
        imp("10 000 columns", put(f"{kind}-wide.csv", ";".join(h + [f"c{i}" for i in range(10000)]) + "\n" + ";".join(g + ["x"] * 10000) + "\n"), "accept")
        imp("1 MB cell", put(f"{kind}-cell.csv", csv([row(11, c0="A" * 1_000_000)])), "refuse")
        imp("control chars / ANSI", put(f"{kind}-ansi.csv", csv([row(12, c0="\x1b[2JKDO")])), "refuse")
        # A voucher code may start with = (the exports defuse it); no unit has that name.
        imp("formula injection", put(f"{kind}-formula.csv", csv([row(13, c0="=HYPERLINK(\"x\")")])), "accept" if kind == "vouchers" else "refuse")
        imp("path is a folder", scratch, "refuse")
        imp("missing file", os.path.join(scratch, "absent.csv"), "refuse")
        imp("/dev/zero", "/dev/zero", "refuse", timeout=20)
        imp("11 MB file", put(f"{kind}-big.csv", csv([row(i) for i in range(120000)])), "refuse")
        # An import reads at most 10 000 rows (bounds.rs): a bigger export is split.
        rows50k = csv([row(i) for i in range(50000)])
        imp("50 000 rows (dry run)", put(f"{kind}-50k.csv", rows50k), "refuse", timeout=300)
        imp("10 000 rows (dry run)", put(f"{kind}-10k.csv", csv([row(i) for i in range(10000)])), "accept", timeout=300)
        amount_col = {"vouchers": 1, "bookings": 5, "tariffs": 3}[kind]
        for a in absurd_amounts:
            # -0 is 0,00 € (a free night, a voucher with nothing left: refused as such).
            expect = "accept" if a in ("-0", "-0,00") and kind != "vouchers" else "refuse"
            imp(f"amount {a!r}", put(f"{kind}-amt-{serial}.csv", csv([row(100 + serial, **{f"c{amount_col}": a})])), expect)
            serial += 1
        date_col = {"vouchers": 2, "bookings": 1, "tariffs": 1}[kind]
        for d in absurd_dates:
            imp(f"date {d!r}", put(f"{kind}-date-{serial}.csv", csv([row(100 + serial, **{f"c{date_col}": d})])), "refuse")
            serial += 1
        if kind != "vouchers":
            for n in ["0", "-1", "1,5", "100000", "1e9"]:
                imp(f"nights {n!r}", put(f"{kind}-n-{serial}.csv", csv([row(100 + serial, c2=n)])), "refuse")
                serial += 1
        # XLSX
        imp("xlsx valid", put(f"{kind}.xlsx", xlsx([h, g])), "accept")
        imp("xlsx number 1e30", put(f"{kind}-num.xlsx", xlsx([h, row(14, **{f"c{amount_col}": 1e30})])), "refuse")
        imp("xlsx number -0.0", put(f"{kind}-num0.xlsx", xlsx([h, row(15, **{f"c{amount_col}": -0.0})])), "refuse" if kind == "vouchers" else "accept")
        imp("xlsx empty sheet", put(f"{kind}-empty.xlsx", xlsx([])), "refuse")
        whole = xlsx([h, g])
        imp("xlsx truncated half", put(f"{kind}-trunc.xlsx", whole[: len(whole) // 2]), "refuse")
        imp("xlsx truncated 10 bytes", put(f"{kind}-trunc10.xlsx", whole[:10]), "refuse")
        imp("xlsx magic only", put(f"{kind}-magic.xlsx", b"PK\x03\x04"), "refuse")
        imp("zip without a sheet", put(f"{kind}-nosheet.xlsx", (lambda b: (zipfile.ZipFile(b, "w").writestr("a.txt", "x"), b.getvalue())[1])(io.BytesIO())), "refuse")
        imp("xlsx malformed XML", put(f"{kind}-xml.xlsx", xlsx(None, sheet_xml="<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>Code")), "refuse")
        imp("xlsx 50 000 rows", put(f"{kind}-50k.xlsx", xlsx([h] + [row(i) for i in range(50000)])), "refuse", timeout=300)
        imp("old .xls (OLE)", put(f"{kind}.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 600), "refuse")
    # zip bombs: once is enough (the reader is the same for the three kinds)
    for mb in (200, 2000):
        path = put(f"bomb-{mb}.xlsx", bomb_xlsx(mb))
        case("import vouchers", f"zip bomb XLSX ({os.path.getsize(path) // 1024} KB → {mb} MB)", ["--json", "import", "vouchers", path, "--dry-run"], data, "refuse", timeout=120, report=True)

    # --- templates set --------------------------------------------------------------------
    k = "templates set"
    tset = lambda name, content, expect, notif="confirmation": case(k, name, ["templates", "set", notif, "--file", put("t-" + re.sub(r"\W", "", name) + ".txt", content)], data, expect)
    tset("valid", "Objet : Bonjour\n\nBonjour {ContactPrenom}, total {Total}.\n", "accept")
    tset("empty", "", "refuse")
    tset("unknown placeholder", "Bonjour {Inconnu}", "refuse")
    tset("nested braces", "Bonjour {{ContactNom}}", "refuse")
    tset("deep nesting", "{" * 10000 + "ContactNom" + "}" * 10000, "refuse")
    tset("unclosed brace", "Bonjour {ContactNom", "refuse")
    tset("lone closing brace", "Bonjour } {ContactNom}", "accept")  # a brace alone is text (T6)
    tset("placeholder case", "Bonjour {contactnom}", "refuse")
    tset("invalid UTF-8", b"Bonjour \xff\xfe {ContactNom}", "refuse")
    tset("UTF-16", "Bonjour {ContactNom}".encode("utf-16"), "refuse")
    tset("binary", bytes(range(256)) * 100, "refuse")
    tset("NUL", "Bonjour\x00{ContactNom}", "refuse")
    tset("ANSI escape", "Bonjour \x1b[2J{ContactNom}", "refuse")
    tset("1 MB", "Bonjour {ContactNom}\n" * 50000, "refuse")
    tset("50 MB", b"A" * 50_000_000, "refuse")
    tset("10 000 placeholders", "{ContactNom}" * 10000, "refuse")
    tset("1 500 placeholders", "{ContactNom} " * 1500, "accept")
    tset("unknown notification", "Bonjour", "refuse", notif="inconnue")
    tset("CRLF + BOM", "\ufeffObjet : Salut\r\n\r\nBonjour {ContactNom}\r\n", "accept")
    tset("subject only", "Objet : ", "refuse")
    case(k, "folder", ["templates", "set", "confirmation", "--file", scratch], data, "refuse")
    case(k, "missing file", ["templates", "set", "confirmation", "--file", "/nonexistent/x"], data, "refuse")
    case(k, "/dev/zero", ["templates", "set", "confirmation", "--file", "/dev/zero"], data, "refuse", timeout=20)

    # --- ical import ----------------------------------------------------------------------
    k = "ical import"
    good_ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//FR\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
                "DTSTART;VALUE=DATE:20260710\r\nDTEND;VALUE=DATE:20260713\r\nSUMMARY:Réservé\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    ics = lambda name, content, expect, timeout=60: case(k, name, ["ical", "import", "--unit", unit, put("c-" + re.sub(r"\W", "", name) + ".ics", content)], data, expect, timeout)
    ics("valid", good_ics, "accept")
    ics("empty", "", "refuse")
    ics("truncated (half)", good_ics[: len(good_ics) // 2], "refuse")
    ics("truncated (no END:VCALENDAR)", good_ics.replace("END:VCALENDAR\r\n", ""), "refuse")
    # A long property (an inline attachment, a long description) is legal: read, ignored.
    ics("10 MB line", "BEGIN:VCALENDAR\r\nX-LONG:" + "A" * 10_000_000 + "\r\nEND:VCALENDAR\r\n", "accept")
    ics("9 MB folded line", "BEGIN:VCALENDAR\r\nX-LONG:" + "\r\n A".join(["B" * 70] * 120000) + "\r\nEND:VCALENDAR\r\n", "accept")
    ics("binary", bytes(range(256)) * 4000, "refuse")
    ics("invalid UTF-8 (Latin-1 é)", good_ics.encode().replace(b"R\xc3\xa9serv", b"R\xe9serv"), "refuse")
    ics("NUL bytes", good_ics.replace("Réservé", "R\x00"), "refuse")
    ics("HTML page", "<html><body>Connexion requise</body></html>", "refuse")
    # Lenient on purpose (B4): what is outside the horizon blocks nothing; an end before
    # the start blocks the one night of the start; an unknown zone reads as the provider's.
    ics("DTSTART year 0", good_ics.replace("20260710", "00000101"), "accept")
    ics("DTEND before DTSTART", good_ics.replace("20260713", "20260701"), "accept")
    ics("DTSTART 99991231", good_ics.replace("20260710", "99991231"), "accept")
    ics("RRULE unbounded daily", good_ics.replace("SUMMARY", "RRULE:FREQ=SECONDLY\r\nSUMMARY"), "accept", timeout=60)
    ics("RRULE COUNT=1e9", good_ics.replace("SUMMARY", "RRULE:FREQ=DAILY;COUNT=1000000000\r\nSUMMARY"), "accept", timeout=60)
    ics("RRULE garbage", good_ics.replace("SUMMARY", "RRULE:FREQ=;;;INTERVAL=-1\r\nSUMMARY"), "refuse")
    ics("100 000 events", "BEGIN:VCALENDAR\r\n" + "".join(
        f"BEGIN:VEVENT\r\nUID:{i}\r\nDTSTART;VALUE=DATE:2026{(i % 12) + 1:02d}{(i % 27) + 1:02d}\r\nDURATION:P1D\r\nEND:VEVENT\r\n" for i in range(100000)) + "END:VCALENDAR\r\n", "accept", timeout=120)
    ics("nested VCALENDAR x 10 000", "BEGIN:VCALENDAR\r\n" * 10000 + "END:VCALENDAR\r\n" * 10000, "refuse")
    ics("TZID unknown", good_ics.replace("DTSTART;VALUE=DATE:20260710", "DTSTART;TZID=Mars/Olympus:20260710T150000"), "accept")
    case(k, "folder", ["ical", "import", "--unit", unit, scratch], data, "refuse")
    case(k, "/dev/zero", ["ical", "import", "--unit", unit, "/dev/zero"], data, "refuse", timeout=20)
    case(k, "http:// URL", ["ical", "import", "--unit", unit, "http://exemple.fr/c.ics"], data, "refuse")
    case(k, "unknown unit", ["ical", "import", "--unit", "Inconnu", put("c-ok2.ics", good_ics)], data, "refuse")

    # --- bookings edit --------------------------------------------------------------------
    k = "bookings edit"
    code, out, _, _ = run(["--json", "bookings", "create", "--unit", unit, "--from", "2029-08-01", "--nights", "2",
                           "--name", "Marie Dupont", "--email", "marie@exemple.fr", "--price", "200"], data)
    created = json.loads(out)
    booking = created.get("id") or created["booking"]
    edits = [
        ("valid", ["--email", "marie.d@exemple.fr"], "accept"),
        ("empty name", ["--name", ""], "refuse"),
        ("spaces name", ["--name", "   "], "refuse"),
        ("10 000-char name", ["--name", "A" * 10000], "refuse"),
        ("ANSI in name", ["--name", "Marie \x1b[2J Dupont"], "refuse"),
        ("RTL override in name", ["--name", "Marie \u202e Dupont"], "refuse"),
        ("emoji name", ["--name", "Marie 🏖️ Dupont"], "accept"),
        ("e-mail without @", ["--email", "marie"], "refuse"),
        ("e-mail two @", ["--email", "a@b@c.fr"], "refuse"),
        ("e-mail 1000 chars", ["--email", "a" * 990 + "@exemple.fr"], "refuse"),
        ("e-mail with newline", ["--email", "a@b.fr\nBcc: x@y.fr"], "refuse"),
        ("phone letters", ["--phone", "appelez-moi"], "refuse"),
        ("phone 500 digits", ["--phone", "0" * 500], "refuse"),
        ("address 100 000 chars", ["--address", "rue " * 25000], "refuse"),
        ("address NUL", ["--address", "12 rue\x01des Lilas"], "refuse"),
        ("title 1000 chars", ["--title", "M" * 1000], "refuse"),
        ("adults 0", ["--adults", "0"], "refuse"),
        ("adults -1", ["--adults", "-1"], "refuse"),
        ("adults 99999999999", ["--adults", "99999999999"], "refuse"),
        ("children 100", ["--children", "100"], "refuse"),
        ("unknown booking", None, "refuse"),
        ("not a UUID", None, "refuse"),
    ]
    for name, args, expect in edits:
        if name == "unknown booking":
            case(k, name, ["bookings", "edit", "00000000-0000-7000-8000-000000000000", "--name", "X Y"], data, expect)
        elif name == "not a UUID":
            case(k, name, ["bookings", "edit", "pas-un-id", "--name", "X Y"], data, expect)
        else:
            case(k, name, ["bookings", "edit", booking] + args, data, expect)

    # --- settings --siret -----------------------------------------------------------------
    k = "settings --siret"
    for name, value, expect in [
        ("valid (Luhn)", "73282932000074", "accept"),
        ("13 digits", "7328293200007", "refuse"),
        ("15 digits", "732829320000745", "refuse"),
        ("letters", "ABCDEFGHIJKLMN", "refuse"),
        ("bad Luhn", "73282932000075", "refuse"),
        ("spaces (valid)", "732 829 320 00074", "accept"),
        ("empty", "", "accept"),
        ("10 000 digits", "1" * 10000, "refuse"),
        ("Arabic-Indic digits", "٧٣٢٨٢٩٣٢٠٠٠٠٧٤", "refuse"),
        ("fullwidth digits", "７３２８２９３２０００７４", "refuse"),
        ("NUL", "7328293200\x0174", "refuse"),
        ("negative", "-73282932000074", "refuse"),
        ("SQL", "'; DROP TABLE invoices; --", "refuse"),
    ]:
        case(k, name, ["settings", "--siret", value], data, expect)
    for name, args, expect in [
        ("deposit 101", ["--deposit-percent", "101"], "refuse"),
        ("deposit -1", ["--deposit-percent", "-1"], "refuse"),
        ("deposit 1e30", ["--deposit-percent", "1e30"], "refuse"),
        ("balance days 366", ["--balance-days", "366"], "refuse"),
        ("retention 0", ["--guest-retention", "0"], "refuse"),
        ("retention 1e9", ["--guest-retention", "1000000000"], "refuse"),
        ("provider name 10 000 chars", ["--provider-name", "G" * 10000], "refuse"),
        ("extra info ANSI", ["--extra-info", "\x1b[31mtaxe"], "refuse"),
        ("postcode letters", ["--postcode", "ABCDE"], "accept"),  # a foreign address stays possible
        ("terms 50 MB file", ["--terms-file", put("terms.txt", b"A" * 50_000_000)], "refuse"),
        ("terms invalid UTF-8", ["--terms-file", put("terms2.txt", b"\xff\xfe")], "refuse"),
    ]:
        case("settings (other)", name, ["settings"] + args, data, expect)

    # --- mail settings --------------------------------------------------------------------
    k = "mail settings"
    for name, args, expect in [
        ("valid", ["--host", "smtp.exemple.fr", "--from", "contact@exemple.fr"], "accept"),
        ("host empty", ["--host", "", "--from", "contact@exemple.fr"], "refuse"),
        ("host with space", ["--host", "smtp exemple.fr", "--from", "contact@exemple.fr"], "refuse"),
        ("host URL", ["--host", "smtp://smtp.exemple.fr:25", "--from", "contact@exemple.fr"], "refuse"),
        ("host 10 000 chars", ["--host", "a" * 10000, "--from", "contact@exemple.fr"], "refuse"),
        ("host newline", ["--host", "smtp.exemple.fr\r\nRCPT", "--from", "contact@exemple.fr"], "refuse"),
        ("port 0", ["--host", "smtp.exemple.fr", "--port", "0", "--from", "c@e.fr"], "refuse"),
        ("port 70000", ["--host", "smtp.exemple.fr", "--port", "70000", "--from", "c@e.fr"], "refuse"),
        ("port -1", ["--host", "smtp.exemple.fr", "--port", "-1", "--from", "c@e.fr"], "refuse"),
        ("port abc", ["--host", "smtp.exemple.fr", "--port", "abc", "--from", "c@e.fr"], "refuse"),
        ("security bogus", ["--host", "smtp.exemple.fr", "--security", "ssl3", "--from", "c@e.fr"], "refuse"),
        ("plain to a remote host", ["--host", "smtp.exemple.fr", "--security", "plain", "--from", "c@e.fr"], "refuse"),
        ("from without @", ["--host", "smtp.exemple.fr", "--from", "contact"], "refuse"),
        ("from with header injection", ["--host", "smtp.exemple.fr", "--from", "c@e.fr\r\nBcc: x@y.fr"], "refuse"),
        ("from-name newline", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--from-name", "A\r\nBcc: x@y.fr"], "refuse"),
        ("from-name 10 000 chars", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--from-name", "N" * 10000], "refuse"),
        ("user 10 000 chars", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--user", "u" * 10000], "refuse"),
        ("password file missing", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--password-file", "/nonexistent"], "refuse"),
        ("password file 50 MB", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--password-file", put("pw.txt", b"p" * 50_000_000)], "refuse"),
        ("password file binary", ["--host", "smtp.exemple.fr", "--from", "c@e.fr", "--password-file", put("pw2.txt", b"\xff\x00\xfe")], "refuse"),
    ]:
        case(k, name, ["mail", "settings"] + args, data, expect)

    # --- a truncated database -------------------------------------------------------------
    k = "truncated database"
    commands = [["bookings"], ["invoices"], ["invoices", "verify"], ["mail", "queue"], ["templates", "list"],
                ["import", "vouchers", put("v-ok2.csv", "Code;Montant restant;Date de fin de validité\nKDO-9;5,00;31/12/2026\n")],
                ["ical", "import", "--unit", unit, put("c-ok3.ics", good_ics)], ["settings"], ["guests", "export", "--name", "Marie Dupont"]]
    for cut in ["0 bytes", "100 bytes", "half", "header garbage"]:
        copy = os.path.join(root, f"tronque-{cut.replace(' ', '')}")
        shutil.copytree(data, copy)
        db = os.path.join(copy, "guichet.db")
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        size = os.path.getsize(db)
        with open(db, "r+b") as f:
            if cut == "header garbage":
                f.seek(0)
                f.write(b"X" * 100)
            else:
                f.truncate({"0 bytes": 0, "100 bytes": 100, "half": size // 2}[cut])
        for c in commands:
            case(k, f"{cut}: {' '.join(c[:2])}", c, copy, "refuse")

    # --- table ------------------------------------------------------------------------------
    print("| Class | Cases | Clear French error (exit 1/2) | Accepted (exit 0) | Raw/English error | Crash | Hang | Outcome not the expected one |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for klass, rows in results.items():
        count = lambda o: sum(1 for r in rows if r[2] == o)
        wrong = [r for r in rows if (r[1] == "accept") != (r[2] == "ok-accepted")]
        print(f"| {klass} | {len(rows)} | {count('fr-error')} | {count('ok-accepted')} | {count('raw-error')} | "
              f"{count('crash')} | {count('hang')} | {len(wrong)} |")
    print()
    for klass, rows in results.items():
        for name, expect, outcome, secs, code in rows:
            if outcome in ("raw-error", "crash", "hang") or (expect == "accept") != (outcome == "ok-accepted"):
                print(f"- {klass} / {name}: expected {expect}, got {outcome} (exit {code}, {secs:.1f} s)")
    print(f"\noutputs: {OUT}", file=sys.stderr)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
