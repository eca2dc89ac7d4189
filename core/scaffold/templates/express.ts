import { markpactReadme, type ServiceTemplate } from './template';

export const express: ServiceTemplate = {
  id: 'express',
  label: 'Express',
  detail: 'Node, installs express from the npm registry',
  packages: ['express'],
  readme: (name) =>
    markpactReadme({
      name,
      intro: 'An Express service.',
      deps: { lang: 'node', lines: ['express@^5'] },
      files: [
        {
          path: 'server.js',
          lang: 'javascript',
          content: `const express = require('express');

const name = ${JSON.stringify(name)};
const port = Number(process.env.MARKPACT_PORT || 8000);
const app = express();

app.get('/health', (request, response) => response.json({ status: 'ok' }));
app.get('/', (request, response) => response.json({ service: name, message: \`hello from \${name}\` }));

app.listen(port, '127.0.0.1', () => console.log(\`\${name} listening on \${port}\`));
`,
        },
      ],
      run: 'node server.js',
    }),
};
