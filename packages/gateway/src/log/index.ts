export {
  type BufferedDestination,
  type BufferedDestinationOptions,
  bufferedDestination,
} from './destination.ts';
export { errorFields, gateLine, loggedFields } from './fields.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { containsPersonnummer, maskPersonnummer, personnummerMask, scrubDeep } from './scrub.ts';
