#| kind: right
#| what: a beginner's version: separate "n_features" and "weights" entries, prints what was saved and loaded, model.train(False) for eval mode
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    # the new process only has Regressor and this file, so the file needs the size of the model too
    to_save = {}
    to_save["n_features"] = n_features
    to_save["weights"] = model.state_dict()
    torch.save(to_save, path)
    print("saved", list(to_save["weights"].keys()), "with n_features =", n_features, "to", path)


def load_for_inference(path):
    loaded = torch.load(path, weights_only=True)
    n_features = loaded["n_features"]
    new_model = Regressor(n_features)
    result = new_model.load_state_dict(loaded["weights"])
    print("loaded a Regressor with", n_features, "features;", result)
    new_model.train(False)  # the same as new_model.eval()
    return new_model


check_save_and_load(save_for_inference, load_for_inference)
