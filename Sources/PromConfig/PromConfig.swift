// PromConfig: see ARCHITECTURE.md. Work in progress.
