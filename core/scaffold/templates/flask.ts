import { markpactReadme, type ServiceTemplate } from './template';

export const flask: ServiceTemplate = {
  id: 'flask',
  label: 'Flask',
  detail: 'Python, installs flask from your package index',
  packages: ['flask'],
  readme: (name) =>
    markpactReadme({
      name,
      intro: 'A Flask service.',
      deps: { lang: 'python', lines: ['flask>=3.0'] },
      files: [
        {
          path: 'app.py',
          lang: 'python',
          content: `from flask import Flask, jsonify

NAME = ${JSON.stringify(name)}
app = Flask(NAME)


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/")
def index():
    return jsonify(service=NAME, message=f"hello from {NAME}")
`,
        },
      ],
      run: 'python -m flask --app app run --host 127.0.0.1 --port $MARKPACT_PORT',
    }),
};
