import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Log } from '../log.ts';
import type { CaseService } from '../service/case-service.ts';
import { apiKeyAuth } from './auth.ts';
import { casesV1 } from './cases-v1.ts';
import { casesV2 } from './cases-v2.ts';
import type { AppEnv } from './env.ts';
import { errorHandler, problemResponse } from './errors.ts';
import { officerPage } from './officer-page.ts';
import { ProblemError } from './problem.ts';
import { requestContext } from './request-context.ts';

/** Room for a few scanned drawings as base64; anything larger is refused before it is read. */
export const maxBodyBytes = 5 * 1024 * 1024;

export interface AppOptions {
  readonly service: CaseService;
  readonly apiKey: string;
  readonly version: string;
  readonly log: Log;
}

/** The whole HTTP surface, composed from small pieces. No sockets: `app.fetch` can be called directly. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestContext(options.log));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(
          c,
          new ProblemError('method_not_allowed', { headers: { allow: methods.join(', ') } }),
        ),
    }),
  );
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ProblemError('payload_too_large');
      },
    }),
  );

  app.get('/health', (c) => {
    const healthy = options.service.isHealthy();
    return c.json({ status: healthy ? 'ok' : 'unavailable', version: options.version }, healthy ? 200 : 503);
  });

  app.route('/', officerPage(options.service, options.apiKey));

  app.use('/api/*', apiKeyAuth({ apiKey: options.apiKey }));
  app.route('/api/v1', casesV1(options.service));
  app.route('/api/v2', casesV2(options.service));

  app.notFound((c) => problemResponse(c, new ProblemError('not_found')));
  app.onError(errorHandler(options.log));
  return app;
}
