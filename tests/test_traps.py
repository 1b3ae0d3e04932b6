"""Traps for the parity proof, checked against the installed Lightning (so the notes in lesson 3 are facts)."""

import lightning as L
import torch
from torch.utils.data import DataLoader

import lightning_version.data
import lightning_version.train
import vanilla.train
from lightning_version.callbacks import History
from lightning_version.data import RegressionData
from lightning_version.train import LitRegressor
from task.config import TrainConfig
from task.recipe import make_data, make_dataset


def test_sanity_check_validation_leaves_the_shuffle_order_alone():
    """Older courses warn that the sanity check consumes random numbers; lightning 2.6 runs it under isolate_rng()."""
    config = TrainConfig(shuffle=True, epochs=2, val_fraction=0.2)
    reference = vanilla.train.train(config).step_losses
    losses = {}
    for sanity_steps in (0, 2):
        L.seed_everything(config.seed, verbose=False)
        model, history = LitRegressor(config.n_features, config.lr), History()
        trainer = L.Trainer(
            max_epochs=config.epochs,
            num_sanity_val_steps=sanity_steps,
            logger=False,
            callbacks=[history],
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
        )
        trainer.fit(model, datamodule=RegressionData(config))
        losses[sanity_steps] = torch.stack(history.history["step_losses"])
    assert torch.equal(losses[0], reference)
    assert torch.equal(losses[2], reference)


def test_a_seeded_loader_generator_drifts_apart_from_epoch_two(monkeypatch):
    def seeded_loader(config):
        X, y, _, _ = make_data(config)
        generator = torch.Generator().manual_seed(config.seed)
        return DataLoader(
            make_dataset(X, y), batch_size=config.batch_size, shuffle=True, generator=generator
        )

    monkeypatch.setattr(vanilla.train, "make_loaders", lambda config: (seeded_loader(config), None))
    monkeypatch.setattr(
        lightning_version.data.RegressionData,
        "train_dataloader",
        lambda self: seeded_loader(self.config),
    )
    config = TrainConfig(shuffle=True, epochs=3)
    a, b = vanilla.train.train(config), lightning_version.train.train(config)
    same_epochs = (a.step_losses == b.step_losses).view(config.epochs, -1).all(dim=1)
    assert same_epochs.tolist() == [True, False, False]
