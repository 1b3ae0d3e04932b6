#| kind: right
#| what: logs through self.log_dict with nn.MSELoss and the batch indexed
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        prediction = self.model(batch[0])
        mse = torch.nn.MSELoss()(prediction, batch[1])
        self.log_dict({"val_loss": mse})  # same as self.log("val_loss", mse)


check_validation_step(LitRegressorWithValidation)
