"""The README and the module docs state what the demo does (they once said 41 and 46 cases; it made 53)."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from danvan.cases.models import Case

ROOT = Path(__file__).resolve().parents[3]


def test_the_docs_give_the_number_of_demo_cases_the_demo_makes(tree, personas):
    call_command("seed_cases", stdout=StringIO())
    made = Case.objects.count()
    readme = re.findall(r"(\d+) vụ việc mẫu", (ROOT / "README.md").read_text(encoding="utf-8"))
    module = re.findall(r"seed_cases` \(run by `seed_demo`, hence `make run`\) adds (\d+) cases",
                        (ROOT / "docs/modules/cases.md").read_text(encoding="utf-8"))  # fmt: skip
    assert readme == [str(made)] and module == [str(made)], (readme, module, made)
