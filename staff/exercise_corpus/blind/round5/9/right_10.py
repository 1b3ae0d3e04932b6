#| kind: right
#| what: one TensorDataset split with two Subsets of index ranges, configure_optimizers returning {"optimizer", "lr_scheduler"} with the bare StepLR, every quiet Trainer flag spelled out, best weights read from trainer.lightning_module
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
from torch.utils.data import Subset


class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self(x), y)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self(x), y)
        self.log("val_loss", loss, on_step=False, on_epoch=True, prog_bar=True)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}


class MLPData(L.LightningDataModule):
    def __init__(self, n_train=384):
        super().__init__()
        self.n_train = n_train

    def setup(self, stage=None):
        X, y = make_data()
        dataset = TensorDataset(X, y)
        self.train_set = Subset(dataset, range(self.n_train))
        self.val_set = Subset(dataset, range(self.n_train, len(dataset)))

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=48, shuffle=False)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best_weights = None
        self.best_loss = torch.tensor(float("inf"))
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.epoch_start = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        val_loss = trainer.callback_metrics["val_loss"]
        train_loss = trainer.callback_metrics["train_loss"]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(trainer.lightning_module.state_dict())
        seconds = time.perf_counter() - self.epoch_start
        self.lines.append(
            f"epoch {trainer.current_epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}"
        )
        print(f"{self.lines[-1]}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    module = LitMLP()
    data = MLPData()
    report = EpochReport()
    trainer = L.Trainer(
        accelerator="cpu",
        devices=1,
        max_epochs=12,
        gradient_clip_val=1.0,
        gradient_clip_algorithm="norm",
        deterministic=True,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        callbacks=[report],
    )
    trainer.fit(model=module, datamodule=data)
    return module, report


check_capstone(fit)
