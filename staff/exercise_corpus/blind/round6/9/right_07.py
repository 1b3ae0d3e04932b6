#| kind: right
#| what: the module keeps the script's nn.Sequential itself (self.net = MLP().net, so its state_dict keys are the script's), Adam over self.net.parameters(), best weights a deep copy of the module's state_dict
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    """The script's MLP: its layers are the module's own, under the same name, net."""

    def __init__(self):
        super().__init__()
        self.net = MLP().net

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, target = batch
        loss = F.mse_loss(self.net(x), target)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, target = batch
        self.log("val_loss", F.mse_loss(self.net(x), target))

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler}}


class MLPData(L.LightningDataModule):
    def prepare_data(self):
        pass  # nothing to download: make_data() draws from its own generator

    def setup(self, stage=None):
        X, y = make_data()
        self.sets = {
            "train": TensorDataset(X[:384], y[:384]),
            "val": TensorDataset(X[384:], y[384:]),
        }

    def train_dataloader(self):
        return DataLoader(self.sets["train"], batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.sets["val"], batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        super().__init__()
        self.best = (float("inf"), None)  # (loss, epoch)
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.t0 = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        epoch = trainer.current_epoch
        loss = trainer.callback_metrics["train_loss"]
        val_loss = trainer.callback_metrics["val_loss"]
        if val_loss < self.best[0]:
            self.best = (val_loss, epoch)
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        line = f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(line, f"{time.perf_counter() - self.t0:.2f} s", sep="  ")


def fit():
    torch.manual_seed(0)
    module, data, callback = LitMLP(), MLPData(), EpochReport()
    trainer = L.Trainer(
        max_epochs=12,
        gradient_clip_val=1.0,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_model_summary=False,
        callbacks=[callback],
    )
    trainer.fit(module, datamodule=data)
    return module, callback


check_capstone(fit)
