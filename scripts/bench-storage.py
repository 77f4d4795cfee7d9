#!/usr/bin/env python3
"""Compares the two ways of making an accepted message durable that the queue could use,
with the same primitives Postamt uses (Debian's libsqlite3, fsync on the same disk):

  blob:  one SQLite transaction (WAL, synchronous=FULL) holding envelope and content
  files: content in its own file (write, fsync, rename, fsync of the directory), then the
         envelope row in a SQLite transaction (WAL, synchronous=FULL)

Each message is made durable before the next starts (one session, no group commit), which
is what one SMTP session waits for between DATA and 250.

    scripts/bench-storage.py [--messages N] [--directory DIR]
"""
import argparse, os, sqlite3, tempfile, time

def open_db(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, envelope TEXT, content BLOB, path TEXT)")
    return db

def blob(directory, count, size):
    db = open_db(os.path.join(directory, "blob.sqlite"))
    content = os.urandom(size)
    start = time.perf_counter()
    for i in range(count):
        db.execute("BEGIN")
        db.execute("INSERT INTO message (envelope, content) VALUES (?, ?)", (f"MAIL FROM:<a{i}@example.test>", content))
        db.execute("COMMIT")
    return time.perf_counter() - start

def files(directory, count, size):
    db = open_db(os.path.join(directory, "files.sqlite"))
    spool = os.path.join(directory, "spool")
    os.makedirs(os.path.join(spool, "tmp"), exist_ok=True)
    os.makedirs(os.path.join(spool, "new"), exist_ok=True)
    new_fd = os.open(os.path.join(spool, "new"), os.O_RDONLY)
    content = os.urandom(size)
    start = time.perf_counter()
    for i in range(count):
        tmp = os.path.join(spool, "tmp", str(i))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, content)
        os.fsync(fd)
        os.close(fd)
        final = os.path.join(spool, "new", str(i))
        os.rename(tmp, final)
        os.fsync(new_fd)
        db.execute("BEGIN")
        db.execute("INSERT INTO message (envelope, path) VALUES (?, ?)", (f"MAIL FROM:<a{i}@example.test>", final))
        db.execute("COMMIT")
    os.close(new_fd)
    return time.perf_counter() - start

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--directory", default=None)
    args = parser.parse_args()
    print("| size | blob in SQLite (msg/s) | file + SQLite row (msg/s) | ratio |")
    print("| --- | --- | --- | --- |")
    for size in (1024, 64 * 1024, 1024 * 1024):
        count = args.messages if size < 1024 * 1024 else max(50, args.messages // 10)
        with tempfile.TemporaryDirectory(dir=args.directory) as directory:
            b = count / blob(directory, count, size)
        with tempfile.TemporaryDirectory(dir=args.directory) as directory:
            f = count / files(directory, count, size)
        print(f"| {size // 1024} KiB | {b:.0f} | {f:.0f} | {b / f:.2f}x |")

if __name__ == "__main__":
    main()
