"""A generated demo is reused only when the same generator wrote it (scale, seed, code)."""

from __future__ import annotations

import json

import pytest

from jbr.deliveries.demo import MARKER, existing_demo, generator_fingerprint


def _demo_dir(tmp_path, **marker):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "personeel_2024.csv").write_text("peildatum\n", encoding="utf-8")
    info = {"scale": "small", "seed": 2024, "files": ["2024/personeel_2024.csv"]} | marker
    (tmp_path / MARKER).write_text(json.dumps(info), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("marker", "reused", "why"),
    [
        ({"generator": "same"}, True, "same scale, seed and generator: reuse"),
        ({"generator": "0" * 64}, False, "written by another version of the generator"),
        ({}, False, "a demo from before the fingerprint: its generator is unknown"),
        ({"generator": "same", "seed": 7}, False, "another seed"),
        ({"generator": "same", "scale": "full"}, False, "another scale"),
    ],
)
def test_a_demo_is_reused_only_from_the_same_generator(tmp_path, marker, reused, why):
    if marker.get("generator") == "same":
        marker["generator"] = generator_fingerprint()
    out = _demo_dir(tmp_path, **marker)
    found = existing_demo(out, "small", 2024)
    assert (found is not None) is reused, why
    if reused:
        assert found == [out / "2024" / "personeel_2024.csv"]


def test_a_missing_file_means_no_reuse(tmp_path):
    out = _demo_dir(tmp_path, generator=generator_fingerprint())
    (out / "2024" / "personeel_2024.csv").unlink()
    assert existing_demo(out, "small", 2024) is None


def test_the_fingerprint_follows_the_generator_code():
    # 64 hex digits, stable within one installation (it is cached and read from files)
    assert len(generator_fingerprint()) == 64
    assert generator_fingerprint() == generator_fingerprint()
