"""Datasets shipped with skltsm (no download needed)."""

from skltsm.datasets._airline import load_airline

__all__ = ["load_airline"]
