#| kind: wrong
#| what: validation after on_train_epoch_end instead of inside the epoch, before it
#| expect: Validation runs after on_train_epoch_end
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        out = {}

        def closure():
            out["loss"] = loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": out["loss"].detach()}, batch, batch_idx)
    call("on_train_epoch_end")
    validate()  # the epoch is over, now validate


check_train_epoch(train_epoch)
