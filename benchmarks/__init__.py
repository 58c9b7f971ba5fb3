"""Benchmarks and the airline demo; run as modules from the repository root."""
