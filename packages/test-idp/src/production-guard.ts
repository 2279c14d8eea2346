/**
 * The test IdP logs anyone in as anyone. It refuses to start where NODE_ENV says production, unless the
 * operator says explicitly that they mean it (for a production-like staging setup, say).
 */
export class RefusedInProductionError extends Error {
  readonly code = 'TEST_IDP_REFUSED_IN_PRODUCTION';

  constructor() {
    super(
      'The test BankID IdP will not start with NODE_ENV=production: it lets anyone log in as anyone. ' +
        'If this really is not production, pass allowProduction (--allow-production).',
    );
    this.name = 'RefusedInProductionError';
  }
}

export function assertNotProduction(nodeEnv: string | undefined, allowProduction: boolean): void {
  if (nodeEnv?.trim().toLowerCase() === 'production' && !allowProduction)
    throw new RefusedInProductionError();
}
