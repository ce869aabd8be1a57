#!/usr/bin/env python3
"""A hostile SMTP server for sendcheck's fault tests: it misbehaves in one way, chosen per run.

    python3 scripts/smtp-hostile-server.py --dir DIR --mode MODE [--delay SECONDS] [--stop-on-stdin-eof]

Listens on 127.0.0.1 on a port the system chooses and writes it to DIR/port once listening. Every
line a client sends is appended to DIR/commands.log, so a test can tell what was, and was not, sent.

Modes:
  endless-lines   the greeting is "220-" continuation lines, for ever
  endless-line    the greeting is one line that never ends
  unasked         after EHLO, "250" replies nobody asked for, for ever
  echo-auth       offers AUTH PLAIN, LOGIN and XOAUTH2 (in clear: the client allows that to this
                  machine only), accepts any credentials and quotes them in its replies: the AUTH
                  line itself, then MAIL FROM's and the end of DATA's replies (the latter cut short)
  echo-auth-refused  as echo-auth, but refuses the credentials with 535, quoting the AUTH line
  slow            every reply comes after --delay seconds
  silent-data     answers everything but the end of DATA, which it never answers
  tempfail        451 to every MAIL FROM
  accept          a well-behaved server (accepts every message)

Standard library only. Runs until SIGTERM or SIGINT, --lifetime seconds (300 unless told), or with
--stop-on-stdin-eof until its standard input closes.
"""

import argparse
import asyncio
import os
import signal
import sys
import threading


class Session:
    def __init__(self, mode, delay, log, reader, writer):
        self.mode, self.delay, self.log = mode, delay, log
        self.reader, self.writer = reader, writer
        self.credentials = ""

    async def send(self, text):
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        self.writer.write(text.encode() + b"\r\n")
        await self.writer.drain()

    async def flood(self, prefix, line_end):
        chunk = (prefix + "x" * 200 + line_end).encode()
        while True:
            self.writer.write(chunk * 50)
            await self.writer.drain()

    async def line(self):
        data = await self.reader.readline()
        if not data:
            return None
        text = data.decode(errors="replace").rstrip("\r\n")
        with open(self.log, "a") as f:
            f.write(text + "\n")
        return text

    async def run(self):
        if self.mode == "endless-lines":
            return await self.flood("220-", "\r\n")
        if self.mode == "endless-line":
            self.writer.write(b"220 ")
            return await self.flood("", "")
        await self.send("220 hostile.test ESMTP")
        while True:
            line = await self.line()
            if line is None:
                return
            if not await self.answer(line):
                return

    async def answer(self, line):
        verb = line.split(" ", 1)[0].upper()
        if verb == "EHLO":
            await self.send("250-hostile.test\r\n250-AUTH PLAIN LOGIN XOAUTH2\r\n250 8BITMIME")
            if self.mode == "unasked":
                await self.flood("250 ", "\r\n")
        elif verb == "AUTH":
            await self.authenticate(line)
        elif verb == "MAIL":
            if self.mode == "tempfail":
                await self.send("451 4.3.0 try again later")
            elif self.credentials:
                await self.send("250 2.1.0 sender OK (you said AUTH %s)" % self.credentials)
            else:
                await self.send("250 2.1.0 sender OK")
        elif verb == "RCPT" or verb == "RSET" or verb == "NOOP":
            await self.send("250 2.1.5 OK")
        elif verb == "DATA":
            await self.send("354 go ahead")
            await self.data()
        elif verb == "QUIT":
            await self.send("221 bye")
            return False
        else:
            await self.send("500 5.5.1 unrecognised: %s" % line)
        return True

    async def data(self):
        while True:
            line = await self.line()
            if line is None or line == ".":
                break
        if self.mode == "silent-data":
            await asyncio.sleep(3600)
        elif self.credentials:
            # Cut short, as a log line or a reply of limited length would be.
            await self.send("250 2.0.0 queued; credentials were %s" % self.credentials.split(" ")[-1][:20])
        else:
            await self.send("250 2.0.0 queued")

    async def authenticate(self, line):
        words = line.split(" ")
        mechanism = words[1].upper() if len(words) > 1 else ""
        shown = line
        if mechanism == "LOGIN":
            await self.send("334 VXNlcm5hbWU6")
            user = await self.line()
            await self.send("334 UGFzc3dvcmQ6")
            password = await self.line()
            if user is None or password is None:
                return
            shown = "LOGIN %s %s" % (user, password)
            # The password's base64 alone, with no AUTH before it.
            if self.mode == "echo-auth-refused":
                await self.send("535 5.7.8 bad password %s" % password)
                return
        elif self.mode == "echo-auth-refused":
            await self.send("535 5.7.8 credentials refused: %s" % line)
            return
        self.credentials = shown[5:] if shown.upper().startswith("AUTH ") else shown
        await self.send("235 2.7.0 accepted %s" % self.credentials.split(" ")[-1])


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    log = os.path.join(args.dir, "commands.log")

    async def client(reader, writer):
        try:
            await Session(args.mode, args.delay, log, reader, writer).run()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(client, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    temporary = os.path.join(args.dir, "port.tmp")
    with open(temporary, "w") as f:
        f.write(str(port))
    os.replace(temporary, os.path.join(args.dir, "port"))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(args.lifetime, stop.set)
    if args.stop_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
    await stop.wait()
    server.close()


def main():
    parser = argparse.ArgumentParser(description="hostile SMTP server for sendcheck's fault tests")
    parser.add_argument("--dir", required=True, help="folder for the port file and commands.log")
    parser.add_argument("--mode", required=True, choices=[
        "endless-lines", "endless-line", "unasked", "echo-auth", "echo-auth-refused", "slow", "silent-data", "tempfail", "accept"])
    parser.add_argument("--delay", type=float, default=1.0, help="seconds before each reply in slow mode")
    parser.add_argument("--lifetime", type=float, default=300, help="stop after this many seconds")
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help="also stop when standard input closes")
    args = parser.parse_args()
    asyncio.run(serve(args))
    # Not the interpreter's shutdown: the thread that waits on standard input would make it complain.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
