"""The README opens with the two commands CI runs (DEVELOPERS.md): keep them in step."""
import re


def readme_commands(source):
    text = (source / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks[:2] for line in block.strip().splitlines()]


def test_ci_runs_the_readme_commands(source):
    commands = readme_commands(source)
    assert len(commands) == 2, commands
    ci = (source / ".ci" / "run").read_text().splitlines()
    for command in commands:
        assert command in ci, command
