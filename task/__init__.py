"""The task both versions train, written once: the config, the model, the data recipe, what a run returns, and how
checkpoint files are found and read. Neither `vanilla/` nor `lightning_version/` owns it; the refactor does not touch it."""
