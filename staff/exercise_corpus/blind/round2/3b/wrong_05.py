#| kind: wrong
#| what: switches back what the Trainer set: calls self.train() and re-enables gradients inside validation_step (the lesson says not to; the module is left in train mode)
#| expect: validation_step undoes what the Trainer set up
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        self.train()  # make sure the model behaves as it does in training
        x, y = batch
        with torch.enable_grad():
            loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
