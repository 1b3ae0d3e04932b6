#| kind: wrong
#| what: Lightning 1.x habit: returns {"val_loss": loss} (for a validation_epoch_end) instead of logging it: nothing named val_loss is logged
#| expect: validation_step logs no "val_loss" (it logs nothing), so neither
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        return {"val_loss": loss}


check_validation_step(LitRegressorWithValidation)
