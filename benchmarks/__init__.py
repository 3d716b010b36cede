"""Benchmarks: measured ratios against baselines run in the same process."""
