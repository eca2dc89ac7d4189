import { markpactReadme, type ServiceTemplate } from './template';

export const fastapi: ServiceTemplate = {
  id: 'fastapi',
  label: 'FastAPI',
  detail: 'Python, installs fastapi and uvicorn from your package index',
  packages: ['fastapi', 'uvicorn'],
  readme: (name) =>
    markpactReadme({
      name,
      intro: 'A FastAPI service, served by uvicorn.',
      deps: { lang: 'python', lines: ['fastapi>=0.110', 'uvicorn>=0.29'] },
      files: [
        {
          path: 'main.py',
          lang: 'python',
          content: `from fastapi import FastAPI

NAME = ${JSON.stringify(name)}
app = FastAPI(title=NAME)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/")
def index():
    return {"service": NAME, "message": f"hello from {NAME}"}
`,
        },
      ],
      run: 'uvicorn main:app --host 127.0.0.1 --port $MARKPACT_PORT',
    }),
};
