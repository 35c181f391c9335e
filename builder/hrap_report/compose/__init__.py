"""From the model to the document model: the Jinja environment and templates, label
catalogs, the generated tables and charts, and the reader of the templates' markup."""
