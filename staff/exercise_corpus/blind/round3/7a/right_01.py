#| kind: right
#| what: written after Lightning's own Closure: a small class whose __call__ runs training_step, zero grad and backward under enable_grad, keeps a detached clone of the loss for on_train_batch_end
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    import torch

    class StepClosure:
        """Like lightning/pytorch/loops/optimization/automatic.py's Closure: step, zero grad, backward."""

        def __init__(self, batch, batch_idx):
            self.batch, self.batch_idx = batch, batch_idx
            self.detached = None

        @torch.enable_grad()
        def __call__(self):
            closure_loss = model.training_step(self.batch, self.batch_idx)
            model.optimizer_zero_grad(epoch, self.batch_idx, optimizer)
            model.backward(closure_loss)
            self.detached = closure_loss.detach().clone()  # Lightning's ClosureResult.loss
            return closure_loss

    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        step = StepClosure(batch, batch_idx)
        model.optimizer_step(epoch, batch_idx, optimizer, step)  # the optimizer calls step()
        call("on_train_batch_end", {"loss": step.detached}, batch, batch_idx)
    validate()  # the end of the training epoch's last batch, before on_train_epoch_end
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
