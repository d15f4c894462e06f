#!/usr/bin/env python3
"""A stateful GitHub issues stand-in on 127.0.0.1 for bench/failure-test.sh.

    python3 bench/github-standin.py PORT TOKEN REPO DROP STATE_FILE

Keeps issues and labels in memory (the Prism stand-in in shared/fakes keeps no state, so it cannot count
duplicates). DROP=all-but-first: every issue creation but the first is made and then the connection is closed with no
answer (a response lost on the way back: the case where a transport re-sends a POST on its own). After every request
it writes {"issues": [...], "posts": N, "dropped": N} to STATE_FILE. Stops by itself after 300 s.
"""
import json
import re
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

PORT, TOKEN, REPO, DROP, STATE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
lock = threading.Lock()
issues, labels = [], []
counts = {"posts": 0, "dropped": 0}


def save():
    with open(STATE, "w") as f:
        json.dump({"issues": issues, "posts": counts["posts"], "dropped": counts["dropped"]}, f)


def issue_json(i):
    return {"id": 1000 + i["number"], "number": i["number"], "title": i["title"], "body": i["body"], "state": "open",
            "html_url": "https://github.com/%s/issues/%d" % (REPO, i["number"]),
            "labels": [{"name": n, "color": "ededed"} for n in i["labels"]]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, code, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"null") if n else None

    def route(self, method):
        with lock:
            try:
                self.handle_locked(method)
            finally:
                save()

    def handle_locked(self, method):
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.answer(401, {"message": "Bad credentials"})
        url = urlparse(self.path)
        q = parse_qs(url.query)
        prefix = "/repos/%s/" % REPO
        if not url.path.startswith(prefix):
            return self.answer(404, {"message": "Not Found"})
        parts = url.path[len(prefix):].split("/")
        body = self.body() if method in ("POST", "PATCH") else None
        if parts == ["issues"] and method == "GET":
            label = (q.get("labels") or [None])[0]
            found = [i for i in issues if label is None or label.lower() in [l.lower() for l in i["labels"]]]
            if (q.get("direction") or [""])[0] == "desc":
                found = list(reversed(found))
            return self.page(url, q, [issue_json(i) for i in found])
        if parts == ["issues"] and method == "POST":
            for l in body.get("labels", []):
                if l.lower() not in [x.lower() for x in labels]:
                    return self.answer(422, {"message": "Validation Failed", "errors": [{"message": "label %s does not exist" % l}]})
            counts["posts"] += 1
            i = {"number": len(issues) + 1, "title": body.get("title", ""), "body": body.get("body", ""),
                 "labels": list(body.get("labels", []))}
            issues.append(i)
            if DROP == "all-but-first" and counts["posts"] > 1:
                counts["dropped"] += 1
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            return self.answer(201, issue_json(i))
        if len(parts) == 2 and parts[0] == "issues":
            match = [i for i in issues if str(i["number"]) == parts[1]]
            if not match:
                return self.answer(404, {"message": "Not Found"})
            i = match[0]
            if method == "PATCH":
                for k in ("title", "body", "labels"):
                    if k in body:
                        i[k] = body[k]
            return self.answer(200, issue_json(i))
        if parts == ["labels"] and method == "GET":
            return self.page(url, q, [{"name": n} for n in labels])
        if parts == ["labels"] and method == "POST":
            if body["name"].lower() in [x.lower() for x in labels]:
                return self.answer(422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]})
            labels.append(body["name"])
            return self.answer(201, {"name": body["name"], "color": body.get("color", "ededed")})
        return self.answer(404, {"message": "Not Found"})

    def page(self, url, q, items):
        per = min(100, int((q.get("per_page") or ["30"])[0]))
        page = int((q.get("page") or ["1"])[0])
        last = max(1, (len(items) + per - 1) // per)
        headers = {}
        if page < last:
            base = "http://127.0.0.1:%d%s?" % (PORT, url.path)
            keep = "&".join("%s=%s" % (k, v[0]) for k, v in q.items() if k != "page")
            headers["Link"] = '<%s%s&page=%d>; rel="next", <%s%s&page=%d>; rel="last"' % (base, keep, page + 1, base, keep, last)
        return self.answer(200, items[(page - 1) * per: page * per], headers)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PATCH(self):
        self.route("PATCH")


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
threading.Timer(300, server.shutdown).start()
save()
print("listening", flush=True)
server.serve_forever()
