import type { DepsEcosystem } from './requirements';

/**
 * Package names a misspelt deps line is compared with when no registry can be asked (the
 * language server never goes online): widely used PyPI and npm packages, a fixed list of about a
 * hundred each, so the comparison stays cheap. Names from the dependency cache are added to these.
 */
export const POPULAR_PACKAGES: Readonly<Record<DepsEcosystem, readonly string[]>> = {
  python: [
    'aiohttp', 'alembic', 'anyio', 'apscheduler', 'attrs', 'beautifulsoup4', 'black', 'boto3', 'botocore', 'celery',
    'certifi', 'cffi', 'charset-normalizer', 'click', 'cryptography', 'dash', 'django', 'django-rest-framework', 'djangorestframework', 'docker',
    'email-validator', 'fastapi', 'flask', 'flask-cors', 'flask-login', 'flask-sqlalchemy', 'gradio', 'greenlet', 'grpcio', 'gunicorn',
    'h11', 'httpcore', 'httpx', 'idna', 'jinja2', 'jsonschema', 'kivy', 'langchain', 'lxml', 'markdown',
    'markupsafe', 'matplotlib', 'motor', 'mypy', 'numpy', 'openai', 'opencv-python', 'openpyxl', 'orjson', 'packaging',
    'pandas', 'paramiko', 'passlib', 'pillow', 'pip', 'plotly', 'psutil', 'psycopg', 'psycopg2-binary', 'pyarrow',
    'pydantic', 'pydantic-settings', 'pygments', 'pyinstaller', 'pyjwt', 'pymongo', 'pymysql', 'pyqt5', 'pyqt6', 'pyside6',
    'pytest', 'pytest-asyncio', 'python-dateutil', 'python-dotenv', 'python-jose', 'python-multipart', 'pytz', 'pyyaml', 'redis', 'requests',
    'rich', 'ruff', 'scikit-learn', 'scipy', 'seaborn', 'selenium', 'setuptools', 'six', 'sqlalchemy', 'sqlmodel',
    'starlette', 'streamlit', 'sympy', 'tensorflow', 'toml', 'torch', 'tqdm', 'typer', 'typing-extensions', 'tzdata',
    'ujson', 'urllib3', 'uvicorn', 'websockets', 'werkzeug', 'wheel',
  ],
  node: [
    '@capacitor/cli', '@capacitor/core', '@types/express', '@types/node', '@types/react', '@vitejs/plugin-react', 'axios', 'bcrypt', 'bcryptjs', 'body-parser',
    'chalk', 'cheerio', 'commander', 'compression', 'concurrently', 'cookie-parser', 'cors', 'cross-env', 'dayjs', 'dotenv',
    'electron', 'eslint', 'express', 'express-session', 'fastify', 'fs-extra', 'glob', 'graphql', 'helmet', 'http-proxy-middleware',
    'inquirer', 'ioredis', 'jest', 'jsonwebtoken', 'knex', 'koa', 'lodash', 'mocha', 'moment', 'mongodb',
    'mongoose', 'morgan', 'multer', 'mysql2', 'nanoid', 'next', 'node-fetch', 'nodemon', 'passport', 'pg',
    'pino', 'prettier', 'prisma', 'react', 'react-dom', 'react-router-dom', 'redis', 'rimraf', 'sequelize', 'serve',
    'socket.io', 'sqlite3', 'supertest', 'svelte', 'tailwindcss', 'ts-node', 'tsx', 'typescript', 'uuid', 'vite',
    'vitest', 'vue', 'webpack', 'winston', 'ws', 'yargs', 'zod',
  ],
};
