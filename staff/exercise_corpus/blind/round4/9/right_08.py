#| kind: right
#| what: hyperparameters as __init__ arguments with save_hyperparameters(), read back through self.hparams; Trainer with gradient_clip_algorithm="norm" spelled out, num_sanity_val_steps=0 and log_every_n_steps=1
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, hidden=32, dropout=0.1, lr=0.05, step_size=4, gamma=0.8):
        super().__init__()
        self.save_hyperparameters()
        self.model = MLP(hidden=hidden, dropout=dropout)

    def forward(self, x):
        return self.model(x)

    def _loss(self, batch):
        x, y = batch
        return F.mse_loss(self(x), y)

    def training_step(self, batch, batch_idx):
        loss = self._loss(batch)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        self.log("val_loss", self._loss(batch))

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(
            optimizer, step_size=self.hparams.step_size, gamma=self.hparams.gamma
        )
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def __init__(self, n=480, n_train=384, batch_size=32, val_batch_size=48):
        super().__init__()
        self.save_hyperparameters()

    def setup(self, stage=None):
        X, y = make_data(n=self.hparams.n)
        k = self.hparams.n_train
        self.train_set = TensorDataset(X[:k], y[:k])
        self.val_set = TensorDataset(X[k:], y[k:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.hparams.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.hparams.val_batch_size)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        train_loss = trainer.callback_metrics["train_loss"].item()
        val_loss = trainer.callback_metrics["val_loss"].item()
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    L.seed_everything(0)
    module = LitMLP()
    data = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        gradient_clip_algorithm="norm",
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        num_sanity_val_steps=0,
        log_every_n_steps=1,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
