"""Loading a trained model for inference, for both versions: weights saved by another version of the
model (a layer renamed, another n_features) are refused in one line that names the difference,
before they are loaded."""

from common.checkpoints import CheckpointError


def check_same_model(saved, model):
    """Raises CheckpointError unless the saved state_dict has the names and shapes of the model's
    own.

    Without this, `model.load_state_dict(saved)` refuses too, but with a message of several lines
    ("Error(s) in loading state_dict ... size mismatch for ..."), which a command line would print
    as a traceback.
    """
    there = {name: tuple(tensor.shape) for name, tensor in saved.items()}
    here = {name: tuple(tensor.shape) for name, tensor in model.state_dict().items()}
    if there == here:
        return
    problems = [
        f"{name} is {there[name]} there, {here[name]} here"
        for name in sorted(there.keys() & here.keys())
        if there[name] != here[name]
    ]
    if here.keys() - there.keys():
        problems.append(f"missing there: {', '.join(sorted(here.keys() - there.keys()))}")
    if there.keys() - here.keys():
        problems.append(f"not in this model: {', '.join(sorted(there.keys() - here.keys()))}")
    raise CheckpointError(
        f"the checkpoint does not fit this {type(model).__name__} ({'; '.join(problems)}): "
        "load it with the code and hyperparameters that saved it, or train this version again"
    )
