"""Datasets on disk: opening a user's files, the raw form every reader returns (values with
their places), the YAML folder, workbook and CSV readers and writers, the plain-text
importer, plan profile files, and `formats`, the registry of dataset formats."""
