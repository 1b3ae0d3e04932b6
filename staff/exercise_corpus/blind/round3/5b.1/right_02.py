#| kind: right
#| what: beginner: flat dict with n_features next to the weights, eval() on its own line, prints what it rebuilt
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    data = {
        "n_features": int(n_features),
        "weights": model.state_dict(),
    }
    torch.save(data, path)


def load_for_inference(path):
    data = torch.load(path, weights_only=True)
    n = data["n_features"]
    new_model = Regressor(n)
    new_model.load_state_dict(data["weights"])
    new_model.eval()
    print(f"loaded a Regressor({n}) from {path}")
    return new_model


check_save_and_load(save_for_inference, load_for_inference)
