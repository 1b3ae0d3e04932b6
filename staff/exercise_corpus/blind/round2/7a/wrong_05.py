#| kind: wrong
#| what: batch_idx off by one: enumerate(train_loader, start=1), so every hook and step gets the batch's index plus one
#| expect: on_train_batch_start gets batch_idx 1 for batch 1 of epoch 0, where
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader, start=1):  # batch 1, 2, 3, ...
        call("on_train_batch_start", batch, batch_idx)
        box = []

        def closure():
            box.append(model.training_step(batch, batch_idx))
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(box[-1])
            return box[-1]

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": box[-1].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
