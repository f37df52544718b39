// Exposition: see ARCHITECTURE.md. Work in progress.
