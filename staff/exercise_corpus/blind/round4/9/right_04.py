#| kind: right
#| what: no self.log at all: the module keeps its last training loss and its hand-averaged validation loss in attributes (list reset in on_validation_epoch_start), and the callback reads them from pl_module in on_train_epoch_end
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
class LitMLP(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()
        self.last_train_loss = None
        self.val_loss = None

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self.mlp(x), y)
        self.last_train_loss = loss.detach()
        return loss

    def on_validation_epoch_start(self):
        self.batch_val_losses = []

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.batch_val_losses.append(F.mse_loss(self.mlp(x), y))

    def on_validation_epoch_end(self):
        self.val_loss = torch.stack(self.batch_val_losses).mean()

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.05)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)
        return [optimizer], [scheduler]


class MLPData(L.LightningDataModule):
    def setup(self, stage=None):
        X, y = make_data()
        self.train_data = TensorDataset(X[:384], y[:384])
        self.val_data = TensorDataset(X[384:], y[384:])

    def train_dataloader(self):
        return DataLoader(self.train_data, batch_size=32, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_data, batch_size=48)


class EpochReport(L.Callback):
    def __init__(self):
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        loss, val_loss = pl_module.last_train_loss, pl_module.val_loss
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.mlp.state_dict())
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    model = LitMLP()
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
    trainer.fit(model, datamodule=data)
    return model, report


check_capstone(fit)
