#| kind: right
#| what: weights saved as CPU clones (the model may sit on a GPU), strict load, checks the shapes against n_features before saving
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    weights = {name: tensor.detach().cpu().clone() for name, tensor in model.state_dict().items()}
    assert weights["linear.weight"].shape == (1, n_features), "n_features does not match the model"
    torch.save({"config": {"n_features": n_features}, "weights": weights}, path)


def load_for_inference(path):
    saved = torch.load(path, map_location=torch.device("cpu"), weights_only=True)
    model = Regressor(n_features=saved["config"]["n_features"])
    missing, unexpected = model.load_state_dict(saved["weights"], strict=True)
    assert not missing and not unexpected
    model.train(False)  # the same as model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
