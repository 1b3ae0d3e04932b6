#| kind: right
#| what: asserts eval mode and no grad (without changing them), reduce_fx='mean' and sync_dist=True written out
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        assert not self.training and not torch.is_grad_enabled()  # what the Trainer set for us
        x, y = batch
        loss = torch.nn.functional.mse_loss(self(x), y)
        # sync_dist averages across processes; with one process it changes nothing
        self.log("val_loss", loss, reduce_fx="mean", sync_dist=True, batch_size=x.size(0))


check_validation_step(LitRegressorWithValidation)
