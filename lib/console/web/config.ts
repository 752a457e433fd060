import type { ConsoleConfig } from '../config.ts';

export type { ConsoleConfig };

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  return { ...config, apiUrl: config.apiUrl.endsWith('/') ? config.apiUrl.slice(0, -1) : config.apiUrl };
}
