import type { Command } from './command.ts';

export function commandHelp(command: Command): string {
  const rows: [string, string][] = Object.keys(command.optionHelp).map((name) => [
    optionLabel(command, name),
    command.optionHelp[name] ?? '',
  ]);
  rows.push(['-h, --help', 'Show this help.']);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Usage: brygga ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`),
    '',
  ].join('\n');
}

function optionLabel(command: Command, name: string): string {
  const spec = command.options[name];
  const short = spec?.short ? `-${spec.short}, ` : '';
  const value = spec?.type === 'string' ? ` <${name}>` : '';
  return `${short}--${name}${value}`;
}

export function overviewHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length));
  return [
    `Brygga ${version}: the integration gateway for municipal e-services.`,
    '',
    'Usage: brygga <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    'Run `brygga <command> --help` for the options of one command.',
    '',
  ].join('\n');
}
