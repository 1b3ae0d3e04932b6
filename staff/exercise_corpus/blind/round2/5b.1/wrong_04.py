#| kind: wrong
#| what: n_features is kept in memory (a dict on the function, by path) instead of in the file: a new process cannot rebuild the model
#| expect: load_for_inference looks up the path it is given in memory (KeyError
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    sizes = save_for_inference.__dict__.setdefault("sizes", {})
    sizes[str(path)] = n_features  # remember which size went to which file
    torch.save(model.state_dict(), path)


def load_for_inference(path):
    n_features = save_for_inference.sizes[str(path)]
    model = Regressor(n_features)
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
