#| kind: right
#| what: nn.MSELoss module instead of F.mse_loss, the batch indexed rather than unpacked, the optimizer built in a local with momentum=0 written out
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x = batch[0]
        y = batch[1]
        criterion = torch.nn.MSELoss()  # same mean squared error as F.mse_loss
        return criterion(self.forward(x), y)

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(params=self.parameters(), lr=self.hparams.lr, momentum=0.0)  # plain SGD
        return optimizer


check_lit_module(LitRegressor)
