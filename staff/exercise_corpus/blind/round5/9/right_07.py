#| kind: right
#| what: the script's numbers as named constants (EPOCHS read from capstone.mlp_script), the data made in fit() and handed to MLPData(X, y), a callback configured by constructor arguments (metric keys, verbose)
# Exercise 9: refactor capstone/mlp_script.py into LitMLP, MLPData, EpochReport and fit(), which returns (module, callback).
EPOCHS = capstone.mlp_script.EPOCHS
LR, STEP_SIZE, GAMMA = 0.05, 4, 0.8
CLIP = 1.0
N_TRAIN, BATCH_SIZE, VAL_BATCH_SIZE = 384, 32, 48


class LitMLP(L.LightningModule):
    def __init__(self, lr=LR, step_size=STEP_SIZE, gamma=GAMMA):
        super().__init__()
        self.lr, self.step_size, self.gamma = lr, step_size, gamma
        self.model = MLP()

    def forward(self, x):
        return self.model(x)

    def _loss(self, batch):
        x, y = batch
        return F.mse_loss(self(x), y)

    def training_step(self, batch, batch_idx):
        loss = self._loss(batch)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        self.log("val_loss", self._loss(batch))

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=self.step_size, gamma=self.gamma)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "epoch"}}


class MLPData(L.LightningDataModule):
    def __init__(self, X, y, n_train=N_TRAIN):
        super().__init__()
        self.X, self.y, self.n_train = X, y, n_train

    def setup(self, stage):
        n = self.n_train
        self.train_set = TensorDataset(self.X[:n], self.y[:n])
        self.val_set = TensorDataset(self.X[n:], self.y[n:])

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=BATCH_SIZE, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=VAL_BATCH_SIZE)


class EpochReport(L.Callback):
    def __init__(self, train_key="train_loss", val_key="val_loss", verbose=True):
        super().__init__()
        self.train_key, self.val_key, self.verbose = train_key, val_key, verbose
        self.best_loss = float("inf")
        self.best_weights = None
        self.lines = []

    def on_train_epoch_start(self, trainer, pl_module):
        self.started = time.perf_counter()

    def on_train_epoch_end(self, trainer, pl_module):
        metrics = trainer.callback_metrics
        loss, val_loss = metrics[self.train_key], metrics[self.val_key]
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_weights = copy.deepcopy(pl_module.state_dict())
        seconds = time.perf_counter() - self.started
        line = f"epoch {trainer.current_epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}"
        self.lines.append(line)
        if self.verbose:
            print(f"{line}  {seconds:.2f} s")


def fit():
    torch.manual_seed(0)
    X, y = make_data()
    data = MLPData(X, y)
    module = LitMLP()
    report = EpochReport(train_key="train_loss", val_key="val_loss", verbose=True)
    trainer = L.Trainer(
        max_epochs=EPOCHS,
        gradient_clip_val=CLIP,
        accelerator="cpu",
        logger=False,
        enable_checkpointing=False,
        callbacks=[report],
    )
    trainer.fit(module, datamodule=data)
    return module, report


check_capstone(fit)
