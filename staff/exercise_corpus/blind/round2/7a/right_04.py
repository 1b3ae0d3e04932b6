#| kind: right
#| what: in a hurry: short names, a list as the loss's box, the closure binds batch and index as default arguments, loss read back as box[-1].detach()
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for i, b in enumerate(train_loader):
        call("on_train_batch_start", b, i)
        box = []

        def closure(b=b, i=i):
            box.append(model.training_step(b, i))
            model.optimizer_zero_grad(epoch, i, optimizer)
            model.backward(box[-1])
            return box[-1]

        model.optimizer_step(epoch, i, optimizer, closure)
        call("on_train_batch_end", {"loss": box[-1].detach()}, b, i)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
