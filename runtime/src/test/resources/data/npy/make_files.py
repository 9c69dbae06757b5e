"""Writes the NumPy files the readers' tests read, with NumPy itself, so that the tests check
rnnc against what NumPy really writes. Run with: python3 make_files.py (writes next to this script).

Every array here holds the values 0, 1, 2, ... in C order (cast to its type), so a test knows
every value without storing it twice.
"""
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def counting(shape, dtype):
    return np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)


def save(name, array, version=None):
    with open(os.path.join(here, name), "wb") as f:
        np.lib.format.write_array(f, array, version=version)


# The element types rnnc reads, and the three format versions.
save("f4_v1.npy", counting((2, 3), "<f4"), (1, 0))
save("f8_v2.npy", counting((4,), "<f8"), (2, 0))
save("u1_v3.npy", counting((2, 2, 2), "|u1"), (3, 0))
save("i8_scalar.npy", np.array(7, dtype="<i8"))
save("i4_empty.npy", counting((0, 3), "<i4"))
save("i2.npy", counting((3,), "<i2") - 1)
save("i1.npy", counting((3,), "|i1") - 2)
# What rnnc refuses.
save("big_endian.npy", counting((2,), ">f4"))
save("fortran.npy", np.asfortranarray(counting((2, 3), "<f4")))
save("complex.npy", counting((2,), "<c8"))
save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))

# Image sequences: 3 sequences of 4 frames of 2x3 pixels, one channel; lengths 4, 2, 3.
x = counting((3, 4, 2, 3), "|u1")
y = np.array([2, 0, 1], dtype="<i8")
np.savez(os.path.join(here, "sequences.npz"), x=x, y=y, lengths=np.array([4, 2, 3]))
np.savez_compressed(os.path.join(here, "frame_labels.npz"), x=counting((2, 3, 2, 2, 2), "<f4"),
                    y=np.array([[0, 1, 2], [2, 2, 0]], dtype="<i4"))
np.savez(os.path.join(here, "no_labels.npz"), x=x)
np.savez(os.path.join(here, "float_labels.npz"), x=x, y=np.array([0.0, 1.0, 1.0]))
with open(os.path.join(here, "not_a_zip.npz"), "wb") as f:
    f.write(b"this is not a zip archive")

# A directory of class folders of sequences, [T, H, W] and [T, H, W, C] with C = 1.
for label, lengths in (("left", (2, 3)), ("right", (1,))):
    os.makedirs(os.path.join(here, "gestures", label), exist_ok=True)
    for i, length in enumerate(lengths):
        frames = counting((length, 2, 3), "<f4") + 100 * i
        if label == "right":
            frames = frames.reshape(length, 2, 3, 1)
        np.save(os.path.join(here, "gestures", label, "seq%d.npy" % i), frames)

# The same sequences as a safetensors file (written by hand: the format is a length, a JSON
# header and the raw little-endian data), labels as int64.
def safetensors(path, tensors):
    import json
    import struct
    header, blobs, offset = {}, [], 0
    for name, (dtype, array) in tensors.items():
        data = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


safetensors(os.path.join(here, "sequences.safetensors"), {"x": ("U8", x), "y": ("I64", y),
                                                          "lengths": ("I64", np.array([4, 2, 3], dtype="<i8"))})
