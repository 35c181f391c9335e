"""What a report is: the validated report model, texts with their translations, the status
scale and its rules, plan profiles, and extracts of a report."""
