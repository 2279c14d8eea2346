/**
 * "Mina uppgifter / Who used my data": the citizen's own view of the audit log after a BankID login (GDPR
 * Art. 15), as an internal OpenID client of the gateway's own provider.
 *
 *     const client = citizenClient(config);
 *     const identity = await createIdentity({ ..., internalEServices: [client.eService] });
 *     app.route('/', citizenRoutes({ identity, audit, names, client, publicUrl, environment }));
 */
export {
  type CitizenClient,
  citizenClient,
  citizenClientId,
  citizenPageName,
  citizenPaths,
} from './client.ts';
export { legalBasisText, operationLabel, operationLabels, outcomeText } from './labels.ts';
export { renderCitizenLoggedOut, renderLoginPage, renderRecordsPage, renderUnavailable } from './render.ts';
export {
  type CitizenRoutesOptions,
  citizenRoutes,
  downloadOperation,
  pageOf,
  viewOperation,
} from './routes.ts';
