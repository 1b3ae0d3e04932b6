#| kind: wrong
#| what: logged under the wrong name ("validation_loss" instead of "val_loss"): nothing that watches val_loss finds it
#| expect: validation_step logs no "val_loss" (it logs ['validation_loss'])
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("validation_loss", loss, prog_bar=True)


check_validation_step(LitRegressorWithValidation)
