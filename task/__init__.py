"""The task both versions train, written once: the config, the model and the data recipe. Neither
`vanilla/` nor `lightning_version/` owns it; the refactor does not touch it. What both versions
share beside it (checkpoints, what a run returns, the command line) is in `common/`."""
