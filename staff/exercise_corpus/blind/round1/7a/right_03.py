#| kind: right
#| what: an explicit iterator and a while loop, the closure as a small class with __call__, a print at the epoch's end
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
class StepClosure:
    """What Lightning hands the optimizer: training_step, zero grad and backward, returning the loss."""

    def __init__(self, model, optimizer, call, epoch, batch, batch_idx):
        self.model, self.optimizer, self.call = model, optimizer, call
        self.epoch, self.batch, self.batch_idx = epoch, batch, batch_idx
        self.loss = None

    def __call__(self):
        loss = self.model.training_step(self.batch, self.batch_idx)
        self.call("on_before_zero_grad", self.optimizer)
        self.model.optimizer_zero_grad(self.epoch, self.batch_idx, self.optimizer)
        self.call("on_before_backward", loss)
        self.model.backward(loss)
        self.call("on_after_backward")
        self.call("on_before_optimizer_step", self.optimizer)
        self.model.configure_gradient_clipping(self.optimizer, gradient_clip_val=None, gradient_clip_algorithm=None)
        self.loss = loss
        return loss


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    batches = iter(train_loader)
    batch_idx = -1
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        batch_idx += 1
        call("on_train_batch_start", batch, batch_idx)
        closure = StepClosure(model, optimizer, call, epoch, batch, batch_idx)
        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": closure.loss.detach().clone()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")
    print(f"epoch {epoch}: {batch_idx + 1} batches")


check_train_epoch(train_epoch)
