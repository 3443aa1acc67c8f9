"""The few named errors the library raises; each message says what to do."""


class QAError(Exception):
    """Base class: a problem the user can fix. `exit_code` is the CLI's exit status."""

    exit_code = 1


class QuestionError(QAError):
    """The question is empty or unusable."""

    exit_code = 2


class CorpusError(QAError):
    """The corpus path is missing, unreadable, empty or not a folder/dump."""

    exit_code = 2


class IndexLockedError(QAError):
    """Another process is writing the index."""

    exit_code = 3


class IndexMissingError(QAError):
    """No index at the given path yet."""

    exit_code = 4


class IndexCorruptError(QAError):
    """The index directory is damaged; `qa ingest --rebuild` recovers it."""

    exit_code = 5


class StoreUnavailableError(QAError):
    """The configured Chroma server cannot be reached."""

    exit_code = 6


class ConfigError(QAError):
    """A setting has an invalid value."""

    exit_code = 2
