"""`make bench` for the navigator: how many questions it takes to reach a complete checklist.

Walks the flow over every combination of answers (one answer per class of answers that can
change the outcome, see :func:`flow.sample_answers`) and over the lost-card side path.
"""

from __future__ import annotations

import time

from madoguchi.guide import flow
from madoguchi.guide.checklist import build_checklist


def run() -> None:
    paths = flow.all_paths()
    counts = [n for _, n in paths]
    median, maximum = flow.question_counts()
    print(f"BENCH guide.paths={len(paths)}")
    print(f"BENCH guide.median_questions={median:g}")
    print(f"BENCH guide.max_questions={maximum}")
    print(f"BENCH guide.mean_questions={sum(counts) / len(counts):.2f}")
    started = time.perf_counter()
    for facts, _n in paths:
        build_checklist(facts, "ja", today=flow.WALK_TODAY)
    elapsed = (time.perf_counter() - started) / len(paths) * 1000
    print(f"BENCH guide.checklist_ms={elapsed:.3f}")
