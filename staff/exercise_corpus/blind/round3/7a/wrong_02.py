#| kind: wrong
#| what: batch_idx is a step counter kept at module level, so it runs on across epochs (and across calls) instead of starting at 0 each epoch
#| expect: on_train_batch_start gets batch_idx 3 for batch 1 of epoch 1, where
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
step_counter = itertools.count()  # one counter for the whole run


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch in train_loader:
        batch_idx = next(step_counter)
        call("on_train_batch_start", batch, batch_idx)

        def closure():
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            closure.loss = loss
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": closure.loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
