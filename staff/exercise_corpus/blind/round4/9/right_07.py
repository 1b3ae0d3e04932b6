#| kind: right
#| what: the callback takes the last training loss from on_train_batch_end's outputs["loss"] and reports in on_validation_end (sanity check skipped); best weights copied tensor by tensor with .clone(); only val_loss is logged
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def training_step(self, batch, batch_idx):
        x, target = batch
        return F.mse_loss(self.model(x), target)

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.log("val_loss", F.mse_loss(self.model(x), target))

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [{"scheduler": scheduler, "interval": "epoch"}]


class MLPData(L.LightningDataModule):
    def __init__(self):
        super().__init__()
        self.X, self.y = make_data()

    def setup(self, stage=None):
        self.train_set = TensorDataset(self.X[:384], self.y[:384])
        self.val_set = TensorDataset(self.X[384:], self.y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        self.best = float("inf")
        self.best_weights = None
        self.lines = []
        self.train_loss = None

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.train_loss = outputs["loss"]

    def on_validation_end(self, trainer, pl_module):
        if trainer.sanity_checking:
            return
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best:
            self.best = val_loss
            self.best_weights = {name: t.detach().clone() for name, t in pl_module.model.state_dict().items()}
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {self.train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=MLPData())
    return module, callback


check_capstone(fit)
