"""Scaled copies of the v1 sample lists, for benchmarks: every party's rows ``factor`` times.

Copy 0 is the sample itself. Copies 1..factor-1 hold new people: each word of a name, and each word of an
e-mail's local part, is replaced by a made-up word that depends only on the folded word and the copy number,
and every e-mail gets ``.<copy>`` before its ``@``. So one person stays one person across rows and lists
("Sá", "SÁ" and "sa" in kevin.sa@... all become the same word), and the copies look to the sync like as many
extra, unrelated people. Roles held once per party are not repeated as such: a Basel focal point's copies
become competent authorities, a Rotterdam OCP's copies become DNAs of scope CP, and Stockholm's OCP and NFP
rows (its only roles) are not copied at all. Placeholder rows ("Vacant") are kept once. The output depends
only on ``factor``.

    python -m bench.generate 10 /tmp/lists      # writes basel.xlsx, rotterdam.csv, stockholm.json there
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

import sync
from registry.text import clean, fold
from sync.normalize import is_placeholder, is_title, name_key, normalize_role, smart_case, split_full_name

SAMPLES = Path(sync.__file__).parent / "samples" / "v1"
FILES = {"basel": "basel.xlsx", "rotterdam": "rotterdam.csv", "stockholm": "stockholm.json"}
SYLLABLES = (
    *("ba", "be", "bo", "da", "de", "di", "do", "fa", "fe", "ka", "ki", "ko", "la", "le", "li", "lo"),
    *("ma", "me", "mi", "mo", "na", "ne", "ni", "no", "ra", "re", "ri", "ro", "sa", "se", "ta", "to"),
)
# Four syllables of 32: a million words, so two people of one party almost never get one made-up name.
WORD_SYLLABLES = 4
COPY_IDS = uuid.UUID("6f1f0d1e-8f4a-4c55-9a43-4b8a3e0c2d17")  # namespace of the copies' Stockholm ids
# A word: letters, with the combining accents of a decomposed (NFD) spelling (not letters themselves).
_LETTERS = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")
_LOCAL_PART = re.compile(r"([\w.+-]+)@")
_SPACES = re.compile(r"(\s+)")


def new_word(original: str, copy: int) -> str:
    """The made-up lower-case word standing for ``original`` in copy ``copy``; every spelling of one word
    (case, accents) gives the same one, and it differs from copy to copy."""
    digest = hashlib.blake2b(f"{fold(original)}|{copy}".encode(), digest_size=8).digest()
    number = int.from_bytes(digest, "big")
    return "".join(SYLLABLES[(number >> (5 * i)) & 31] for i in range(WORD_SYLLABLES))


def _cased_like(word: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def _rename_words(text: str, copy: int) -> str:
    return _LETTERS.sub(lambda m: _cased_like(new_word(m.group(), copy), m.group()), text)


def rename_name(text: str | None, copy: int) -> str | None:
    """``text`` with every word of a name replaced for ``copy``; leading titles ("Dr.") and the white space
    between words (noise included) are kept as written; ``None`` and "" stay as they are."""
    if not text:
        return text
    out: list[str] = []
    leading = True
    for part in _SPACES.split(text):
        if part.strip() and not (leading and is_title(part)):
            leading = False
            part = _rename_words(part, copy)
        out.append(part)
    return "".join(out)


def rename_emails(cell: str | None, copy: int) -> str | None:
    """Every address in ``cell`` with its local part's words replaced and ``.<copy>`` added before the ``@``;
    the separators, spacing and case of the cell are kept."""
    if not cell:
        return cell
    return _LOCAL_PART.sub(lambda m: f"{_rename_words(m.group(1), copy)}.{copy}@", cell)


def _placeholder(*names: str | None) -> bool:
    written = clean(" ".join(n for n in names if n)) or ""
    return any(is_placeholder(n) for n in (*names, written) if n)


def generate(directory: Path, factor: int, samples: Path = SAMPLES) -> dict[str, Path]:
    """Write the three lists scaled ``factor`` times into ``directory`` (created if need be); return each
    convention's file. At factor 1 the files are the samples, byte for byte."""
    if factor < 1:
        raise ValueError(f"factor must be 1 or more, not {factor}")
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / file for name, file in FILES.items()}
    if factor == 1:
        for name, file in FILES.items():
            shutil.copyfile(samples / file, paths[name])
        return paths
    scale_basel(samples / FILES["basel"], paths["basel"], factor)
    scale_rotterdam(samples / FILES["rotterdam"], paths["rotterdam"], factor)
    scale_stockholm(samples / FILES["stockholm"], paths["stockholm"], factor)
    return paths


def _header_at(rows: Sequence[Sequence[Any]], names: Sequence[str]) -> int:
    """The index of the first row holding every one of ``names``."""
    for index, row in enumerate(rows):
        if set(names) <= {str(cell).strip() for cell in row if cell is not None}:
            return index
    raise ValueError(f"no header row with {', '.join(names)}")


def scale_basel(source: Path, target: Path, factor: int) -> int:
    """Append the copies to the sample workbook's ``Contacts`` sheet (title rows and header unchanged) and
    save it as ``target``; return the number of data rows written."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Contacts"]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header_at = _header_at(rows, ("Country", "Type", "First Name", "Last Name", "Email"))
    col = {str(name).strip(): i for i, name in enumerate(rows[header_at]) if name is not None}
    data = [row for row in rows[header_at + 1 :] if any(cell is not None for cell in row)]

    def person(row: Sequence[Any]) -> str:
        return name_key(smart_case(row[col["First Name"]]), smart_case(row[col["Last Name"]]))

    def role(row: Sequence[Any]) -> str | None:
        return normalize_role("basel", row[col["Type"]])

    # Keyed by name alone: the country is written in variants ("Moldova", "Republic of Moldova"), and the
    # sample's names are unique enough across parties.
    authorities = {person(row) for row in data if role(row) == "CA"} - {""}
    written = len(data)
    for copy in range(1, factor):
        for row in data:
            given, family = row[col["First Name"]], row[col["Last Name"]]
            if _placeholder(given, family):
                continue
            cells = list(row)
            if role(row) == "FP":
                if person(row) in authorities:
                    continue  # the copy of their competent-authority row already has them
                cells[col["Type"]] = "Competent Authority"
            cells[col["First Name"]] = rename_name(given, copy)
            cells[col["Last Name"]] = rename_name(family, copy)
            cells[col["Email"]] = rename_emails(row[col["Email"]], copy)
            sheet.append(cells)
            written += 1
    workbook.save(target)
    return written


def scale_rotterdam(source: Path, target: Path, factor: int) -> int:
    """Write the sample CSV as it is (BOM, CRLF), then the copies' rows; return the data rows written."""
    content = source.read_bytes()
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header_at = _header_at(rows, ("ISO3", "Contact role", "DNA type", "Full name", "Email"))
    col = {name.strip(): i for i, name in enumerate(rows[header_at])}
    data = [row for row in rows[header_at + 1 :] if any(cell.strip() for cell in row)]

    def person(row: Sequence[str]) -> str:
        _, given, family = split_full_name(row[col["Full name"]])
        return name_key(given, family)

    def role(row: Sequence[str]) -> str | None:
        return normalize_role("rotterdam", row[col["Contact role"]])

    authorities = {person(row) for row in data if role(row) == "DNA"} - {""}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    written = len(data)
    for copy in range(1, factor):
        for row in data:
            full_name = row[col["Full name"]]
            if _placeholder(full_name, *split_full_name(full_name)[1:]):
                continue
            cells = list(row)
            if role(row) == "OCP":
                if person(row) in authorities:
                    continue  # a person holds one DNA designation: their DNA row's copy has them
                cells[col["Contact role"]], cells[col["DNA type"]] = "DNA", "CP"
            cells[col["Full name"]] = rename_name(full_name, copy) or ""
            cells[col["Email"]] = rename_emails(row[col["Email"]], copy) or ""
            writer.writerow(cells)
            written += 1
    tail = b"" if content.endswith(b"\n") else b"\r\n"
    target.write_bytes(content + tail + out.getvalue().encode("utf-8"))
    return written


STOCKHOLM_SINGLE_HOLDER = frozenset({"OCP", "NFP"})


def scale_stockholm(source: Path, target: Path, factor: int) -> int:
    """Write the sample's records followed by copies of those whose role a party may give several people
    (none in v1: Stockholm's OCP and NFP are held once), each with a new GUID; return the records written."""
    records: list[dict[str, Any]] = json.loads(source.read_bytes())
    copies: list[dict[str, Any]] = []
    for copy in range(1, factor):
        for record in records:
            first, last = record.get("firstName"), record.get("lastName")
            role = normalize_role("stockholm", record.get("type"))
            if role in STOCKHOLM_SINGLE_HOLDER or _placeholder(first, last):
                continue
            copies.append(
                {
                    **record,
                    "id": str(uuid.uuid5(COPY_IDS, f"{record.get('id')}/{copy}")),
                    "firstName": rename_name(first, copy),
                    "lastName": rename_name(last, copy),
                    "email": rename_emails(record.get("email"), copy),
                }
            )
    everything = records + copies
    target.write_text(json.dumps(everything, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(everything)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m bench.generate FACTOR DIRECTORY``: write the scaled lists and print where they are."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description="Write scaled lists.")
    parser.add_argument("factor", type=int, help="how many times each party's rows appear (1: the samples)")
    parser.add_argument(
        "directory", type=Path, help="where to write basel.xlsx, rotterdam.csv, stockholm.json"
    )
    args = parser.parse_args(argv)
    for name, path in generate(args.directory, args.factor).items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
