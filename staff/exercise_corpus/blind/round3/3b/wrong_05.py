#| kind: wrong
#| what: copies exercise 2b's hand-written pattern and ends by switching the model back to train mode (self.train()) inside validation_step, which the Trainer had set to eval
#| expect: validation_step undoes what the Trainer set up
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        self.eval()
        with torch.no_grad():
            x, y = batch
            loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss)
        self.train()  # back to training mode, as after validation in the vanilla loop


check_validation_step(LitRegressorWithValidation)
