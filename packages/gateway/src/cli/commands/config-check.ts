import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkConfigText, formatIssues } from '../../config/index.ts';
import { defineCommand } from '../command.ts';

export const configCheckCommand = defineCommand({
  path: ['config', 'check'],
  summary: 'Check a configuration file and list every mistake in it.',
  usage: 'config check [file]',
  description: [
    'Reads the configuration file (default: brygga.config.yaml) and checks all of it: structure, values,',
    'references between sections and the environment variables that hold secrets. Every mistake is listed',
    'with its place in the file. Exits 0 when the file is valid and 1 when it is not.',
  ].join('\n'),
  options: {},
  optionHelp: {},
  positionals: { min: 0, max: 1 },
  async run({ positionals, io }) {
    const file = resolve(io.cwd, positionals[0] ?? io.env.BRYGGA_CONFIG ?? 'brygga.config.yaml');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      io.stderr(`brygga config check: cannot read ${file}. Does the file exist?\n`);
      return 1;
    }
    const result = checkConfigText(text, { filePath: file, env: io.env });
    if (result.ok) {
      const { config } = result;
      io.stdout(
        `${file} is valid: ${config.eServices.length} e-service(s), ${config.businessSystems.length} business ` +
          `system(s), ${config.identityProviders.length} identity provider(s), ${config.purposes.length} purpose(s).\n`,
      );
      return 0;
    }
    const count = result.issues.length;
    io.stderr(
      `${formatIssues(result.issues, file)}\n${count} mistake${count === 1 ? '' : 's'} found in ${file}.\n`,
    );
    return 1;
  },
});
