#| kind: right
#| what: logs train_loss to the progress bar before returning the loss, optimizer returned in a dict with no scheduler key
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="mean")
        self.log("train_loss", loss, on_step=True, on_epoch=False, prog_bar=True)  # instead of print
        return loss

    def configure_optimizers(self):
        # Lightning accepts a dict; no "lr_scheduler" key means no scheduler
        return {"optimizer": torch.optim.SGD(self.parameters(), lr=self.hparams.lr)}


check_lit_module(LitRegressor)
