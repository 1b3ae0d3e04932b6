#| kind: wrong
#| what: keeps the vanilla loop's device code in training_step (x.to(device) with device chosen by hand): fine on the CPU, breaks when the Trainer puts the module and batch on another device (the meta device here)
#| expect: training_step moves the batch from meta (a GPU's stand-in), where
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        x, y = batch
        x, y = x.to(device), y.to(device)  # as in the vanilla loop
        y_hat = self(x)
        loss = F.mse_loss(y_hat, y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


check_lit_module(LitRegressor)
