#| kind: right
#| what: the callback averages the validation losses itself: validation_step returns each batch's loss, on_validation_batch_end collects them (list reset in on_validation_epoch_start, so the sanity check's are dropped), torch.stack(...).mean() in on_train_epoch_end; training_step returns a dict
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self.model(x), target)
        self.log("train_loss", loss)
        return {"loss": loss}

    def validation_step(self, batch, batch_idx):
        x, target = batch
        return F.mse_loss(self.model(x), target)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


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
    def __init__(self):
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []
        self.val_losses = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_validation_epoch_start(self, trainer, pl_module):
        self.val_losses = []

    def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0):
        self.val_losses.append(outputs)

    def on_train_epoch_end(self, trainer, pl_module):
        loss = trainer.callback_metrics["train_loss"]
        val_loss = torch.stack(self.val_losses).mean()
        if val_loss < self.best_loss:
            self.best_loss, self.best_weights = val_loss, copy.deepcopy(pl_module.state_dict())
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
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(model=module, datamodule=data)
    return module, callback


check_capstone(fit)
