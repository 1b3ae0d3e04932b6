#| kind: right
#| what: belt and braces: a redundant torch.no_grad() around the forward (harmless inside the Trainer), an nn.MSELoss object, and sync_dist=True for multi-GPU runs
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        with torch.no_grad():  # not needed (the Trainer already did it), but it does no harm
            prediction = self.forward(x)
        loss = torch.nn.MSELoss()(prediction, y)
        self.log("val_loss", loss, sync_dist=True)


check_validation_step(LitRegressorWithValidation)
