"""Benchmarks and the development sets they run on."""
