"""Fuzz the page path: bytes → text → updates → events → RDF → SHACL.

    python scripts/fuzz.py N [--seed S] [--save DIR]

Runs N generated inputs (mutations of the development pages, and random text) through
``decode_bytes`` + ``read_liveblog`` + ``extract_document`` + ``document_to_dataset`` +
``validate_graph``. Each input must either give records that conform to the shapes, or be
refused with a :class:`kg.errors.KGError`. Anything else is a finding:

- ``crash``: another exception (with its type, message and the innermost frame);
- ``nonconforming``: the extractor produced records the shapes reject.

Prints one line per finding kind and a summary; exit 1 when there are findings. With
``--save DIR`` each failing input is written there (``<kind>-<n>.txt``) for a regression test.
The same generator and checker back ``tests/test_fuzz.py``.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = [ROOT / "examples" / "pages", ROOT / "tests" / "fixtures" / "pages",
             ROOT.parent / "shared" / "corpus" / "live-blogs"]

SNIPPETS = [
    "UPDATE 1308 GMT: ", "UPDATE 2561 GMT: ", "ORIGINAL ENTRY: ", "\n\n", "\n", "Jump to Original Entry\n",
    " killed 10,000,000 people ", " killed -5 ", " 99999999999999999999 civilians were killed ",
    " on February 30 ", " on Wednesday ", " last month ", " in the year 0001 ", " on 9999-12-31 ",
    " Russian shelling killed two civilians in Kharkiv. ", " A Shahed drone hit Odesa. ",
    " Zelenskyy met Biden in Kyiv. ", " Patriot missiles intercepted 9 of 10 missiles. ",
    "<p>", "</p>", "<script>alert(1)</script>", "<hr>", "&amp;", "\u200b", "\ufeff", "\u202e", "\x00",
    "\r", "\t", "“", "”", "’", "—", "Ⅻ", "٣", "𝟙𝟚", "Кременчук", "Харків", "é", "\ud7ff",
    "} ; DROP ALL ; #", '"""', "\\", "%s", "{{", "{0}",
]

DATES = ["2024-02-17", "2024-03-22", "2024-05-10", "2024-06-20", "2000-01-01", None, "2024-02-29"]


def seed_pages() -> list[str]:
    """The development pages (text), the mutation seeds."""
    pages = []
    for folder in SEED_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                try:
                    pages.append(path.read_bytes().decode("utf-8"))
                except UnicodeDecodeError:
                    continue
    return pages or ["UPDATE 1200 GMT: Russian shelling killed two civilians in Kharkiv."]


def _random_text(rnd: random.Random, n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,:;-\n'\"()"
    if rnd.random() < 0.3:
        return "".join(chr(rnd.randint(1, 0x2FFF)) for _ in range(n))
    return "".join(rnd.choice(alphabet) for _ in range(n))


def mutate(rnd: random.Random, pages: list[str]) -> bytes:
    """One generated input: a window of a page, mutated a few times; or random text or bytes."""
    roll = rnd.random()
    if roll < 0.1:
        return _random_text(rnd, rnd.randint(0, 2000)).encode("utf-8", "surrogatepass")
    if roll < 0.15:
        return bytes(rnd.randint(0, 255) for _ in range(rnd.randint(0, 600)))
    page = rnd.choice(pages)
    if rnd.random() < 0.7 and len(page) > 3000:
        start = rnd.randrange(len(page) - 1000)
        page = page[start:start + rnd.randint(200, 3000)]
    text = page
    for _ in range(rnd.randint(1, 6)):
        op = rnd.randrange(9)
        i = rnd.randint(0, len(text))
        j = min(len(text), i + rnd.randint(0, 200))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] * rnd.randint(2, 5) + text[i:]
        elif op in (2, 3, 4):
            text = text[:i] + rnd.choice(SNIPPETS) + text[i:]
        elif op == 5:
            text = text[:i] + _random_text(rnd, rnd.randint(1, 40)) + text[i:]
        elif op == 6:
            text = text[:i] + text[i:j].upper() + text[j:]
        elif op == 7:
            text = text[:i] + rnd.choice(pages)[:rnd.randint(0, 500)] + text[j:]
        else:
            text = "".join(chr(ord(c) + 1) if c.isdigit() and c != "9" and rnd.random() < 0.5 else c
                           for c in text)
    encoding = rnd.choice(["utf-8"] * 6 + ["utf-16", "cp1251", "utf-8-sig"])
    data = text.encode(encoding, "replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")
    if rnd.random() < 0.05 and data:
        k = rnd.randrange(len(data))
        data = data[:k] + bytes([rnd.randint(0, 255)]) + data[k + 1:]
    return data


@dataclass
class Finding:
    """An input that broke the promise."""

    kind: str  # "crash" or "nonconforming"
    summary: str
    data: bytes
    published: str | None


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inner = next((f for f in reversed(frames) if "/kg/" in f.filename), frames[-1] if frames else None)
    return f" at {Path(inner.filename).name}:{inner.lineno} in {inner.name}" if inner else ""


def check(data: bytes, published: str | None) -> Finding | None:
    """Run one input the whole way; return a finding, or ``None`` when it behaved."""
    from kg.errors import KGError
    from kg.extract.document import extract_document
    from kg.rdf.mapping import document_to_dataset
    from kg.sources.liveblog import read_liveblog
    from kg.sources.textfile import decode_bytes
    from kg.validation.shapes import describe_report, validate_graph

    try:
        text = decode_bytes(data, "fuzz.txt")
        doc = read_liveblog(text, "fuzz.txt", published)
        extract_document(doc)
        dataset = document_to_dataset(doc)
        report = validate_graph(dataset)
    except KGError:
        return None
    except RecursionError as exc:
        return Finding("crash", f"RecursionError{_where(exc)}", data, published)
    except Exception as exc:  # noqa: BLE001 - the fuzzer reports whatever escapes
        return Finding("crash", f"{type(exc).__name__}: {str(exc)[:160]}{_where(exc)}", data, published)
    if not report.conforms:
        lines = describe_report(report, dataset).splitlines()
        if published is None:
            # without a page date, undated events are refused by design: not a finding
            lines = [line for line in lines if "must have a date" not in line]
        if lines:
            return Finding("nonconforming", lines[0][:200], data, published)
    return None


def inputs(n: int, seed: int) -> Iterator[tuple[bytes, str | None]]:
    """``n`` generated inputs with their page dates, the same for the same seed."""
    rnd = random.Random(seed)
    pages = seed_pages()
    for _ in range(n):
        yield mutate(rnd, pages), rnd.choice(DATES)


def run(n: int, seed: int = 0, save: Path | None = None, out=sys.stdout) -> list[Finding]:
    """Run ``n`` inputs; print findings grouped by kind and summary; return them."""
    findings: list[Finding] = []
    started = time.monotonic()
    for data, published in inputs(n, seed):
        found = check(data, published)
        if found:
            findings.append(found)
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{found.kind}-{len(findings)}.txt").write_bytes(data)
    seconds = time.monotonic() - started
    groups = Counter((f.kind, f.summary) for f in findings)
    for (kind, summary), times in groups.most_common():
        print(f"{kind} x{times}: {summary}", file=out)
    crashes = sum(f.kind == "crash" for f in findings)
    print(f"fuzz: {n} inputs in {seconds:.1f} s (seed {seed}): {crashes} crashes, "
          f"{len(findings) - crashes} nonconforming", file=out)
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1000, help="how many inputs (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write failing inputs to this folder")
    args = parser.parse_args(argv)
    return 1 if run(args.n, args.seed, args.save) else 0


if __name__ == "__main__":
    sys.exit(main())
