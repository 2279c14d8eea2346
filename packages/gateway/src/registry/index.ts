/**
 * The e-service register as open data and the GDPR art. 30 record of processing, both built from the
 * configuration: pure builders and serialisers, and the read-only routes that publish them.
 */
export { registerCsvColumns, registerToCsv } from './csv.ts';
export { type CatalogLinks, registerCatalog, registerPaths } from './dcat.ts';
export { processingRecordPage } from './processing-page.ts';
export {
  buildRecordOfProcessing,
  legalBasisNames,
  type ProcessingActivity,
  type RecordOfProcessing,
} from './processing-record.ts';
export {
  buildRegister,
  type ContractLifecycle,
  type LiveStatus,
  lowestAssurance,
  type Register,
  type RegisterContract,
  type RegisterEntry,
  type RegisterOptions,
  type StatusLookup,
} from './register.ts';
export { registerDocumentSchema, registerJsonSchema } from './register-schema.ts';
export { type RegistryRoutesOptions, registryRoutes } from './routes.ts';
