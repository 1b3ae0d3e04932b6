#| kind: wrong
#| what: half done: save_for_inference is written, load_for_inference still raises NotImplementedError
#| expect: not done yet
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"hyper_parameters": {"n_features": n_features}, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    raise NotImplementedError("Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict. Replace this line with your answer.")


check_save_and_load(save_for_inference, load_for_inference)
