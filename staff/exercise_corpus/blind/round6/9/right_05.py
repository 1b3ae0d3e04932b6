#| kind: right
#| what: loaders built once in setup and handed out by the two hooks (as the script reuses its loaders); lr_scheduler_step written out as the default scheduler.step(); best copy of pl_module.model.state_dict()
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.lr = lr
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def _loss(self, batch):
        x, target = batch
        return F.mse_loss(self(x), target)

    def training_step(self, batch, batch_idx):
        loss = self._loss(batch)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, batch_idx):
        self.log("val_loss", self._loss(batch), on_step=False, on_epoch=True)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]

    def lr_scheduler_step(self, scheduler, metric):
        scheduler.step()  # once an epoch, after validation, as the script's scheduler.step()


class MLPData(L.LightningDataModule):
    def __init__(self):
        super().__init__()
        self.train_loader = None
        self.val_loader = None

    def setup(self, stage=None):
        X, y = make_data()
        self.train_loader = DataLoader(TensorDataset(X[:384], y[:384]), batch_size=32, shuffle=True)
        self.val_loader = DataLoader(TensorDataset(X[384:], y[384:]), batch_size=48)

    def train_dataloader(self):
        return self.train_loader

    def val_dataloader(self):
        return self.val_loader


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_loss = float("inf")
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
            self.best_weights = copy.deepcopy(pl_module.model.state_dict())
        seconds = time.perf_counter() - self.started
        self.lines.append(f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}")
        print(f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    data = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        devices=1,
        max_epochs=12,
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
