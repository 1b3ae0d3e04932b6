#| kind: right
#| what: LightningDataModule with prepare_data (makes the tensors) and setup (splits); callback resets itself in on_fit_start and prints the best epoch in on_fit_end
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.lr = lr
        self.model = MLP()

    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self.model(inputs), targets)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self.model(inputs), targets)
        self.log("val_loss", loss, on_step=False, on_epoch=True)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [{"scheduler": scheduler, "interval": "epoch", "frequency": 1}]


class MLPData(L.LightningDataModule):
    def __init__(self, n_samples=480, n_train=384, batch_size=32, val_batch_size=48):
        super().__init__()
        self.n_samples = n_samples
        self.n_train = n_train
        self.batch_size = batch_size
        self.val_batch_size = val_batch_size

    def prepare_data(self):
        # nothing to download: the samples come from make_data's own seeded generator
        self.X, self.y = make_data(n=self.n_samples)

    def setup(self, stage=None):
        if stage in ("fit", None):
            n = self.n_train
            self.train_set = TensorDataset(self.X[:n], self.y[:n])
            self.val_set = TensorDataset(self.X[n:], self.y[n:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.val_batch_size)


class EpochReport(L.Callback):
    def on_fit_start(self, trainer, pl_module):
        self.best_loss = float("inf")
        self.best_epoch = None
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        epoch = trainer.current_epoch
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = epoch
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.started
        self.lines.append(f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}")
        print(self.lines[-1] + f"  {seconds:.2f} s")

    def on_fit_end(self, trainer, pl_module):
        print(f"best val_loss {self.best_loss:.4f} at epoch {self.best_epoch}")


def fit():
    torch.manual_seed(0)
    model = LitMLP()
    data = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        accelerator="cpu",
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(model, datamodule=data)
    return model, report


check_capstone(fit)
