#| kind: right
#| what: one loop body as a helper run_batch; the loss for on_train_batch_end taken from what the closure returned, kept in a list; hook names in a tuple
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def run_batch(model, optimizer, batch, batch_idx, epoch, call):
    returned = []

    def closure():
        loss = model.training_step(batch, batch_idx)
        for hook, args in (("on_before_zero_grad", (optimizer,)),):
            call(hook, *args)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        call("on_before_backward", loss)
        model.backward(loss)
        for hook in ("on_after_backward",):
            call(hook)
        call("on_before_optimizer_step", optimizer)
        model.configure_gradient_clipping(optimizer, None, None)
        returned.append(loss)
        return loss

    model.optimizer_step(epoch=epoch, batch_idx=batch_idx, optimizer=optimizer, optimizer_closure=closure)
    return returned[-1].detach()


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        loss = run_batch(model, optimizer, batch, batch_idx, epoch, call)
        assert not loss.requires_grad
        call("on_train_batch_end", {"loss": loss}, batch, batch_idx)
    validate()  # Lightning: after the last batch, before on_train_epoch_end
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
