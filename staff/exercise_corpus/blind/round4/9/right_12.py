#| kind: right
#| what: L.seed_everything(0) then the model; the module keeps its last training loss in an attribute and logs only val_loss; the callback gets the module through trainer.lightning_module and copies the best weights as {name: tensor.clone()}; keyword trainer.fit(model=..., datamodule=...); enable_progress_bar=False
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.network = MLP()
        self.last_loss = None

    def forward(self, x):
        return self.network(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.last_loss = loss.detach()
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        val_loss = F.mse_loss(self(x), y)
        self.log("val_loss", val_loss)
        return val_loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=5e-2)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def __init__(self, batch_size=32):
        super().__init__()
        self.batch_size = batch_size

    def setup(self, stage=None):
        X, y = make_data()
        self.train_ds = TensorDataset(X[:384], y[:384])
        self.val_ds = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_ds, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        module = trainer.lightning_module
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = {name: tensor.clone() for name, tensor in module.state_dict().items()}
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {module.last_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    L.seed_everything(0)
    model = LitMLP()
    data = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        max_epochs=12,
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        callbacks=[report],
    )
    trainer.fit(model=model, datamodule=data)
    return model, report


check_capstone(fit)
