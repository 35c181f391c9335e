"""The PDF writer (reportlab): layout, flowables, fonts and styles."""
