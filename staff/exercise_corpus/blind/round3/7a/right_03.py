#| kind: right
#| what: over-engineered: helper functions, functools.partial for the closure, a list as the loss holder, asserts on what the closure returned and a debug print
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
import functools

import torch

DEBUG = False


def _steps_one_to_four(model, optimizer, epoch, batch, batch_idx, holder):
    """Steps 1-4 as Lightning's closure runs them: training_step, then zero grad, then backward."""
    loss = model.training_step(batch, batch_idx)
    assert torch.is_tensor(loss) and loss.requires_grad, "training_step must return the loss with its graph"
    model.optimizer_zero_grad(epoch, batch_idx, optimizer)
    model.backward(loss)
    holder.append(loss)
    return loss


def _one_batch(model, optimizer, epoch, call, batch, batch_idx):
    call("on_train_batch_start", batch, batch_idx)
    holder = []
    closure = functools.partial(_steps_one_to_four, model, optimizer, epoch, batch, batch_idx, holder)
    model.optimizer_step(epoch, batch_idx, optimizer, closure)  # step 5 calls the closure
    assert holder, "the optimizer never called the closure"
    outputs = {"loss": holder[-1].detach()}  # the last call's loss, as Lightning keeps it
    if DEBUG:
        print(f"epoch {epoch} batch {batch_idx}: loss {outputs['loss'].item():.4f}")
    call("on_train_batch_end", outputs, batch, batch_idx)


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in zip(itertools.count(), train_loader):
        _one_batch(model, optimizer, epoch, call, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
