#| kind: wrong
#| what: the loss uses reduction="sum": val_loss is each batch's sum of squared errors (batch-size times too large), not the mean loss
#| expect: validation_step's val_loss gives 11.3819, 4 times the mean squared
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="sum")
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
