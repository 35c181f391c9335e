"""Checks on a dataset (every problem at once, with its place) and translation coverage."""
