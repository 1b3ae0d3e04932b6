#| kind: right
#| what: training_step returns the bare loss and the callback takes it from on_train_batch_end's outputs; callback keeps history lists and picks the best against min(history); data split with Subset; lr_scheduler config dict; fit(model=..., datamodule=...)
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
from torch.utils.data import Subset


class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def training_step(self, batch, batch_idx):
        x, target = batch
        return F.mse_loss(self.model(x), target)

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.log("val_loss", F.mse_loss(self.model(x), target), on_step=False, on_epoch=True)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "epoch", "frequency": 1},
        }


class MLPData(L.LightningDataModule):
    def __init__(self, n_train=384):
        super().__init__()
        self.n_train = n_train

    def setup(self, stage):
        X, y = make_data()
        every_row = TensorDataset(X, y)
        self.train_set = Subset(every_row, range(self.n_train))
        self.val_set = Subset(every_row, range(self.n_train, len(every_row)))

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=48, shuffle=False)


class EpochReport(L.Callback):
    """Times each epoch, prints the script's line, keeps the history and the best weights."""

    def __init__(self):
        super().__init__()
        self.train_losses = []  # the last batch's loss, one per epoch
        self.val_losses = []
        self.seconds = []
        self.lines = []
        self.best_weights = None

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.last_loss = outputs["loss"]

    def on_train_epoch_end(self, trainer, pl_module):
        val_loss = trainer.callback_metrics["val_loss"]
        if not self.val_losses or val_loss < min(self.val_losses):
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        self.train_losses.append(self.last_loss)
        self.val_losses.append(val_loss)
        self.seconds.append(time.perf_counter() - self.started)
        epoch = len(self.val_losses) - 1
        self.lines.append(f"epoch {epoch:2d}  train_loss {self.last_loss:.4f}  val_loss {val_loss:.4f}")
        print(f"{self.lines[-1]}  {self.seconds[-1]:.2f} s")


def fit():
    torch.manual_seed(0)
    model = LitMLP()
    datamodule = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        gradient_clip_algorithm="norm",
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(model=model, datamodule=datamodule)
    return model, report


check_capstone(fit)
