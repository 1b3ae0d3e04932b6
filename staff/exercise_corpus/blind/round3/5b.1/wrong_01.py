#| kind: wrong
#| what: saves only the weights; load rebuilds Regressor() with the default 10 features, so a model of another size cannot be loaded
#| expect: load_for_inference builds a Regressor with 10 inputs for a file
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save(model.state_dict(), path)


def load_for_inference(path):
    model = Regressor(10)  # the course's default number of features
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
