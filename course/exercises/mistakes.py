"""The classic mistakes, each written once with its fix: every check that recognises one says it in these words.

Numbers 1-7 are the seven classic mistakes of lesson 7; the tests make each one on purpose and expect its words here.
"""


def name(message):
    """A mistake's name: its message up to the first colon, e.g. "Gradients pile up"."""
    return message.split(":")[0]


# 1. optimizer.zero_grad() forgotten
ZERO_GRAD = ("Gradients pile up: optimizer.zero_grad() is missing, so each loss.backward() adds this batch's "
             "gradients to the previous ones. Fix: call optimizer.zero_grad() once per step, before loss.backward().")

# 2. targets (N,) against outputs (N, 1)
BROADCAST = ("The loss broadcasts: targets of shape {target} against outputs of shape {output} compare every "
             "prediction with every target, so the loss is computed on the wrong numbers, with no error. "
             "Fix: give both the shape (N, 1), y.view(-1, 1) for the targets, and never squeeze the model's output.")

# 3. a tensor left on the wrong device
DEVICE = ("A tensor is on the wrong device: \"{error}\". The model is on {device} (standing in for a GPU) but part "
          "of the batch stayed on the CPU (.to(device) returns a moved copy: the tensor itself stays where it was). "
          "Fix: move every tensor of the batch and keep the copies, x, y = x.to(device), y.to(device).")
NEW_TENSOR_ON_CPU = ("A tensor is on the wrong device: \"{error}\". The batch was moved to {device} (standing in "
                     "for a GPU), but train_step makes a new tensor on the CPU. Fix: make it where the batch is, "
                     "torch.ones(len(y), 1, device=device), or torch.ones_like(y).")

# 4. training_step returns nothing, a Python float, or a detached tensor
RETURNS_NONE = ("training_step returns nothing: the Trainer then skips zero grad, backward and step for every batch, "
                "and the model never learns. Fix: end training_step with `return loss`.")
RETURNS_FLOAT = ("training_step returns a Python float (loss.item()): a number has no graph, so the Trainer cannot "
                 "call backward on it. Fix: return the loss tensor itself, `return loss`.")
RETURNS_DETACHED = ("training_step returns a detached tensor: it has no grad_fn, so backward cannot reach the "
                    "weights. Fix: return the loss itself, not loss.detach() nor a loss computed under "
                    "torch.no_grad().")

# 5. validation without model.eval() / torch.no_grad(), or the Lightning equivalent misused
NO_EVAL = ("Validation in training mode: model.eval() is missing, so dropout (and batch norm) still act as in "
           "training and the validation loss is noisy and wrong. Fix: call model.eval() before validating "
           "(and model.train() before training again).")
NO_NO_GRAD = ("Validation records gradients: torch.no_grad() is missing, so autograd builds a graph for every "
              "validation batch, which costs memory and time for nothing. Fix: validate inside "
              "`with torch.no_grad():` (or torch.inference_mode()).")
LIGHTNING_VALIDATION_MODE = ("validation_step undoes what the Trainer set up: it validates in eval mode without "
                             "gradients for you, and your validation_step switched {what} back on. Fix: remove "
                             "{culprit} from validation_step.")
NO_TRAIN = ("Training in eval mode: model.train() is missing, so after a validation dropout stays off while the "
            "model trains. Fix: call model.train() at the start of every training epoch.")

# 6. optimizer.step() before loss.backward()
STEP_BEFORE_BACKWARD = ("optimizer.step() runs before loss.backward(): each step uses the previous batch's "
                        "gradients (or none at all), so the weights lag behind or never move. Fix: order the "
                        "steps forward, loss, zero grad, backward, step.")

# 7. a learning rate that makes the loss explode
EXPLODES = ("The loss explodes: with lr={lr} it went from {first:.4g} to {last:.4g} by step {step}, because every "
            "step overshoots the minimum and the error grows until it is inf, then NaN. Fix: lower the learning "
            "rate (try {smaller:g}), or clip the gradients.")

# Other mistakes the checks name along the way
NO_BACKWARD = ("loss.backward() never runs, so there are no gradients to step with. "
               "Fix: call loss.backward() after the loss.")
NO_STEP = ("optimizer.step() is never called on the optimizer you were given, so the weights never change. "
           "Fix: call optimizer.step() after loss.backward().")
STEPPED_ELSEWHERE = ("The weights change, but not by the optimizer you were given: its step() never runs. Updating "
                     "them by hand (p -= lr * p.grad) or with a new optimizer ignores its learning rate and its "
                     "state (momentum). Fix: call optimizer.step() on the optimizer passed in, after loss.backward().")
STEP_TWICE = ("optimizer.step() runs twice for one loss.backward(): each batch moves the weights twice as far. "
              "Fix: one optimizer.step() per step, after loss.backward().")
BACKWARD_TWICE = ("loss.backward() runs twice in one step: the second call adds the same gradients again, so the "
                  "step is twice as large. Fix: call loss.backward() once per step (and drop retain_graph=True).")
RETURNS_GRAPH = ("{who} returns the loss with its graph (a tensor that requires grad): kept over an epoch, every "
                 "step's graph stays in memory. Fix: {fix}.")
SUMMED = ("{who} gives {value:.4f}, {times} times the mean squared error {expected:.4f}: the loss adds up the "
          "squared errors (reduction=\"sum\") instead of averaging them. Fix: F.mse_loss(y_hat, y), whose "
          "default reduction is the mean.")
ZERO_GRAD_TOO_LATE = ("optimizer.zero_grad() runs between loss.backward() and optimizer.step(): it wipes the "
                      "gradients just computed, so the step does nothing. "
                      "Fix: zero the gradients before loss.backward().")
