"""The DejaVu Serif fonts every PDF the product writes uses (licence in LICENSE, origin in README)."""

from pathlib import Path

FONTS = Path(__file__).parent
