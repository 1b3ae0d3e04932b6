#| kind: right
#| what: copied from Lightning's automatic optimization: the closure fills an outputs dict (like ClosureResult) detached after the step, batch moved to model.device, comments name the Lightning files
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
import torch


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    # loops/fit_loop.py -> on_advance_start
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        # the loader is already on the CPU here; .to(model.device) is a no-op there and right on a GPU (.cuda() would not be)
        batch = [t.to(model.device) if isinstance(t, torch.Tensor) else t for t in batch]
        call("on_train_batch_start", batch, batch_idx)
        result = {}

        # loops/optimization/automatic.py: _make_closure -> step_fn, zero_grad_fn, backward_fn
        def optimizer_closure():
            step_output = model.training_step(batch, batch_idx)
            result["loss"] = step_output
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(step_output)
            return step_output

        # core/module.py: LightningModule.optimizer_step -> optimizer.step(closure=optimizer_closure)
        model.optimizer_step(epoch, batch_idx, optimizer, optimizer_closure)
        outputs = {key: value.detach() for key, value in result.items()}  # ClosureResult.asdict, detached
        call("on_train_batch_end", outputs, batch, batch_idx)
    # loops/training_epoch_loop.py: on_advance_end runs the validation loop inside the epoch
    validate()
    # loops/fit_loop.py -> on_advance_end
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
