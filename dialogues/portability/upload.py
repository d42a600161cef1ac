"""Receiving an uploaded file in memory only, up to a size limit, for the imports to read."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory, never on disk, and stops keeping it past ``max_bytes``
    (the file then arrives empty with its real size, for the form to refuse it by its size).

    Personal data never lands in a temporary file; the view sets this handler before the CSRF
    check reads the request body.
    """

    def __init__(self, request=None, *, max_bytes):
        super().__init__(request)
        self.max_bytes = max_bytes

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.max_bytes:
            self.buffer.write(raw_data)

    def file_complete(self, file_size):
        if file_size > self.max_bytes:
            self.buffer = io.BytesIO()
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def megabytes(size):
    """A size in bytes as megabytes for a message: "10", "2.5"."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
