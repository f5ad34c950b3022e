"""Embedded sample data: the labelled sample month (October 2025)."""

from pathlib import Path

SAMPLE_MONTH = Path(__file__).with_name("sample_month")
