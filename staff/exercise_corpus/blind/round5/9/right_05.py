#| kind: right
#| what: L.seed_everything(0) instead of torch.manual_seed(0); hyperparameters as __init__ arguments with save_hyperparameters(); the callback remembers each step's loss in on_train_batch_end
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, hidden=32, dropout=0.1, lr=0.05, step_size=4, gamma=0.8):
        super().__init__()
        self.save_hyperparameters()
        self.model = MLP(hidden=hidden, dropout=dropout)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        val_loss = F.mse_loss(self(x), y)
        self.log("val_loss", val_loss)
        return val_loss

    def configure_optimizers(self):
        hp = self.hparams
        optimizer = torch.optim.Adam(self.parameters(), lr=hp.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=hp.step_size, gamma=hp.gamma)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def __init__(self, batch_size=32):
        super().__init__()
        self.batch_size = batch_size

    def setup(self, stage):
        X, y = make_data()
        self.train_data = TensorDataset(X[:384], y[:384])
        self.val_data = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_data, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_data, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_val = float("inf")
        self.best_weights = None
        self.step_losses = []
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.start_time = time.perf_counter()

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.step_losses.append(outputs["loss"])

    def on_train_epoch_end(self, trainer, pl_module):
        train_loss = self.step_losses[-1]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_val:
            self.best_val = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        elapsed = time.perf_counter() - self.start_time
        line = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {elapsed:.2f} s")


def fit():
    L.seed_everything(0)
    model = LitMLP()
    data = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        callbacks=[report],
    )
    trainer.fit(model, datamodule=data)
    return model, report


check_capstone(fit)
