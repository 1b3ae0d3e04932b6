#| kind: right
#| what: hyperparameters saved with save_hyperparameters, L.seed_everything(0), validation mean kept in a torchmetrics MeanMetric (computed and reset in on_validation_epoch_end), optimizer and scheduler returned as a dict
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
from torchmetrics import MeanMetric


class LitMLP(L.LightningModule):
    def __init__(self, hidden=32, dropout=0.1, lr=0.05, step_size=4, gamma=0.8):
        super().__init__()
        self.save_hyperparameters()
        self.model = MLP(hidden=hidden, dropout=dropout)
        self.val_mean = MeanMetric()  # the mean of the batches' losses, as torch.stack(val_losses).mean()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self(x), target)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.val_mean.update(F.mse_loss(self(x), target))

    def on_validation_epoch_end(self):
        self.log("val_loss", self.val_mean.compute(), prog_bar=True)
        self.val_mean.reset()

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(
            optimizer, step_size=self.hparams.step_size, gamma=self.hparams.gamma
        )
        return {
            "optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "epoch", "frequency": 1},
        }


class MLPData(L.LightningDataModule):
    def __init__(self, n_train=384, batch_size=32, val_batch_size=48):
        super().__init__()
        self.save_hyperparameters()

    def setup(self, stage):
        X, y = make_data()
        n = self.hparams.n_train
        self.train_set = TensorDataset(X[:n], y[:n])
        self.val_set = TensorDataset(X[n:], y[n:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.hparams.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.hparams.val_batch_size)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_loss, self.best_weights = float("inf"), None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        metrics = trainer.callback_metrics
        loss, val_loss = metrics["train_loss"], metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss, self.best_weights = val_loss, copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.started
        self.lines.append(f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}")
        print(f"{self.lines[-1]}  {seconds:.2f} s")


def fit():
    L.seed_everything(0)
    module = LitMLP()
    data = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        devices=1,
        max_epochs=12,
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
