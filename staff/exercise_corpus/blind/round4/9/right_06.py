#| kind: right
#| what: writes the MLP's layers out itself in the same order (same init draws, same state_dict keys net.*), calls self(x) via forward; builds the callback and the Trainer first and seeds with torch.manual_seed(0) just before building the model
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, hidden=32, dropout=0.1):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(2, hidden),
            torch.nn.ReLU(),
            torch.nn.Dropout(dropout),
            torch.nn.Linear(hidden, hidden),
            torch.nn.ReLU(),
            torch.nn.Dropout(dropout),
            torch.nn.Linear(hidden, 1),
        )

    def forward(self, x):
        return self.net(x)

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
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        self.X, self.y = make_data()

    def train_dataloader(self):
        return DataLoader(TensorDataset(self.X[:384], self.y[:384]), batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(TensorDataset(self.X[384:], self.y[384:]), batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.start_time = time.time()

    def on_train_epoch_end(self, trainer, pl_module):
        m = trainer.callback_metrics
        train_loss, val_loss = m["train_loss"], m["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        line = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(line + f"  {time.time() - self.start_time:.2f} s")


def fit():
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    torch.manual_seed(0)
    module = LitMLP()
    trainer.fit(module, datamodule=MLPData())
    return module, callback


check_capstone(fit)
