#| kind: right
#| what: flat dict with n_features as an int and the weights, other names; eval() chained on the return; requires_grad turned off
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    payload = {"weights": model.state_dict(), "n_features": int(n_features), "format": "regressor-v1"}
    torch.save(payload, path)


def load_for_inference(path):
    payload = torch.load(path, weights_only=True)
    assert payload["format"] == "regressor-v1", f"{path}: unknown file format {payload['format']!r}"
    net = Regressor(payload["n_features"])
    net.load_state_dict(payload["weights"])
    net.requires_grad_(False)  # nothing will train it: no graph needed
    return net.eval()


check_save_and_load(save_for_inference, load_for_inference)
