"""Benchmark: the near-duplicate sweep over 1,000,000 texts (target: under 10 minutes).

Builds the texts from the shipped seed corpus: each is a new 13-to-46-word sequence drawn from the
corpus' word pairs, one word in eight taken from anywhere in the corpus (so it reads like a
citizen's message and shares phrases with others, as real ones do), with a village and a date of
its own; 1% are rewrites of an earlier text (clauses swapped, diacritics dropped, a greeting added, a word
changed) — the duplicates the sweep must find. Measures MinHash signatures, the LSH pairing and
the check of the candidate pairs, on one process, and prints the time beside the target with the
share of planted duplicates found.

    .venv/bin/python bench/insight_duplicates.py                 # 1,000,000 texts
    .venv/bin/python bench/insight_duplicates.py --texts 100000  # a quick try
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")

import django  # noqa: E402

django.setup()

from danvan.core.text import fold  # noqa: E402
from danvan.insight import corpus, dedup  # noqa: E402

TARGET_S = 600
COMMUNES = ["Ia Ly", "Ia Grai", "Chư Păh", "Biển Hồ", "Hội Phú", "Pleiku", "Ia Kha", "Đak Đoa", "Chư Sê", "An Phú"]
GREETINGS = ["Kính gửi UBND xã, ", "Kính thưa các cấp lãnh đạo, ", "Xin chào cán bộ, ", "Tôi xin phản ánh: "]


def number(value):
    return f"{value:,}".replace(",", ".")


def build(total, rng):
    """Texts from a word-bigram chain over the seed corpus (new sentences in the corpus' voice), each
    with a place, a date and a house number; 1% are rewrites of an earlier text."""
    following = {}
    starts = []
    for row in corpus.seed_cases():
        words = row["text"].split()
        starts.append(words[0])
        for left, right in zip(words, words[1:], strict=False):
            following.setdefault(left, []).append(right)
    vocabulary = sorted({word for choices in following.values() for word in choices})
    texts, planted = [], []
    for n in range(total):
        if n > 100 and rng.random() < 0.01:
            source = rng.randrange(n)
            parts = texts[source].split(". ")
            rng.shuffle(parts)
            rewrite = ". ".join(parts)
            if rng.random() < 0.5:
                rewrite = fold(rewrite)
            words = rewrite.split()
            words[rng.randrange(len(words))] = rng.choice(["rất", "đã", "nay", "vẫn"])
            texts.append(rng.choice(GREETINGS) + " ".join(words))
            planted.append((source, n))
            continue
        word = rng.choice(starts)
        words = [word]
        for _step in range(rng.randint(12, 45)):
            word = rng.choice(following.get(word) or starts)
            # One word in eight taken from anywhere in the corpus: people do not repeat each other's runs.
            words.append(rng.choice(vocabulary) if rng.random() < 0.125 else word)
        place = (
            f"ở thôn {rng.randint(1, 40)} xã {rng.choice(COMMUNES)} từ ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}"
        )
        words.insert(rng.randint(1, len(words)), place)
        texts.append(" ".join(words) + ".")
    return texts, planted


def main():
    parser = argparse.ArgumentParser(description="Đo thời gian quét văn bản gần trùng.")
    parser.add_argument("--texts", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=100_000, help="văn bản mỗi lần tính chữ ký")
    args = parser.parse_args()
    rng = random.Random(2026)
    started = time.perf_counter()
    texts, planted = build(args.texts, rng)
    print(
        f"Dữ liệu: {number(len(texts))} văn bản, {number(len(planted))} bản viết lại ({time.perf_counter() - started:.1f} s)"
    )

    started = time.perf_counter()
    import numpy as np

    parts = []
    for begin in range(0, len(texts), args.chunk):
        parts.append(dedup.signatures(texts[begin : begin + args.chunk]))
        done = min(begin + args.chunk, len(texts))
        print(f"\r  chữ ký MinHash: {number(done)}/{number(len(texts))}", end="", flush=True)
    print()
    signatures = np.concatenate(parts)
    signed = time.perf_counter() - started
    found = dedup.near_duplicates(signatures)
    total = time.perf_counter() - started
    pairs = {(i, j) for i, j, _s in found}
    caught = sum(1 for pair in planted if pair in pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "đạt" if total < TARGET_S else "CHƯA ĐẠT"
    print(f"chữ ký {signed:.1f} s, ghép cặp và kiểm tra {total - signed:.1f} s")
    print(f"quét gần trùng {number(len(texts))} văn bản {total:9.1f} s   mục tiêu < {TARGET_S} s   {verdict}")
    print(f"  cặp đề xuất {number(len(found))}; bản viết lại tìm được {number(caught)}/{number(len(planted))} "
          f"({100 * caught / max(len(planted), 1):.1f}%); bộ nhớ đỉnh {peak:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
