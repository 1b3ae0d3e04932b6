#| kind: wrong
#| what: copied from Lightning 1.x docs: returns {"val_loss": loss} instead of logging it; Lightning 2 logs nothing from a return value, so val_loss never appears
#| expect: validation_step logs no "val_loss" (it logs nothing), so neither
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        return {"val_loss": loss}


check_validation_step(LitRegressorWithValidation)
