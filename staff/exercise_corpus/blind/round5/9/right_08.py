#| kind: right
#| what: best weights kept as a dict of cloned tensors from module.mlp.state_dict() (the script's own keys), datamodule passed positionally trainer.fit(module, data), num_sanity_val_steps=0
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()

    def training_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.mlp(x)
        loss = torch.nn.functional.mse_loss(y_hat, y)
        self.log("train_loss", loss, on_step=True, on_epoch=False, prog_bar=True)
        return {"loss": loss}

    def validation_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.mlp(x)
        self.log("val_loss", torch.nn.functional.mse_loss(y_hat, y), on_step=False, on_epoch=True)

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.mlp.parameters(), lr=0.05)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.8)
        return [opt], [sched]


class MLPData(L.LightningDataModule):
    def __init__(self):
        super().__init__()
        self.train_ds = None
        self.val_ds = None

    def setup(self, stage=None):
        if self.train_ds is None:
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
        self.best_val_loss = None
        self.best_weights = None
        self.history = []
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self._tic = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        train_loss = trainer.callback_metrics["train_loss"].item()
        val_loss = trainer.callback_metrics["val_loss"].item()
        if self.best_val_loss is None or val_loss < self.best_val_loss:
            self.best_val_loss = val_loss
            self.best_weights = {k: v.detach().clone() for k, v in pl_module.mlp.state_dict().items()}
        seconds = time.perf_counter() - self._tic
        self.history.append({"epoch": trainer.current_epoch, "train_loss": train_loss, "val_loss": val_loss})
        line = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    data = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        devices=1,
        num_sanity_val_steps=0,
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, data)
    return module, callback


check_capstone(fit)
