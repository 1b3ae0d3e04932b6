#| kind: right
#| what: MLP built in a helper and kept as self.mlp; the module keeps the last training loss and the stacked-mean validation loss as attributes (list cleared each epoch), the callback reads them; no sanity check
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
def build_mlp():
    """The script's network, unchanged."""
    return MLP(hidden=32, dropout=0.1)


class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = build_mlp()
        self.val_batch_losses = []
        self.last_train_loss = None
        self.val_loss = None

    def forward(self, x):
        return self.mlp(x)

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self(x), target)
        self.last_train_loss = loss.detach()
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.val_batch_losses.append(F.mse_loss(self(x), target))

    def on_validation_epoch_end(self):
        self.val_loss = torch.stack(self.val_batch_losses).mean()
        self.val_batch_losses.clear()

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.mlp.parameters(), lr=0.05)
        return {
            "optimizer": optimizer,
            "lr_scheduler": torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8),
        }


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self.X_train, self.y_train = X[:384], y[:384]
        self.X_val, self.y_val = X[384:], y[384:]

    def train_dataloader(self):
        return DataLoader(TensorDataset(self.X_train, self.y_train), batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(TensorDataset(self.X_val, self.y_val), batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []
        self.started = None

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        loss, val_loss = pl_module.last_train_loss, pl_module.val_loss
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = {
                name: tensor.detach().clone() for name, tensor in pl_module.mlp.state_dict().items()
            }
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    data = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        accelerator="cpu",
        gradient_clip_val=1.0,
        num_sanity_val_steps=0,
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
