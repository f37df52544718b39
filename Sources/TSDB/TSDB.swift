// TSDB: see ARCHITECTURE.md. Work in progress.
