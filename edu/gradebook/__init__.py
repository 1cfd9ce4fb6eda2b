"""Gradebook: item analysis, safe CSV export and inline SVG charts. Plain Python, no Flask."""
