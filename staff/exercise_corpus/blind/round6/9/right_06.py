#| kind: right
#| what: callback state set up in on_fit_start with best_loss None, metrics read as Python floats with .item(); losses logged with prog_bar; scheduler returned as [{"scheduler": ..., "interval": "epoch"}]
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self(inputs), targets)
        self.log("train_loss", loss, on_step=True, on_epoch=False, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self(inputs), targets)
        self.log("val_loss", loss, on_step=False, on_epoch=True, prog_bar=True)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [{"scheduler": scheduler, "interval": "epoch"}]


class MLPData(L.LightningDataModule):
    def __init__(self, train_batch_size=32, val_batch_size=48):
        super().__init__()
        self.train_batch_size = train_batch_size
        self.val_batch_size = val_batch_size

    def setup(self, stage=None):
        X, y = make_data()
        split = 384
        self.train_dataset = TensorDataset(X[:split], y[:split])
        self.val_dataset = TensorDataset(X[split:], y[split:])

    def train_dataloader(self):
        return DataLoader(self.train_dataset, batch_size=self.train_batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_dataset, batch_size=self.val_batch_size)


class EpochReport(L.Callback):
    best_weights = None

    def on_fit_start(self, trainer, pl_module):
        self.best_loss = None
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.epoch_started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        metrics = trainer.callback_metrics
        train_loss = metrics["train_loss"].item()
        val_loss = metrics["val_loss"].item()
        if self.best_loss is None or val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        elapsed = time.perf_counter() - self.epoch_started
        text = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(text)
        print(text + f"  {elapsed:.2f} s")


def fit():
    torch.manual_seed(0)
    lit_model = LitMLP()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(lit_model, datamodule=MLPData())
    return lit_model, report


check_capstone(fit)
