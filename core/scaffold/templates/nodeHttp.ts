import { markpactReadme, type ServiceTemplate } from './template';

export const nodeHttp: ServiceTemplate = {
  id: 'node',
  label: 'Node (node:http)',
  detail: 'no npm packages: runs offline',
  packages: [],
  readme: (name) =>
    markpactReadme({
      name,
      intro: 'A JSON service in Node with no npm packages.',
      files: [
        {
          path: 'server.js',
          lang: 'javascript',
          content: `const http = require('node:http');

const name = ${JSON.stringify(name)};
const port = Number(process.env.MARKPACT_PORT || 8000);

const reply = (response, status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

http
  .createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') return reply(response, 200, { status: 'ok' });
    if (request.method === 'GET' && request.url === '/') return reply(response, 200, { service: name, message: \`hello from \${name}\` });
    return reply(response, 404, { error: \`no route \${request.url}\` });
  })
  .listen(port, '127.0.0.1', () => console.log(\`\${name} listening on \${port}\`));
`,
        },
      ],
      run: 'node server.js',
    }),
};
