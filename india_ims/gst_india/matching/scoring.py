"""Score a RESULT.csv against a truth.csv: pair precision and recall, status agreement, confusion.

A pair is (IMS record, purchase invoice); an IMS record is named by
(section, supplier GSTIN, document number) as in IMS.json. The bars of the
reconciliation issue: precision >= 99.9 % (issue 13), recall >= 99 %, status agreement
on >= 97 % of true pairs, and no wrong pair labelled Exact or Suggested.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..documents import MatchStatus
from ..errors import GstError
from ..export_text import from_csv_text

CATEGORY_STATUS = {
    "exact": MatchStatus.EXACT.value,
    "suggested": MatchStatus.SUGGESTED.value,
    "mismatch": MatchStatus.MISMATCH.value,
    "missing_in_pi": MatchStatus.MISSING_IN_PI.value,
    "missing_in_ims": MatchStatus.MISSING_IN_IMS.value,
}
PAIRED = {"exact", "suggested", "mismatch"}
CONFIDENT = (MatchStatus.EXACT.value, MatchStatus.SUGGESTED.value)
STATUS_ORDER = [CATEGORY_STATUS[c] for c in CATEGORY_STATUS]


@dataclass
class Score:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    status_agreements: int
    wrong_confident: int  # wrong pairs labelled Exact or Suggested
    confusion: Counter = field(default_factory=Counter)  # (truth category, predicted status) -> count

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def status_agreement(self) -> float:
        return self.status_agreements / self.true_pairs if self.true_pairs else 1.0

    def meets_bars(self) -> bool:
        return (self.precision >= 0.999 and self.recall >= 0.99 and self.status_agreement >= 0.97
                and self.wrong_confident == 0)

    def report(self) -> str:
        lines = [
            f"pair precision    {self.precision:8.2%}  "
            f"({self.correct_pairs} of {self.predicted_pairs} pairs)",
            f"pair recall       {self.recall:8.2%}  ({self.correct_pairs} of {self.true_pairs} true pairs)",
            f"status agreement  {self.status_agreement:8.2%}  "
            f"({self.status_agreements} of {self.true_pairs})",
            f"wrong pairs labelled Exact/Suggested: {self.wrong_confident}",
            f"bars (99.9 / 99 / 97 / 0): {'met' if self.meets_bars() else 'NOT met'}",
            "",
            "confusion (rows: truth, columns: result)",
        ]
        short = ["exact", "suggest", "mismatch", "miss PI", "miss IMS"]
        lines.append(f"{'':16}" + "".join(f"{name:>10}" for name in short))
        for category, status in CATEGORY_STATUS.items():
            del status
            cells = [self.confusion[(category, predicted)] for predicted in STATUS_ORDER]
            lines.append(f"{category:16}" + "".join(f"{n:>10}" for n in cells))
        return "\n".join(lines)


def _read(path: Path, required: tuple[str, ...]) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise GstError(f"{path}: missing column {', '.join(missing)}")
        # RESULT.csv quotes text a spreadsheet would run; score the values themselves
        return [{k: from_csv_text(v) if isinstance(v, str) else v for k, v in row.items()} for row in reader]


def score_rows(result: list[dict], truth: list[dict]) -> Score:
    def key(row):
        return (row["section"].strip(), row["supplier_gstin"].strip().upper(), row["document_number"].strip())

    true_pair = {}
    true_category = {}
    missing_books = {}
    for row in truth:
        category = row["category"].strip()
        if category == "missing_in_ims":
            missing_books[row["purchase_invoice"].strip()] = category
            continue
        true_category[key(row)] = category
        if category in PAIRED:
            true_pair[key(row)] = row["purchase_invoice"].strip()
    predicted_pair = {}
    predicted_status = {}
    books_status = {}
    for row in result:
        status = row["match_status"].strip()
        if row["section"].strip():
            predicted_status[key(row)] = status
            if row["purchase_invoice"].strip():
                predicted_pair[key(row)] = row["purchase_invoice"].strip()
        elif row["purchase_invoice"].strip():
            books_status[row["purchase_invoice"].strip()] = status
    correct = sum(1 for k, pi in predicted_pair.items() if true_pair.get(k) == pi)
    agreements = sum(
        1 for k, pi in true_pair.items()
        if predicted_pair.get(k) == pi and predicted_status.get(k) == CATEGORY_STATUS[true_category[k]]
    )
    wrong_confident = sum(
        1 for k, pi in predicted_pair.items()
        if true_pair.get(k) != pi and predicted_status[k] in CONFIDENT
    )
    confusion: Counter = Counter()
    for k, category in true_category.items():
        confusion[(category, predicted_status.get(k, "absent"))] += 1
    for name, category in missing_books.items():
        # a book document missing in IMS that the result paired shows under the status of its pair
        confusion[(category, books_status.get(name, "paired"))] += 1
    return Score(len(true_pair), len(predicted_pair), correct, agreements, wrong_confident, confusion)


def score_files(result_path: str | Path, truth_path: str | Path) -> Score:
    result = _read(Path(result_path), ("section", "supplier_gstin", "document_number", "purchase_invoice",
                                      "match_status"))
    truth = _read(Path(truth_path), ("section", "supplier_gstin", "document_number", "purchase_invoice",
                                    "category"))
    return score_rows(result, truth)
