import { markpactReadme, type ServiceTemplate } from './template';

export const pythonStdlib: ServiceTemplate = {
  id: 'python',
  label: 'Python (standard library)',
  detail: 'http.server, nothing to install: runs offline',
  packages: [],
  readme: (name) =>
    markpactReadme({
      name,
      intro: 'A JSON service in standard-library Python: nothing to install.',
      files: [
        {
          path: 'server.py',
          lang: 'python',
          content: `import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = ${JSON.stringify(name)}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        elif self.path == "/":
            self.reply(200, {"service": NAME, "message": f"hello from {NAME}"})
        else:
            self.reply(404, {"error": f"no route {self.path}"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


port = int(os.environ.get("MARKPACT_PORT", "8000"))
print(f"{NAME} listening on {port}", flush=True)
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
`,
        },
      ],
      run: 'python3 server.py',
    }),
};
