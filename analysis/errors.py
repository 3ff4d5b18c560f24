"""The one error type the analysis package raises for run files it cannot use."""


class RunFileError(Exception):
    """A run file is missing, damaged, foreign (not written by repatsim) or lacks what a
    caller needs. The message names the file and says what was expected, in one line, so the
    command line can print it as is."""

    def __init__(self, path, problem):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
