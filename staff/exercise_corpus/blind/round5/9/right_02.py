#| kind: right
#| what: forward() called as self(x), nn.MSELoss attribute, scheduler dict with interval "epoch" and "frequency": 1, val logged on_step=False/on_epoch=True, Trainer(accelerator="cpu", devices=1, deterministic=True), fit(model=..., datamodule=...), train loss taken from on_train_batch_end outputs
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()
        self.loss_fn = torch.nn.MSELoss()

    def forward(self, x):
        return self.mlp(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = self.loss_fn(self(x), y)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = self.loss_fn(self(x), y)
        self.log("val_loss", loss, on_step=False, on_epoch=True)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "epoch", "frequency": 1},
        }


class MLPData(L.LightningDataModule):
    def __init__(self, n_train=384):
        super().__init__()
        self.n_train = n_train

    def setup(self, stage):
        X, y = make_data()
        n = self.n_train
        self.train_ds = TensorDataset(X[:n], y[:n])
        self.val_ds = TensorDataset(X[n:], y[n:])

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_ds, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_loss = float("inf")
        self.best_weights = None
        self.last_loss = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.t0 = time.perf_counter()

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.last_loss = outputs["loss"]

    def on_train_epoch_end(self, trainer, pl_module):
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.t0
        epoch = trainer.current_epoch
        self.lines.append(f"epoch {epoch:2d}  train_loss {self.last_loss:.4f}  val_loss {val_loss:.4f}")
        print(f"{self.lines[-1]}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    model = LitMLP()
    datamodule = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        devices=1,
        max_epochs=capstone.mlp_script.EPOCHS,
        gradient_clip_val=1.0,
        gradient_clip_algorithm="norm",
        deterministic=True,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        callbacks=[report],
    )
    trainer.fit(model=model, datamodule=datamodule)
    return model, report


check_capstone(fit)
