import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv, lineOf, secretValues, toYaml, validConfigData } from '../config/test-fixtures.ts';
import { gatewayMigrations } from '../storage/index.ts';
import type { CliIo } from './command.ts';
import { commands, main } from './main.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process with captured output, the fixture secrets as environment and the temp folder as cwd. */
async function cli(args: readonly string[], env: CliIo['env'] = fixtureEnv): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const migrationCount = gatewayMigrations.length;
const latest = gatewayMigrations.at(-1)?.version;

describe('help and version', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])(
    '%j prints the overview listing every command',
    async (args) => {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Usage: brygga <command> [options]');
      for (const command of commands) {
        expect(run.stdout).toMatch(
          new RegExp(`^  ${command.path.join(' ')} +${escapeRegExp(command.summary)}$`, 'm'),
        );
      }
    },
  );

  const perCommand = commands.flatMap((command) =>
    ['--help', '-h'].map((flag) => [`${command.path.join(' ')} ${flag}`, command.path, flag] as const),
  );
  it.each(perCommand)('%s prints that command’s usage and every option', async (_name, path, flag) => {
    const command = commands.find((each) => each.path === path);
    if (!command) throw new Error('unreachable');
    const run = await cli([...path, flag]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(`Usage: brygga ${command.usage}`);
    expect(run.stdout).toContain(command.description);
    for (const [name, text] of Object.entries(command.optionHelp)) {
      expect(run.stdout).toMatch(new RegExp(`--${name}\\b.*${escapeRegExp(text)}`));
    }
    expect(run.stdout).toMatch(/-h, --help +Show this help\./);
    // Help wins over everything else on the line: nothing was run (no config was read, none exists here).
    expect(run.stdout).not.toContain('configuration has mistakes');
  });

  it('lists the options a command has', async () => {
    expect((await cli(['start', '--help'])).stdout).toMatch(/-p, --port <port> +Listen on this port/);
    expect((await cli(['db', 'migrate', '--help'])).stdout).toMatch(/--status +List applied and pending/);
    expect((await cli(['start', '--help'])).stdout).toMatch(
      /-c, --config <config> +Path to the configuration/,
    );
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const run = await cli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });
});

describe('a wrong command line exits 2 with a plain message', () => {
  it('an unknown command', async () => {
    const run = await cli(['strat']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('brygga: unknown command "strat".');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a command word alone that only starts a command', async () => {
    const run = await cli(['db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "db"');
  });

  it('an unknown option names the option and shows the usage', async () => {
    const run = await cli(['db', 'migrate', '--force']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^brygga db migrate: .*'--force'/);
    expect(run.stderr).toContain('Usage: brygga db migrate');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('too many arguments', async () => {
    const run = await cli(['config', 'check', 'a.yaml', 'b.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('brygga config check: wrong number of arguments.');
  });

  it('a string option without its value', async () => {
    const run = await cli(['start', '--port']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^brygga start: .*--port/);
  });

  it.each([['abc'], [''], [' '], ['80.5'], ['-1'], ['65536'], ['1e3'], ['0x50']])(
    'start --port=%j',
    async (port) => {
      // Checked before the configuration is read: no configuration exists in the temp folder.
      const run = await cli(['start', `--port=${port}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('brygga start: --port must be a whole number from 0 to 65535.\n');
    },
  );

  it('dev refuses a configuration that is not for development', async () => {
    const file = write('prod.yaml', toYaml(validConfigData()));
    const run = await cli(['dev', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment: production');
  });
});

describe('config check', () => {
  it('accepts a valid file and prints a summary without secrets', async () => {
    const file = write('valid.yaml', toYaml(validConfigData()));
    const run = await cli(['config', 'check', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `${file} is valid: 2 e-service(s), 1 business system(s), 1 identity provider(s), 1 purpose(s).\n`,
    );
    for (const secret of secretValues) expect(run.stdout).not.toContain(secret);
  });

  it('finds the file through BRYGGA_CONFIG, relative to the working folder', async () => {
    write('from-env.yaml', toYaml(validConfigData()));
    const run = await cli(['config', 'check'], { ...fixtureEnv, BRYGGA_CONFIG: 'from-env.yaml' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(dir, 'from-env.yaml')} is valid`);
  });

  it('lists three different mistakes, each with its path and line', async () => {
    const data = validConfigData();
    data.logging.colour = true; // unknown key
    data.server.port = 'eighty'; // wrong type
    data.eServices[0].purposes = ['tax-check']; // a purpose nobody defined
    const text = toYaml(data);
    const file = write('three-mistakes.yaml', text);

    const run = await cli(['config', 'check', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const expected = [
      [`${file}:${lineOf(text, 'port: eighty')}:`, 'server.port'],
      [`${file}:${lineOf(text, 'colour: true')}:`, 'logging.colour'],
      [`${file}:${lineOf(text, '- tax-check')}:`, 'eServices[0].purposes[0]'],
    ] as const;
    for (const [place, path] of expected) {
      expect(run.stderr).toMatch(new RegExp(`^${escapeRegExp(place)}\\d+ +${escapeRegExp(path)}$`, 'm'));
    }
    expect(run.stderr).toContain(`3 mistakes found in ${file}.`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    for (const secret of secretValues) expect(run.stderr).not.toContain(secret);
  });

  it('names an environment variable that is missing, never a value', async () => {
    const file = write('no-env.yaml', toYaml(validConfigData()));
    const { BRYGGA_ARENDE_API_KEY: _left, ...env } = fixtureEnv;
    const run = await cli(['config', 'check', file], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BRYGGA_ARENDE_API_KEY is not set');
    for (const secret of secretValues) expect(run.stderr).not.toContain(secret);
  });

  it('a missing file is one plain sentence and exit 1', async () => {
    const run = await cli(['config', 'check', 'nowhere.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `brygga config check: cannot read ${join(dir, 'nowhere.yaml')}. Does the file exist?\n`,
    );
  });
});

describe('db migrate', () => {
  const sqliteConfig = (database: string) =>
    [
      'environment: test',
      'storage:',
      '  driver: sqlite',
      `  sqlite: { path: ${database} }`,
      'keys:',
      '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
      '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
      '',
    ].join('\n');

  it('applies every migration once, then reports the database up to date', async () => {
    const file = write('db.yaml', sqliteConfig('data/first.db'));
    const database = join(dir, 'data/first.db');

    const before = await cli(['db', 'migrate', '--status', '--config', file]);
    expect(before.code).toBe(0);
    expect(before.stdout.split('\n')[0]).toBe(
      `Database (sqlite) is at version 0; ${migrationCount} migration(s) pending: run \`brygga db migrate\`.`,
    );
    expect(before.stdout.match(/^ {2}pending {2}\d+ /gm)).toHaveLength(migrationCount);

    const first = await cli(['db', 'migrate', '--config', file]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(
      new RegExp(`^Applied 1 instance.*; database \\(sqlite\\) is at version ${latest}\\.\\n$`),
    );
    expect(appliedVersions(database)).toEqual(gatewayMigrations.map((migration) => migration.version));

    const second = await cli(['db', 'migrate', '-c', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`Database (sqlite) is up to date at version ${latest}.\n`);

    const status = await cli(['db', 'migrate', '--status', '--config', file]);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe(`Database (sqlite) is at version ${latest}, up to date.`);
    expect(status.stdout.match(/^ {2}applied {2}\d+ /gm)).toHaveLength(migrationCount);
    expect(status.stdout).not.toContain('pending');
  });

  it('--status reports a database it would refuse, and exits 1', async () => {
    const file = write('newer.yaml', sqliteConfig('newer.db'));
    expect((await cli(['db', 'migrate', '--config', file])).code).toBe(0);
    const db = new DatabaseSync(join(dir, 'newer.db'));
    db.prepare(
      'INSERT INTO brygga_schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    ).run(999, 'from-the-future', 'x', new Date().toISOString());
    db.close();

    const status = await cli(['db', 'migrate', '--status', '--config', file]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('  refused  ');
    expect(status.stdout).toContain('999');
    const run = await cli(['db', 'migrate', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^brygga db migrate: /);
  });

  it('a configuration with mistakes is listed and exits 1', async () => {
    const file = write(
      'db-bad.yaml',
      sqliteConfig('x.db').replace('environment: test', 'environment: staging'),
    );
    const run = await cli(['db', 'migrate', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('brygga db migrate: the configuration has mistakes:');
    expect(run.stderr).toMatch(new RegExp(`${escapeRegExp(file)}:1:\\d+ +environment`));
  });

  it('a missing configuration is exit 1 with a plain message', async () => {
    const run = await cli(['db', 'migrate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'brygga.config.yaml')} does not exist`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

function appliedVersions(database: string): number[] {
  const db = new DatabaseSync(database, { readOnly: true });
  try {
    return db
      .prepare('SELECT version FROM brygga_schema_migrations ORDER BY version')
      .all()
      .map((row) => Number(row.version));
  } finally {
    db.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
