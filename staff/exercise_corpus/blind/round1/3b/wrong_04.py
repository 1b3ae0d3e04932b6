#| kind: wrong
#| what: reduce_fx="sum": adds the batch losses instead of averaging them
#| expect: self.log got reduce_fx='sum'
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, reduce_fx="sum")


check_validation_step(LitRegressorWithValidation)
