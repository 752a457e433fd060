import type { ConsoleConfig } from '../config.ts';

export type { ConsoleConfig };

/** A queue page or an open item is asked for again this often: 4 requests a minute per open tab. */
export const DEFAULT_REFRESH_SECONDS = 15;

export const refreshMs = (config: ConsoleConfig) =>
  1_000 * (config.refreshSeconds && config.refreshSeconds > 0 ? config.refreshSeconds : DEFAULT_REFRESH_SECONDS);

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  return { ...config, apiUrl: config.apiUrl.endsWith('/') ? config.apiUrl.slice(0, -1) : config.apiUrl };
}
