import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';

const formats = ['json', 'csv', 'dcat', 'processing-record'] as const;
type Format = (typeof formats)[number];

export const registryExportCommand = defineCommand({
  path: ['registry', 'export'],
  summary: 'Export the e-service register or the GDPR art. 30 record of processing.',
  usage: 'registry export [--format json|csv|dcat|processing-record] [--out file] [--config file]',
  description: [
    'Builds, from the configuration, the e-service register as open data (JSON, CSV or a DCAT-AP catalogue',
    'record in JSON-LD) or the record of processing activities (GDPR article 30(1), JSON), and prints it or',
    'writes it to a file. The register leaves out staff names and e-mail addresses unless responsible.public',
    'is true; live status is "unknown" here, since only a running gateway knows it.',
  ].join('\n'),
  options: {
    ...configOption.options,
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
  },
  optionHelp: {
    ...configOption.help,
    format: 'json (default), csv, dcat or processing-record.',
    out: 'Write to this file instead of printing.',
  },
  async run(context) {
    const { io, values } = context;
    const format = values.format ?? 'json';
    if (!isFormat(format)) {
      io.stderr(`brygga registry export: --format takes one of ${formats.join(', ')}.\n`);
      return 2;
    }
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      // Loaded here, not at the top: every other command would pay for the contracts and their generators.
      const registry = await import('../../registry/index.ts');
      const { builtInContracts } = await import('../../contracts/registry.ts');
      const now = new Date();
      const register = () => registry.buildRegister(config, { contracts: builtInContracts, now });
      const output =
        format === 'csv'
          ? registry.registerToCsv(register())
          : `${JSON.stringify(
              format === 'json'
                ? register()
                : format === 'dcat'
                  ? registry.registerCatalog(register(), {
                      publicUrl: config.server.publicUrl,
                      contact: config.organisation?.contact,
                    })
                  : registry.buildRecordOfProcessing(config, { now }),
              null,
              2,
            )}\n`;
      if (typeof values.out === 'string') {
        const file = resolve(io.cwd, values.out);
        await writeFile(file, output, 'utf8');
        io.stdout(`Wrote ${format} to ${file}.\n`);
      } else {
        io.stdout(output);
      }
      return 0;
    } catch (error) {
      return reportFailure(io, 'registry export', error);
    }
  },
});

function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (formats as readonly string[]).includes(value);
}
