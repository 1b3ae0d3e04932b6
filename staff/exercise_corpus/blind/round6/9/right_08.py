#| kind: right
#| what: the callback reports in on_validation_end (skipping the sanity check), when the epoch's validation loss is already in callback_metrics and the weights are those of the epoch's end; hidden and dropout passed by keyword
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, hidden=32, dropout=0.1):
        super().__init__()
        self.model = MLP(hidden=hidden, dropout=dropout)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self(x), y))

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        return [optimizer], [torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)]


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self.train_ds = TensorDataset(X[:384], y[:384])
        self.val_ds = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_ds, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_val = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.start = time.perf_counter()

    def on_validation_end(self, trainer, pl_module):
        if trainer.sanity_checking:  # the check before training is not an epoch of the script
            return
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_val:
            self.best_val = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.start
        line = f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    data = MLPData()
    module = LitMLP()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        accelerator="cpu",
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
