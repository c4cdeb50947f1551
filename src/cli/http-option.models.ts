import type { HttpConfig } from '../config/config.schema.js';

/**
 * `run --http [[host:]port]`: serve the archive, health and metrics for this run whatever
 * the configuration says, so the bundled example can be opened in a browser without
 * writing a configuration first. No value keeps the configured (or default) address.
 */
export function httpOverride(value: string | true, configured: HttpConfig): HttpConfig {
  if (value === true) return { ...configured, enabled: true };
  const match = /^(?:(.+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (!match || port > 65_535) {
    throw new Error(`--http: expected [host:]port, like 8080 or 127.0.0.1:8080, got "${value}"`);
  }
  // [::1]:8080 names an IPv6 host in brackets; node listens on the bare address.
  const host = match[1]?.replace(/^\[(.*)\]$/, '$1') ?? configured.host;
  return { enabled: true, host, port };
}
