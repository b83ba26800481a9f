"""Extraction stays linear in document length, even on hostile shapes.

For each shape, a document of size n, 2n and 4n is extracted three times; the
median CPU times give the ratio t(4n)/t(n). Linear work gives about 4 (noise
aside); quadratic work gives 16. Target: every ratio under 6. The shapes are
the ones that once were quadratic (issue 12): one comma list of thousands of
made-up names after a decision verb, "The Big " repeated, thousands of
decision sentences, and thousands of acronyms.
"""

from __future__ import annotations

import random
import statistics
import time

from cliffhanger.extraction import extract
from cliffhanger.model import Document

WORDS = ["Glass", "Harbor", "Tin", "Crown", "Copper", "Sky", "Pine", "Hollow", "Velvet", "Road"]
TARGET = 6.0


def _names(rng: random.Random, n: int) -> str:
    return ", ".join(f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}" for i in range(n))


def shapes(n: int) -> dict[str, str]:
    """Return each hostile shape at size n (n names, sentences or repeats)."""
    rng = random.Random(n)
    return {
        "comma list": "Netflix has canceled " + _names(rng, n) + ".",
        "'The Big ' repeated": "The Big " * (n * 5),
        "decision sentences": " ".join(
            f"Hulu renewed {rng.choice(WORDS)} {rng.choice(WORDS)} for a second season."
            for _ in range(n // 4)
        ),
        "acronyms": " ".join(
            f"ABC{chr(65 + i % 26)}{chr(65 + i // 26 % 26)} ended." for i in range(n)
        ),
    }


def _cpu(text: str) -> float:
    t0 = time.process_time()
    extract(Document(source="bench", text=text))
    return time.process_time() - t0


def main() -> int:
    base = 2000
    sizes = (base, 2 * base, 4 * base)
    docs = {n: shapes(n) for n in sizes}
    worst = 0.0
    print(f"extraction time vs length (median of 3 CPU runs; target t(4n)/t(n) < {TARGET})")
    for shape in docs[base]:
        times = [statistics.median(_cpu(docs[n][shape]) for _ in range(3)) for n in sizes]
        ratio = times[2] / max(times[0], 1e-6)
        worst = max(worst, ratio)
        kb = [len(docs[n][shape]) // 1000 for n in sizes]
        print(
            f"  {shape:22s} {kb[0]:>4}/{kb[1]:>4}/{kb[2]:>4} KB: "
            f"{times[0]:.2f}/{times[1]:.2f}/{times[2]:.2f} s, ratio {ratio:.1f}"
        )
    print(f"worst ratio {worst:.1f}: {'met' if worst < TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
