#| kind: right
#| what: PyTorch-savvy: a small closure class that remembers its result, explicit iterator with next(), keyword arguments to optimizer_step
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
class _StepClosure:
    """What Lightning's automatic loop hands the optimizer: forward, zero grad, backward; returns the loss."""

    def __init__(self, model, optimizer, batch, batch_idx, epoch):
        self.model, self.optimizer = model, optimizer
        self.batch, self.batch_idx, self.epoch = batch, batch_idx, epoch
        self.result = None

    def __call__(self):
        loss = self.model.training_step(self.batch, self.batch_idx)
        self.model.optimizer_zero_grad(self.epoch, self.batch_idx, self.optimizer)
        self.model.backward(loss)
        self.result = loss.detach()  # what on_train_batch_end receives: no graph
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
        closure = _StepClosure(model, optimizer, batch, batch_idx, epoch)
        model.optimizer_step(epoch=epoch, batch_idx=batch_idx, optimizer=optimizer, optimizer_closure=closure)
        assert closure.result is not None, "the optimizer never ran the closure"
        call("on_train_batch_end", dict(loss=closure.result), batch, batch_idx)
    validate()  # once, after the last batch; Lightning does it in on_advance_end of the epoch loop
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
