#| kind: right
#| what: val_loss computed by hand as the script does (torch.stack of the batch losses, .mean()) in the module's on_validation_epoch_end and logged there; extra harmless Trainer arguments (devices=1, no progress bar, no model summary)
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = MLP()
        self.val_losses = []

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self.net(x), target)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.val_losses.append(F.mse_loss(self.net(x), target))

    def on_validation_epoch_end(self):
        val_loss = torch.stack(self.val_losses).mean()
        self.val_losses.clear()
        self.log("val_loss", val_loss)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def __init__(self, batch_size=32, val_batch_size=48, n_train=384):
        super().__init__()
        self.batch_size = batch_size
        self.val_batch_size = val_batch_size
        self.n_train = n_train

    def setup(self, stage):
        X, y = make_data()
        n = self.n_train
        self.train_ds = TensorDataset(X[:n], y[:n])
        self.val_ds = TensorDataset(X[n:], y[n:])

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_ds, batch_size=self.val_batch_size, shuffle=False)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_loss = float("inf")
        self.best_epoch = None
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.t0 = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        epoch = trainer.current_epoch
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch = val_loss, epoch
            self.best_weights = copy.deepcopy(pl_module.net.state_dict())
        seconds = time.perf_counter() - self.t0
        self.lines.append(f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}")
        print(f"{self.lines[-1]}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    datamodule = MLPData()
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
    trainer.fit(module, datamodule=datamodule)
    return module, callback


check_capstone(fit)
