#| kind: right
#| what: over-engineered: format tag and class name as strings, CPU clones of the weights, shape checks, frozen parameters and eval mode
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
FORMAT_VERSION = 1


def save_for_inference(path, model, n_features):
    weights = {name: tensor.detach().to("cpu", copy=True) for name, tensor in model.state_dict().items()}
    assert weights["linear.weight"].shape == (1, n_features), "n_features does not match the model"
    torch.save(
        {
            "format_version": FORMAT_VERSION,
            "class_name": type(model).__name__,  # a string: weights_only accepts it
            "init_kwargs": {"n_features": int(n_features)},
            "weights": weights,
        },
        path,
    )


def load_for_inference(path):
    saved = torch.load(path, map_location=torch.device("cpu"), weights_only=True)
    if saved.get("format_version") != FORMAT_VERSION or saved.get("class_name") != Regressor.__name__:
        raise ValueError(f"{path}: not a Regressor saved by save_for_inference")
    model = Regressor(**saved["init_kwargs"])
    expected = {name: tuple(t.shape) for name, t in model.state_dict().items()}
    found = {name: tuple(t.shape) for name, t in saved["weights"].items()}
    if expected != found:
        raise ValueError(f"{path}: weights {found} do not fit {expected}")
    model.load_state_dict(saved["weights"], strict=True)
    model.requires_grad_(False)  # inference only: no gradients to record
    model.train(False)  # same as model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
