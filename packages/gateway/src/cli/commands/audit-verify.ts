import { resolve } from 'node:path';
import { auditKeysFromConfig, type VerifyReport, verifyAuditLog } from '../../audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { storeOptionsFromConfig } from '../../runtime/store-options.ts';
import { gatewayMigrations, migrationStatus, openStore } from '../../storage/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';

export const auditVerifyCommand = defineCommand({
  path: ['audit', 'verify'],
  summary: 'Check that the audit log is complete and unchanged.',
  usage: 'audit verify [--config file] [--checkpoints folder]',
  description: [
    "Recomputes every record's leaf hash, the chain and the Merkle roots, checks the signature of every",
    'checkpoint (current and previous keys) and compares the database with the checkpoints exported to the',
    'checkpoint folder, which is what reveals a truncated log or one restored from an older copy. Read-only;',
    'safe while gateways run. Exits 0 when everything agrees and 1 on any sign of tampering, naming the',
    'first sequence number in doubt.',
  ].join('\n'),
  options: { ...configOption.options, checkpoints: { type: 'string' } },
  optionHelp: {
    ...configOption.help,
    checkpoints: 'The folder of exported checkpoints (default: audit.checkpointDir of the configuration).',
  },
  async run(context) {
    const { io } = context;
    try {
      const config = await loadConfig(configPath(context), { env: io.env });
      const keys = auditKeysFromConfig(config);
      const dir =
        typeof context.values.checkpoints === 'string'
          ? resolve(io.cwd, context.values.checkpoints)
          : config.audit.checkpointDir;
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        const status = await migrationStatus(store, gatewayMigrations);
        if (status.pending.some((migration) => migration.name === 'audit-log')) {
          io.stderr('brygga audit verify: this database has no audit log yet; run `brygga db migrate`.\n');
          return 1;
        }
        const report = await verifyAuditLog(store, { trusted: keys.verifying, checkpointDir: dir });
        if (report.ok) io.stdout(intactText(report, dir));
        else io.stderr(tamperedText(report, dir));
        return report.ok ? 0 : 1;
      } finally {
        await store.close();
      }
    } catch (error) {
      return reportFailure(io, 'audit verify', error);
    }
  },
});

function intactText(report: VerifyReport, dir: string): string {
  const lines = [
    `The audit log is intact: ${report.records} record(s)${report.pruned > 0 ? ` (${report.pruned} pruned)` : ''}, ` +
      `${report.checkpoints} signed checkpoint(s)${report.signedBy.length > 0 ? ` (keys: ${report.signedBy.join(', ')})` : ''}, ` +
      `${report.exportedFiles ?? 0} exported checkpoint file(s) in ${dir} agree.`,
  ];
  if (report.checkpoints > 0 && report.exportedFiles === 0) {
    lines.push(
      `Warning: ${dir} holds no exported checkpoints, so a truncated or rolled-back log would go unnoticed. Is it the right folder?`,
    );
  } else if (report.unexported > 0) {
    lines.push(
      `Note: ${report.unexported} checkpoint(s) in the database have no file in ${dir} (exported by another instance, or not yet).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function tamperedText(report: VerifyReport, dir: string): string {
  const first =
    report.firstBadSeq === undefined
      ? 'The exported checkpoints in the folder do not hold up.'
      : `First bad sequence number: ${report.firstBadSeq}.`;
  return [
    `brygga audit verify: THE AUDIT LOG HAS BEEN TAMPERED WITH. ${first}`,
    `Checked ${report.records} record(s) against ${report.checkpoints} valid checkpoint(s) and the files in ${dir}:`,
    ...report.problems.map(
      (problem) => `  ${problem.seq === undefined ? '-' : `seq ${problem.seq}`}: ${problem.message}`,
    ),
    '',
  ].join('\n');
}
