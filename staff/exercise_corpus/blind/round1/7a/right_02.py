#| kind: right
#| what: the closure made by a helper function (a factory) that keeps the loss with nonlocal; batch_idx counted by hand; clipping values read from model.trainer
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def make_closure(model, optimizer, call, batch, batch_idx, epoch):
    """Steps 1-4, for the optimizer to call; .last holds the loss it computed."""
    def closure():
        nonlocal_loss = model.training_step(batch, batch_idx)   # 1-2: forward and loss
        call("on_before_zero_grad", optimizer)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)  # 3: zero grad, after the forward
        call("on_before_backward", nonlocal_loss)
        model.backward(nonlocal_loss)                           # 4: backward
        call("on_after_backward")
        call("on_before_optimizer_step", optimizer)
        trainer = model.trainer
        model.configure_gradient_clipping(optimizer, trainer.gradient_clip_val, trainer.gradient_clip_algorithm)
        closure.last = nonlocal_loss
        return nonlocal_loss
    closure.last = None
    return closure


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    batch_idx = 0
    for batch in train_loader:
        call("on_train_batch_start", batch, batch_idx)
        closure = make_closure(model, optimizer, call, batch, batch_idx, epoch)
        model.optimizer_step(epoch, batch_idx, optimizer, closure)  # 5: the step, which runs the closure
        assert closure.last is not None, "the optimizer did not call the closure"
        outputs = dict(loss=closure.last.detach())
        call("on_train_batch_end", outputs, batch, batch_idx)
        batch_idx += 1
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
