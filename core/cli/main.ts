#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { cache, cacheHelp } from './commands/cache';
import { applyFiles, applyHelp, restartHelp, restartServices, stopHelp, stopServices } from './commands/control';
import { down, downHelp } from './commands/down';
import { exportCommand, exportHelp, exportOptions } from './commands/export';
import { generate, generateHelp } from './commands/generate';
import { graph, graphHelp } from './commands/graph';
import { init, initHelp, initOptions } from './commands/init';
import { logs, logsHelp } from './commands/logs';
import { run, runHelp } from './commands/run';
import { status, statusHelp } from './commands/status';
import { test, testHelp } from './commands/test';
import { supervise, up, upHelp } from './commands/up';
import { validate, validateHelp } from './commands/validate';
import { scaffoldOptions } from './scaffoldOptions';
import { exitCodes, UsageError } from './usageError';

/** A command; one with `options` of its own takes only those (init and generate give -n, -o, -p the reference's meanings). */
interface Command {
  help: string;
  options?: ParseArgsConfig['options'];
  run: (positionals: string[], flags: Record<string, string | boolean | undefined>) => Promise<number>;
}

const commands: Record<string, Command> = {
  validate: { help: validateHelp, run: (p, f) => validate(p[0], f.json === true) },
  up: {
    help: upHelp,
    run: (p, f) => (f.supervise
      ? supervise(p[0], p.slice(1), f['abort-on-failure'] === true, f.watch === true)
      : up(p[0], p.slice(1), { detach: f.detach === true, abortOnFailure: f['abort-on-failure'] === true, watch: f.watch === true })),
  },
  down: { help: downHelp, run: (p) => down(p[0]) },
  stop: { help: stopHelp, run: (p) => stopServices(p[0], p.slice(1)) },
  restart: { help: restartHelp, run: (p) => restartServices(p[0], p.slice(1)) },
  apply: { help: applyHelp, run: (p) => applyFiles(p[0]) },
  status: { help: statusHelp, run: (p, f) => status(p[0], f.json === true) },
  run: { help: runHelp, run: (p, f) => run(p[0], typeof f.port === 'string' ? f.port : undefined, f.watch === true) },
  logs: {
    help: logsHelp,
    run: (p, f) => logs(p[0], p.slice(1), { follow: f.follow === true, tail: text(f.tail), since: text(f.since), noColor: f['no-color'] === true }),
  },
  test: {
    help: testHelp,
    run: (p, f) => test(p[0], p.slice(1), { ...(text(f.junit) ? { junit: text(f.junit) } : {}), ...(text(f.port) ? { port: text(f.port) } : {}), json: f.json === true, noColor: f['no-color'] === true }),
  },
  graph: { help: graphHelp, run: (p, f) => graph(p[0], typeof f.format === 'string' ? f.format : 'text') },
  cache: { help: cacheHelp, run: (p, f) => cache(p, f) },
  init: { help: initHelp, options: { ...scaffoldOptions, ...initOptions }, run: (p, f) => init(p[0], f) },
  generate: { help: generateHelp, options: scaffoldOptions, run: (p, f) => generate(p[0], f) },
  export: { help: exportHelp, options: exportOptions, run: exportCommand },
};

/** A string option's value, if it was given. */
const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

const overview = `pactown — run and check markpact ecosystems

Usage: pactown <command> [options]   (pactown <command> --help for details)

Commands:
${Object.values(commands).map((c) => `  ${c.help.split('\n')[0]}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview}\n`);
    return name ? exitCodes.ok : exitCodes.usage;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command '${name}' (pactown --help lists them)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: command.options ? { help: { type: 'boolean', short: 'h' }, ...command.options } : {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      detach: { type: 'boolean', short: 'd' },
      supervise: { type: 'boolean' },
      watch: { type: 'boolean', short: 'w' },
      'abort-on-failure': { type: 'boolean' },
      port: { type: 'string', short: 'p' },
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string', short: 'n' },
      since: { type: 'string' },
      'no-color': { type: 'boolean' },
      junit: { type: 'string' },
      'max-age-days': { type: 'string' },
      'max-entries': { type: 'string' },
      'max-bytes': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${command.help}\n`);
    return exitCodes.ok;
  }
  // Only export's --base-image is `multiple` (a string[]); every other value is a string or a boolean.
  return command.run(positionals, values as Record<string, string | boolean | undefined>);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`pactown: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? exitCodes.usage : exitCodes.failed;
  },
);
