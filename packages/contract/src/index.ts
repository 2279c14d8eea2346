export * from './adapter/index.ts';
export * from './compat/index.ts';
export * from './contracts/index.ts';
export * from './errors/index.ts';
