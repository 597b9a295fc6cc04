"""``file_sha256`` reads a file in chunks (1 MiB, or 16 MiB for a big file); the digest
is the SHA-256 of all its bytes, whatever the chunk boundaries."""

from __future__ import annotations

import hashlib

import pytest

from jbr import checksum


@pytest.mark.parametrize(
    ("size", "why"),
    [
        (0, "an empty file: the SHA-256 of nothing"),
        (1, "one byte"),
        (checksum.CHUNK + 1, "one byte over a small chunk"),
        (checksum.BIG_CHUNK - 1, "just under the big-file chunk: read in small chunks"),
        (checksum.BIG_CHUNK, "exactly one big chunk"),
        (2 * checksum.BIG_CHUNK + 3, "two big chunks and a short one"),
    ],
)
def test_digest_is_the_sha256_of_every_byte(tmp_path, size, why):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert checksum.file_sha256(path) == hashlib.sha256(data).hexdigest(), why


def test_the_empty_files_digest_is_the_published_one(tmp_path):
    """FIPS 180-4's SHA-256 of the empty message."""
    path = tmp_path / "empty"
    path.write_bytes(b"")
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert checksum.file_sha256(path) == expected
