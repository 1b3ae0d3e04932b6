#| kind: right
#| what: a ModelCheckpoint-like callback in memory: EpochReport(monitor="val_loss", mode="min") keeps the best state_dict in on_validation_end (skipping the sanity check), prints in on_train_epoch_end
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self(x), target)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.log("val_loss", F.mse_loss(self(x), target), prog_bar=True)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=0.05)
        return {
            "optimizer": optimizer,
            "lr_scheduler": torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8),
        }


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self.train_set = TensorDataset(X[:384], y[:384])
        self.val_set = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=48)


class EpochReport(L.Callback):
    """Like ModelCheckpoint(monitor=..., mode=..., save_top_k=1), but keeps the weights in memory."""

    def __init__(self, monitor="val_loss", mode="min"):
        super().__init__()
        self.monitor = monitor
        self.mode = mode
        self.best_score = None
        self.best_epoch = None
        self.best_weights = None
        self.lines = []

    def _is_better(self, current):
        if self.best_score is None:
            return True
        if self.mode == "min":
            return current < self.best_score
        return current > self.best_score

    def on_train_epoch_start(self, trainer, pl_module):
        self.epoch_started = time.perf_counter()

    def on_validation_end(self, trainer, pl_module):
        if trainer.sanity_checking:
            return
        current = trainer.callback_metrics[self.monitor]
        if self._is_better(current):
            self.best_score = current.clone()
            self.best_epoch = trainer.current_epoch
            self.best_weights = copy.deepcopy(pl_module.state_dict())

    def on_train_epoch_end(self, trainer, pl_module):
        metrics = trainer.callback_metrics
        seconds = time.perf_counter() - self.epoch_started
        line = (
            f"epoch {trainer.current_epoch:2d}  train_loss {metrics['train_loss']:.4f}"
            f"  {self.monitor} {metrics[self.monitor]:.4f}"
        )
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    data = MLPData()
    best = EpochReport(monitor="val_loss", mode="min")
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_model_summary=False,
        callbacks=[best],
    )
    trainer.fit(module, datamodule=data)
    return module, best


check_capstone(fit)
