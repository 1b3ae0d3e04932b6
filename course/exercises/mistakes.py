"""The classic mistakes, each written once: every check that sees one says it in these words.

A message is one line: what the check observed, the idea it breaks (with the lesson and section that teach it), and
after "Fix:" what to change, in words. It may name an API (`optimizer.zero_grad()`, `model.eval()`); it never gives
the finished answer (the solution's expression, line or loop). A check names a mistake only when what it observed
proves it. Numbers 1-7 are the seven classic mistakes; the corpus (staff/exercise_corpus/) makes each one on purpose.
"""


def name(message):
    """A mistake's name: its message up to the first colon, e.g. "Gradients pile up"."""
    return message.split(":")[0]


# 1. optimizer.zero_grad() forgotten
ZERO_GRAD = (
    "Gradients pile up: loss.backward() ran while the previous step's gradients were still in .grad, and "
    'backward() adds into .grad (lesson 1, "`backward()` adds into `.grad`"). Fix: clear the optimizer\'s '
    "gradients once in every step, before the backward pass."
)

# 2. targets (N,) against outputs (N, 1)
BROADCAST = (
    "The loss broadcasts: targets of shape {target} against outputs of shape {output} compare every "
    'prediction with every target, a wrong number with no error (lesson 1, "Data with a known answer"). '
    "Fix: give the loss both in the model's output shape, one row per sample and one column: reshape "
    "whichever is not, and leave the model's output as it comes (no squeeze)."
)

# 3. a tensor left on the wrong device
DEVICE = (
    'A tensor is on the wrong device: "{error}". The model is on {device} (standing in for a GPU), and '
    '{what} (lesson 4, "Danger 1: the device trap"). Fix: {fix}'
)
NEW_TENSOR_ON_CPU = (
    'A tensor is on the wrong device: "{error}". The batch was moved to {device} (standing in '
    'for a GPU), but a tensor the step makes itself is made on the CPU (lesson 4, "The trap inside '
    'a LightningModule"). Fix: make it on the device the batch is on, or like a tensor of the batch.'
)

# 4. training_step returns nothing, a Python float, or a detached tensor
RETURNS_NONE = (
    "training_step returns nothing: the Trainer then skips zero grad, backward and step for every batch, "
    'and the model never learns (lesson 3, "What moved where"). Fix: return the batch\'s loss tensor.'
)
RETURNS_FLOAT = (
    "training_step returns a Python number: it has no graph, so the Trainer cannot call backward on it "
    '(lesson 3, "What moved where"). Fix: return the loss tensor itself, not .item() of it.'
)
RETURNS_DETACHED = (
    "training_step returns a tensor without a graph (no grad_fn), so backward cannot reach the "
    'weights (lesson 3, "What moved where"). Fix: return the loss as computed, neither detached '
    "nor computed under torch.no_grad()."
)

# 5. validation without model.eval() / torch.no_grad(), or the Lightning equivalent misused
NO_EVAL = (
    "Validation in training mode: dropout was still on while validating, so the validation loss is noisy "
    'and wrong (lesson 5, "Validation and metrics"). Fix: switch the model to eval mode before '
    "validating (model.eval())."
)
NO_NO_GRAD = (
    "Validation records gradients: autograd was on while validating, so it built a graph for every batch, "
    'memory and time for nothing (lesson 5, "Validation and metrics"). Fix: validate with autograd '
    "off (torch.no_grad() or torch.inference_mode())."
)
LIGHTNING_VALIDATION_MODE = (
    "validation_step undoes what the Trainer set up: it validates in eval mode without "
    'gradients for you, and your validation_step switched {what} back on (lesson 3, "What '
    'moved where"). Fix: remove {culprit} from validation_step.'
)
NO_TRAIN = (
    "Training in eval mode: after a validation the model stayed in eval mode, so dropout stayed off while "
    'it trained (lesson 5, "Validation and metrics"). Fix: put the model in training mode at the start '
    "of every training epoch (model.train())."
)

# 6. optimizer.step() before loss.backward()
STEP_BEFORE_BACKWARD = (
    "optimizer.step() runs before loss.backward(): each step uses the previous batch's "
    'gradients (or none), so the weights lag behind (lesson 1, "One step by hand"). Fix: put '
    "the five steps in their order: forward, loss, zero grad, backward, step."
)

# 7. a learning rate that makes the loss explode
EXPLODES = (
    "The loss explodes: with lr={lr} it went from {first:.4g} to {last:.4g} by step {step}: every step "
    'overshoots the minimum, so the error grows until it is inf, then NaN (lesson 1, "One step by hand"). '
    "Fix: a smaller learning rate, a few times smaller at a time."
)

# Other mistakes the checks name along the way
NO_BACKWARD = (
    'loss.backward() never runs, so there are no gradients to step with (lesson 1, "One step by hand"). '
    "Fix: call backward on the loss, between zero grad and the step."
)
NO_STEP = (
    'The optimizer you were given never steps, so the weights never change (lesson 1, "The same step with '
    '`nn` and `optim`"). Fix: call its step() after the backward pass.'
)
STEPPED_ELSEWHERE = (
    "The weights change, but not by the optimizer you were given: its step() never runs. Updating "
    'them by hand or with a new optimizer ignores its learning rate and its state (lesson 1, "The '
    'same step with `nn` and `optim`"). Fix: step with the optimizer passed in.'
)
STEP_TWICE = (
    "optimizer.step() runs twice for one backward pass: each batch moves the weights twice as far "
    '(lesson 1, "One step by hand"). Fix: one step per batch.'
)
BACKWARD_TWICE = (
    "loss.backward() runs twice in one step: the second call adds the same gradients again, so the "
    'step is twice as large (lesson 1, "`backward()` adds into `.grad`"). Fix: one backward pass '
    "per step."
)
RETURNS_GRAPH = (
    "{who} returns the loss with its graph (a tensor that requires grad): kept over an epoch, every "
    'step\'s graph stays in memory (lesson 2, "The code"). Fix: {fix}.'
)
SUMMED = (
    "{who} gives {value:.4f}, {times} times the mean squared error {expected:.4f}: the loss adds the squared "
    'errors up instead of averaging them (lesson 1, "One step by hand"). Fix: use the mean, F.mse_loss\'s '
    "default reduction."
)
ZERO_GRAD_TOO_LATE = (
    "optimizer.zero_grad() runs between loss.backward() and optimizer.step(): it wipes the "
    'gradients just computed, so the step does nothing (lesson 1, "One step by hand"). '
    "Fix: clear the gradients before the backward pass, not after it."
)
