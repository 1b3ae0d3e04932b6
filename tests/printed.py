"""Reads what the command lines print, for the tests."""


def epoch_table(printed):
    """The end-of-run table in printed, as {column: {epoch: value}}; the "..." rows are skipped."""
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == ["epoch"])
    header = lines[start].split()[1:]
    table = {name: {} for name in header}
    for line in lines[start + 1 :]:
        cells = line.split()
        if cells == ["..."]:
            continue
        if len(cells) != len(header) + 1 or not cells[0].isdigit():
            break
        for name, cell in zip(header, cells[1:], strict=True):
            table[name][int(cells[0])] = float(cell)
    return table
