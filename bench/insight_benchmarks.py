"""Benchmark: the text engine on public Vietnamese benchmarks, beside the published figures.

For each labelled set under the benchmarks folder (UIT-VSFC sentiment and topic, UIT-ViCTSD
constructiveness and toxicity, ViHSD), trains the product's classifier family (``insight.engine``:
TF-IDF views and a linear model) on the train split and reports accuracy, macro-F1 and weighted-F1
(and, for yes/no tasks, F1 of the "yes" class) on the split given by path. Every choice (views,
model, C, decision threshold) is made by cross-validation on the train split only (``CONFIG``;
``--search`` checks C again); the evaluation split is read once, at the end. Also prints the
training time, the prediction throughput on one core and the peak memory.

These sets are for research and evaluation only: they are read where they are, never copied into
the repository, and no model shipped with the product is trained on them.

    .venv/bin/python bench/insight_benchmarks.py --data ../shared/data/benchmarks            # dev splits
    .venv/bin/python bench/insight_benchmarks.py --data ../shared/data/benchmarks --split test
    .venv/bin/python bench/insight_benchmarks.py --data ... --only vsfc-sentiment --search
    .venv/bin/python bench/insight_benchmarks.py --product   # the shipped models: training, speed, size
"""

import argparse
import csv
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the figures say
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import django  # noqa: E402

django.setup()

from danvan.insight import engine  # noqa: E402


def read_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


def vsfc(folder, split, column):
    base = Path(folder) / "uit-vsfc" / split
    return read_lines(base / "sents.txt"), read_lines(base / f"{column}.txt")


def table(path, text_column, label_column):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r[text_column] for r in rows], [r[label_column].strip() for r in rows]


def victsd(folder, split, column):
    name = {"train": "ViCTSD_train.csv", "dev": "ViCTSD_valid.csv", "valid": "ViCTSD_valid.csv",
            "test": "ViCTSD_test.csv"}[split]  # fmt: skip
    return table(Path(folder) / "uit-victsd" / name, "Comment", column)


def vihsd(folder, split, _column):
    return table(Path(folder) / "vihsd" / f"{split}.csv", "free_text", "label_id")


# Per set: the views and the linear model, chosen by 5-fold stratified cross-validation on its train
# split alone (grid: views among syllable 1–2/1–3-grams with punctuation runs, folded syllables and
# character 1–5/2–5-grams; models lr, svm, nblr; C over a factor-of-3 ladder). For yes/no sets the
# decision threshold is tuned for F1 of "yes" by 5-fold cross-validation on the train split too.
CONFIG = {
    "vsfc-sentiment": {"views": ("words12p", "folded_words", "chars15"), "model": "nblr", "C": 4.0},
    "vsfc-topic": {"views": ("words13", "chars15"), "model": "svm", "C": 0.3},
    "victsd-constructive": {"views": ("chars15",), "model": "nblr", "C": 16.0, "threshold": True},
    "victsd-toxic": {
        "views": ("words13", "chars15"),
        "model": "svm",
        "C": 0.3,
        "class_weight": None,
        "threshold": True,
    },
    "vihsd": {"views": ("words13", "folded_words", "chars15"), "model": "lr-exact", "C": 3.0},
}

# name: (reader, column, yes/no task, published figures)
TASKS = {
    "vsfc-sentiment": (vsfc, "sentiments", False, "MaxEnt 87,94 · Bi-LSTM 92,0 (F1)"),
    "vsfc-topic": (vsfc, "topics", False, "MaxEnt 84,03 · Bi-LSTM 89,6 (F1)"),
    "victsd-constructive": (victsd, "Constructiveness", True, "PhoBERT 78,59 (F1)"),
    "victsd-toxic": (victsd, "Toxicity", True, "PhoBERT 59,40 (F1)"),
    "vihsd": (vihsd, None, False, "—"),
}


def build(name, binary, c=None):
    config = CONFIG[name]
    pipeline = engine.build_pipeline(
        binary=binary, C=c or config["C"], model=config["model"], views=config["views"],
        class_weight=config.get("class_weight", "balanced"),
    )  # fmt: skip
    if config.get("threshold"):
        from sklearn.model_selection import TunedThresholdClassifierCV

        pipeline = TunedThresholdClassifierCV(pipeline, scoring=make_yes_f1(), cv=5)
    return pipeline


def make_yes_f1():
    from sklearn.metrics import f1_score, make_scorer

    return make_scorer(f1_score, pos_label="1")


def choose_c(name, texts, labels, binary):
    """Search C around the chosen value (a third, same, three times) by 3-fold CV on the train split."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    base = CONFIG[name]["C"]
    best = None
    for c in (base / 3, base, base * 3):
        predicted = cross_val_predict(
            build(name, binary, c), texts, labels, cv=StratifiedKFold(3, shuffle=True, random_state=1)
        )
        score = f1_score(labels, predicted, average="macro")
        if best is None or score > best[1]:
            best = (c, score)
    return best[0]


def run(name, folder, split, search):
    from sklearn.metrics import f1_score

    reader, column, binary, published = TASKS[name]
    train_texts, train_labels = reader(folder, "train", column)
    eval_texts, eval_labels = reader(folder, split, column)
    started = time.perf_counter()
    c = choose_c(name, train_texts, train_labels, binary) if search else CONFIG[name]["C"]
    searched = time.perf_counter() - started
    started = time.perf_counter()
    pipeline = build(name, binary, c).fit(train_texts, train_labels)
    trained = time.perf_counter() - started
    started = time.perf_counter()
    predicted = pipeline.predict(eval_texts)
    rate = len(eval_texts) / (time.perf_counter() - started)
    labels = sorted(set(train_labels))
    metrics = engine.evaluate(eval_labels, list(predicted), labels)
    yes = f1_score(eval_labels, predicted, pos_label="1", average="binary") * 100 if binary else None
    return {"name": name, "train": len(train_texts), "eval": len(eval_texts), "C": c, "search_s": searched,
            "train_s": trained, "rate": rate, "yes_f1": yes, "published": published, **metrics}  # fmt: skip


def product_models():
    """The models the product ships with: trained on the seed corpus, as ``train_insight`` does."""
    import pickle

    from danvan.insight import corpus

    rows = corpus.seed_cases()
    texts = [r["text"] for r in rows]
    for name, labels, binary in (("lĩnh vực", [r["field"] for r in rows], False),
                                 ("khẩn cấp", [str(int(r["urgent"])) for r in rows], True)):  # fmt: skip
        started = time.perf_counter()
        trained = engine.train(texts, labels, binary=binary)
        total = time.perf_counter() - started
        batch = texts * 14  # about 10,000 texts
        started = time.perf_counter()
        engine.predict(trained.pipeline, batch)
        rate = len(batch) / (time.perf_counter() - started)
        started = time.perf_counter()
        for item in texts[:300]:
            engine.predict(trained.pipeline, [item])
        single = (time.perf_counter() - started) / 300 * 1000
        size = len(pickle.dumps(trained.pipeline)) / 1e6
        print(f"mô hình {name:9} (kho mẫu, {len(texts)} câu): kiểm định chéo 5 phần + huấn luyện {total:.1f} s, "
              f"macro-F1 {trained.metrics['macro_f1']:.2f}; dự đoán {rate:,.0f} câu/s theo lô, {single:.1f} ms một câu; "
              f"mô hình {size:.1f} MB", flush=True)  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description="Đo bộ phân loại văn bản trên các tập dữ liệu công khai.")
    parser.add_argument("--data", help="thư mục chứa uit-vsfc/, uit-victsd/, vihsd/")
    parser.add_argument("--product", action="store_true", help="đo các mô hình của sản phẩm (kho mẫu)")
    parser.add_argument("--split", default="dev", help="tập đánh giá: dev (mặc định) hoặc test")
    parser.add_argument("--only", action="append", choices=list(TASKS))
    parser.add_argument(
        "--search", action="store_true", help="chọn lại C bằng kiểm định chéo 3 phần trên tập huấn luyện"
    )
    args = parser.parse_args()
    if args.product:
        product_models()
    if not args.data:
        if not args.product:
            parser.error("cần --data hoặc --product")
        return
    results = []
    for name in args.only or list(TASKS):
        result = run(name, args.data, args.split, args.search)
        results.append(result)
        yes = f"{result['yes_f1']:6.2f}" if result["yes_f1"] is not None else "     —"
        print(f"{name:20} train {result['train']:6} {args.split} {result['eval']:5}  C={result['C']:<5.3g} "
              f"acc {result['accuracy']:6.2f}  macro-F1 {result['macro_f1']:6.2f}  weighted-F1 {result['weighted_f1']:6.2f}  "
              f"F1(có) {yes}  | công bố: {result['published']}  | huấn luyện {result['train_s']:.1f} s "
              f"(+ chọn lại C {result['search_s']:.0f} s), dự đoán {result['rate']:,.0f} câu/s", flush=True)  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bộ nhớ đỉnh {peak:.0f} MB")


if __name__ == "__main__":
    main()
