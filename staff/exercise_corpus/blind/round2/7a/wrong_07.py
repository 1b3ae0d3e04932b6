#| kind: wrong
#| what: on_train_epoch_start called on the module directly (model.on_train_epoch_start()), not through call, so the callbacks' hook never runs
#| expect: on_train_epoch_start runs on the module only, so the callbacks'
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    model.on_train_epoch_start()
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        loss = None

        def closure():
            nonlocal loss
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
