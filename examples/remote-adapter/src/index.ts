export { type RemoteAdapterServiceOptions, startRemoteAdapterService } from './service.ts';
