"""Benchmarks (`make bench`): figures for SPEC §7, written to out/bench.json."""
