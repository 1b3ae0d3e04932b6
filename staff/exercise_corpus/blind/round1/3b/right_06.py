#| kind: right
#| what: a helper method for steps 1-2, the logged tensor detached, batch_size from y.shape[0]
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def _batch_loss(self, batch):
        features, target = batch
        return F.mse_loss(self(features), target)

    def validation_step(self, batch, batch_idx):
        loss = self._batch_loss(batch).detach()  # no graph here anyway (no_grad); detach is harmless
        self.log(name="val_loss", value=loss, batch_size=batch[1].shape[0])


check_validation_step(LitRegressorWithValidation)
