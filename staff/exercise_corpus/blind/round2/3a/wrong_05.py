#| kind: wrong
#| what: the device is handled by hand as in the vanilla loop (cuda if available, else cpu) inside training_step: it moves the batch away from where the Trainer put the module (fails on meta, on a second GPU, or with accelerator=cpu on a GPU machine)
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
        x, y = x.to(device), y.to(device)
        loss = F.mse_loss(self(x), y)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


check_lit_module(LitRegressor)
