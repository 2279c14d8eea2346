export {
  type ReadUsageSince,
  type RecentCaller,
  recentDays,
  recentSince,
  type VersionDeprecation,
  versionDeprecations,
} from './deprecations.ts';
export { type PortalOptions, portalRoutes } from './routes.ts';
