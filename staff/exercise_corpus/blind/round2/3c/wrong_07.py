#| kind: wrong
#| what: the DataLoader gets its own seeded generator "for reproducibility": not vanilla's DataLoader, so a shuffled config draws another order than the vanilla loop
#| expect: The losses differ from the vanilla loop's from step 0 on (epoch 0
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    generator = torch.Generator().manual_seed(config.seed)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle,
                              generator=generator)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
