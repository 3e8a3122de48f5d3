#!/usr/bin/env python3
"""Makes a lock of a local restic repository older without waiting: restic is a Go program and
ignores faketime, so the lock is decrypted with the repository key, its `time` moved back, and it
is stored re-encrypted under its new ID (the SHA-256 of the new file), the old file removed.

Usage: age_lock.py REPO_DIR PASSWORD LOCK_ID SECONDS
Prints the new lock ID.

restic's crypto (doc/design.rst, internal/crypto): a file is IV(16) || AES-256-CTR ciphertext ||
Poly1305-AES MAC(16) over the ciphertext; the MAC key is k (AES-128, encrypts the IV into the
Poly1305 `s`) and r (clamped). The user key (scrypt of the password with the key file's N, r, p and
salt, 64 bytes: 32 encryption, 16 k, 16 r) decrypts the key file's `data`, the master key. Only
repositories of version 1 (uncompressed JSON) are handled.
"""
import base64
import datetime
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.poly1305 import Poly1305

MASK = bytes([0xFF, 0xFF, 0xFF, 0x0F, 0xFC, 0xFF, 0xFF, 0x0F, 0xFC, 0xFF, 0xFF, 0x0F, 0xFC, 0xFF, 0xFF, 0x0F])


def aes_block(key, block):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def mac(k, r, iv, ciphertext):
    r = bytes(a & b for a, b in zip(r, MASK))
    return Poly1305.generate_tag(r + aes_block(k, iv), ciphertext)


def ctr(key, iv, data):
    cipher = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return cipher.update(data) + cipher.finalize()


def decrypt(keys, blob):
    enc, k, r = keys
    iv, ciphertext, tag = blob[:16], blob[16:-16], blob[-16:]
    if mac(k, r, iv, ciphertext) != tag:
        raise SystemExit("MAC mismatch: wrong key or damaged file")
    return ctr(enc, iv, ciphertext)


def encrypt(keys, plaintext):
    enc, k, r = keys
    iv = os.urandom(16)
    ciphertext = ctr(enc, iv, plaintext)
    return iv + ciphertext + mac(k, r, iv, ciphertext)


def master_key(repo, password):
    for name in sorted(os.listdir(os.path.join(repo, "keys"))):
        with open(os.path.join(repo, "keys", name)) as f:
            doc = json.load(f)
        derived = hashlib.scrypt(password.encode(), salt=base64.b64decode(doc["salt"]), n=doc["N"], r=doc["r"],
                                 p=doc["p"], maxmem=2**31 - 1, dklen=64)
        user = (derived[:32], derived[32:48], derived[48:64])
        master = json.loads(decrypt(user, base64.b64decode(doc["data"])))
        return (base64.b64decode(master["encrypt"]), base64.b64decode(master["mac"]["k"]),
                base64.b64decode(master["mac"]["r"]))
    raise SystemExit("no key file")


def main():
    repo, password, lock_id, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    keys = master_key(repo, password)
    old_path = os.path.join(repo, "locks", lock_id)
    with open(old_path, "rb") as f:
        lock = json.loads(decrypt(keys, f.read()))
    # Go writes RFC 3339 with nanoseconds and a zone offset; keep the zone, move the instant.
    stamp = lock["time"]
    zone = "Z" if stamp.endswith("Z") else stamp[-6:]
    whole, _, fraction = stamp[:len(stamp) - len(zone)].partition(".")
    moved = datetime.datetime.fromisoformat(whole) - datetime.timedelta(seconds=seconds)
    lock["time"] = moved.isoformat() + ("." + fraction if fraction else "") + zone
    blob = encrypt(keys, json.dumps(lock).encode())
    new_id = hashlib.sha256(blob).hexdigest()
    with open(os.path.join(repo, "locks", new_id), "wb") as f:
        f.write(blob)
    os.remove(old_path)
    print(new_id)


if __name__ == "__main__":
    main()
