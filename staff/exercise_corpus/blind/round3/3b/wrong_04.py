#| kind: wrong
#| what: reduction="sum": logs each batch's summed squared error, so val_loss is batch_size times too large
#| expect: validation_step's val_loss gives 11.3819, 4 times the mean squared
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="sum")  # Lightning averages over the batches for us
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
