#| kind: wrong
#| what: typo: logs `val_los`, a name never defined (NameError)
#| expect: NameError
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        val_loss = F.mse_loss(self(x), y)
        self.log("val_loss", val_los)


check_validation_step(LitRegressorWithValidation)
