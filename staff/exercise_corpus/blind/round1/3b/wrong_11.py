#| kind: wrong
#| what: squeezes the prediction to (N,): against the (N, 1) target the loss broadcasts to (N, N) and gives the wrong number
#| expect: The loss broadcasts
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x).squeeze()
        loss = F.mse_loss(y_hat, y)
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
