"""Triage benchmark: speed and quality of hearth.triage on the held-out test set, side by
side with a plain keyword-list baseline, in one run.

    .venv/bin/python bench/triage.py [--quick] [--passes 20] [--set test|train]

1. Quality on ``hearth/triage/data/test.jsonl`` (never used for tuning): precision and
   recall per level, recall of high and of moderate-or-high with precision, for the engine
   and for the baseline, against the targets (high recall >= 0.90, moderate-or-high recall
   >= 0.95 with precision >= 0.80).
2. Speed, one message at a time in this process, as the helpline calls it: the first pass
   over the set with cold caches, then ``--passes`` more; per-message p50/p95/p99/max and
   messages per second, plus the same for long messages (ten messages joined into one).
   Target: p95 < 30 ms.

A measurement, not a gate: it always exits 0. Results also go to
bench/results/triage-<timestamp>.json (gitignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import unicodedata
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.triage import Risk, assess  # noqa: E402
from hearth.triage.evaluation import LATER_SETS, TEST, TRAIN, Example, evaluate, load  # noqa: E402
from hearth.triage.normalise import correct_word  # noqa: E402

TARGET_HIGH_RECALL = 0.90
TARGET_MOD_RECALL = 0.95
TARGET_MOD_PRECISION = 0.80
TARGET_P95_MS = 30.0

# The baseline: what a first attempt usually looks like — lists of words per level, matched
# as plain substrings of the lower-cased text, highest level wins.
BASELINE_WORDS: dict[Risk, tuple[str, ...]] = {
    Risk.HIGH: (
        "suicide",
        "suicidal",
        "kill myself",
        "end my life",
        "end it all",
        "kms",
        "overdose",
        "pills",
        "gun",
        "rope",
        "goodbye",
        "tonight",
        "matarme",
        "suicid",
        "quitarme la vida",
        "pastillas",
        "despedida",
        "esta noche",
    ),
    Risk.MODERATE: (
        "want to die",
        "wish i was dead",
        "better off without me",
        "self harm",
        "self-harm",
        "cut myself",
        "cutting",
        "hurt myself",
        "don't want to live",
        "disappear",
        "dying",
        "kill",
        "morir",
        "muerte",
        "no quiero vivir",
        "cortarme",
        "me corté",
        "hacerme daño",
        "desaparecer",
        "mejor sin mí",
    ),
    Risk.LOW: (
        "sad",
        "lonely",
        "alone",
        "anxious",
        "anxiety",
        "depressed",
        "stressed",
        "relapse",
        "craving",
        "hopeless",
        "triste",
        "sola",
        "solo",
        "ansiedad",
        "deprimid",
        "recaí",
        "estrés",
    ),
}


def baseline(text: str) -> Risk:
    lowered = text.lower()
    for level in (Risk.HIGH, Risk.MODERATE, Risk.LOW):
        if any(word in lowered for word in BASELINE_WORDS[level]):
            return level
    return Risk.NONE


def engine(text: str) -> Risk:
    return assess(text).risk


# --- speed -----------------------------------------------------------------------------------


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def time_calls(func, texts: list[str], passes: int) -> dict:
    """Per-call latency (ms) over ``passes`` passes, and calls per second."""
    samples: list[float] = []
    gc.collect()
    started = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            t0 = time.perf_counter_ns()
            func(text)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    elapsed = time.perf_counter() - started
    samples.sort()
    return {
        "calls": len(samples),
        "p50_ms": _percentile(samples, 0.50),
        "p95_ms": _percentile(samples, 0.95),
        "p99_ms": _percentile(samples, 0.99),
        "max_ms": samples[-1],
        "mean_ms": statistics.fmean(samples),
        "per_second": len(samples) / elapsed if elapsed else float("inf"),
    }


def speed(examples: list[Example], passes: int) -> dict[str, dict]:
    texts = [e.text for e in examples]
    long_texts = [" ".join(texts[i : i + 10]) for i in range(0, len(texts), 10)]
    correct_word.cache_clear()
    results = {"engine, first pass (cold caches)": time_calls(engine, texts, 1)}
    results["engine"] = time_calls(engine, texts, passes)
    results["engine, long messages"] = time_calls(engine, long_texts, max(1, passes))
    results["baseline"] = time_calls(baseline, texts, passes)
    return results


def print_speed(results: dict[str, dict], chars: float, long_chars: float) -> None:
    print(f"\nSpeed: one message at a time (mean {chars:.0f} characters; long ≈ {long_chars:.0f})")
    header = (
        f"{'':34} {'calls':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'msg/s':>9}"
    )
    print(header)
    for name, r in results.items():
        print(
            f"{name:34} {r['calls']:6d} {r['p50_ms']:8.3f} {r['p95_ms']:8.3f} {r['p99_ms']:8.3f} "
            f"{r['max_ms']:8.3f} {r['per_second']:9.0f}"
        )
    worst = max(r["p95_ms"] for n, r in results.items() if n.startswith("engine"))
    verdict = "met" if worst < TARGET_P95_MS else "NOT met"
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {verdict} (worst engine p95 {worst:.3f} ms)")


# --- quality ---------------------------------------------------------------------------------


def quality(examples: list[Example]) -> dict[str, dict]:
    out = {}
    for name, judge in (("engine", engine), ("baseline", baseline)):
        figures = evaluate(examples, judge)
        out[name] = {
            key: {
                "precision": f.precision,
                "recall": f.recall,
                "predicted": f.predicted,
                "actual": f.actual,
            }
            for key, f in figures.items()
        }
        out[name]["accuracy"] = sum(1 for e in examples if judge(e.text) == e.risk) / len(examples)
    return out


def _mark(ok: bool) -> str:
    return "yes" if ok else "NO"


def print_quality(results: dict[str, dict], examples: list[Example], name: str) -> None:
    counts = {r.label: sum(1 for e in examples if e.risk == r) for r in Risk}
    langs = {lang: sum(1 for e in examples if e.lang == lang) for lang in ("en", "es")}
    print(
        f"\nQuality on {name}: {len(examples)} messages "
        f"({', '.join(f'{k} {v}' for k, v in counts.items())}; "
        f"English {langs['en']}, Spanish {langs['es']})"
    )
    print(f"{'':18} {'engine P':>9} {'engine R':>9}   {'baseline P':>10} {'baseline R':>10}   n")
    for key in ("none", "low", "moderate", "high", "moderate+", "low+"):
        e, b = results["engine"][key], results["baseline"][key]
        label = {"moderate+": "moderate or high", "low+": "any risk (low+)"}.get(key, key)
        print(
            f"{label:18} {e['precision']:9.3f} {e['recall']:9.3f}   {b['precision']:10.3f} "
            f"{b['recall']:10.3f}   {e['actual']}"
        )
    print(
        f"{'exact level':18} {'accuracy':>9} {results['engine']['accuracy']:9.3f}   "
        f"{'':>10} {results['baseline']['accuracy']:10.3f}"
    )
    print("targets:")
    for who in ("engine", "baseline"):
        r = results[who]
        print(
            f"  {who:8} high recall {r['high']['recall']:.3f} >= {TARGET_HIGH_RECALL}: "
            f"{_mark(r['high']['recall'] >= TARGET_HIGH_RECALL)};  "
            f"moderate-or-high recall {r['moderate+']['recall']:.3f} >= {TARGET_MOD_RECALL}: "
            f"{_mark(r['moderate+']['recall'] >= TARGET_MOD_RECALL)}, precision "
            f"{r['moderate+']['precision']:.3f} >= {TARGET_MOD_PRECISION}: "
            f"{_mark(r['moderate+']['precision'] >= TARGET_MOD_PRECISION)}"
        )


def print_misses(examples: list[Example]) -> None:
    misses = [(e, assess(e.text)) for e in examples if assess(e.text).risk != e.risk]
    print(f"\nEngine's misses ({len(misses)}):")
    for example, result in misses:
        print(
            f"  {example.id} expected {example.risk.label}, got {result.risk.label}: {example.text}"
        )


def print_later_sets() -> dict:
    """The sets written after rule freezes. Their first, blind figures are in docs/triage.md;
    the rules were changed after each, so these figures are no longer blind."""
    print(
        "\nSets written after rule freezes (no longer blind: docs/triage.md has the first figures)"
    )
    out = {}
    for path in LATER_SETS:
        examples = load(path)
        row = {}
        for who, judge in (("engine", engine), ("baseline", baseline)):
            f = evaluate(examples, judge)
            row[who] = {
                "high_recall": f["high"].recall,
                "high_precision": f["high"].precision,
                "moderate+_recall": f["moderate+"].recall,
                "moderate+_precision": f["moderate+"].precision,
            }
            print(
                f"  {path.name:12} {who:8} n={len(examples):3d}  high R {f['high'].recall:.3f} "
                f"P {f['high'].precision:.3f}   moderate-or-high R {f['moderate+'].recall:.3f} "
                f"P {f['moderate+'].precision:.3f}"
            )
        out[path.name] = row
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 timed passes instead of 20")
    parser.add_argument("--passes", type=int, default=None, help="timed passes over the set")
    parser.add_argument("--set", choices=["test", "train"], default="test")
    args = parser.parse_args(argv)
    passes = args.passes or (3 if args.quick else 20)
    path = TEST if args.set == "test" else TRAIN
    examples = load(path)
    print(
        f"Triage benchmark — {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.1f}"
    )
    qual = quality(examples)
    print_quality(qual, examples, path.name + (" (held out)" if args.set == "test" else ""))
    print_misses(examples)
    extra = {}
    if args.set == "test":
        extra = print_later_sets()
    chars = statistics.fmean(len(e.text) for e in examples)
    texts = [e.text for e in examples]
    long_chars = statistics.fmean(
        len(" ".join(texts[i : i + 10])) for i in range(0, len(texts), 10)
    )
    fast = speed(examples, passes)
    print_speed(fast, chars, long_chars)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    result_path = out_dir / f"triage-{stamp}.json"
    result_path.write_text(
        json.dumps(
            {
                "set": path.name,
                "passes": passes,
                "quality": qual,
                "later_sets": extra,
                "speed": fast,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"results: {result_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    unicodedata.normalize("NFC", "")  # loads the table before any timing
    sys.exit(main())
