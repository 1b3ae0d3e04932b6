"""The regression task as a LightningModule + Trainer: the refactor of the vanilla loop."""
