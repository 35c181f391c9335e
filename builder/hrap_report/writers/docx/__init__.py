"""The DOCX writer (python-docx), its raw OOXML helpers and its reproducible packaging."""
