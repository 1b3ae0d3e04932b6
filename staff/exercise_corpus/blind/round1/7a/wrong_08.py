#| kind: wrong
#| what: calls loss.backward() itself instead of the module's backward hook, so model.backward is never called
#| expect: model.backward is never called
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        step = {}

        def closure():
            # Lightning runs steps 1-4 inside the optimizer's step
            loss = model.training_step(batch, batch_idx)
            step["loss"] = loss
            call("on_before_zero_grad", optimizer)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            call("on_before_backward", loss)
            loss.backward()
            call("on_after_backward")
            call("on_before_optimizer_step", optimizer)
            model.configure_gradient_clipping(optimizer, None, None)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": step["loss"].detach()}, batch, batch_idx)
    validate()  # inside the epoch, after its last batch
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
