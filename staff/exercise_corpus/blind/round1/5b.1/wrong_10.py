#| kind: wrong
#| what: the keys saved and the keys read differ ("hyper_parameters" saved, "hparams" read): KeyError on load
#| expect: raises KeyError ('hparams')
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"hyper_parameters": {"n_features": n_features}, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = Regressor(**checkpoint["hparams"])
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
