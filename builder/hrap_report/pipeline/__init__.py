"""A build from options to files: loading, composing and writing, batches of reports,
worker processes, progress, atomic writes, the build date, and dataset export."""
