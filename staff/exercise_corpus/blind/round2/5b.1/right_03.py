#| kind: right
#| what: built on the meta device and filled with load_state_dict(assign=True), gradients turned off, a format tag and the class name saved as strings
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({
        "format": "regressor-inference-v1",
        "class": type(model).__name__,  # a string: documents what to rebuild, never unpickled as a class
        "hparams": {"n_features": int(n_features)},
        "weights": {name: tensor.detach().cpu() for name, tensor in model.state_dict().items()},
    }, path)


def load_for_inference(path):
    saved = torch.load(path, map_location="cpu", weights_only=True)
    assert saved["format"] == "regressor-inference-v1" and saved["class"] == "Regressor", "not a file from save_for_inference"
    with torch.device("meta"):  # no memory and no random init for weights about to be replaced
        model = Regressor(**saved["hparams"])
    model.load_state_dict(saved["weights"], strict=True, assign=True)  # the loaded tensors become the parameters
    model.requires_grad_(False)  # inference only: no gradients to record
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
