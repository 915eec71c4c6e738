"""Checks over a loaded tracker that need more than one row or file."""
