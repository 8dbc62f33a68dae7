"""Traps of naming-mismatch's slip in a part of a name, measured on real lists.

    python benchmarks/naming_families.py [CORPUS_DIR ...] [--no-write]

naming-mismatch takes a first letter or a capital of a row's name, changed
into another letter, for a slip only when the part of the name that holds it
reads as something and the written letters there read as nothing
(``tablelint.naming.parts``; ``DastEdit`` for ``FastEdit``). Its traps are
the real names of one family, which differ in just such a letter
(``IFBench``/``JFBench``, ``LZO``/``LZW``). The rule reports a spelling only
in the row of the name it misses, where real lists rarely put two names of
one family; this script asks harder: every pair of spellings that one
document writes anywhere in its tables (four characters or more, not all
in lower case) and that differ by one such letter, as if one were written in
the row of the other. Each is a pair of real spellings, so each pair the
evidence calls a slip is a trap it would fall into (or a real slip of the
list); they are printed for review. The baseline is the number of such
pairs, measured in the same run: without the part evidence, none is a slip.

Default corpus: ``../shared/corpus`` with its ``real/`` and
``real/extended/`` folders (third-party text, for measurement only; nothing
of it is copied into the repository beyond the pairs' spellings).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from compare import now, write_section
from tablelint.errors import InputError
from tablelint.naming.index import is_family_difference
from tablelint.naming.parts import PartKnowledge, slipped_part
from tablelint.naming.terms import terms_of
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import read_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DEFAULT_CORPORA = (SHARED, SHARED / "real", SHARED / "real" / "extended")
SECTION = "naming-families"
# Spellings shorter than this are left out (the rule's own limit is higher).
_SHORTEST = 4


def family_pairs(path: Path, vocabulary: list[str]) -> list[tuple[str, str, bool]]:
    """(written, name, called a slip) for each ordered pair of the file's
    spellings one letter apart where names of one family differ."""
    document = parse_document(read_source(path))
    words = {
        term.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for term in terms_of(cell.raw)
    }
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in words:
        if word.isascii() and not word.islower() and len(word) >= _SHORTEST:
            by_length[len(word)].append(word)
    known = PartKnowledge(words, vocabulary)
    pairs = []
    for group in by_length.values():
        group.sort()
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if not _one_letter_replaced(first, second) or not is_family_difference(first, second):
                    continue
                for written, name in ((first, second), (second, first)):
                    pairs.append((written, name, _called_a_slip(written, name, known)))
    return pairs


def _one_letter_replaced(first: str, second: str) -> bool:
    """One letter replaced by another of the same case, nothing else changed."""
    changed = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    if len(changed) != 1:
        return False
    a, b = changed[0]
    return a.isalpha() and b.isalpha() and a.isupper() == b.isupper()


def _called_a_slip(written: str, name: str, known: PartKnowledge) -> bool:
    """As naming-mismatch decides (``analysis._slip_in_a_part``)."""
    slipped = slipped_part(written, name)
    if slipped is None:
        return False
    part, written_part = slipped
    compared = (written, name)
    return known.reads_as_something(part, compared) and not known.reads_as_something(written_part, compared)


def _sample(pairs: list[tuple[str, str, str, bool]], size: int = 30) -> list[str]:
    """Pairs left alone, each once in either order, two at most per file."""
    seen: set[frozenset[str]] = set()
    per_file: dict[str, int] = defaultdict(int)
    sample = []
    for file, written, name, slip in pairs:
        key = frozenset((written, name))
        if slip or key in seen or per_file[file] >= 2:
            continue
        seen.add(key)
        per_file[file] += 1
        sample.append(f"`{written}`/`{name}`")
    return sample[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=list(DEFAULT_CORPORA))
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    arguments = parser.parse_args()
    files = [path for corpus in arguments.corpora for path in sorted(corpus.glob("*.md")) if path.name != "INDEX.md"]
    if not files:
        print("no Markdown files", file=sys.stderr)
        return 2
    vocabulary = list(builtin_vocabulary().accepted)
    pairs: list[tuple[str, str, str, bool]] = []
    for path in files:
        try:
            pairs += [(path.name, *pair) for pair in family_pairs(path, vocabulary)]
        except InputError as error:
            print(f"{path.name}: skipped: {error}")
    slips = [pair for pair in pairs if pair[3]]
    command = "python benchmarks/naming_families.py" + "".join(
        f" {corpus}" for corpus in arguments.corpora if list(arguments.corpora) != list(DEFAULT_CORPORA)
    )
    lines = [
        "## naming-mismatch: family traps of the slip in a part of a name\n",
        f"`{command}`, {now()}: {len(files)} files ({', '.join(str(c) for c in arguments.corpora)}). "
        "Ordered pairs of spellings that one document writes, one letter apart where names of one family "
        "differ (a first letter, a capital), as if one were written in the other's row; naming-mismatch "
        "reports one only there, and only once in the document.\n",
        f"- pairs: {len(pairs)} (without the part evidence, none is called a slip: the baseline)",
        f"- called a slip by the part evidence: **{len(slips)} of {len(pairs)}** "
        f"({len(slips) / max(len(pairs), 1):.0%})",
        *(f"  - `{written}` for `{name}` ({file.split('__')[0]})" for file, written, name, _ in slips),
        f"- left alone: {len(pairs) - len(slips)}, among them: " + ", ".join(_sample(pairs)),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not arguments.no_write:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
