"""The document model every writer draws (blocks), the layout decisions made once on it
(transforms), and the pairing of two languages into a bilingual document."""
