#| kind: right
#| what: a small helper builds the model from the hyperparameters; writes through a file object; prints what it loaded
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def _build(hparams):
    return Regressor(hparams["n_features"])


def save_for_inference(path, model, n_features):
    with open(path, "wb") as f:
        torch.save({"hparams": {"n_features": n_features}, "model": model.state_dict()}, f)


def load_for_inference(path):
    with open(path, "rb") as f:
        ckpt = torch.load(f, weights_only=True)
    model = _build(ckpt["hparams"])
    model.load_state_dict(ckpt["model"])
    model.eval()
    print(f"loaded Regressor({ckpt['hparams']['n_features']}) from {path}")
    return model


check_save_and_load(save_for_inference, load_for_inference)
