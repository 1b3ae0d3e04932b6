"""`python -m lightning_version --help`: train the Lightning version from the command line."""

from common import cli  # imports nothing heavy: stop_at_once comes first


def main(argv=None):
    prog = "python -m lightning_version"
    cli.before_torch(prog)  # its thread counts checked, its C++ log quieted
    config, verbose = cli.parse_cli(argv, prog=prog)  # --devices 2: the Trainer starts them
    # imported after the launcher's variables are checked: Lightning reads RANK as it loads
    from lightning_version.train import train

    cli.set_verbosity(verbose)
    with cli.one_line_errors(config, prog):  # also SIGTERM, Ctrl-C, a lost process
        result = train(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if config.devices * config.num_nodes > 1:  # Lightning leaves gloo's process group up
        cli.exit_worker()


if __name__ == "__main__":
    # before anything loads: Ctrl-C ends in one line
    cli.stop_at_once("python -m lightning_version")
    main()
