#| kind: right
#| what: L.seed_everything(0, verbose=False); data and loaders made in MLPData.__init__; inner MLP called self.mlp; configure_optimizers returns a dict with interval "epoch"; trainer.fit(model, dm) positional; best_weights from the inner MLP's state_dict
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()

    def forward(self, x):
        return self.mlp(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self(x), y), prog_bar=True)

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.mlp.parameters(), lr=0.05)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.8)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch", "frequency": 1}}


class MLPData(L.LightningDataModule):
    def __init__(self):
        super().__init__()
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
        self.best_val = float("inf")
        self.best_weights = None
        self.lines = []
        self.start = None

    def on_train_epoch_start(self, trainer, pl_module):
        self.start = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        metrics = trainer.callback_metrics
        if metrics["val_loss"] < self.best_val:
            self.best_val = metrics["val_loss"]
            self.best_weights = copy.deepcopy(pl_module.mlp.state_dict())
        elapsed = time.perf_counter() - self.start
        line = (
            f"epoch {trainer.current_epoch:2d}  train_loss {metrics['train_loss']:.4f}"
            f"  val_loss {metrics['val_loss']:.4f}"
        )
        self.lines.append(line)
        print(f"{line}  {elapsed:.2f} s")


def fit():
    L.seed_everything(0, verbose=False)
    model = LitMLP()
    dm = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        accelerator="cpu",
        gradient_clip_val=1.0,
        callbacks=[report],
        logger=False,
        enable_checkpointing=False,
    )
    trainer.fit(model, dm)
    return model, report


check_capstone(fit)
