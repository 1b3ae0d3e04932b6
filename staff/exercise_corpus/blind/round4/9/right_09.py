#| kind: right
#| what: builds the data module before seeding (make_data has its own generator, the loaders draw nothing until iterated), setup guarded by stage, the callback counts epochs itself, max_epochs from capstone.mlp_script.EPOCHS, val_loss logged with an explicit batch_size
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self.mlp(x), y)
        self.log("train_loss", loss, on_step=True, on_epoch=False, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self.mlp(x), y)
        self.log("val_loss", loss, on_step=False, on_epoch=True, prog_bar=True, batch_size=len(x))

    def configure_optimizers(self):
        adam = torch.optim.Adam(self.parameters(), lr=0.05)
        step_lr = torch.optim.lr_scheduler.StepLR(adam, step_size=4, gamma=0.8)
        return [adam], [step_lr]


class MLPData(L.LightningDataModule):
    def __init__(self):
        super().__init__()
        self.train_set = None
        self.val_set = None

    def setup(self, stage=None):
        if stage in ("fit", None):
            X, y = make_data()
            self.train_set = TensorDataset(X[:384], y[:384])
            self.val_set = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=48, shuffle=False)


class EpochReport(L.Callback):
    def __init__(self):
        self.epoch = 0
        self.best_loss = None
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.tic = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if self.best_loss is None or val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        toc = time.perf_counter()
        line = f"epoch {self.epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {toc - self.tic:.2f} s")
        self.epoch += 1


def fit():
    data = MLPData()
    torch.manual_seed(0)
    module = LitMLP()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=capstone.mlp_script.EPOCHS,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
