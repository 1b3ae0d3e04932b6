"""Exercise 9, the capstone: capstone/mlp_script.py as a LightningModule, a LightningDataModule, a Callback and
one Trainer(...) call, bitwise the script's run."""

import copy
import time

import lightning as L
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from capstone.mlp_script import MLP, make_data
from course.exercises.capstone import check_capstone
from staff.exercise_corpus import Exercise, Wrong


def answer(
    lr=0.05,
    schedule=(4, 0.8),
    interval="epoch",
    clip=1.0,
    epochs=12,
    seed_first=True,
    split=384,
    train_batch=32,
    val_shuffle=False,
    loss=F.mse_loss,
    keep="best",
    copy_weights=True,
    prints=True,
    returns="pair",
    callback_given=True,
    hook="on_train_epoch_end",
    dropout=0.1,
    extra_trainer=None,
    data_in_init=False,
    seed=torch.manual_seed,
    log_train=True,
):
    """A fit() written as the solution, but for one argument."""

    class LitMLP(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.net = MLP(dropout=dropout)

        def training_step(self, batch, batch_idx):
            x, target = batch
            value = loss(self.net(x), target)
            if log_train:
                self.log("train_loss", value)
            return value

        def validation_step(self, batch, batch_idx):
            x, target = batch
            self.log("val_loss", F.mse_loss(self.net(x), target))

        def configure_optimizers(self):
            optimizer = torch.optim.Adam(self.parameters(), lr=lr)
            if schedule is None:
                return optimizer
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, *schedule)
            return {
                "optimizer": optimizer,
                "lr_scheduler": {"scheduler": scheduler, "interval": interval},
            }

    class MLPData(L.LightningDataModule):
        def __init__(self):
            super().__init__()
            if data_in_init:
                self._split()

        def _split(self):
            X, y = make_data()
            self.train_set = TensorDataset(X[:split], y[:split])
            self.val_set = TensorDataset(X[split:], y[split:])

        def setup(self, stage):
            if not data_in_init:
                self._split()

        def train_dataloader(self):
            return DataLoader(self.train_set, batch_size=train_batch, shuffle=True)

        def val_dataloader(self):
            return DataLoader(self.val_set, batch_size=48, shuffle=val_shuffle)

    class EpochReport(L.Callback):
        def __init__(self):
            self.best, self.best_weights = float("inf"), None

        def on_train_epoch_start(self, trainer, module):
            self.started = time.perf_counter()

        def report(self, trainer, module):
            metrics = trainer.callback_metrics
            watched = metrics["train_loss" if keep == "train" else "val_loss"]
            if keep == "last" or watched < self.best:
                self.best = watched
                weights = module.state_dict()
                self.best_weights = copy.deepcopy(weights) if copy_weights else weights
            if prints:
                print(f"epoch {trainer.current_epoch} val_loss {float(metrics['val_loss']):.4f}")

    setattr(EpochReport, hook, EpochReport.report)

    def fit():
        if seed_first:
            seed(0)
        module = LitMLP()
        if not seed_first:
            seed(0)
        report = EpochReport()
        trainer = L.Trainer(
            max_epochs=epochs,
            gradient_clip_val=clip,
            accelerator="cpu",
            logger=False,
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
            callbacks=[report] if callback_given else [],
            **(extra_trainer or {}),
        )
        trainer.fit(module, datamodule=MLPData())
        return {"pair": (module, report), "swapped": (report, module), "module": module}[returns]

    return fit


def lightning_seeded_two_trainer_styles():
    """L.seed_everything, positional datamodule, ModelCheckpoint-free, the inner MLP's state_dict kept."""

    class Lit(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.mlp = MLP()

        def forward(self, x):
            return self.mlp(x)

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = F.mse_loss(self(x), y)
            self.log("train_loss", loss, prog_bar=True)
            return loss

        def validation_step(self, batch, batch_idx):
            x, y = batch
            self.log("val_loss", F.mse_loss(self(x), y), on_epoch=True)

        def configure_optimizers(self):
            opt = torch.optim.Adam(self.mlp.parameters(), lr=5e-2)
            return [opt], [torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.8)]

    class Data(L.LightningDataModule):
        def setup(self, stage=None):
            X, y = make_data()
            self.train, self.val = TensorDataset(X[:384], y[:384]), TensorDataset(X[384:], y[384:])

        def train_dataloader(self):
            return DataLoader(self.train, 32, shuffle=True)

        def val_dataloader(self):
            return DataLoader(self.val, 48)

    class Best(L.Callback):
        best_weights = None

        def on_validation_end(self, trainer, module):
            loss = trainer.callback_metrics["val_loss"].item()
            if self.best_weights is None or loss < self.best_loss:
                self.best_loss = loss
                self.best_weights = {k: v.clone() for k, v in module.mlp.state_dict().items()}
            print(f"epoch {trainer.current_epoch}: val_loss={loss:.4f}")

    def fit():
        L.seed_everything(0, verbose=False)
        model, best = Lit(), Best()
        trainer = L.Trainer(
            max_epochs=12,
            accelerator="cpu",
            devices=1,
            gradient_clip_val=1,
            gradient_clip_algorithm="norm",
            callbacks=[best],
            logger=False,
            enable_checkpointing=False,
            num_sanity_val_steps=0,
            deterministic=True,
        )
        trainer.fit(model, Data())
        return model, best

    return fit


capstone = Exercise(
    "9",
    run=check_capstone,
    right={
        "as in the solution, but for names": answer(),
        "L.seed_everything(0)": answer(seed=lambda s: L.seed_everything(s, verbose=False)),
        "the data made in __init__": answer(data_in_init=True),
        "the best kept in on_validation_end": answer(hook="on_validation_end"),
        "harmless Trainer arguments (no sanity check, deterministic, devices=1)": answer(
            extra_trainer=dict(num_sanity_val_steps=0, deterministic=True, devices=1)
        ),
        "seed_everything, positional datamodule, the inner MLP's weights": (
            lightning_seeded_two_trainer_styles()
        ),
    },
    wrong={
        "no learning-rate schedule": Wrong(
            answer(schedule=None), "returned no learning-rate schedule", "return the scheduler"
        ),
        "lr 0.01": Wrong(answer(lr=0.01), "Adam has lr=0.01", "as the script does"),
        "no clipping": Wrong(
            answer(clip=None), "gradient_clip_val = None", "set the Trainer's argument"
        ),
        "the scheduler stepped every batch": Wrong(
            answer(interval="step"), "steps every 1 step", "once an epoch"
        ),
        "seeded after the module is built": Wrong(
            answer(seed_first=False), "The starting weights differ", "before building the module"
        ),
        "10 epochs": Wrong(answer(epochs=10), "max_epochs = 10", "set the Trainer's argument"),
        "the split at 400": Wrong(answer(split=400), "The training set holds 400 rows", "split"),
        "batches of 64": Wrong(answer(train_batch=64), "batch_size=64", "as the script does"),
        "the validation loader shuffled": Wrong(
            answer(val_shuffle=True), "a RandomSampler", "as the script does"
        ),
        "the L1 loss": Wrong(
            answer(loss=F.l1_loss), "The loss of step 0", "the mean squared error"
        ),
        "the last weights kept, not the best": Wrong(
            answer(keep="last"), "best_weights are epoch 11's", "keep a copy when it is lower"
        ),
        "the best by training loss": Wrong(
            answer(keep="train"), "best_weights are epoch", "validation loss"
        ),
        "a state_dict kept without a copy": Wrong(
            answer(copy_weights=False), "shares its memory", "deep copy"
        ),
        "nothing printed": Wrong(answer(prints=False), "printed 0 lines", "print it from a hook"),
        "the pair swapped": Wrong(
            answer(returns="swapped"), "returned (EpochReport, LitMLP)", "LightningModule first"
        ),
        "only the module returned": Wrong(
            answer(returns="module"), "fit() returned a LitMLP", "as a pair"
        ),
        "the callback not given to the Trainer": Wrong(
            answer(callback_given=False), "not one of the Trainer's callbacks", "callbacks=[...]"
        ),
        "dropout 0.2": Wrong(answer(dropout=0.2), "dropout layers have p = [0.2, 0.2]", "defaults"),
    },
)

EXERCISES = [capstone]
