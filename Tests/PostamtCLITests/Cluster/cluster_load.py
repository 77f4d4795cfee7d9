#!/usr/bin/env python3
"""Sends numbered messages to several Postamt nodes the way a sending MTA with several MX
hosts would: each sender keeps a connection to one node, and when that node fails (the
connection breaks or it answers 4xx) it moves on to the next node and tries the same
message again. A message counts as acknowledged only once a node answered 250 to its DATA.

Prints one JSON object: the acknowledged subjects with the port that acknowledged each,
how many temporary refusals and broken connections the senders met, and how many messages
were given up on, and after how many acknowledged messages --kill-pid was killed. Progress
(acknowledged so far) is written to --progress.
"""
import argparse
import json
import os
import signal
import smtplib
import socket
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--ports", required=True, help="comma-separated MX ports of the nodes")
parser.add_argument("--count", type=int, required=True)
parser.add_argument("--senders", type=int, default=4)
parser.add_argument("--prefix", default="cluster")
parser.add_argument("--progress", required=True)
parser.add_argument("--give-up", type=float, default=60.0, help="seconds after which one message is given up")
parser.add_argument("--deadline", type=float, default=300.0, help="seconds after which every message not yet sent is given up")
parser.add_argument("--kill-pid", type=int, help="a node to kill with SIGKILL in the middle of the load")
parser.add_argument("--kill-at", type=int, default=0, help="kill --kill-pid once this many messages are acknowledged")
arguments = parser.parse_args()
ports = [int(port) for port in arguments.ports.split(",")]

deadline = time.monotonic() + arguments.deadline
lock = threading.Lock()
acknowledged = {}
temporary = 0
broken = 0
given_up = []
killed_after = None


def note_progress():
    with open(arguments.progress + ".tmp", "w") as handle:
        handle.write(str(len(acknowledged)))
    os.replace(arguments.progress + ".tmp", arguments.progress)


def sender(number):
    global temporary, broken, killed_after
    node = number % len(ports)
    client = None
    for index in range(number, arguments.count, arguments.senders):
        subject = "%s-%d" % (arguments.prefix, index)
        message = ("Subject: %s\r\nMessage-ID: <%s@load.example.test>\r\n\r\nmessage %d\r\n" % (subject, subject, index)).encode()
        started = time.monotonic()
        while True:
            if time.monotonic() - started > arguments.give_up or time.monotonic() > deadline:
                with lock:
                    given_up.append(subject)
                break
            try:
                if client is None:
                    client = smtplib.SMTP("127.0.0.1", ports[node], timeout=15)
                    client.ehlo("load.example.test")
                client.sendmail("load@example.test", ["rcpt%d@far-away.test" % index], message)
                with lock:
                    acknowledged[subject] = ports[node]
                    if len(acknowledged) % 10 == 0:
                        note_progress()
                    # Killed from here, not by the test: a busy test process could look too
                    # late, when the load is over.
                    if arguments.kill_pid and killed_after is None and len(acknowledged) >= arguments.kill_at:
                        killed_after = len(acknowledged)
                        os.kill(arguments.kill_pid, signal.SIGKILL)
                break
            except smtplib.SMTPResponseException as error:
                with lock:
                    temporary += 1
                if error.smtp_code >= 500:
                    with lock:
                        given_up.append(subject)
                    break
                try:
                    client.rset()
                except Exception:
                    client = None
            except (smtplib.SMTPException, OSError, socket.timeout):
                with lock:
                    broken += 1
                client = None
            # Another node, after a short pause, as an MTA would try its next MX host.
            node = (node + 1) % len(ports)
            time.sleep(0.05)
    if client is not None:
        try:
            client.quit()
        except Exception:
            pass


threads = [threading.Thread(target=sender, args=(number,)) for number in range(arguments.senders)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with lock:
    note_progress()
print(json.dumps({"acknowledged": acknowledged, "temporary": temporary, "broken": broken, "given_up": given_up,
                  "killed_after": killed_after}))
