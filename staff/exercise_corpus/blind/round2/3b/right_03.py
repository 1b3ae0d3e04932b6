#| kind: right
#| what: reuses training_step to compute the loss (one place for steps 1-2) and logs what it returns under the name val_loss
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        loss = self.training_step(batch, batch_idx)  # same forward and MSE as in training
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
