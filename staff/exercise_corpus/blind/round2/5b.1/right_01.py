#| kind: right
#| what: Lightning's two keys, hyper_parameters and state_dict; the model rebuilt with Regressor(**hyper_parameters), loaded and put in eval mode
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({
        "hyper_parameters": {"n_features": n_features},  # what Regressor(...) needs
        "state_dict": model.state_dict(),  # the trained weights
    }, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)  # no code runs from the file
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()  # inference mode for dropout / batch norm, should the model ever get them
    return model


check_save_and_load(save_for_inference, load_for_inference)
