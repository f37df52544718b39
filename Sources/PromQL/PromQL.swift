// PromQL: see ARCHITECTURE.md. Work in progress.
