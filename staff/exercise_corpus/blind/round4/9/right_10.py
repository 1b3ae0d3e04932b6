#| kind: right
#| what: the MLP is built in fit() right after torch.manual_seed(0) and handed to LitMLP(model); the loss is a torch.nn.MSELoss attribute; the callback keeps the best epoch too
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.criterion = torch.nn.MSELoss()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = self.criterion(self(x), target)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        loss = self.criterion(self(x), target)
        self.log("val_loss", loss)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler}}


class MLPData(L.LightningDataModule):
    def __init__(self, train_size=384):
        super().__init__()
        self.train_size = train_size

    def setup(self, stage=None):
        X, y = make_data()
        self.train_dataset = TensorDataset(X[: self.train_size], y[: self.train_size])
        self.val_dataset = TensorDataset(X[self.train_size :], y[self.train_size :])

    def train_dataloader(self):
        return DataLoader(self.train_dataset, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_dataset, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_val_loss = float("inf")
        self.best_epoch = -1
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.start = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        epoch = trainer.current_epoch
        train_loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best_val_loss:
            self.best_val_loss, self.best_epoch = val_loss, epoch
            self.best_weights = copy.deepcopy(pl_module.model.state_dict())
        seconds = time.perf_counter() - self.start
        line = f"epoch {epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP(MLP())
    datamodule = MLPData()
    callback = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=datamodule)
    return module, callback


check_capstone(fit)
