#| kind: right
#| what: the module averages the validation batches itself as the script does (torch.stack(...).mean() in on_validation_epoch_end) and logs that; network attribute named net
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = MLP()
        self.val_losses = []

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self.net(x), target)
        self.log("train_loss", loss)
        return loss

    def on_validation_epoch_start(self):
        self.val_losses = []

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.val_losses.append(F.mse_loss(self.net(x), target))

    def on_validation_epoch_end(self):
        self.log("val_loss", torch.stack(self.val_losses).mean())
        self.val_losses.clear()

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self.train = TensorDataset(X[:384], y[:384])
        self.val = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        # Lightning calls this after the epoch's validation, so val_loss is this epoch's
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_loss:
            self.best_loss, self.best_weights = val_loss, copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    lit, data, report = LitMLP(), MLPData(), EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        max_epochs=12,
        gradient_clip_val=1.0,
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(lit, datamodule=data)
    return lit, report


check_capstone(fit)
