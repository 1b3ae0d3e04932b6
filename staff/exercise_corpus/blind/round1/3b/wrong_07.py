#| kind: wrong
#| what: loss with reduction="sum": logs each batch's summed squared error, not its mean
#| expect: 4 times the mean squared error
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="sum")
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
