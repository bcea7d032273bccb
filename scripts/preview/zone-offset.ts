import { formatProjectTime } from '../../webhook-receiver/src/ringostat-api/project-time';

/**
 * Minutes a time zone is ahead of UTC at an instant (Europe/Kyiv: 120 in winter, 180 in summer), the
 * number the CRM's userSettings.getTimeZoneOffsetMinutes() gives for a user in that zone: the zone's wall
 * clock at that instant, read as if it were UTC, minus the instant.
 */
export function zoneOffsetMinutes(timeZone: string, at: Date = new Date()): number {
  const wall = Date.parse(`${formatProjectTime(at, timeZone).replace(' ', 'T')}Z`);
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}
