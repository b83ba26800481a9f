"""Coverage-guided fuzzing of the document loader with atheris (libFuzzer), run by `make fuzz`.

    .venv/bin/python tests/fuzz/atheris_loader.py -runs=10000

Any bytes, read as a .txt or an .html file, must give a Document or a
one-line CliffhangerError; anything else is a crash that libFuzzer reports
with the input that caused it. Not a pytest module: libFuzzer owns the process.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from cliffhanger.documents.load import read_document
    from cliffhanger.errors import CliffhangerError

FOLDER = Path(tempfile.mkdtemp(prefix="cliffhanger-atheris-"))


def one_input(data: bytes) -> None:
    """Read `data` as a document; only a CliffhangerError may come out."""
    suffix = ".html" if data[:1] in (b"<", b"\x00") else ".txt"
    path = FOLDER / f"input{suffix}"
    path.write_bytes(data)
    try:
        read_document(str(path))
    except CliffhangerError as e:
        if "\n" in e.message:
            raise AssertionError(f"a two-line error: {e.message!r}") from e


def main() -> None:
    """Run libFuzzer over `one_input` for the number of inputs given by -runs (it exits)."""
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()  # libFuzzer ends the process, printing "Done N runs"


if __name__ == "__main__":
    main()
