#| kind: wrong
#| what: the closure does not return the loss (dropped return value): fine for SGD, which ignores it, wrong for an optimizer that reads it (LBFGS) and for optimizer.step's result
#| expect: The closure returns nothing (None) when the optimizer calls it
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        step = {}

        def closure():
            step["loss"] = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(step["loss"])

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": step["loss"].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
