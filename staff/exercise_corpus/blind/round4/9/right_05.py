#| kind: right
#| what: the callback reports and keeps the best weights in on_validation_epoch_end, skipping the sanity check (trainer.sanity_checking), reading both losses from trainer.callback_metrics; data module builds its loaders in setup
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self(inputs), targets)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self(inputs), targets)
        self.log("val_loss", loss, on_step=False, on_epoch=True)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        return {
            "optimizer": optimizer,
            "lr_scheduler": torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8),
        }


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self._train = DataLoader(TensorDataset(X[:384], y[:384]), batch_size=32, shuffle=True)
        self._val = DataLoader(TensorDataset(X[384:], y[384:]), batch_size=48)

    def train_dataloader(self):
        return self._train

    def val_dataloader(self):
        return self._val


class EpochReport(L.Callback):
    def __init__(self):
        self.best_val_loss = None
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.epoch_start = time.perf_counter()

    def on_validation_epoch_end(self, trainer, pl_module):
        if trainer.sanity_checking:
            return
        train_loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if self.best_val_loss is None or val_loss < self.best_val_loss:
            self.best_val_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.epoch_start
        line = f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    lit = LitMLP()
    data = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(lit, datamodule=data)
    return lit, report


check_capstone(fit)
