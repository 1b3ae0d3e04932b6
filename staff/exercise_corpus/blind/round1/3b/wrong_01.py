#| kind: wrong
#| what: logs under the wrong name "valid_loss" instead of "val_loss"
#| expect: logs no "val_loss" (it logs ['valid_loss'])
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("valid_loss", loss)


check_validation_step(LitRegressorWithValidation)
