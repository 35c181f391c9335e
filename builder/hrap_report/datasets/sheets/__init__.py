"""The dataset as tables, shared by the workbook and CSV formats: the layout of the sheets,
reading rows back into the raw form, and writing a report as rows."""
