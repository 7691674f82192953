"""The error root of ocr/: messages are English msgids translated by the app's catalogs."""
from __future__ import annotations

from typing import Any


def N_(msgid: str) -> str:
    return msgid


class OcrError(Exception):
    message = N_("Text recognition failed.")
    status = 500
    exit_code = 2

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message % params if params else self.message)


class MissingDependencyError(OcrError):
    message = N_("Tesseract language data is missing: %(missing)s. Install the Debian packages %(packages)s.")
    status = 503


class MissingModelError(MissingDependencyError):
    message = N_("The PP-OCR text models are missing: %(missing)s. Install the Python package %(package)s.")


class MissingVietnameseModelError(MissingDependencyError):
    message = N_("Tesseract has no language %(language)s, which %(variable)s names. Put tessdata_best's "
                 "vie.traineddata (4.0.0, integer build) into tesseract's tessdata folder as "
                 "%(language)s.traineddata, or unset %(variable)s.")


class NormaliseError(OcrError):
    """A printed value that cannot be read as the kind of value its field holds."""
    message = N_("Cannot read '%(value)s' as %(kind)s: expected %(expected)s.")
    status = 422
