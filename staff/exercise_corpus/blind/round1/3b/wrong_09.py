#| kind: wrong
#| what: half done: computes and returns the loss but never logs it
#| expect: logs no "val_loss" (it logs nothing)
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        return loss


check_validation_step(LitRegressorWithValidation)
