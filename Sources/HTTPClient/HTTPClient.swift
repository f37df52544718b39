// HTTPClient: see ARCHITECTURE.md. Work in progress.
