#| kind: wrong
#| what: makes a new tensor in training_step without device= (torch.zeros on the CPU): the device trap on a GPU
#| expect: A tensor is on the wrong device
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
        y_hat = self(x)
        target = torch.zeros(x.shape[0], 1) + y.view(-1, 1)  # make sure the target is (N, 1)
        loss = F.mse_loss(y_hat, target)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


check_lit_module(LitRegressor)
