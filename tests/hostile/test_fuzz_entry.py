"""The atheris fuzz entry point stays runnable: its target accepts every seed of the corpus and
a set of mutated inputs without an exception escaping the loader."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

FUZZ = Path(__file__).parents[2] / "fuzz"


@pytest.fixture(scope="module")
def one_input():
    spec = importlib.util.spec_from_file_location("fuzz_loader", FUZZ / "fuzz_loader.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.one_input


SEEDS = sorted((FUZZ / "corpus").iterdir())


def test_corpus_is_there():
    assert len(SEEDS) >= 6


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_and_its_mutations_never_escape(one_input, seed):
    data = seed.read_bytes()
    one_input(data)
    rng = random.Random(seed.name)
    for _ in range(40):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            op = rng.random()
            i = rng.randrange(len(b) + 1)
            if op < 0.4 and b:
                b[min(i, len(b) - 1)] = rng.randrange(256)
            elif op < 0.7:
                b[i:i] = rng.choice([b":", b"- ", b"\n  ", b"&a ", b"*a", b"{", b"[", b"\t", b"!!",
                                     b"\xc3", b"---\n"])
            else:
                del b[i:i + rng.randint(1, 16)]
        one_input(bytes(b))
