#| kind: right
#| what: a student fresh from exercise 2b: asserts the Trainer set eval mode and turned gradients off, and logs through self.log_dict
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        # the Trainer already called model.eval() and turned gradients off (my 2b by hand)
        assert not self.training
        assert not torch.is_grad_enabled()
        inputs, targets = batch
        loss = F.mse_loss(self.model(inputs), targets)
        self.log_dict({"val_loss": loss})


check_validation_step(LitRegressorWithValidation)
